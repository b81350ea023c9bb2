import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { RejectionReason } from '../errors.ts';
import { decodeBytes } from './charset.ts';
import { binaryKind, looksLikeHtml } from './sniff.ts';
import type { InputLimits, RawDocument } from './types.ts';

/**
 * WARC (web archive) files: each `response` record is an HTTP response whose
 * payload is one page; a `resource` record is a page without HTTP headers.
 * Records are walked by their Content-Length and header blocks are searched
 * in a bounded window, so the scan is linear. Payloads keep their HTTP
 * framing in a WARC, so chunked transfer coding and gzip/deflate/br content
 * coding are undone (inflation shares one budget of `maxDecompressedBytes`).
 * Each page is decoded on its own: BOM, then its meta charset, then the HTTP
 * Content-Type charset, then detection. Non-page records (requests, metadata,
 * images, scripts, redirects, errors) are skipped.
 */

export type WarcDocument = Omit<RawDocument, 'index' | 'containers'>;

/** Header blocks longer than this are not headers: the file is not WARC past this point. */
const HEADER_WINDOW = 64 * 1024;

function headerEnd(buffer: Buffer, from: number): { end: number; next: number } | null {
  const window = buffer.subarray(from, Math.min(buffer.length, from + HEADER_WINDOW));
  const crlf = window.indexOf('\r\n\r\n');
  if (crlf >= 0) return { end: from + crlf, next: from + crlf + 4 };
  // Some writers use bare LF.
  const lf = window.indexOf('\n\n');
  return lf >= 0 ? { end: from + lf, next: from + lf + 2 } : null;
}

function headerMap(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

/** Undoes chunked transfer coding; null when the framing is broken. */
function dechunk(body: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0 || lineEnd - offset > 1024) return null;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) return null;
    if (size === 0) break;
    const start = lineEnd + 2;
    parts.push(body.subarray(start, Math.min(body.length, start + size)));
    offset = start + size + 2;
  }
  return Buffer.concat(parts);
}

class PayloadError extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
  }
}

function decodeContent(body: Buffer, coding: string, budget: number): Buffer {
  const options = { maxOutputLength: Math.max(1, budget) };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(body, options);
    if (coding === 'deflate') {
      // "deflate" is zlib-wrapped by the RFC, raw deflate in practice as often.
      return body[0] !== undefined && (body[0] & 0x0f) === 8
        ? inflateSync(body, options)
        : inflateRawSync(body, options);
    }
    if (coding === 'br') return brotliDecompressSync(body, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadError('decompression-limit', `the ${coding} payload inflates beyond the limit`);
    }
    throw new PayloadError('undecodable', `the ${coding} payload is corrupt`);
  }
  throw new PayloadError('unsupported-format', `unsupported content coding "${coding}"`);
}

const PAGE_TYPE = /html|xhtml|text\/plain/i;

function targetUri(value: string | undefined): string | undefined {
  // WARC 1.0 examples wrap the URI in angle brackets.
  return value?.replace(/^<(.*)>$/, '$1') || undefined;
}

export function warcDocuments(bytes: Uint8Array, limits: InputLimits): WarcDocument[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const documents: WarcDocument[] = [];
  let budget = limits.maxDecompressedBytes;
  let offset = 0;
  while (offset < buffer.length && documents.length < limits.maxDocuments) {
    const head = headerEnd(buffer, offset);
    if (!head) break;
    const headers = headerMap(buffer.subarray(offset, head.end).toString('latin1'));
    const length = Number(headers.get('content-length') ?? Number.NaN);
    if (!Number.isSafeInteger(length) || length < 0) break;
    const block = buffer.subarray(head.next, Math.min(buffer.length, head.next + length));
    offset = head.next + length;
    while (buffer[offset] === 0x0d || buffer[offset] === 0x0a) offset++;
    // A truncated last record is not a whole page.
    if (block.length < length) break;

    const type = headers.get('warc-type');
    if (type !== 'response' && type !== 'resource') continue;
    const fields = {
      ...(targetUri(headers.get('warc-target-uri')) ? { url: targetUri(headers.get('warc-target-uri')) } : {}),
      ...(headers.get('warc-date') ? { crawledAt: headers.get('warc-date') } : {}),
    };

    let payload: Buffer = block;
    let contentType = headers.get('content-type') ?? '';
    if (type === 'response' && /^application\/http/i.test(contentType || 'application/http')) {
      const status = /^HTTP\/[\d.]+\s+(\d{3})/.exec(block.subarray(0, 64).toString('latin1'))?.[1];
      if (!status) continue;
      if (!status.startsWith('2')) continue;
      const http = headerEnd(block, 0);
      if (!http) continue;
      const httpHeaders = headerMap(block.subarray(0, http.end).toString('latin1'));
      contentType = httpHeaders.get('content-type') ?? '';
      payload = block.subarray(http.next);
      try {
        if (/chunked/i.test(httpHeaders.get('transfer-encoding') ?? '')) {
          const joined = dechunk(payload);
          if (!joined) throw new PayloadError('undecodable', 'broken chunked transfer coding');
          payload = joined;
        }
        const coding = (httpHeaders.get('content-encoding') ?? '').trim().toLowerCase();
        if (coding && coding !== 'identity') {
          payload = decodeContent(payload, coding, budget);
          budget -= payload.length;
        }
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        documents.push({
          format: 'html',
          body: '',
          charset: 'utf-8',
          charsetSource: 'detected',
          fields,
          rejected: { reason: error.reason, message: `${fields.url ?? 'a WARC record'}: ${error.message}` },
        });
        continue;
      }
    }
    if (contentType && !PAGE_TYPE.test(contentType)) continue;
    if (payload.length === 0 || binaryKind(payload)) continue;
    const decoded = decodeBytes(payload, contentType);
    const body = decoded.text.includes('\u0000') ? decoded.text.replaceAll('\u0000', '') : decoded.text;
    if (!body.trim()) continue;
    const html = /html/i.test(contentType) || (!/text\/plain/i.test(contentType) && looksLikeHtml(body));
    documents.push({
      format: html ? 'html' : 'text',
      body,
      charset: decoded.charset,
      charsetSource: decoded.source,
      fields,
    });
  }
  return documents;
}
