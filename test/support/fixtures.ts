import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A fixture file under test/fixtures, as bytes. */
export function fixtureBytes(relative: string): Buffer {
  return readFileSync(path.join(root, 'fixtures', relative));
}

export function fixtureText(relative: string): string {
  return fixtureBytes(relative).toString('utf8');
}

export const repoRoot = path.resolve(root, '..');
