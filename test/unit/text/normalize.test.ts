import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arabicShare,
  asciiDigits,
  countWords,
  DECOMPOSITION_DEPENDENT,
  hasWordKey,
  matchKey,
  matchKeyAndWords,
  matchKeyByRegex,
  tidyText,
  tokenize,
  wordForm,
  wordForms,
  wordKey,
} from '../../../functions/core/text/normalize.ts';

describe('tidyText', () => {
  it('keeps Arabic letters and diacritics as written while collapsing spaces', () => {
    expect(tidyText('  التقى   الرّئيس\u00A0السّوريّ \t')).toBe('التقى الرّئيس السّوريّ');
  });

  it('tidies as the whole set of steps does', () => {
    const bySteps = (text: string) =>
      text
        .normalize('NFC')
        .replace(/[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g, '')
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
        .replace(/[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
        .trim();
    const pool = [...' \t\n\u00A0\u2003\u3000\u200B\u0007ab\u0301é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        expect(tidyText(text)).toBe(bySteps(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it('removes bidi overrides and zero-width spaces but keeps ZWNJ', () => {
    expect(tidyText('a\u202Eb\u200Bc\u200Cd')).toBe('abc\u200Cd');
  });
});

/** The definition of the word tokens: letter and number runs of the match form. */
const tokensByRegex = (text: string) => matchKeyByRegex(text).match(/[\p{L}\p{N}]+/gu) ?? [];

describe('matchKey', () => {
  it('unifies alef forms, alef maqsura, taa marbuta, tatweel and diacritics', () => {
    expect(matchKey('إلى أحمد آمنة سوريّة الـــعربية')).toBe(matchKey('الي احمد امنه سوريه العربيه'));
  });

  it('maps Arabic-Indic digits to ASCII and lowercases Latin with accents removed', () => {
    expect(matchKey('٢٠٢٠ Élysée ۱۲')).toBe('2020 elysee 12');
  });

  it('gives the same key as the whole-string steps for every UTF-16 unit, alone and in context', () => {
    const contexts = (c: string) => [
      c,
      `Ab ${c}x`,
      ` ${c}${c} `,
      `ق${c} ب`,
      `\u2014${c}\u00A0A\u0301b `,
      `${c}\u0651 \u200B ${c}`,
    ];
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      for (const text of contexts(c)) {
        if (matchKey(text) !== matchKeyByRegex(text)) expect(matchKey(text)).toBe(matchKeyByRegex(text));
        const tokens = tokensByRegex(text);
        if (tokenize(text).join('|') !== tokens.join('|')) expect(tokenize(text)).toEqual(tokens);
        if (wordKey(text) !== tokens.join(' ')) expect(wordKey(text)).toBe(tokens.join(' '));
      }
    }
  });

  it('gives the same key as the whole-string steps on any text', () => {
    const pool = [
      ...' \t\n\u00A0\u2003\u200B\u200FaZÉé\u0301ΣσςΟΔΟΣİ١٩۵أإآؤئىةٱـًّالمدينةlaïque—’…\uFDFA\uFB50\u0675\u06C0ﻻ½ﬁ',
      '😀',
      '\uD835\uDC00',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(matchKey(text)).toBe(matchKeyByRegex(text));
        expect(tokenize(text)).toEqual(tokensByRegex(text));
        expect(wordKey(text)).toBe(tokensByRegex(text).join(' '));
        expect(countWords(text)).toBe(tokensByRegex(text).length);
      }),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(matchKey(text)).toBe(matchKeyByRegex(text));
        expect(tokenize(text)).toEqual(tokensByRegex(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives the match form and the word count of the whole-string steps in one pass, before or after the words are known', () => {
    const pool = [
      ...' \t\n\u00A0\u2003\u200B\u200FaZÉé\u0301ΣσςΟΔΟΣİ١٩۵أإآؤئىةٱـًّالمدينةlaïque—’…\uFDFA\uFB50\u0675\u06C0ﻻ½ﬁ,.«»',
      '😀',
      '\uD835\uDC00',
    ];
    let round = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 40 }), (chars) => {
        // A marker per run keeps each text new to the memo of words, so the one-pass fold is what answers.
        const text = `${round++} ${chars.join('')}`;
        const expected = { key: matchKeyByRegex(text), words: tokensByRegex(text).length };
        expect(matchKeyAndWords(text)).toEqual(expected);
        expect(wordKey(text)).toBe(tokensByRegex(text).join(' '));
        expect(matchKeyAndWords(text)).toEqual(expected);
      }),
      { numRuns: 5_000 },
    );
  });
});

