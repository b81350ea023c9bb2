import { createHash } from 'node:crypto';

/**
 * Text fingerprints for duplicate detection: a content hash of the normalized
 * body (exact duplicates), word shingles and their MinHash signature with LSH
 * band keys (near duplicates). Candidates are always verified on the stored
 * shingle sets: a MinHash estimate from a few dozen values is too noisy to decide.
 */

/** Words per shingle. Three keeps one edited word from changing more than three shingles. */
export const SHINGLE_WORDS = 3;
/**
 * 16 bands of 2 rows: a pair at Jaccard 0.5 shares a band with probability 0.99, at 0.3 with 0.78. Each
 * band is a write per canonical article, the dearest item of dedupe; short bands keep the curve steep
 * above the near-duplicate threshold with few of them, and the chance candidates they add below it cost
 * only reads of fingerprints (docs/dedupe.md).
 */
export const BANDS = 16;
export const ROWS = 2;
/** One MinHash value per row of each band: no permutation is computed that no band reads. */
export const PERMUTATIONS = BANDS * ROWS;
/** Stored shingle sets are cut to the smallest hashes beyond this size (a bottom-k sample keeps Jaccard unbiased). */
export const MAX_STORED_SHINGLES = 4_000;

export function contentHash(words: string): string {
  return createHash('sha256').update(words).digest('hex');
}

/** murmur3's finalizer: a cheap, well-mixed 32-bit permutation. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const SPACE = 0x20;

/** FNV-1a of text[from, to). */
function fnv1a(text: string, from = 0, to = text.length): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Sorted, unique hashes of the shingles of `words` (words joined by single spaces, as `wordForms` joins a body):
 * each the FNV-1a of its words with the spaces between them, read in place. A text shorter than a shingle gets
 * one shingle of all its words.
 */
export function shingleSet(words: string): Uint32Array {
  if (words === '') return new Uint32Array(0);
  let count = 1;
  for (let at = words.indexOf(' '); at !== -1; at = words.indexOf(' ', at + 1)) count++;
  if (count < SHINGLE_WORDS) return Uint32Array.of(fnv1a(words));
  // Where each word starts; a word ends one unit before the next starts (the last at the end of the text).
  const starts = new Int32Array(count + 1);
  let word = 1;
  for (let i = 0; i < words.length; i++) if (words.charCodeAt(i) === SPACE) starts[word++] = i + 1;
  starts[count] = words.length + 1;
  const hashes = new Uint32Array(count - SHINGLE_WORDS + 1);
  for (let i = 0; i < hashes.length; i++) {
    hashes[i] = fnv1a(words, starts[i] as number, (starts[i + SHINGLE_WORDS] as number) - 1);
  }
  hashes.sort();
  let unique = 0;
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i] as number;
    if (unique === 0 || h !== hashes[unique - 1]) hashes[unique++] = h;
  }
  return hashes.slice(0, Math.min(unique, MAX_STORED_SHINGLES));
}

const SEEDS = Uint32Array.from({ length: PERMUTATIONS }, (_, i) => fmix32(0x9e3779b9 * (i + 1)));

export function minhash(shingles: Uint32Array): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const shingle = shingles[s] as number;
    for (let p = 0; p < PERMUTATIONS; p++) {
      // fmix32(shingle ^ seed), written out: this loop runs once per permutation and shingle, and the call measured
      // about 12% slower than the inlined body.
      let h = shingle ^ (SEEDS[p] as number);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h >>>= 0;
      if (h < (signature[p] as number)) signature[p] = h;
    }
  }
  return signature;
}

/** One key per band: the band number and a hash of its rows. */
export function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) h = fmix32(h ^ (signature[b * ROWS + r] ?? 0));
    keys.push(`${b.toString(36)}.${h.toString(36)}`);
  }
  return keys;
}

function intersection(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

export interface Overlap {
  jaccard: number;
  /** Share of the smaller set found in the larger: a wire story inside a longer local version scores high. */
  containment: number;
}

export function overlap(a: Uint32Array, b: Uint32Array): Overlap {
  if (a.length === 0 || b.length === 0) return { jaccard: 0, containment: 0 };
  const shared = intersection(a, b);
  return { jaccard: shared / (a.length + b.length - shared), containment: shared / Math.min(a.length, b.length) };
}

export function encodeShingles(shingles: Uint32Array): string {
  return Buffer.from(shingles.buffer, shingles.byteOffset, shingles.byteLength).toString('base64');
}

export function decodeShingles(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Uint32Array(copy.buffer);
}
