import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapStackTraces } from '../../../functions/handlers/stack-traces.ts';
import { bundleOptions } from '../../../infra/bundling.ts';
import { PUBLISHER } from '../../../infra/definitions.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/** Runs a module in a fresh Node (no `--enable-source-maps`) and returns what it prints. */
function runNode(script: string, args: string[] = []): string {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  });
}

describe('stack traces of a deployed bundle', () => {
  let dir: string;
  let bundle: string;
  // The publish function, bundled as deployed (minified, with its map beside it), fails on an off-contract record.
  const failPublish = (file: string) => `
    const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const record = { dynamodb: { NewImage: { detailType: { S: 'StoryUpdated' }, detail: { M: {} } } } };
    const context = { functionName: 'publish', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 };
    ${'__BEFORE__'}
    await handler([record], context).then(() => console.log('no error'), (error) => console.log(error.stack));`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'akhbar-stack-'));
    bundle = path.join(dir, 'index.mjs');
    await build({ ...bundleOptions(root, PUBLISHER.entry, bundle), logLevel: 'silent' });
  }, 60_000);

  it('name the original sources and lines, not the minified bundle', () => {
    const stack = runNode(failPublish(bundle).replace('__BEFORE__', ''));
    expect(stack).toMatch(/^\S*Error/);
    expect(stack).toMatch(/\n {4}at \S+ \(\S*functions\/handlers\/publish\.ts:\d+:\d+\)/);
    expect(stack).not.toMatch(/index\.mjs:\d+:\d+/);
  });

  it('read the map only when a stack is first written, not when the bundle is imported', () => {
    const moved = path.join(dir, 'moved.map');
    const before = `(await import('node:fs')).renameSync(${JSON.stringify(`${bundle}.map`)}, ${JSON.stringify(moved)});`;
    try {
      // With the map gone after the import, the frames stay as V8 writes them.
      const stack = runNode(failPublish(bundle).replace('__BEFORE__', before));
      expect(stack).toMatch(/index\.mjs:\d+:\d+/);
      expect(stack).not.toMatch(/functions\/handlers\/publish\.ts/);
    } finally {
      renameSync(moved, `${bundle}.map`);
    }
  });

  it('stay as V8 writes them when the map cannot be read', () => {
    const saved = readFileSync(`${bundle}.map`);
    writeFileSync(`${bundle}.map`, '{"version":3,"mappings":');
    try {
      const stack = runNode(failPublish(bundle).replace('__BEFORE__', ''));
      expect(stack).toMatch(/^\S*Error/);
      expect(stack).toMatch(/index\.mjs:\d+:\d+/);
    } finally {
      writeFileSync(`${bundle}.map`, saved);
    }
  });

  it('give the original function names', async () => {
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { mapStackTraces } from ${JSON.stringify(path.join(root, 'functions/handlers/stack-traces.ts'))};`,
        'mapStackTraces(import.meta.url);',
        'export function headlineOf(text: string): string {',
        "  if (!text.includes('\\n')) throw new TypeError('no headline in ' + text.length + ' characters');",
        "  return text.split('\\n')[0] ?? '';",
        '}',
        "try { headlineOf('one line'); } catch (error) { console.log((error as Error).stack); }",
        '',
      ].join('\n'),
    );
    const out = path.join(dir, 'entry.mjs');
    await build({ ...bundleOptions(root, entry, out), logLevel: 'silent' });
    const stack = runNode(`await import(${JSON.stringify(pathToFileURL(out).href)});`, []);
    expect(stack.split('\n')[0]).toBe('TypeError: no headline in 8 characters');
    expect(stack).toMatch(/\n {4}at headlineOf \(entry\.ts:4:\d+\)\n/);
  });

  it('are left to Node when it maps them itself, and untouched for a module without a map', () => {
    const stack = runNode(failPublish(bundle).replace('__BEFORE__', ''), ['--enable-source-maps']);
    expect(stack).toMatch(/functions\/handlers\/publish\.ts:\d+:\d+/);
    const before = Error.prepareStackTrace;
    expect(mapStackTraces(pathToFileURL(path.join(dir, 'no-map-beside.mjs')).href)).toBe(false);
    expect(Error.prepareStackTrace).toBe(before);
  });
});
