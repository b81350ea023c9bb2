import { statSync } from 'node:fs';
import { type FileHandle, open, readdir, readFile, stat } from 'node:fs/promises';
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

/** A file's bytes, modification time and sidecar metadata. The bytes and the time come from one open file. */
export async function readLocalInput(file: string): Promise<LocalInput> {
  const handle = await open(file, 'r');
  let bytes: Buffer;
  let modifiedAt: Date;
  try {
    const info = await handle.stat();
    modifiedAt = info.mtime;
    bytes = await readToEnd(handle, info.size);
  } finally {
    await handle.close();
  }
  return { path: file, bytes, metadata: await readSidecar(file), modifiedAt };
}

/**
 * The file's bytes as `readFile` reads them: the `size` its stat gave (fewer if it shrank meanwhile), or, for a
 * file that reports no size (a pipe, a file of /proc), everything to its end.
 */
async function readToEnd(handle: FileHandle, size: number): Promise<Buffer> {
  if (size > 0) {
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === size ? bytes : bytes.subarray(0, filled);
  }
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks);
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
