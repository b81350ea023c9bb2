import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFunction } from '../infra/build-functions.ts';

/**
 * `tsx scripts/bundle-function.ts <entry> <outdir>`: one function's bundle, as the CDK function construct
 * asks for it at synth (esbuild plugins need esbuild's asynchronous API, which CDK's synchronous local
 * bundling cannot call in its own process).
 */
const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
  console.error('usage: tsx scripts/bundle-function.ts <entry> <outdir>');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await bundleFunction(root, entry, path.resolve(outdir));
