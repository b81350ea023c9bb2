import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOptions } from '../../infra/bundling.ts';
import { AkhbarFunction } from '../../infra/constructs/function.ts';
import { FUNCTIONS, PUBLISHER } from '../../infra/definitions.ts';
import { literalSchemaKeys } from '../../infra/sdk-schema-keys.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'akhbar-bundling-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Bundles a few lines of source with the functions' options (or without the plugins) and returns the code. */
async function bundleSource(source: string, plugins = true): Promise<string> {
  const { entryPoints: _, ...options } = bundleOptions(root, 'unused.ts', path.join(scratch, 'out.mjs'));
  const result = await build({
    ...options,
    ...(plugins ? {} : { plugins: [] }),
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    sourcemap: false,
    write: false,
    outfile: path.join(scratch, 'out.mjs'),
  });
  return result.outputFiles?.[0]?.text ?? '';
}

describe('SDK schema keys', () => {
  it('writes computed keys naming string constants as literals and leaves the rest', () => {
    const source = [
      'const _hH = "httpHeader";',
      'const _n = 3;',
      'export var A$ = [0, { [_hH]: _xarc, [_n]: 1, [other]: 2 }];',
    ].join('\n');
    const out = literalSchemaKeys(source);
    expect(out).toContain('{ "httpHeader": _xarc, [_n]: 1, [other]: 2 }');
    expect(out.startsWith('const _hH = "httpHeader";\nconst _n = 3;')).toBe(true);
  });

  it('leaves the schemas of operations a bundle never sends out of it', async () => {
    const source = `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
      export const handler = () => new S3Client({}).send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));`;
    const trimmed = await bundleSource(source);
    const whole = await bundleSource(source, false);
    // The operation sent keeps its schema; an operation of the same client it never sends is gone.
    expect(trimmed).toContain('"GetObject"');
    expect(trimmed).not.toContain('PutBucketAnalyticsConfiguration');
    expect(whole).toContain('PutBucketAnalyticsConfiguration');
    expect(trimmed.length).toBeLessThan(whole.length - 40_000);
  }, 60_000);
});

describe('function assets', () => {
  it('gives each bundled function its own bundle', () => {
    const app = new App({ outdir: path.join(scratch, 'cdk.out') });
    const stack = new Stack(app, 'Bundled', { env: { account: '123456789012', region: 'eu-west-1' } });
    const common = { memoryMb: 128, timeoutSeconds: 3, bundle: true, logLevel: 'INFO' } as const;
    new AkhbarFunction(stack, 'Greet', { ...common, entry: 'test/fixtures/bundling/greet.ts', description: 'greet' });
    new AkhbarFunction(stack, 'Part', { ...common, entry: 'test/fixtures/bundling/part.ts', description: 'part' });
    const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as {
      Properties: { Handler: string; Code: { S3Key: string } };
    }[];
    expect(functions.map((f) => f.Properties.Handler)).toEqual(['index.handler', 'index.handler']);
    const keys = functions.map((f) => f.Properties.Code.S3Key);
    expect(new Set(keys).size).toBe(2);
    const assets = readdirSync(path.join(scratch, 'cdk.out')).filter((d) => d.startsWith('asset.'));
    const said = assets.map((d) => {
      const code = readFileSync(path.join(scratch, 'cdk.out', d, 'index.mjs'), 'utf8');
      expect(readdirSync(path.join(scratch, 'cdk.out', d)).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      return /(greet|part)-fixture/.exec(code)?.[1];
    });
    expect(said.sort()).toEqual(['greet', 'part']);
  }, 60_000);
});

describe('semver in the function bundles', () => {
  // The stand-in has semver's gte and compare only: a new importer could need more of the package.
  it("is the stand-in, imported by X-Ray's SDK v2 patcher alone", async () => {
    const entries = [...Object.values(FUNCTIONS), { name: 'publish', entry: PUBLISHER.entry }];
    for (const fn of entries) {
      const result = await build({
        ...bundleOptions(root, fn.entry, path.join(scratch, `${fn.name}.mjs`)),
        sourcemap: false,
        write: false,
        metafile: true,
      });
      const inputs = Object.entries(result.metafile.inputs);
      expect(inputs.filter(([file]) => file.includes('node_modules/semver/'))).toEqual([]);
      const importers = inputs
        .filter(([, input]) => input.imports.some((i) => i.path.endsWith('functions/adapters/xray-semver.ts')))
        .map(([file]) => file);
      expect(importers, fn.name).toEqual(
        fn.name === 'publish' ? [] : ['node_modules/aws-xray-sdk-core/dist/lib/patchers/aws_p.js'],
      );
    }
  }, 120_000);
});
