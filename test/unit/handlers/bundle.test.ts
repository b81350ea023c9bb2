import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { defaultProvider } from '../../../functions/adapters/lambda-credentials.ts';
import { BUNDLING } from '../../../infra/bundling.ts';
import { FUNCTIONS, PUBLISHER } from '../../../infra/definitions.ts';

const root = path.resolve(import.meta.dirname, '../../..');

describe('a bundled function', () => {
  // Tree shaking drops modules kept only for an effect: zod's messages must survive it.
  it('reports contract violations with zod English messages', async () => {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'akhbar-bundle-')), 'index.mjs');
    await build({
      entryPoints: [path.join(root, PUBLISHER.entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: BUNDLING.format,
      target: BUNDLING.target,
      mainFields: [...BUNDLING.mainFields],
      banner: { js: BUNDLING.banner },
      logLevel: 'silent',
    });
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { handler } = await import(pathToFileURL(outfile).href);
    const record = { dynamodb: { NewImage: { detailType: { S: 'StoryUpdated' }, detail: { M: {} } } } };
    const context = { functionName: 'publish', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 };
    await expect(handler([record], context)).rejects.toThrow(/Invalid input: expected string/);
  });

  it('takes its AWS credentials from the environment, with no other credential source inside', async () => {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'akhbar-bundle-')), 'index.mjs');
    await build({
      entryPoints: [path.join(root, FUNCTIONS.clean.entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: BUNDLING.format,
      target: BUNDLING.target,
      mainFields: [...BUNDLING.mainFields],
      banner: { js: BUNDLING.banner },
      alias: Object.fromEntries(Object.entries(BUNDLING.alias).map(([from, to]) => [from, path.join(root, to)])),
      logLevel: 'silent',
    });
    // The SSO provider's profile field: present in the SDK's default chain, absent once it is replaced.
    expect(
      readFileSync(path.join(root, 'node_modules/@aws-sdk/credential-provider-sso/dist-es/fromSSO.js'), 'utf8'),
    ).toContain('sso_start_url');
    expect(readFileSync(outfile, 'utf8')).not.toContain('sso_start_url');

    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    });
    try {
      await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'AKIDEXAMPLE', sessionToken: 'token' });
    } finally {
      process.env = saved;
    }
  });
});
