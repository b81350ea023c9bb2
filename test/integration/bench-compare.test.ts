import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const inGit = existsSync(path.join(root, '.git'));

describe.skipIf(!inGit)('npm run bench:compare (needs a git checkout)', () => {
  it("runs each tree's cold pass in turn and finds the same records in the working tree and HEAD", () => {
    const out = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/compare.ts', 'HEAD', '--rounds', '2', '--articles', '24'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toContain('round 2/2');
    expect(out.stdout).toMatch(/^working tree against [0-9a-f]{7,}: 2 rounds of 24 articles/);
    expect(out.stdout).toMatch(/\ndedupe +\d+ ms \/ \d+ ms +\d+ ms \/ \d+ ms/);
    const result = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result).toMatchObject({ rounds: 2, articles: 24, unstable: [] });
    expect(result.stages.all.base.best).toBeGreaterThan(0);
    // With the pipeline's sources as committed, both trees must give the same records (while a change to them
    // is being made, they may rightly differ).
    const changed = spawnSync('git', ['status', '--porcelain', '--', 'functions', 'bench/corpus.ts'], {
      cwd: root,
      encoding: 'utf8',
    }).stdout.trim();
    if (changed === '') {
      expect(result.sameRecords).toBe(true);
      expect(out.stdout).toContain('records: the same in both trees');
    }
  }, 120_000);

  it('reads the articles from files when given a folder', () => {
    const out = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/compare.ts', 'HEAD', '--rounds', '1', '--articles', '4', '--inputs', 'samples'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/: 1 rounds of 4 files of samples, CPU time per cold pass/);
    expect(JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ articles: 4, unstable: [] });
  }, 60_000);

  it('refuses a revision that does not exist', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'bench/compare.ts', 'no-such-revision-x'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/no-such-revision-x/);
  });
});
