import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.ts';

/**
 * The shared gold corpus lives beside the repository (../shared), not in it.
 * A clone without it skips this suite visibly; the project's own fixtures carry the rest.
 */
const shared = path.resolve(repoRoot, '..', 'shared', 'corpus');
const available = existsSync(path.join(shared, 'score.mjs'));

describe.skipIf(!available)('shared gold corpus (../shared/corpus)', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'akhbar-corpus-')), 'records.jsonl');
  const processed = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin/akhbar.mjs'), 'process', path.join(shared, 'raw')],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  writeFileSync(out, processed.stdout);

  it('processes the corpus and exits 0', () => {
    expect(processed.status, processed.stderr).toBe(0);
  });

  it.each(['clean', 'fields', 'entities', 'dedupe'])('scores 0 failed on the %s checks', (group) => {
    const score = spawnSync(
      process.execPath,
      [path.join(shared, 'score.mjs'), '--gold', path.join(shared, 'gold'), '--records', out, '--only', group],
      { encoding: 'utf8' },
    );
    const summary = score.stdout.trim().split('\n').at(-1) ?? '';
    expect(summary, score.stdout).toMatch(/^\d+ passed, 0 failed$/);
    expect(Number(summary.split(' ')[0])).toBeGreaterThan(0);
  });
});

if (!available) console.warn(`shared corpus not found at ${shared}: its scoring tests are skipped`);
