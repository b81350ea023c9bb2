import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRepetitions } from '../../../functions/core/clean/repetition.ts';

describe('findRepetitions', () => {
  it('removes a paragraph contained in a longer one', () => {
    const long = 'the minister said on Monday that the talks in Aleppo would resume next week after a pause';
    const verdicts = findRepetitions([long, 'minister said on Monday that the talks in Aleppo would resume']);
    expect(verdicts[1]?.reason).toBe('contained-paragraph');
  });

  it('gives the same verdicts with and without the word-set shortcut', () => {
    const words = ['الرئيس', 'قال', 'في', 'مدينة', 'حلب', 'اليوم', 'the', 'minister', 'said', 'on', 'Monday', 'وزير'];
    const sentence = fc.array(fc.constantFrom(...words), { minLength: 3, maxLength: 16 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 40 }), (base) => {
        // Inner parts of some paragraphs, which the longer ones contain.
        const paragraphs = base.flatMap((p, i) => (i % 3 === 0 ? [p, p.split(' ').slice(1, -1).join(' ')] : [p]));
        expect(findRepetitions(paragraphs, [], 0)).toEqual(findRepetitions(paragraphs, [], Number.POSITIVE_INFINITY));
      }),
      { numRuns: 500 },
    );
  });
});
