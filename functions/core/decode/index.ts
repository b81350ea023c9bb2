import { gunzipSync } from 'node:zlib';
import { RejectedInputError } from '../errors.ts';
import { decodeBytes, hasUtf16Shape } from './charset.ts';
import { crawlerDocuments, looksLikeJson } from './crawler-json.ts';
import {
  DEFAULT_LIMITS,
  type DocumentFields,
  type InputLimits,
  type ObjectMetadata,
  type RawDocument,
  type RawInput,
} from './types.ts';
import { isWarc, warcDocuments } from './warc.ts';

export type { DocumentFields, InputLimits, ObjectMetadata, RawDocument, RawInput } from './types.ts';
export { DEFAULT_LIMITS } from './types.ts';

/**
 * Decode stage: raw bytes of any reasonable article file → documents.
 * Content is sniffed, never trusted from the name: gzip, binary formats,
 * charsets, HTML vs text, crawler JSON / JSON Lines, WARC.
 */

const MAGIC: [string, number[]][] = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['ZIP archive (or Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['WebP/RIFF media', [0x52, 0x49, 0x46, 0x46]],
  ['bzip2 archive', [0x42, 0x5a, 0x68]],
  ['xz archive', [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
  ['7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf]],
  ['Zstandard archive', [0x28, 0xb5, 0x2f, 0xfd]],
  ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['OLE2 document (old Office)', [0xd0, 0xcf, 0x11, 0xe0]],
];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function binaryKind(bytes: Uint8Array): string | null {
  for (const [name, magic] of MAGIC) if (startsWith(bytes, magic)) return name;
  if (startsWith(bytes.subarray(4), [0x66, 0x74, 0x79, 0x70])) return 'MP4/ISO media file';
  if (hasUtf16Shape(bytes)) return null;
  // Control bytes (other than tab/newlines/ESC/form feed) are rare in text in any 8-bit or UTF-8 charset.
  // NULs are left to the UTF-16 sniffer and to NUL stripping, so they count only in bulk.
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  let nul = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0) nul++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  if (n > 0 && control / n > 0.1) return 'binary data';
  // Half the bytes NUL is UTF-16; NULs spread everywhere at other rates is binary.
  if (n > 0 && nul / n > 0.05 && nul / n < 0.3) return 'binary data';
  return null;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array, limits: InputLimits): Uint8Array {
  try {
    // maxOutputLength stops inflation at the cap: a bomb is never fully expanded.
    return gunzipSync(bytes, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /buffer|length/i.test(String((error as Error).message))) {
      throw new RejectedInputError(
        'decompression-limit',
        `gzip content inflates beyond ${limits.maxDecompressedBytes} bytes (the configured limit)`,
        { cause: error },
      );
    }
    throw new RejectedInputError('undecodable', 'the gzip stream is corrupt or truncated', { cause: error });
  }
}

const HTML_START =
  /^\s*(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<article|<div|<p[\s>]|<section|<main|<h1)/i;
const HTML_TAGS = /<(?:p|div|br|article|h[1-6]|span|a\s|section|main|body|html)[\s>/]/gi;

export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048);
  if (HTML_START.test(head)) return true;
  return (text.slice(0, 20_000).match(HTML_TAGS)?.length ?? 0) >= 3;
}

function stripNul(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
}

/** Fields the object metadata provides; explicit fields inside the content win over them. */
function metadataFields(metadata: ObjectMetadata): DocumentFields {
  const fields: DocumentFields = {};
  if (metadata['published-at']) fields.publishedAt = metadata['published-at'];
  if (metadata['crawled-at']) fields.crawledAt = metadata['crawled-at'];
  if (metadata['source-url']) fields.url = metadata['source-url'];
  if (metadata.lang) fields.language = metadata.lang;
  if (metadata.title) fields.title = metadata.title;
  return fields;
}

function withMetadata(fields: DocumentFields, metadata: ObjectMetadata): DocumentFields {
  return {
    ...metadataFields(metadata),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null && v !== '')),
  };
}

export function decodeInput(input: RawInput, limits: InputLimits = DEFAULT_LIMITS): RawDocument[] {
  let bytes = input.bytes;
  const containers: string[] = [];
  if (bytes.byteLength > limits.maxInputBytes) {
    throw new RejectedInputError(
      'too-large',
      `input is ${bytes.byteLength} bytes; the limit is ${limits.maxInputBytes}`,
    );
  }
  // One level of nested gzip is common (a .gz of a .gz upload); more is treated as hostile.
  for (let depth = 0; isGzip(bytes) && depth < 2; depth++) {
    bytes = gunzip(bytes, limits);
    containers.push('gzip');
  }
  if (isGzip(bytes)) throw new RejectedInputError('unsupported-format', 'gzip nested more than twice');
  if (bytes.byteLength === 0) throw new RejectedInputError('empty', 'the file is empty');
  const binary = binaryKind(bytes);
  if (binary) throw new RejectedInputError('binary', `the file is a ${binary}, not an article`);

  const contentType = input.metadata['content-type'];
  const decoded = decodeBytes(bytes, contentType);
  const text = stripNul(decoded.text);
  if (!text.trim()) throw new RejectedInputError('empty', 'the file holds only whitespace');
  if (/^\uFFFD+$/.test(text.replace(/\s+/g, ''))) {
    throw new RejectedInputError('undecodable', `no readable text in ${decoded.charset}`);
  }

  const base = { charset: decoded.charset, charsetSource: decoded.source, containers } as const;
  let documents: RawDocument[];
  if (isWarc(text)) {
    documents = warcDocuments(bytes, limits).map((doc, index) => ({
      ...doc,
      index,
      containers: [...containers, 'warc'],
      fields: withMetadata(doc.fields, input.metadata),
    }));
  } else if (looksLikeJson(text, contentType)) {
    documents = crawlerDocuments(text, limits).map((doc, index) => ({
      ...base,
      index,
      format: doc.format,
      body: doc.body,
      charsetSource: 'json',
      containers: [...containers, doc.container],
      fields: withMetadata(doc.fields, input.metadata),
      ...(doc.rejected ? { rejected: doc.rejected } : {}),
    }));
  } else {
    const isHtml = looksLikeHtml(text) || /html/i.test(contentType ?? '');
    documents = [
      { ...base, index: 0, format: isHtml ? 'html' : 'text', body: text, fields: metadataFields(input.metadata) },
    ];
  }
  if (documents.length === 0) throw new RejectedInputError('no-content', 'no article was found in the input');
  return documents.slice(0, limits.maxDocuments);
}

/** Parses a local `X.meta.json` sidecar into object metadata as S3 would hold it. */
export function parseSidecar(jsonText: string): ObjectMetadata {
  const data: unknown = JSON.parse(jsonText);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('a .meta.json sidecar must hold a JSON object of metadata keys and values');
  }
  const metadata: ObjectMetadata = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    metadata[key.toLowerCase().replace(/^x-amz-meta-/, '')] = String(value);
  }
  return metadata;
}
