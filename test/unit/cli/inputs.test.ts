import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, readLocalInput } from '../../../cli/inputs.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const scratch = () => mkdtempSync(path.join(tmpdir(), 'akhbar-inputs-'));

describe('reading a local input', () => {
  it('gives the bytes readFile gives for every sample, with metadata only where a sidecar is', async () => {
    const files = await expandInputs([path.join(root, 'samples')]);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const input = await readLocalInput(file);
      expect(Buffer.compare(Buffer.from(input.bytes), readFileSync(file)), file).toBe(0);
      expect(input.modifiedAt.getTime()).toBe(statSync(file).mtime.getTime());
      if (existsSync(`${file}.meta.json`)) expect(Object.keys(input.metadata).length, file).toBeGreaterThan(0);
      else expect(input.metadata, file).toEqual({});
    }
  });

  it('reads an empty file, a large one and the sidecar beside it', async () => {
    const dir = scratch();
    const empty = path.join(dir, 'empty.txt');
    writeFileSync(empty, '');
    expect((await readLocalInput(empty)).bytes.length).toBe(0);
    const large = path.join(dir, 'large.html');
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 'ab');
    writeFileSync(large, body);
    writeFileSync(`${large}.meta.json`, JSON.stringify({ 'Source-Url': 'https://example.org/a' }));
    utimesSync(large, new Date('2024-05-01T10:00:00Z'), new Date('2024-05-01T10:00:00Z'));
    const input = await readLocalInput(large);
    expect(Buffer.compare(Buffer.from(input.bytes), body)).toBe(0);
    expect(input.metadata).toEqual({ 'source-url': 'https://example.org/a' });
    expect(input.modifiedAt.toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });

  it.skipIf(!existsSync('/proc/self/status'))('reads to its end a file that reports no size', async () => {
    const input = await readLocalInput('/proc/self/status');
    expect(statSync('/proc/self/status').size).toBe(0);
    expect(Buffer.from(input.bytes).toString('utf8')).toMatch(/^Name:/);
  });

  it('fails on a sidecar it cannot read or parse, never reading the file without it', async () => {
    const dir = scratch();
    const unreadable = path.join(dir, 'a.txt');
    writeFileSync(unreadable, 'text');
    mkdirSync(`${unreadable}.meta.json`);
    await expect(readLocalInput(unreadable)).rejects.toMatchObject({ code: 'EISDIR' });
    const invalid = path.join(dir, 'b.txt');
    writeFileSync(invalid, 'text');
    writeFileSync(`${invalid}.meta.json`, '{ not json');
    await expect(readLocalInput(invalid)).rejects.toThrow(/sidecar must be valid JSON/);
  });
});
