import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arabicShare, asciiDigits, matchKey, tidyText, tokenize } from '../../../functions/core/text/normalize.ts';

describe('tidyText', () => {
  it('keeps Arabic letters and diacritics as written while collapsing spaces', () => {
    expect(tidyText('  التقى   الرّئيس\u00A0السّوريّ \t')).toBe('التقى الرّئيس السّوريّ');
  });

  it('removes bidi overrides and zero-width spaces but keeps ZWNJ', () => {
    expect(tidyText('a\u202Eb\u200Bc\u200Cd')).toBe('abc\u200Cd');
  });
});

describe('matchKey', () => {
  it('unifies alef forms, alef maqsura, taa marbuta, tatweel and diacritics', () => {
    expect(matchKey('إلى أحمد آمنة سوريّة الـــعربية')).toBe(matchKey('الي احمد امنه سوريه العربيه'));
  });

  it('maps Arabic-Indic digits to ASCII and lowercases Latin with accents removed', () => {
    expect(matchKey('٢٠٢٠ Élysée ۱۲')).toBe('2020 elysee 12');
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

describe('helpers', () => {
  it('converts digits and measures Arabic share', () => {
    expect(asciiDigits('٧ يناير')).toBe('7 يناير');
    expect(arabicShare('abc دمشق')).toBeCloseTo(4 / 7);
    expect(arabicShare('123')).toBe(0);
  });
});
