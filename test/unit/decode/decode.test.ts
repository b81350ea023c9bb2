import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInput, parseSidecar } from '../../../functions/core/decode/index.ts';
import { DEFAULT_LIMITS } from '../../../functions/core/decode/types.ts';
import { RejectedInputError } from '../../../functions/core/errors.ts';
import { encodeSingleByte, encodeUtf16 } from '../../support/encoding.ts';

const ARABIC =
  'أعلنت وزارة الصحة في بيروت اليوم عن بدء حملة تطعيم واسعة في جميع المناطق، وقال الوزير إن الحملة ستستمر شهرا.';
const FRENCH = "Le ministère de l'Économie a annoncé mardi à Paris une hausse des prévisions de croissance pour l'été.";

const decode = (bytes: Uint8Array, metadata: Record<string, string> = {}, name = 'input') =>
  decodeInput({ name, bytes, metadata });
const only = (bytes: Uint8Array, metadata: Record<string, string> = {}) => {
  const docs = decode(bytes, metadata);
  expect(docs).toHaveLength(1);
  return docs[0]!;
};
const rejection = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RejectedInputError) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
};

describe('charsets', () => {
  it('detects windows-1256 Arabic without any declaration', () => {
    const doc = only(encodeSingleByte(ARABIC, 'windows-1256'));
    expect(doc.charset).toBe('windows-1256');
    expect(doc.body).toBe(ARABIC);
  });

  it('detects ISO-8859-6 Arabic', () => {
    const text = 'قالت الحكومة في بيان ان الاجتماع سيعقد في العاصمة من اجل بحث الازمة الاقتصادية';
    const doc = only(encodeSingleByte(text, 'iso-8859-6'));
    expect(doc.charset).toBe('iso-8859-6');
    expect(doc.body).toBe(text);
  });

  it('detects windows-1252 French', () => {
    const doc = only(encodeSingleByte(FRENCH, 'windows-1252'));
    expect(doc.charset).toBe('windows-1252');
    expect(doc.body).toBe(FRENCH);
  });

  it('honours an HTML meta charset', () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body><p>${ARABIC}</p></body></html>`;
    const doc = only(encodeSingleByte(html, 'windows-1256'));
    expect(doc).toMatchObject({ charset: 'windows-1256', charsetSource: 'declared', format: 'html' });
    expect(doc.body).toContain(ARABIC);
  });

  it('honours the charset of the object content-type', () => {
    const doc = only(encodeSingleByte(FRENCH, 'windows-1252'), { 'content-type': 'text/plain; charset=ISO-8859-1' });
    expect(doc).toMatchObject({ charsetSource: 'metadata', body: FRENCH });
  });

  it.each([
    ['le', true],
    ['le', false],
    ['be', true],
    ['be', false],
  ] as const)('reads UTF-16 %s (BOM: %s)', (endian, bom) => {
    expect(only(encodeUtf16(ARABIC, endian, bom)).body).toBe(ARABIC);
    expect(only(encodeUtf16(FRENCH, endian, bom)).body).toBe(FRENCH);
  });

  it('strips a UTF-8 BOM', () => {
    const doc = only(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ARABIC)]));
    expect(doc).toMatchObject({ body: ARABIC, charsetSource: 'bom' });
  });

  it('keeps mostly-UTF-8 text with a broken byte as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(ARABIC), Buffer.from([0xff]), Buffer.from(ARABIC)]);
    const doc = only(bytes);
    expect(doc.charset).toBe('utf-8');
    expect(doc.body).toContain('\uFFFD');
  });

  it('removes NUL bytes from text', () => {
    expect(only(Buffer.from(`${FRENCH}\u0000${FRENCH}`)).body).not.toContain('\u0000');
  });
});

describe('containers', () => {
  it('inflates gzip and records it', () => {
    const doc = only(gzipSync(Buffer.from(ARABIC)));
    expect(doc).toMatchObject({ body: ARABIC, containers: ['gzip'] });
  });

  it('rejects a gzip bomb without inflating it', () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(rejection(() => decode(bomb))).toBe('decompression-limit');
  });

  it('reads one crawler JSON article with its fields', () => {
    const json = JSON.stringify({
      title: 'Storm closes port',
      maintext: FRENCH,
      date_publish: '2024-03-12 09:30:00',
      url: 'https://example.com/a',
      language: 'fr',
    });
    const doc = only(Buffer.from(json));
    expect(doc).toMatchObject({
      format: 'text',
      body: FRENCH,
      containers: ['json'],
      fields: {
        title: 'Storm closes port',
        publishedAt: '2024-03-12 09:30:00',
        url: 'https://example.com/a',
        language: 'fr',
      },
    });
  });

  it('takes an HTML body from crawler JSON as HTML', () => {
    expect(only(Buffer.from(JSON.stringify({ html: `<html><body><p>${FRENCH}</p></body></html>` }))).format).toBe(
      'html',
    );
  });

  it('reads JSON Lines and reports a broken line without losing the others', () => {
    const lines = [
      JSON.stringify({ text: FRENCH }),
      '{"text": "broken',
      JSON.stringify({ text: ARABIC, title: 'عنوان' }),
    ].join('\n');
    const docs = decode(Buffer.from(lines));
    expect(docs.map((d) => d.body)).toEqual([FRENCH, '', ARABIC]);
    expect(docs.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(docs[1]?.rejected?.reason).toBe('malformed-json');
    expect(docs[2]?.containers).toEqual(['jsonl']);
  });

  it('reads an array of articles', () => {
    expect(decode(Buffer.from(JSON.stringify([{ text: FRENCH }, { content: ARABIC }])))).toHaveLength(2);
  });

  it('rejects truncated JSON', () => {
    expect(rejection(() => decode(Buffer.from('{"title": "x", "text": "abc'), {}))).toBe('malformed-json');
  });

  it('treats __proto__ and constructor keys as data', () => {
    const json = `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "text": ${JSON.stringify(FRENCH)}}`;
    expect(only(Buffer.from(json)).body).toBe(FRENCH);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads the responses of a WARC file', () => {
    const page = (title: string) => `<html><head><title>${title}</title></head><body><p>${FRENCH}</p></body></html>`;
    const record = (uri: string, html: string) => {
      const http = `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}`;
      const body = Buffer.from(http);
      return Buffer.concat([
        Buffer.from(
          `WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: ${uri}\r\nWARC-Date: 2024-03-12T10:00:00Z\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        body,
        Buffer.from('\r\n\r\n'),
      ]);
    };
    const warcinfo = Buffer.from('WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\ninfo\r\n\r\n');
    const docs = decode(
      Buffer.concat([warcinfo, record('https://a.example/1', page('One')), record('https://a.example/2', page('Two'))]),
    );
    expect(docs.map((d) => d.fields.url)).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(docs[0]).toMatchObject({
      format: 'html',
      containers: ['warc'],
      fields: { crawledAt: '2024-03-12T10:00:00Z' },
    });
  });
});

