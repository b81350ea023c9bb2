import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenTexts } from '../../../functions/core/extract/entities/tokenizer.ts';

const TOKEN = /[\p{L}\p{M}\p{N}\u0640]+(?:['’-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;
const byRegex = (text: string) => [...text.matchAll(TOKEN)].map((m) => m[0]);

describe('tokenTexts', () => {
  it('splits as the token pattern does', () => {
    expect(tokenTexts("قال الرئيس، بشار al-Assad O'Brien -- x'")).toEqual(
      byRegex("قال الرئيس، بشار al-Assad O'Brien -- x'"),
    );
    const pool = [..." \t\n\u00A0aZé\u0301١٢ـًالمدينة'’-—.,،«»()#", '\uD835\uDC00', '😀', '\uD800', '\uDC00', '\u200B'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 50 }), (chars) => {
        const text = chars.join('');
        expect(tokenTexts(text)).toEqual(byRegex(text));
      }),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(tokenTexts(text)).toEqual(byRegex(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('classes every UTF-16 unit as the pattern does', () => {
    for (let code = 0; code < 0x10000; code++) {
      const text = `a${String.fromCharCode(code)}b ${String.fromCharCode(code)}`;
      const tokens = tokenTexts(text);
      if (tokens.join('|') !== byRegex(text).join('|')) expect(tokens).toEqual(byRegex(text));
    }
  });
});
