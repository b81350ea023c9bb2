import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_DIR, CLI_ENTRY, freshCli } from '../../../scripts/build-cli.mjs';

/** bin/akhbar.mjs runs dist/cli only while no source it was built from is newer than its build. */
describe('CLI bundle freshness', () => {
  let root: string;
  const builtFrom = Date.parse('2026-12-04T12:00:00Z');
  const source = (name: string, at: number) => {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, at / 1000, at / 1000);
  };
  const built = (record: unknown) => {
    mkdirSync(path.join(root, CLI_DIR), { recursive: true });
    writeFileSync(path.join(root, CLI_DIR, 'inputs.json'), JSON.stringify(record));
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'akhbar-cli-bundle-'));
    source('cli/main.ts', builtFrom - 60_000);
    source('functions/core/pipeline.ts', builtFrom - 60_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs the bundle when every source is older than its build', () => {
    built({ builtFrom, inputs: ['cli/main.ts', 'functions/core/pipeline.ts'] });
    expect(freshCli(root)).toBe(path.join(root, CLI_DIR, CLI_ENTRY));
  });

  it('rebuilds when a source was saved after the build started', () => {
    source('functions/core/pipeline.ts', builtFrom + 1_000);
    built({ builtFrom, inputs: ['cli/main.ts', 'functions/core/pipeline.ts'] });
    expect(freshCli(root)).toBeUndefined();
  });

  it('rebuilds when a source was removed or renamed', () => {
    built({ builtFrom, inputs: ['cli/main.ts', 'cli/gone.ts'] });
    expect(freshCli(root)).toBeUndefined();
  });

  it('rebuilds when there is no bundle or its record is unreadable', () => {
    expect(freshCli(root)).toBeUndefined();
    built({ inputs: ['cli/main.ts'] });
    expect(freshCli(root)).toBeUndefined();
  });
});