describe('bad input', () => {
  it('rejects empty and whitespace-only files', () => {
    expect(rejection(() => decode(new Uint8Array()))).toBe('empty');
    expect(rejection(() => decode(Buffer.from(' \n\t ')))).toBe('empty');
  });

  it('names binary formats it recognizes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => decode(png)).toThrow(/PNG/);
    expect(rejection(() => decode(Buffer.from('%PDF-1.7\n%\xe2\xe3')))).toBe('binary');
    expect(rejection(() => decode(Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 7) % 32))))).toBe('binary');
  });

  it('rejects inputs over the size limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: 10 };
    expect(rejection(() => decodeInput({ name: 'x', bytes: Buffer.from(FRENCH), metadata: {} }, limits))).toBe(
      'too-large',
    );
  });

  it('either decodes or rejects arbitrary bytes, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decode(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(RejectedInputError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('metadata', () => {
  it('fills fields from object metadata', () => {
    const doc = only(Buffer.from(FRENCH), {
      'published-at': '2024-01-02',
      'source-url': 'https://x.example/a',
      lang: 'fr',
    });
    expect(doc.fields).toEqual({ publishedAt: '2024-01-02', url: 'https://x.example/a', language: 'fr' });
  });

  it('parses sidecars with lower-cased keys and without the x-amz-meta- prefix', () => {
    expect(parseSidecar('{"X-Amz-Meta-Crawled-At": "2020-01-01T00:00:00Z", "lang": "ar"}')).toEqual({
      'crawled-at': '2020-01-01T00:00:00Z',
      lang: 'ar',
    });
    expect(() => parseSidecar('[1,2]')).toThrow(/JSON object/);
  });
});
