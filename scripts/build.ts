import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFunctions } from '../infra/build-functions.ts';

/** `npm run build`: bundles every function as deployed and prints the sizes. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const fn of await buildFunctions(root)) {
  console.log(`${fn.name.padEnd(8)} ${(fn.bytes / 1024).toFixed(0).padStart(6)} KB  ${path.relative(root, fn.file)}`);
}
