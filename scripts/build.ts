import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLING } from '../infra/bundling.ts';
import { FUNCTIONS, PUBLISHER } from '../infra/definitions.ts';

/** Bundles every function as it is deployed (dist/functions/<name>/index.mjs) and prints the sizes. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  ...Object.fromEntries(Object.values(FUNCTIONS).map((f) => [f.name, f.entry])),
  publish: PUBLISHER.entry,
};

for (const [name, entry] of Object.entries(entries)) {
  const outfile = path.join(root, 'dist', 'functions', name, 'index.mjs');
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    external: [...BUNDLING.externalModules],
    logLevel: 'warning',
  });
  console.log(
    `${name.padEnd(8)} ${(statSync(outfile).size / 1024).toFixed(0).padStart(6)} KB  dist/functions/${name}/index.mjs`,
  );
}
