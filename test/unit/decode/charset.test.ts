import { describe, expect, it } from 'vitest';
import { decodeWith, plausibility } from '../../../functions/core/decode/charset.ts';
import { encodeSingleByte, encodeUtf16 } from './encoding.ts';
import { ARABIC, ENGLISH, FRENCH, FRENCH_CAPITALS, only, utf8 } from './helpers.ts';

const html = (charsetMeta: string, body: string) =>
  `<!doctype html><html><head>${charsetMeta}<title>t</title></head><body><p>${body}</p></body></html>`;

describe('byte-order marks and UTF-16', () => {
  it('strips a UTF-8 BOM and says so', () => {
    const doc = only(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(ARABIC)]));
    expect(doc).toMatchObject({ body: ARABIC, charset: 'utf-8', charsetSource: 'bom' });
  });

  it.each([
    ['le', true],
    ['le', false],
    ['be', true],
    ['be', false],
  ] as const)('reads UTF-16 %s (BOM: %s) in Arabic, French and English', (endian, bom) => {
    for (const text of [ARABIC, FRENCH, ENGLISH]) {
      const doc = only(encodeUtf16(text, endian, bom));
      expect(doc.body).toBe(text);
      expect(doc.charset).toBe(`utf-16${endian}`);
      expect(doc.charsetSource).toBe(bom ? 'bom' : 'detected');
    }
  });

  it('lets a BOM win over a contradicting meta charset', () => {
    const page = html('<meta charset="windows-1256">', ARABIC);
    const doc = only(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(page)]));
    expect(doc).toMatchObject({ charset: 'utf-8', charsetSource: 'bom' });
    expect(doc.body).toContain(ARABIC);
  });
});

describe('declared charsets', () => {
  it('honours <meta charset> on windows-1256 HTML', () => {
    const doc = only(encodeSingleByte(html('<meta charset="windows-1256">', ARABIC), 'windows-1256'));
    expect(doc).toMatchObject({ charset: 'windows-1256', charsetSource: 'declared', format: 'html' });
    expect(doc.body).toContain(ARABIC);
  });

  it('honours <meta http-equiv content-type> with an alias label', () => {
    const meta = '<meta http-equiv="Content-Type" content="text/html; charset=cp1256">';
    const doc = only(encodeSingleByte(html(meta, ARABIC), 'windows-1256'));
    expect(doc).toMatchObject({ charset: 'windows-1256', charsetSource: 'declared' });
    expect(doc.body).toContain(ARABIC);
  });

  it('honours an XML declaration', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-6"?>\n<html><body><p>${ARABIC}</p></body></html>`;
    const doc = only(encodeSingleByte(xml, 'iso-8859-6'));
    expect(doc).toMatchObject({ charset: 'iso-8859-6', charsetSource: 'declared', format: 'html' });
    expect(doc.body).toContain(ARABIC);
  });

  it('prefers the declaration inside the content over the object content-type', () => {
    const bytes = encodeSingleByte(html('<meta charset="iso-8859-6">', ARABIC), 'iso-8859-6');
    const doc = only(bytes, { 'content-type': 'text/html; charset=windows-1256' });
    expect(doc).toMatchObject({ charset: 'iso-8859-6', charsetSource: 'declared' });
    expect(doc.body).toContain(ARABIC);
  });

  it('honours the charset of the object content-type when the content declares none', () => {
    const doc = only(encodeSingleByte(FRENCH, 'windows-1252'), { 'content-type': 'text/plain; charset="ISO-8859-1"' });
    expect(doc).toMatchObject({ charset: 'windows-1252', charsetSource: 'metadata', body: FRENCH });
  });

  it('reads valid UTF-8 as UTF-8 even when a stale meta tag says windows-1256', () => {
    const doc = only(utf8(html('<meta charset="windows-1256">', ARABIC)));
    expect(doc.charset).toBe('utf-8');
    expect(doc.body).toContain(ARABIC);
  });

  it('ignores a UTF-8 label on bytes that are windows-1256', () => {
    const doc = only(encodeSingleByte(html('<meta charset="utf-8">', ARABIC), 'windows-1256'));
    expect(doc).toMatchObject({ charset: 'windows-1256', charsetSource: 'detected' });
    expect(doc.body).toContain(ARABIC);
  });

  it('ignores an unknown charset label', () => {
    const doc = only(utf8(ARABIC), { 'content-type': 'text/plain; charset=klingon-42' });
    expect(doc).toMatchObject({ charset: 'utf-8', charsetSource: 'detected', body: ARABIC });
  });
});

describe('detection without any declaration', () => {
  it('detects windows-1256 Arabic', () => {
    const doc = only(encodeSingleByte(ARABIC, 'windows-1256'));
    expect(doc).toMatchObject({ charset: 'windows-1256', charsetSource: 'detected', body: ARABIC });
  });

  it('detects ISO-8859-6 Arabic', () => {
    const text = ARABIC.replace(/[،]/g, ','); // keep to letters both code pages share
    const doc = only(encodeSingleByte(text, 'iso-8859-6'));
    expect(doc).toMatchObject({ charset: 'iso-8859-6', body: text });
  });

  it('detects windows-1256 Arabic mixed with Latin brand names', () => {
    const text = 'قالت شركة Siemens إن مصنعها الجديد في المنطقة الصناعية سيوفر ألف وظيفة خلال العام المقبل.';
    expect(only(encodeSingleByte(text, 'windows-1256')).body).toBe(text);
  });

  it.each([FRENCH, FRENCH_CAPITALS])('detects windows-1252 French: %s', (text) => {
    const doc = only(encodeSingleByte(text, 'windows-1252'));
    expect(doc).toMatchObject({ charset: 'windows-1252', body: text });
  });

  it('maps windows-1252 punctuation in 0x80–0x9F (curly quotes, dashes)', () => {
    const text = 'The mayor’s office called it “a fresh start” – and promised more.';
    expect(only(encodeSingleByte(text, 'windows-1252'))).toMatchObject({ charset: 'windows-1252', body: text });
  });

  it('keeps mostly-UTF-8 text with a broken byte as UTF-8 with a replacement character', () => {
    const bytes = Buffer.concat([utf8(ARABIC), Buffer.from([0xc7, 0x20]), utf8(FRENCH)]);
    const doc = only(bytes);
    expect(doc.charset).toBe('utf-8');
    expect(doc.body).toBe(`${ARABIC}\uFFFD ${FRENCH}`);
  });

  it('reads an ASCII file with one stray Latin-1 byte as windows-1252', () => {
    expect(only(Buffer.from([...utf8('Caf'), 0xe9, ...utf8(' de la gare')])).body).toBe('Café de la gare');
  });

  it('removes NUL bytes from text', () => {
    const doc = only(Buffer.concat([utf8(FRENCH), Buffer.from([0, 0]), utf8(ENGLISH)]));
    expect(doc.body).toBe(`${FRENCH}${ENGLISH}`);
  });
});

describe('plausibility', () => {
  it('scores the right reading of windows-1256 bytes above the wrong ones', () => {
    const bytes = encodeSingleByte(ARABIC, 'windows-1256');
    const right = plausibility(decodeWith(bytes, 'windows-1256'));
    for (const wrong of ['windows-1252', 'iso-8859-6']) {
      expect(right).toBeGreaterThan(plausibility(decodeWith(bytes, wrong)));
    }
  });

  it('penalizes UTF-8 mojibake', () => {
    expect(plausibility('le cafÃ© de la gare')).toBeLessThan(plausibility('le café de la gare'));
  });
});
