import type { RejectionReason } from '../errors.ts';

/** What the decode stage hands to clean: one or more documents found in one raw input. */

/** Object metadata as an uploader sets it on S3 (or in a local `X.meta.json` sidecar). Keys are lower-case. */
export type ObjectMetadata = Record<string, string>;

export interface InputLimits {
  /** Largest raw input accepted, in bytes. */
  maxInputBytes: number;
  /** Largest size a compressed input may inflate to, in bytes. */
  maxDecompressedBytes: number;
  /** Deepest element nesting an HTML document may have before it is rejected. */
  maxHtmlDepth: number;
  /** Most documents taken from one container (JSON Lines, WARC). */
  maxDocuments: number;
}

export const DEFAULT_LIMITS: InputLimits = {
  maxInputBytes: 16 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxHtmlDepth: 5_000,
  maxDocuments: 10_000,
};

/** Fields a container or the object metadata already states about the article. */
export interface DocumentFields {
  title?: string;
  subtitle?: string;
  publishedAt?: string;
  crawledAt?: string;
  url?: string;
  language?: string;
  authors?: string[];
}

export interface RawDocument {
  /** Position of this document inside its input (0 for single-document inputs). */
  index: number;
  format: 'html' | 'text';
  /** Decoded text or HTML source (NUL bytes removed, line endings as found). */
  body: string;
  /** Character set the bytes were decoded with, e.g. `utf-8`, `windows-1256`. */
  charset: string;
  /** How the charset was chosen: a BOM, a declaration, the metadata, or detection. */
  charsetSource: 'bom' | 'declared' | 'metadata' | 'detected' | 'json';
  /** Wrappers peeled off on the way, outermost first, e.g. `['gzip', 'jsonl']`. */
  containers: string[];
  fields: DocumentFields;
  /** Set for an entry of a container that holds no usable article (a broken JSON line): reported, not dropped. */
  rejected?: { reason: RejectionReason; message: string };
}

export interface RawInput {
  /** File name or object key, for sniffing hints and messages only. */
  name: string;
  bytes: Uint8Array;
  metadata: ObjectMetadata;
}
