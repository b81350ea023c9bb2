import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { sdkSchemaKeys } from './sdk-schema-keys.ts';

/**
 * How the functions are bundled: one esbuild configuration for the CDK function construct (through
 * `scripts/bundle-function.ts`), `npm run build`, the local stack and the bench, so the measured and
 * the locally run bundles are the deployed ones.
 */
export const BUNDLING = {
  format: 'esm',
  minify: true,
  sourceMap: true,
  // Stack traces need names and lines, not the sources: the maps stay a fraction of their size.
  sourcesContent: false,
  target: 'node22',
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies still call require().
  banner:
    "import { createRequire as __akhbarRequire } from 'module'; const require = __akhbarRequire(import.meta.url);",
  // Nothing left out, the AWS SDK included: the runtime's own copy of the SDK changes under the function
  // without a deploy, and production would run another SDK than the one the tests ran.
  externalModules: [] as string[],
  // Packages replaced in the bundles (paths from the repository root): the SDK's default credential
  // chain by the environment credentials Lambda provides (functions/adapters/lambda-credentials.ts), and
  // semver, which only X-Ray's patcher for the SDK v2 imports, by its one function that patcher calls.
  alias: {
    '@aws-sdk/credential-provider-node': './functions/adapters/lambda-credentials.ts',
    semver: './functions/adapters/xray-semver.ts',
  } as Record<string, string>,
} as const;

/** The esbuild options of one function bundle. */
export function bundleOptions(root: string, entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [path.resolve(root, entry)],
    outfile,
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
    plugins: [sdkSchemaKeys],
    logLevel: 'warning',
  };
}
