// Custom resources whose operator publishes no npm schema package: validated against the CRD files in crds/
// (copied from the operator's release), as the API server would: the version's openAPIV3Schema, with unknown fields
// refused wherever the schema lists properties and neither allows more nor preserves unknown fields.
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));

function strict(schema) {
  if (Array.isArray(schema)) {
    return schema.map(strict);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const copy = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!key.startsWith('x-kubernetes-')) {
      copy[key] = key === 'properties'
        ? Object.fromEntries(Object.entries(value).map(([name, s]) => [name, strict(s)]))
        : strict(value);
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    copy.additionalProperties = false;
  }
  return copy;
}

/** "apiVersion kind" -> ajv validate function, for every version served by the CRDs in crds/ */
export function crdValidators() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map();
  for (const file of readdirSync(join(here, 'crds')).filter(f => f.endsWith('.yaml'))) {
    const crd = parse(readFileSync(join(here, 'crds', file), 'utf8'));
    for (const version of crd.spec.versions.filter(v => v.served)) {
      const schema = strict(version.schema.openAPIV3Schema);
      schema.properties.metadata = { type: 'object' }; // ObjectMeta is the API server's, checked by name rules
      validators.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
  return validators;
}
