import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalCharset,
  charsetFromContentType,
  declaredCharset,
  decodeBytes,
  decodeWith,
  isMostlyUtf8,
  utf8Stats,
} from '../../../functions/core/decode/charset.ts';
import { encodeSingleByte } from './encoding.ts';

// Vocabulary of our own for generated sentences; every word is encodable in windows-1256 and ISO-8859-6.
const ARABIC_WORDS =
  'أكدت البلدية أن أعمال صيانة الجسر ستنتهي قبل الشتاء وقال رئيس المجلس في مؤتمر صحفي إن الطريق سيبقى مغلقا أمام الشاحنات حتى نهاية الشهر المقبل بينما ارتفعت أسعار الخضار في الأسواق بسبب موجة الحر التي ضربت المناطق الزراعية وفاز المنتخب على نظيره بهدفين مقابل هدف'.split(
    ' ',
  );
const FRENCH_WORDS =
  "le conseil municipal a voté jeudi soir budget de l'année prochaine marqué par une hausse des dépenses consacrées aux écoles et à l'entretien routes après trois jours négociations syndicats ont trouvé un accord sur les salaires été fréquentation plages légèrement baissé où déjà très".split(
    ' ',
  );

const sentence = (words: string[], min: number) =>
  fc.array(fc.constantFrom(...words), { minLength: min, maxLength: 40 }).map((picked) => `${picked.join(' ')}.`);

describe('charset labels', () => {
  it('maps the usual aliases to the WHATWG names and drops unknown ones', () => {
    expect(canonicalCharset('latin1')).toBe('windows-1252');
    expect(canonicalCharset('ISO-8859-1')).toBe('windows-1252');
    expect(canonicalCharset('cp1256')).toBe('windows-1256');
    expect(canonicalCharset('"ASMO-708"')).toBe('iso-8859-6');
    expect(canonicalCharset(' UTF8 ')).toBe('utf-8');
    expect(canonicalCharset('klingon-42')).toBeNull();
    expect(canonicalCharset('')).toBeNull();
  });

  it('reads the charset parameter of a content-type, quoted or bare', () => {
    expect(charsetFromContentType('text/html; charset="windows-1256"')).toBe('windows-1256');
    expect(charsetFromContentType('text/plain;charset=iso-8859-6')).toBe('iso-8859-6');
    expect(charsetFromContentType('charset=utf-8')).toBe('utf-8');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(charsetFromContentType('text/html; x-charset=utf-8')).toBeNull();
    expect(charsetFromContentType(undefined)).toBeNull();
  });

  it('finds a meta charset after a long run of scripts in the head', () => {
    const head = `<html><head><script>${'var a = 1;\n'.repeat(2000)}</script><meta charset="windows-1256"></head>`;
    expect(declaredCharset(Buffer.from(head))).toBe('windows-1256');
  });

  it('reads http-equiv meta tags whatever the attribute order', () => {
    const tag = '<META CONTENT="text/html; charset=ISO-8859-6" HTTP-EQUIV="Content-Type">';
    expect(declaredCharset(Buffer.from(`<html><head>${tag}</head>`))).toBe('iso-8859-6');
  });

  it('reads the XML declaration and treats a UTF-16 label on ASCII bytes as UTF-8', () => {
    expect(declaredCharset(Buffer.from('<?xml version="1.0" encoding="windows-1256"?><rss/>'))).toBe('windows-1256');
    expect(declaredCharset(Buffer.from('<meta charset="utf-16"><p>x</p>'))).toBe('utf-8');
  });

  it('skips meta tags without a usable charset and stops at the first usable one', () => {
    const html = '<meta name="viewport" content="width=device-width"><meta charset="bogus"><meta charset="cp1252">';
    expect(declaredCharset(Buffer.from(html))).toBe('windows-1252');
    expect(declaredCharset(Buffer.from('<meta '.repeat(20_000)))).toBeNull();
  });
});

