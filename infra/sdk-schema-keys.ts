import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * AWS SDK clients describe every operation of their service as schema arrays in one module
 * (`dist-es/schemas/schemas_0.js`: 66 KB minified for S3). The arrays are pure data, but their traits
 * are objects with computed keys (`{ [_hH]: _xarc }`, `_hH` a string constant), and esbuild keeps any
 * object literal with a computed key as possibly side-effecting: every schema of every operation
 * stayed in each bundle. Writing those keys as the string literals they name makes the schemas
 * removable, so a bundle keeps only the operations it sends and the errors the client registers.
 * Only keys naming a module-level string constant are rewritten; the values are unchanged.
 */
export const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

export function literalSchemaKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const match of source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm))
    if (match[1] && match[2]) constants.set(match[1], match[2]);
  return source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? key : `${literal}:`;
  });
}

export const sdkSchemaKeys: Plugin = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: SCHEMA_MODULE }, async (args) => ({
      contents: literalSchemaKeys(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
