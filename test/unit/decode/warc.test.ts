import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../functions/core/decode/types.ts';
import { encodeSingleByte } from './encoding.ts';
import { ARABIC, decode, ENGLISH, FRENCH, rejectionOf, utf8 } from './helpers.ts';

const page = (title: string, body: string, head = '') =>
  `<html><head>${head}<title>${title}</title></head><body><p>${body}</p></body></html>`;

function record(type: string, headers: Record<string, string>, block: Buffer): Buffer {
  const lines = [`WARC/1.1`, `WARC-Type: ${type}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  lines.push(`Content-Length: ${block.length}`);
  return Buffer.concat([utf8(`${lines.join('\r\n')}\r\n\r\n`), block, utf8('\r\n\r\n')]);
}

function response(uri: string, httpHeaders: string[], payload: Buffer, status = '200 OK'): Buffer {
  const http = Buffer.concat([utf8(`HTTP/1.1 ${status}\r\n${httpHeaders.join('\r\n')}\r\n\r\n`), payload]);
  return record(
    'response',
    {
      'WARC-Target-URI': uri,
      'WARC-Date': '2024-03-12T10:00:00Z',
      'Content-Type': 'application/http; msgtype=response',
    },
    http,
  );
}

const warcinfo = record('warcinfo', { 'Content-Type': 'application/warc-fields' }, utf8('software: test\r\n'));
const request = record('request', { 'WARC-Target-URI': 'https://a.example/1' }, utf8('GET /1 HTTP/1.1\r\n\r\n'));

describe('WARC', () => {
  it('reads each HTML response as a document with its URI and capture date', () => {
    const warc = Buffer.concat([
      warcinfo,
      request,
      response('https://a.example/1', ['Content-Type: text/html; charset=utf-8'], utf8(page('One', FRENCH))),
      response('<https://a.example/2>', ['Content-Type: text/html'], utf8(page('Two', ARABIC))),
    ]);
    const docs = decode(warc, { 'crawled-at': '2000-01-01T00:00:00Z', lang: 'und' });
    expect(docs.map((d) => d.fields.url)).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(docs.map((d) => d.index)).toEqual([0, 1]);
    expect(docs[0]).toMatchObject({
      format: 'html',
      containers: ['warc'],
      fields: { crawledAt: '2024-03-12T10:00:00Z', language: 'und' },
    });
    expect(docs[1]?.body).toContain(ARABIC);
  });

  it('honours the HTTP content-type charset of each response', () => {
    const warc = Buffer.concat([
      response(
        'https://a.example/ar',
        ['Content-Type: text/html; charset=windows-1256'],
        encodeSingleByte(page('ع', ARABIC), 'windows-1256'),
      ),
      response(
        'https://a.example/fr',
        ['Content-Type: text/html; charset=iso-8859-1'],
        encodeSingleByte(page('F', FRENCH), 'windows-1252'),
      ),
    ]);
    const docs = decode(warc);
    expect(docs.map((d) => [d.charset, d.charsetSource])).toEqual([
      ['windows-1256', 'metadata'],
      ['windows-1252', 'metadata'],
    ]);
    expect(docs[0]?.body).toContain(ARABIC);
    expect(docs[1]?.body).toContain(FRENCH);
  });

  it('skips redirects, errors and non-page payloads', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const warc = Buffer.concat([
      response(
        'https://a.example/old',
        ['Location: /new', 'Content-Type: text/html'],
        utf8('<p>moved</p>'),
        '301 Moved',
      ),
      response(
        'https://a.example/missing',
        ['Content-Type: text/html'],
        utf8(page('404', 'not found')),
        '404 Not Found',
      ),
      response('https://a.example/logo.png', ['Content-Type: image/png'], png),
      response('https://a.example/app.css', ['Content-Type: text/css'], utf8('p { color: red }')),
      response('https://a.example/page', ['Content-Type: text/html'], utf8(page('Page', ENGLISH))),
    ]);
    expect(decode(warc).map((d) => d.fields.url)).toEqual(['https://a.example/page']);
  });

  it('undoes chunked transfer coding and gzip content coding', () => {
    const html = utf8(page('Chunked', FRENCH));
    const gz = gzipSync(html);
    const cut = Math.floor(gz.length / 2);
    const chunked = Buffer.concat([
      utf8(`${cut.toString(16)}\r\n`),
      gz.subarray(0, cut),
      utf8(`\r\n${(gz.length - cut).toString(16)}\r\n`),
      gz.subarray(cut),
      utf8('\r\n0\r\n\r\n'),
    ]);
    const warc = response(
      'https://a.example/c',
      ['Content-Type: text/html; charset=utf-8', 'Transfer-Encoding: chunked', 'Content-Encoding: gzip'],
      chunked,
    );
    const [doc] = decode(warc);
    expect(doc?.body).toBe(html.toString('utf8'));
  });

  it('reports a response whose content coding is corrupt and keeps the others', () => {
    const warc = Buffer.concat([
      response(
        'https://a.example/bad',
        ['Content-Type: text/html', 'Content-Encoding: gzip'],
        Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]),
      ),
      response('https://a.example/good', ['Content-Type: text/html'], utf8(page('Good', ENGLISH))),
    ]);
    const docs = decode(warc);
    expect(docs.map((d) => [d.fields.url, d.rejected?.reason])).toEqual([
      ['https://a.example/bad', 'undecodable'],
      ['https://a.example/good', undefined],
    ]);
  });

  it('reads resource records and gzipped WARC files', () => {
    const resource = record(
      'resource',
      { 'WARC-Target-URI': 'file:///saved.html', 'Content-Type': 'text/html' },
      utf8(page('Saved', ENGLISH)),
    );
    const [doc] = decode(gzipSync(Buffer.concat([warcinfo, resource])));
    expect(doc).toMatchObject({ containers: ['gzip', 'warc'], format: 'html', fields: { url: 'file:///saved.html' } });
  });

  it('keeps the first maxDocuments pages', () => {
    const warc = Buffer.concat(
      Array.from({ length: 6 }, (_, i) =>
        response(`https://a.example/${i}`, ['Content-Type: text/html'], utf8(page(`${i}`, FRENCH))),
      ),
    );
    const docs = decode(warc, {}, 'x.warc', { ...DEFAULT_LIMITS, maxDocuments: 2 });
    expect(docs.map((d) => d.fields.url)).toEqual(['https://a.example/0', 'https://a.example/1']);
  });

  it('rejects a WARC file without any page', () => {
    expect(rejectionOf(() => decode(Buffer.concat([warcinfo, request]))).reason).toBe('no-content');
  });

  it('stops at a truncated record', () => {
    const full = response('https://a.example/1', ['Content-Type: text/html'], utf8(page('1', FRENCH)));
    const truncated = response('https://a.example/2', ['Content-Type: text/html'], utf8(page('2', ENGLISH)));
    const docs = decode(Buffer.concat([full, truncated.subarray(0, truncated.length - 40)]));
    expect(docs.map((d) => d.fields.url)).toEqual(['https://a.example/1']);
  });
});
