import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ArticleRecord, ArticleRecordSchema } from '../../functions/core/record.ts';
import { repoRoot } from '../support/fixtures.ts';

/** Runs the real CLI, as a user (and the shared scorer) does. */
function processCli(...args: string[]): { records: ArticleRecord[]; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin/akhbar.mjs'), 'process', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const records = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => ArticleRecordSchema.parse(JSON.parse(line)));
  return { records, stderr: result.stderr, status: result.status };
}

describe('akhbar process', () => {
  const { records, stderr, status } = processCli('test/fixtures/pipeline', '--reference-date', '2024-03-12');
  const byInput = (suffix: string) => records.filter((r) => r.input.endsWith(suffix));

  it('handles every input, in name order, never treating sidecars as articles, and exits 0', () => {
    expect(status).toBe(0);
    expect(records.map((r) => path.basename(r.input))).toEqual([
      '01-wire.html',
      '02-feed.jsonl',
      '02-feed.jsonl',
      '02-feed.jsonl',
      '03-copy.txt.gz',
      '04-image.png',
      '05-empty.txt',
    ]);
    expect(stderr).toMatch(/7 article|ingested/);
  });

  it('extracts an HTML page with its metadata', () => {
    const [wire] = byInput('01-wire.html');
    expect(wire).toMatchObject({
      status: 'ingested',
      language: 'en',
      title: 'Flooding closes port of Alexandria as storm hits coast',
      publishedAt: '2024-03-12T09:30:00Z',
      eventDate: '2024-03-12',
      dateline: { agency: 'Reuters', place: 'Alexandria' },
    });
    expect(wire?.paragraphs[0]).toMatch(/^Egyptian authorities closed the port/);
    expect(wire?.entities.persons).toContain('Ahmed Mansour');
    expect(wire?.quotes[0]?.speaker).toBe('Ahmed Mansour');
    expect(wire?.source.url).toBe('https://ledger.example.com/world/alexandria-flooding');
  });

  it('reads each JSON line as an article and rejects the one without text', () => {
    const [wheat, council, broken] = byInput('02-feed.jsonl');
    expect(wheat).toMatchObject({
      language: 'ar',
      title: 'ارتفاع أسعار القمح في الأسواق المحلية',
      publishedAt: '2024-03-03T10:00:00Z',
    });
    expect(wheat?.entities.persons).toContain('ينال البرماوي');
    expect(council).toMatchObject({
      status: 'ingested',
      eventDate: '2024-03-04',
      dateline: { agency: 'Reuters', place: 'Leeds' },
    });
    expect(broken).toMatchObject({ status: 'rejected', rejection: { reason: 'no-content' } });
  });

  it('finds the gzipped text copy as a duplicate of the JSON article', () => {
    const [council] = byInput('02-feed.jsonl').slice(1);
    const [copy] = byInput('03-copy.txt.gz');
    expect(copy?.status).toBe('duplicate');
    expect(copy?.dedupe).toMatchObject({ duplicateOf: council?.id, storyId: council?.dedupe?.storyId });
    expect(copy?.source.containers).toEqual(['gzip']);
  });

  it('rejects binary and empty files with a reason instead of failing the run', () => {
    expect(byInput('04-image.png')[0]?.rejection?.reason).toBe('binary');
    expect(byInput('05-empty.txt')[0]?.rejection?.reason).toBe('empty');
  });
});