describe('UTF-8 well-formedness', () => {
  it('counts good multi-byte sequences and broken bytes', () => {
    expect(utf8Stats(Buffer.from('plain ascii'))).toEqual({ multibyte: 0, invalid: 0 });
    expect(utf8Stats(Buffer.from('café مرحبا 😀'))).toEqual({ multibyte: 7, invalid: 0 });
    expect(utf8Stats(Buffer.from([0xc3]))).toEqual({ multibyte: 0, invalid: 1 });
  });

  it('refuses what the UTF-8 decoder refuses: overlongs, surrogates, code points past U+10FFFF', () => {
    expect(utf8Stats(Buffer.from([0xc0, 0x80])).invalid).toBe(2);
    expect(utf8Stats(Buffer.from([0xe0, 0x80, 0x80])).multibyte).toBe(0);
    expect(utf8Stats(Buffer.from([0xed, 0xa0, 0x80])).multibyte).toBe(0);
    expect(utf8Stats(Buffer.from([0xf4, 0x90, 0x80, 0x80])).multibyte).toBe(0);
    expect(utf8Stats(Buffer.from([0xf4, 0x8f, 0xbf, 0xbf])).multibyte).toBe(1);
  });

  it('agrees with the decoder on arbitrary bytes about validity', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const valid = !decodeWith(bytes, 'utf-8').includes('\uFFFD');
        expect(utf8Stats(bytes).invalid === 0).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('calls UTF-8 with one broken byte per four good sequences mostly UTF-8, and no worse', () => {
    expect(isMostlyUtf8({ multibyte: 4, invalid: 1 })).toBe(true);
    expect(isMostlyUtf8({ multibyte: 3, invalid: 1 })).toBe(false);
    expect(isMostlyUtf8({ multibyte: 0, invalid: 0 })).toBe(true);
  });
});

describe('windows-1252 decoding', () => {
  it('maps the 0x80–0x9F row to punctuation and keeps the unassigned bytes', () => {
    expect(decodeWith(Buffer.from([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99]), 'windows-1252')).toBe(
      '€…‘’“”–—™',
    );
    expect(decodeWith(Buffer.from([0x81, 0x8d]), 'windows-1252')).toBe('\u0081\u008D');
  });
});

describe('labels the bytes refute', () => {
  const arabic = 'قال المتحدث باسم الحكومة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة';

  it('reads an Arabic page served with a server-default ISO-8859-1 content-type as windows-1256', () => {
    const decoded = decodeBytes(encodeSingleByte(arabic, 'windows-1256'), 'text/html; charset=ISO-8859-1');
    expect(decoded).toMatchObject({ text: arabic, charset: 'windows-1256', source: 'detected' });
  });

  it('reads ISO-8859-6 bytes labelled windows-1256 as ISO-8859-6', () => {
    const decoded = decodeBytes(encodeSingleByte(arabic, 'iso-8859-6'), 'text/plain; charset=windows-1256');
    expect(decoded).toMatchObject({ text: arabic, charset: 'iso-8859-6' });
  });

  it('keeps a legacy label whose reading is fine', () => {
    const french = "L'été à Paris, où il fait très chaud.";
    const decoded = decodeBytes(encodeSingleByte(french, 'windows-1252'), 'text/plain; charset=windows-1256');
    expect(decoded).toMatchObject({ text: french, charset: 'windows-1256', source: 'metadata' });
  });

  it('ignores a UTF-16 label on bytes without a single NUL', () => {
    expect(decodeBytes(Buffer.from('plain ascii text'), 'text/plain; charset=utf-16')).toMatchObject({
      text: 'plain ascii text',
      charset: 'utf-8',
    });
  });

  it('reads UTF-8 with a stray byte as UTF-8 despite a stale windows-1256 meta', () => {
    const page = Buffer.concat([Buffer.from(`<meta charset="windows-1256"><p>${arabic}`), Buffer.from([0xff, 0x3c])]);
    const decoded = decodeBytes(page);
    expect(decoded.charset).toBe('utf-8');
    expect(decoded.text).toContain(`${arabic}\uFFFD<`);
  });
});

describe('detection', () => {
  it('finds windows-1256 Arabic after kilobytes of ASCII scripts', () => {
    const arabic = 'أعلنت البلدية عن افتتاح الحديقة العامة الجديدة في وسط المدينة';
    const page = `<html><head><script>${'let n = 0;\n'.repeat(9000)}</script></head><body><p>${arabic}</p></body></html>`;
    const decoded = decodeBytes(encodeSingleByte(page, 'windows-1256'));
    expect(decoded.charset).toBe('windows-1256');
    expect(decoded.text).toContain(arabic);
  });

  it('reads UTF-8 with good sequences and one stray byte as UTF-8, not windows-1252 mojibake', () => {
    const bytes = Buffer.concat([Buffer.from('Hello café naïve '), Buffer.from([0xe9]), Buffer.from(' world')]);
    expect(decodeBytes(bytes)).toMatchObject({ charset: 'utf-8', text: 'Hello café naïve \uFFFD world' });
  });

  it('does not read a lone accented French letter as an Arabic letter', () => {
    const text = 'é un accord sur les salaires';
    expect(decodeBytes(encodeSingleByte(text, 'windows-1252'))).toMatchObject({ charset: 'windows-1252', text });
  });

  it('labels curly-quoted English windows-1252 rather than windows-1256', () => {
    const text = 'He said “yes” – twice.';
    expect(decodeBytes(encodeSingleByte(text, 'windows-1252'))).toMatchObject({ charset: 'windows-1252', text });
  });

  // Ten words at least: in a few words both code pages can read as Arabic ("أكدت" in ISO-8859-6 reads
  // "أمدت" in windows-1256), and detection is a matter of evidence.
  it.each(['windows-1256', 'iso-8859-6'])('round-trips generated Arabic sentences in %s', (charset) => {
    fc.assert(
      fc.property(sentence(ARABIC_WORDS, 10), (text) => {
        expect(decodeBytes(encodeSingleByte(text, charset)).text).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips generated French sentences in windows-1252', () => {
    fc.assert(
      fc.property(sentence(FRENCH_WORDS, 4), (text) => {
        expect(decodeBytes(encodeSingleByte(text, 'windows-1252')).text).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps damaged UTF-8 as UTF-8 when it has far more good sequences than broken bytes', () => {
    fc.assert(
      fc.property(
        sentence([...ARABIC_WORDS, ...FRENCH_WORDS], 8),
        fc.nat(),
        fc.constantFrom(0x80, 0xa9, 0xc3, 0xd8, 0xe9, 0xff),
        (text, at, stray) => {
          const bytes = Buffer.from(text);
          const cut = at % bytes.length;
          const damaged = Buffer.concat([bytes.subarray(0, cut), Buffer.from([stray]), bytes.subarray(cut)]);
          fc.pre(utf8Stats(damaged).multibyte >= 4);
          expect(decodeBytes(damaged).charset).toBe('utf-8');
        },
      ),
      { numRuns: 300 },
    );
  });
});
