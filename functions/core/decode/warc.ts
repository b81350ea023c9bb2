import { decodeBytes } from './charset.ts';
import type { InputLimits, RawDocument } from './types.ts';

/**
 * WARC (web archive) files: each `response` record is an HTTP response whose
 * payload is one page. Records are walked by their Content-Length, so the
 * scan is linear and payload bytes are decoded with the HTTP charset.
 */

export function isWarc(text: string): boolean {
  return text.startsWith('WARC/');
}

type WarcDocument = Omit<RawDocument, 'index' | 'containers'>;

const CRLF2 = Buffer.from('\r\n\r\n');

function headerMap(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

export function warcDocuments(bytes: Uint8Array, limits: InputLimits): WarcDocument[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const documents: WarcDocument[] = [];
  let offset = 0;
  while (offset < buffer.length && documents.length < limits.maxDocuments) {
    const headerEnd = buffer.indexOf(CRLF2, offset);
    if (headerEnd < 0) break;
    const headers = headerMap(buffer.subarray(offset, headerEnd).toString('latin1'));
    const length = Number(headers.get('content-length') ?? Number.NaN);
    if (!Number.isFinite(length) || length < 0) break;
    const blockStart = headerEnd + CRLF2.length;
    const block = buffer.subarray(blockStart, Math.min(buffer.length, blockStart + length));
    offset = blockStart + length;
    while (buffer[offset] === 0x0d || buffer[offset] === 0x0a) offset++;
    if (headers.get('warc-type') !== 'response') continue;

    const httpEnd = block.indexOf(CRLF2);
    if (httpEnd < 0) continue;
    const httpHeaders = headerMap(block.subarray(0, httpEnd).toString('latin1'));
    const status = /^HTTP\/[\d.]+\s+(\d{3})/.exec(block.subarray(0, 64).toString('latin1'))?.[1];
    if (status && !status.startsWith('2')) continue;
    const contentType = httpHeaders.get('content-type') ?? '';
    if (contentType && !/html|text/i.test(contentType)) continue;
    const payload = block.subarray(httpEnd + CRLF2.length);
    const decoded = decodeBytes(payload, contentType);
    const url = headers.get('warc-target-uri');
    const date = headers.get('warc-date');
    documents.push({
      format: /plain/i.test(contentType) ? 'text' : 'html',
      body: decoded.text.replace(/\u0000/g, ''),
      charset: decoded.charset,
      charsetSource: decoded.source,
      fields: { ...(url ? { url } : {}), ...(date ? { crawledAt: date } : {}) },
    });
  }
  return documents;
}
