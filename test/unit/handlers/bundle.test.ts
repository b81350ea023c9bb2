import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLING } from '../../../infra/bundling.ts';
import { PUBLISHER } from '../../../infra/definitions.ts';

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
});
