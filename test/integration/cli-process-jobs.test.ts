import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `akhbar process --jobs N`: worker threads clean and extract, dedupe takes the files in order. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(root, 'samples');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const out = spawnSync(process.execPath, [path.join(root, 'bin/akhbar.mjs'), 'process', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  // processedAt is the time each record was made: everything else must be the same.
  const records = out.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ ...JSON.parse(line), processedAt: null }));
  return { status: out.status, records, stderr: out.stderr };
}

/** The samples several times over, under names that keep copies of one sample apart in the file order. */
function manyFiles(copies: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'akhbar-jobs-'));
  dirs.push(dir);
  const names = readdirSync(samples).filter((name) => !name.endsWith('.meta.json'));
  for (let copy = 0; copy < copies; copy++)
    for (const name of names) {
      const target = path.join(dir, `${copy}-${name}`);
      copyFileSync(path.join(samples, name), target);
      try {
        copyFileSync(path.join(samples, `${name}.meta.json`), `${target}.meta.json`);
      } catch {}
    }
  return dir;
}

describe('akhbar process with worker threads', () => {
  it('prints the same records, in the same order, with one thread and with three', () => {
    const dir = manyFiles(3);
    const one = run([dir, '--jobs', '1', '--reference-date', '2024-05-01']);
    const three = run([dir, '--jobs', '3', '--reference-date', '2024-05-01']);
    expect(one.status).toBe(0);
    expect(three.status).toBe(0);
    expect(one.records.length).toBeGreaterThan(20);
    // Copies of a sample are duplicates of the first one: which is canonical depends on the order kept.
    expect(three.records.filter((r) => r.status === 'duplicate').length).toBeGreaterThan(10);
    expect(three.records).toEqual(one.records);
    expect(three.stderr).toBe(one.stderr);
  }, 180_000);

  it('runs the TypeScript sources in its threads when the CLI runs from them', () => {
    const one = run([samples, '--jobs', '1']);
    const two = run([samples, '--jobs', '2'], { AKHBAR_CLI_SOURCES: '1' });
    expect(two.status).toBe(0);
    expect(two.records).toEqual(one.records);
  }, 180_000);

  it('stops at a file that cannot be read as it would without threads, after the records before it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'akhbar-jobs-bad-'));
    dirs.push(dir);
    copyFileSync(path.join(samples, '01-beirut-vaccination.txt'), path.join(dir, 'a1.txt'));
    copyFileSync(path.join(samples, '04-paris-summit.html'), path.join(dir, 'a2.html'));
    writeFileSync(path.join(dir, 'a3.txt'), 'A short text.');
    writeFileSync(path.join(dir, 'a3.txt.meta.json'), '{not json');
    copyFileSync(path.join(samples, '06-alexandria-storm.html'), path.join(dir, 'a4.html'));
    const one = run([dir, '--jobs', '1']);
    const two = run([dir, '--jobs', '2']);
    expect(one.status).toBe(1);
    expect(two.status).toBe(1);
    expect(two.stderr).toMatch(/sidecar must be valid JSON/);
    expect(two.stderr).toBe(one.stderr);
    expect(two.records.map((r) => r.input)).toEqual([path.join(dir, 'a1.txt'), path.join(dir, 'a2.html')]);
    expect(two.records).toEqual(one.records);
  }, 180_000);

  it('gives every thread the gazetteer the user passed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'akhbar-jobs-gazetteer-'));
    dirs.push(dir);
    const gazetteer = path.join(dir, 'gazetteer.json');
    writeFileSync(gazetteer, JSON.stringify([{ name: 'Zorbania', type: 'place', aliases: ['باريس'] }]));
    const one = run([samples, '--jobs', '1', '--gazetteer', gazetteer]);
    const two = run([samples, '--jobs', '2', '--gazetteer', gazetteer]);
    expect(two.status).toBe(0);
    expect(two.records.some((r) => r.entities?.places.includes('Zorbania'))).toBe(true);
    expect(two.records).toEqual(one.records);
  }, 180_000);

  it('reports a gazetteer it cannot read before starting any thread', () => {
    const two = run([samples, '--jobs', '2', '--gazetteer', path.join(tmpdir(), 'akhbar-no-such-gazetteer.json')]);
    expect(two.status).toBe(1);
    expect(two.stderr).toMatch(/ENOENT/);
    expect(two.records).toEqual([]);
  }, 180_000);
});
