/**
 * How the functions are bundled, shared by the CDK function construct and
 * `npm run build`, so the measured bundles are the deployed ones.
 */
export const BUNDLING = {
  format: 'esm',
  minify: true,
  sourceMap: true,
  target: 'node22',
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies still call require().
  banner:
    "import { createRequire as __akhbarRequire } from 'module'; const require = __akhbarRequire(import.meta.url);",
  // The Node.js 22 Lambda runtime ships the AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
} as const;
