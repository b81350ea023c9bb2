import { gunzipSync } from 'node:zlib';
import { RejectedInputError } from '../errors.ts';
import { decodeBytes } from './charset.ts';
import { crawlerDocuments } from './crawler-json.ts';
import { binaryKind, isGzip, isRtf, isWarc, looksLikeHtml, looksLikeJson } from './sniff.ts';
import {
  DEFAULT_LIMITS,
  type DocumentFields,
  type InputLimits,
  type ObjectMetadata,
  type RawDocument,
  type RawInput,
} from './types.ts';
import { warcDocuments } from './warc.ts';

export type { DocumentFields, InputLimits, ObjectMetadata, RawDocument, RawInput } from './types.ts';
export { DEFAULT_LIMITS } from './types.ts';

/**
 * Decode stage: raw bytes of any reasonable article file → documents.
 *
 * Content is sniffed, the name is only a hint: gzip (inflated under a cap),
 * WARC, binary formats (rejected), charsets (see charset.ts), then crawler
 * JSON / JSON Lines, HTML or plain text. Bad input always ends in a
 * `RejectedInputError` with a reason; nothing here recurses over the input.
 */

/** A gzip inside a gzip is a common upload accident; deeper nesting is not. */
const MAX_GZIP_LAYERS = 2;

function gunzip(bytes: Uint8Array, limits: InputLimits): Uint8Array {
  try {
    // maxOutputLength stops inflation at the cap: a bomb is never fully expanded.
    return gunzipSync(bytes, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RejectedInputError(
        'decompression-limit',
        `gzip content inflates beyond ${limits.maxDecompressedBytes} bytes (the configured limit)`,
        { cause: error },
      );
    }
    throw new RejectedInputError('undecodable', 'the gzip stream is corrupt or truncated', { cause: error });
  }
}

function inflateLayers(input: Uint8Array, limits: InputLimits): { bytes: Uint8Array; containers: string[] } {
  let bytes = input;
  const containers: string[] = [];
  while (isGzip(bytes)) {
    if (containers.length === MAX_GZIP_LAYERS) {
      throw new RejectedInputError('unsupported-format', `gzip nested more than ${MAX_GZIP_LAYERS} levels deep`);
    }
    bytes = gunzip(bytes, limits);
    containers.push('gzip');
  }
  return { bytes, containers };
}

function stripNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

const UNREADABLE_SAMPLE = 65_536;
const WORD_RUN = /[\p{L}\p{M}]{2,}/gu;

/**
 * True when nothing readable came out: replacement characters make up most of
 * the visible text, or the text is mostly non-ASCII yet hardly any of it forms
 * words (bytes that only a single-byte code page accepts, read as `Ã( ¡â(¡ð(Œ¼`).
 */
function unreadable(text: string): boolean {
  const sample = text.slice(0, UNREADABLE_SAMPLE);
  let visible = 0;
  let replaced = 0;
  let nonAscii = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c <= 0x20) continue;
    visible++;
    if (c === 0xfffd) replaced++;
    if (c >= 0x80) nonAscii++;
  }
  if (visible === 0) return false;
  if (replaced / visible > 0.5) return true;
  if (nonAscii / visible < 0.3) return false;
  let inWords = 0;
  for (const match of sample.matchAll(WORD_RUN)) inWords += match[0].length;
  return inWords / visible < 0.3;
}

