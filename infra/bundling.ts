/**
 * How the functions are bundled, shared by the CDK function construct and
 * `npm run build`, so the measured bundles are the deployed ones.
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
  // chain by the environment credentials Lambda provides (functions/adapters/lambda-credentials.ts).
  alias: { '@aws-sdk/credential-provider-node': './functions/adapters/lambda-credentials.ts' } as Record<
    string,
    string
  >,
} as const;
