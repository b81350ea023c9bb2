import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from './bundling.ts';
import { FUNCTIONS, PUBLISHER } from './definitions.ts';

/**
 * Bundles every function exactly as the stack deploys it, into
 * dist/functions/<name>/index.mjs. `npm run build` prints the sizes;
 * the local stack runs these bundles.
 */
export interface BuiltFunction {
  name: string;
  file: string;
  bytes: number;
}

/** One function's bundle, `index.mjs` and its source map in `outdir`: what the CDK asset of the function holds. */
export async function bundleFunction(root: string, entry: string, outdir: string): Promise<string> {
  const file = path.join(outdir, 'index.mjs');
  mkdirSync(outdir, { recursive: true });
  await build(bundleOptions(root, entry, file));
  return file;
}

export async function buildFunctions(root: string): Promise<BuiltFunction[]> {
  const entries = {
    ...Object.fromEntries(Object.values(FUNCTIONS).map((f) => [f.name, f.entry])),
    publish: PUBLISHER.entry,
  };
  const built: BuiltFunction[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const file = await bundleFunction(root, entry, path.join(root, 'dist', 'functions', name));
    built.push({ name, file, bytes: statSync(file).size });
  }
  return built;
}