function firstValue(metadata: ObjectMetadata, keys: string[]): string | undefined {
  for (const key of keys) {
    if (!Object.hasOwn(metadata, key)) continue;
    const value = metadata[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * Fields the object metadata states. They fill what the content leaves open:
 * a field given explicitly inside the content (a crawler JSON field, a WARC
 * header) wins, because it belongs to that one article while the metadata was
 * set for the whole object by the uploader.
 */
function metadataFields(metadata: ObjectMetadata): DocumentFields {
  const fields: DocumentFields = {};
  const set = (key: 'title' | 'publishedAt' | 'crawledAt' | 'url' | 'language', names: string[]) => {
    const value = firstValue(metadata, names);
    if (value !== undefined) fields[key] = value;
  };
  set('title', ['title']);
  set('publishedAt', ['published-at', 'published']);
  set('crawledAt', ['crawled-at']);
  set('url', ['source-url', 'url']);
  set('language', ['lang', 'language']);
  return fields;
}

function withMetadata(fields: DocumentFields, metadata: DocumentFields): DocumentFields {
  const merged: DocumentFields = { ...metadata };
  for (const [key, value] of Object.entries(fields) as [keyof DocumentFields, DocumentFields[keyof DocumentFields]][]) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

function extensionOf(name: string): string {
  const base = name.toLowerCase().replace(/\.(?:gz|gzip)$/, '');
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

export function decodeInput(input: RawInput, limits: InputLimits = DEFAULT_LIMITS): RawDocument[] {
  if (input.bytes.byteLength > limits.maxInputBytes) {
    throw new RejectedInputError(
      'too-large',
      `input is ${input.bytes.byteLength} bytes; the limit is ${limits.maxInputBytes}`,
    );
  }
  if (input.bytes.byteLength === 0) throw new RejectedInputError('empty', 'the file is empty');
  const { bytes, containers } = inflateLayers(input.bytes, limits);
  if (bytes.byteLength === 0) throw new RejectedInputError('empty', 'the compressed file holds nothing');

  const metadata = input.metadata;
  const contentType = firstValue(metadata, ['content-type']) ?? '';
  const extension = extensionOf(input.name);
  const fromMetadata = metadataFields(metadata);

  if (isWarc(bytes)) {
    const documents = warcDocuments(bytes, limits).map(
      (doc, index): RawDocument => ({
        ...doc,
        index,
        containers: [...containers, 'warc'],
        fields: withMetadata(doc.fields, fromMetadata),
      }),
    );
    if (documents.length === 0) throw new RejectedInputError('no-content', 'the WARC file holds no HTML or text page');
    return documents;
  }

  const binary = binaryKind(bytes);
  if (binary) throw new RejectedInputError('binary', `the file is a ${binary}, not an article`);
  if (isRtf(bytes)) throw new RejectedInputError('unsupported-format', 'the file is an RTF document, not an article');

  const decoded = decodeBytes(bytes, contentType);
  const text = stripNul(decoded.text);
  if (!text.trim()) throw new RejectedInputError('empty', 'the file holds only whitespace');
  // Clean UTF-8 always reads as what was written: only replacement marks or a single-byte reading can be noise.
  const clean = decoded.charset.startsWith('utf-') && !text.includes('\uFFFD');
  if (!clean && unreadable(text)) throw new RejectedInputError('undecodable', `no readable text in ${decoded.charset}`);

  const base = { charset: decoded.charset, charsetSource: decoded.source } as const;
  const jsonHint = /json/i.test(contentType) || ['json', 'jsonl', 'ndjson'].includes(extension);
  if (looksLikeJson(text, jsonHint)) {
    return crawlerDocuments(text, limits).map(
      (doc, index): RawDocument => ({
        ...base,
        // The charset is that of the JSON file; 'json' says the body came out of a JSON string.
        charsetSource: 'json',
        index,
        format: doc.format,
        // A `\u0000` escape inside a JSON string decodes to a NUL after the byte-level stripping.
        body: stripNul(doc.body),
        containers: [...containers, doc.container],
        fields: withMetadata(doc.fields, fromMetadata),
        ...(doc.rejected ? { rejected: doc.rejected } : {}),
      }),
    );
  }

  const htmlHint = /html|xml/i.test(contentType) || ['html', 'htm', 'xhtml', 'shtml'].includes(extension);
  const format = looksLikeHtml(text, htmlHint) ? 'html' : 'text';
  return [{ ...base, index: 0, format, body: text, containers, fields: fromMetadata }];
}

/**
 * Parses a local `X.meta.json` sidecar into object metadata as S3 holds it:
 * keys lower-cased without the `x-amz-meta-` prefix, values as strings.
 * Nested objects, arrays and nulls are not metadata and are left out.
 */
export function parseSidecar(jsonText: string): ObjectMetadata {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (error) {
    throw new Error(`a .meta.json sidecar must be valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('a .meta.json sidecar must hold a JSON object of metadata keys and values');
  }
  const metadata: ObjectMetadata = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    const name = key
      .trim()
      .toLowerCase()
      .replace(/^x-amz-meta-/, '');
    // Own data properties only: a `__proto__` key must not reach the prototype setter.
    if (name)
      Object.defineProperty(metadata, name, {
        value: String(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return metadata;
}
