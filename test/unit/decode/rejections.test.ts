import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../functions/core/decode/types.ts';
import { RejectedInputError } from '../../../functions/core/errors.ts';
import { encodeUtf16 } from './encoding.ts';
import { ARABIC, decode, ENGLISH, FRENCH, only, rejectionOf, utf8 } from './helpers.ts';

describe('rejections', () => {
  it('rejects empty and whitespace-only files', () => {
    expect(rejectionOf(() => decode(new Uint8Array())).reason).toBe('empty');
    expect(rejectionOf(() => decode(utf8(' \n\t\r\n '))).reason).toBe('empty');
    expect(rejectionOf(() => decode(encodeUtf16('   \n  ', 'le', true))).reason).toBe('empty');
    expect(rejectionOf(() => decode(Buffer.from([0xef, 0xbb, 0xbf, 0x20]))).reason).toBe('empty');
  });

  it('names the binary formats it recognizes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    for (const [bytes, name] of [
      [png, /PNG/],
      [pdf, /PDF/],
      [jpeg, /JPEG/],
      [zip, /ZIP/],
    ] as const) {
      const error = rejectionOf(() => decode(bytes, {}, 'article.html'));
      expect(error.reason).toBe('binary');
      expect(error.message).toMatch(name);
    }
  });

  it('rejects a gzipped image as binary', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(rejectionOf(() => decode(gzipSync(png))).reason).toBe('binary');
  });

  it('rejects data full of control bytes as binary', () => {
    const bytes = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 131 + 7) % 256));
    expect(rejectionOf(() => decode(bytes)).reason).toBe('binary');
  });

  it('rejects RTF as an unsupported format', () => {
    expect(rejectionOf(() => decode(utf8(`{\\rtf1\\ansi ${ENGLISH}}`))).reason).toBe('unsupported-format');
  });

  it('rejects inputs over the size limit before looking at them', () => {
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: 10 };
    expect(rejectionOf(() => decode(utf8(FRENCH), {}, 'x', limits)).reason).toBe('too-large');
  });

  it('rejects text that is nothing but undecodable bytes', () => {
    expect(rejectionOf(() => decode(utf8('\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD'))).reason).toBe('undecodable');
  });

  it('rejects kilobytes of invalid UTF-8 that only a single-byte code page accepts, instead of ingesting mojibake', () => {
    // The classic malformed sequences: lone lead bytes, broken continuations, overlong forms.
    const sequences = [
      [0xc3, 0x28],
      [0xa0, 0xa1],
      [0xe2, 0x28, 0xa1],
      [0xe2, 0x82, 0x28],
      [0xf0, 0x28, 0x8c, 0xbc],
      [0x20],
    ];
    const bytes = Buffer.from(Array.from({ length: 400 }, () => sequences.flat()).flat());
    expect(bytes.length).toBeGreaterThan(5000);
    expect(rejectionOf(() => decode(bytes)).reason).toBe('undecodable');
  });

  it('still accepts legacy code pages and numeric tables', () => {
    expect(
      only(Buffer.from('Le café a ouvert à Paris, près de la gare, après des années de travaux.', 'latin1')).body,
    ).toContain('café');
    expect(only(utf8('1.25 2.50 3.75\n4.00 5.25 6.50\n')).body).toContain('3.75');
  });

  it('does not mistake trailing NUL padding for binary data', () => {
    const doc = only(Buffer.concat([utf8(ARABIC), Buffer.alloc(3000)]));
    expect(doc.body).toBe(ARABIC);
  });
});

describe('robustness', () => {
  it('either returns documents or throws RejectedInputError for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          const docs = decode(bytes);
          expect(docs.length).toBeGreaterThan(0);
          for (const doc of docs) expect(doc.body).not.toContain('\u0000');
        } catch (error) {
          expect(error).toBeInstanceOf(RejectedInputError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('either returns documents or throws RejectedInputError for text and JSON-like input', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v).slice(0, 80)),
      fc.array(fc.json(), { maxLength: 4 }).map((lines) => lines.join('\n')),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.constantFrom('{"__proto__": {"text": 1}}', '[{"text": null}]', 'WARC/1.0\r\nContent-Length: 99\r\n\r\n'),
    );
    fc.assert(
      fc.property(jsonish, fc.constantFrom('x.json', 'x.txt', 'x.html'), (text, name) => {
        try {
          decode(utf8(text), {}, name);
        } catch (error) {
          expect(error).toBeInstanceOf(RejectedInputError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('goes through large single-line and pathological inputs', () => {
    const mb5 = 5 * 1024 * 1024;
    const inputs = [
      utf8(ENGLISH.repeat(Math.ceil(mb5 / ENGLISH.length))),
      utf8('<meta '.repeat(mb5 / 6)),
      utf8(`<!--${'-'.repeat(mb5)}`),
      utf8(`{"text": "${'a'.repeat(mb5)}`),
      utf8('['.repeat(mb5)),
      utf8('{"a":\n'.repeat(mb5 / 6)),
      utf8('WARC/1.0\r\n'.repeat(mb5 / 10)),
    ];
    for (const bytes of inputs) {
      try {
        expect(decode(bytes).length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toBeInstanceOf(RejectedInputError);
      }
    }
  });
});
