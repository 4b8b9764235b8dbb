// Parses docs/asyncapi.yaml with the AsyncAPI initiative's own parser (its JSON Schema validation, the Spectral rules
// it ships, and the events/*.json schemas each message's data references) and fails on any error-level diagnostic.
import { Parser, fromFile } from '@asyncapi/parser';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(here, '../../docs/asyncapi.yaml');
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
const errors = diagnostics.filter(d => d.severity === 0);
for (const d of diagnostics) {
  console.log(`${['error', 'warning', 'info', 'hint'][d.severity]} ${d.code} ${d.path.join('.')}: ${d.message}`);
}
if (!document || errors.length > 0) {
  console.error(`docs/asyncapi.yaml: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`docs/asyncapi.yaml: valid, ${document.channels().length} channels, ${document.operations().length} operations, `
  + `${document.messages().length} messages, ${diagnostics.length} diagnostics below error`);
