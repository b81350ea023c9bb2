import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION } from '../functions/contract/events.ts';
import { jsonSchemas } from '../functions/contract/json-schema.ts';

/**
 * Writes schemas/<DetailType>.json from the zod contract. The first time a
 * schema version is published, its schemas are also frozen under
 * schemas/baseline/v<N>/: later changes are checked against that baseline.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baseline = path.join(root, 'schemas', 'baseline', `v${SCHEMA_VERSION}`);
const freeze = !existsSync(baseline);
mkdirSync(baseline, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  writeFileSync(path.join(root, 'schemas', `${name}.json`), text);
  if (freeze) writeFileSync(path.join(baseline, `${name}.json`), text);
  console.log(`schemas/${name}.json${freeze ? ' (frozen as the baseline)' : ''}`);
}
