import { statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseSidecar } from '../functions/core/decode/index.ts';
import type { ObjectMetadata } from '../functions/core/decode/types.ts';

/** Local files as the pipeline sees S3 objects: bytes plus the object metadata from a `X.meta.json` sidecar. */

export const SIDECAR_SUFFIX = '.meta.json';

// Natural, locale-aware order, as a person listing the folder sees it.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function isSidecar(file: string): boolean {
  return file.endsWith(SIDECAR_SUFFIX);
}

/** Expands directories (recursively, sorted by name) and keeps files as given; never lists sidecars or hidden files. */
export async function expandInputs(args: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const info = await stat(arg);
    if (info.isDirectory()) files.push(...(await listDirectory(arg)));
    else files.push(arg);
  }
  return files;
}

async function listDirectory(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => collator.compare(a.name, b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || isSidecar(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listDirectory(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

export interface LocalInput {
  path: string;
  bytes: Uint8Array;
  metadata: ObjectMetadata;
  modifiedAt: Date;
}

export async function readLocalInput(file: string): Promise<LocalInput> {
  const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
  return { path: file, bytes, metadata: await readSidecar(file), modifiedAt: info.mtime };
}

export async function readSidecar(file: string): Promise<ObjectMetadata> {
  const sidecar = `${file}${SIDECAR_SUFFIX}`;
  // Most files have none. A failed open of a missing sidecar cost an error and its stack for every file; a stat
  // that finds nothing costs neither. Any other failure (a sidecar that cannot be read) is still an error.
  if (!statSync(sidecar, { throwIfNoEntry: false })) return {};
  let text: string;
  try {
    text = await readFile(sidecar, 'utf8');
  } catch (error) {
    // Removed since the stat: as if it had never been there.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return parseSidecar(text);
}
