import { createHash } from 'node:crypto';
import { tokenize } from '../text/normalize.ts';

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

export function bodyTokens(paragraphs: string[]): string[] {
  return tokenize(paragraphs.join('\n'));
}

export function contentHash(tokens: string[]): string {
  return createHash('sha256').update(tokens.join(' ')).digest('hex');
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

/** FNV-1a continued over `text`: hashing "a b c" piecewise gives the hash of the joined string. */
function fnv1aOn(h0: number, text: string): number {
  let h = h0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

const FNV_OFFSET = 0x811c9dc5;
const SPACE = 0x20;

function fnv1a(text: string): number {
  return fnv1aOn(FNV_OFFSET, text) >>> 0;
}

/** Sorted, unique shingle hashes. Texts shorter than a shingle get one shingle of all their words. */
export function shingleSet(tokens: string[]): Uint32Array {
  if (tokens.length < SHINGLE_WORDS)
    return tokens.length ? Uint32Array.of(fnv1a(tokens.join(' '))) : new Uint32Array(0);
  // The hash of the words joined by spaces, without building the joined string; sorted, then repeats dropped.
  const hashes = new Uint32Array(tokens.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < hashes.length; i++) {
    let h = fnv1aOn(FNV_OFFSET, tokens[i] as string);
    for (let k = 1; k < SHINGLE_WORDS; k++) {
      h = Math.imul(h ^ SPACE, 0x01000193);
      h = fnv1aOn(h, tokens[i + k] as string);
    }
    hashes[i] = h >>> 0;
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
