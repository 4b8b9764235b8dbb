// Unknown fields, as a cluster refuses them: `kubectl apply` validates strictly (server-side field validation,
// Kubernetes ≥ 1.27), so a misspelled field (`replica:`) or one in the wrong place (`containerPort` on a container)
// fails the apply. The schema packages' validators let unknown fields through; their TypeScript declarations do
// not: every field a schema declares is a property of the published type, and an object the schema leaves open
// (labels, a broker's `config`, x-kubernetes-preserve-unknown-fields) is an index signature or `{}`. So a field is
// known when the TypeScript compiler finds it on the object's published type.
import ts from 'typescript';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * kinds: [{apiVersion, kind, module}] where `${module}/${kind}` declares interface `I${kind}`.
 * Returns check(apiVersion, kind, object) -> ["/spec/replica is not a field of the schema", ...].
 */
export function strictFields(kinds) {
  // under target/ (not committed), beside node_modules so that the packages resolve
  mkdirSync(join(here, 'target'), { recursive: true });
  const file = join(here, 'target', 'strict-types.mts');
  writeFileSync(file, kinds.map((k, i) =>
    `import type { I${k.kind} as T${i} } from '${k.module}/${k.kind}';\nexport declare const v${i}: T${i};\n`).join(''));
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true, skipLibCheck: true, strict: true, types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const problems = ts.getPreEmitDiagnostics(program, source);
  if (problems.length) {
    throw new Error('the schema types did not load: ' + problems.map(d => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; '));
  }
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source));
  const types = new Map();
  kinds.forEach((k, i) => {
    const symbol = exports.find(s => s.name === `v${i}`);
    types.set(`${k.apiVersion} ${k.kind}`, checker.getTypeOfSymbol(symbol));
  });

  function isOpen(type) {
    return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0
      || ((type.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(type)
        && checker.getPropertiesOfType(type).length === 0 && checker.getIndexInfosOfType(type).length === 0);
  }

  function walk(value, type, path, errors) {
    type = checker.getNonNullableType(type);
    if (value === null || typeof value !== 'object') {
      return; // scalars are the schema validator's
    }
    const members = type.isUnion() ? type.types : [type];
    if (members.some(isOpen)) {
      return;
    }
    if (Array.isArray(value)) {
      const elements = members.filter(t => checker.isArrayType(t)).map(t => checker.getTypeArguments(t)[0]);
      if (elements.length) {
        value.forEach((item, i) => walkAny(item, elements, `${path}/${i}`, errors));
      }
      return;
    }
    // an intersection (A & B) has the properties of both: the compiler answers getPropertyOfType for it as a whole
    const objects = members.filter(t => (t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) !== 0 && !checker.isArrayType(t));
    if (!objects.length) {
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const candidates = [];
      for (const t of objects) {
        const property = checker.getPropertyOfType(t, key);
        if (property) {
          candidates.push(checker.getTypeOfSymbol(property));
          continue;
        }
        const index = checker.getIndexInfosOfType(t).find(info => info.keyType.flags & ts.TypeFlags.String);
        if (index) {
          candidates.push(index.type);
        }
      }
      if (!candidates.length) {
        const fields = [...new Set(objects.flatMap(t => checker.getPropertiesOfType(t).map(p => p.name)))].sort();
        errors.push(`${path}/${key} is not a field here (known: ${fields.join(', ')})`);
      } else {
        walkAny(child, candidates, `${path}/${key}`, errors);
      }
    }
  }

  // where the schema allows several shapes, the value is fine when one of them knows all its fields
  function walkAny(value, candidates, path, errors) {
    let first;
    for (const type of candidates) {
      const found = [];
      walk(value, type, path, found);
      if (!found.length) {
        return;
      }
      first ??= found;
    }
    errors.push(...first);
  }

  return (apiVersion, kind, object) => {
    const type = types.get(`${apiVersion} ${kind}`);
    if (!type) {
      return [];
    }
    const errors = [];
    walk(object, type, '', errors);
    return errors;
  };
}
