import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLING } from './bundling.ts';
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

export async function buildFunctions(root: string): Promise<BuiltFunction[]> {
  const entries = {
    ...Object.fromEntries(Object.values(FUNCTIONS).map((f) => [f.name, f.entry])),
    publish: PUBLISHER.entry,
  };
  const built: BuiltFunction[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const file = path.join(root, 'dist', 'functions', name, 'index.mjs');
    mkdirSync(path.dirname(file), { recursive: true });
    await build({
      entryPoints: [path.join(root, entry)],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: BUNDLING.format,
      minify: BUNDLING.minify,
      sourcemap: BUNDLING.sourceMap,
      sourcesContent: BUNDLING.sourcesContent,
      target: BUNDLING.target,
      mainFields: [...BUNDLING.mainFields],
      banner: { js: BUNDLING.banner },
      external: [...BUNDLING.externalModules],
      alias: Object.fromEntries(Object.entries(BUNDLING.alias).map(([from, to]) => [from, path.join(root, to)])),
      logLevel: 'warning',
    });
    built.push({ name, file, bytes: statSync(file).size });
  }
  return built;
}