/**
 * Texts of units the fold treats apart: spaces, marks, Greek sigma, Arabic hamza carriers, ligatures, units
 * that fold otherwise inside a decomposed text (ٵ ۀ ۓ), astral characters, punctuation.
 */
function foldedText(maxLength: number) {
  const pool = [
    ...' \t\n\u00A0\u2003\u200B\u200FaZÉé\u0301ΣσςΟΔΟΣİ١٩۵أإآؤئىةٱـًّالمدينةlaïque—’…\uFDFA\uFB50ﻻ½ﬁ,.«»',
    '\u0675',
    '\u06C0',
    '\u06D3',
    '😀',
    '\uD835\uDC00',
  ];
  return fc.array(fc.constantFrom(...pool), { maxLength }).map((chars) => chars.join(''));
}

describe('wordForms', () => {
  it('folds each text as alone and the texts joined by line breaks as one text', () => {
    const text = foldedText(20);
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (texts) => {
        const { forms, joined } = wordForms(texts);
        expect(forms).toEqual(texts.map((t) => tokensByRegex(t).join(' ')));
        expect(joined).toBe(tokensByRegex(texts.join('\n')).join(' '));
      }),
      { numRuns: 5_000 },
    );
  });

  it('lists every unit that folds otherwise inside a text that needs decomposition', () => {
    // A text of the ASCII and basic Arabic blocks is folded without decomposition; beside "é" it is decomposed.
    const outside = /[^\u0000-\u007F\u0600-\u06FF\s\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
    const dependent: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      if (outside.test(c) || (code >= 0xd800 && code <= 0xdfff)) continue;
      if (wordForm(`${c} é`) !== [wordForm(c), 'e'].filter(Boolean).join(' ')) dependent.push(c);
    }
    expect(dependent.length).toBeGreaterThan(0);
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      expect(DECOMPOSITION_DEPENDENT.test(c)).toBe(dependent.includes(c));
    }
  });
});

describe('hasWordKey', () => {
  it('says whether a text has a given word key as comparing whole word keys does', () => {
    const text = foldedText(30);
    let round = 0;
    fc.assert(
      fc.property(text, text, fc.nat(40), (a, b, cut) => {
        // A marker per run keeps each text new to the memo of words, so the comparison itself answers.
        const fresh = `${round++}${a}`;
        const own = tokensByRegex(fresh).join(' ');
        const keys = [own, own.slice(0, cut), `${own} x`, `${own} `, tokensByRegex(`${round}${b}`).join(' '), ''];
        for (const key of keys) expect(hasWordKey(fresh, key)).toBe(own === key);
      }),
      { numRuns: 5_000 },
    );
  });

  it('tells a repeated headline from a paragraph that only starts like it', () => {
    const title = wordKey('وزير الخارجية يزور القاهرة');
    expect(hasWordKey('وزيرُ الخارجيّة  يزور القاهرة.', title)).toBe(true);
    expect(hasWordKey('وزير الخارجية يزور القاهرة غدا', title)).toBe(false);
    expect(hasWordKey('وزير الخارجية', title)).toBe(false);
  });
});

describe('tokenize', () => {
  it('splits Arabic on letters, not on diacritics', () => {
    expect(tokenize('التقى الرّئيس، السّوريّ!')).toEqual(['التقي', 'الرييس', 'السوري']);
  });

  it('never throws and yields only letter/number tokens', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        for (const token of tokenize(s)) expect(token).toMatch(/^[\p{L}\p{N}]+$/u);
      }),
    );
  });
});

describe('arabicShare', () => {
  it('counts as the letter and Arabic-range regexes do', () => {
    const byRegex = (text: string) => {
      const letters = text.match(/\p{L}/gu)?.length ?? 0;
      const arabic =
        text.match(/[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g)
          ?.length ?? 0;
      return letters === 0 ? 0 : arabic / letters;
    };
    const pool = [...'ab اليوم ١٢ ۀ ﷺ ﻻ \uFEFF٫ـً é', '\uD835\uDC00', '😀', '\uD800', '\uDC00'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        expect(arabicShare(text)).toBe(byRegex(text));
      }),
      { numRuns: 3_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(arabicShare(text)).toBe(byRegex(text));
      }),
    );
  });
});

describe('helpers', () => {
  it('converts digits and measures Arabic share', () => {
    expect(asciiDigits('٧ يناير')).toBe('7 يناير');
    expect(arabicShare('abc دمشق')).toBeCloseTo(4 / 7);
    expect(arabicShare('123')).toBe(0);
  });
});
