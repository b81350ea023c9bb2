import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapseDoubledText, findRepetitions } from '../../../functions/core/clean/repetition.ts';
import { wordKey } from '../../../functions/core/text/normalize.ts';

/** The definition: repeats by word key; then, in order, a paragraph whose padded key is in a longer kept one's. */
function repetitionsByDefinition(paragraphs: string[]) {
  const seen = new Set<string>();
  const verdicts = paragraphs.map((paragraph) => {
    const doubled = collapseDoubledText(paragraph);
    const text = doubled ?? paragraph;
    const key = wordKey(text);
    const repeated = key !== '' && seen.has(key);
    seen.add(key);
    return { text, key, reason: repeated ? 'repeated-paragraph' : null, collapsed: doubled !== null };
  });
  const kept = verdicts.map((v) => (v.reason ? '' : ` ${v.key} `));
  verdicts.forEach((v, i) => {
    const key = kept[i] ?? '';
    if (key.length < 42) return;
    if (kept.some((other, j) => j !== i && other.length > key.length && other.includes(key))) {
      Object.assign(v, { reason: 'contained-paragraph', collapsed: false });
      kept[i] = '';
    }
  });
  return verdicts.map(({ text, reason, collapsed }) => ({ text, reason, collapsed }));
}

/** The definition: the key's words are two equal halves of 3 words or more. */
function isDoubledByDefinition(text: string): boolean {
  const words = wordKey(text).split(' ');
  const half = words.length / 2;
  return (
    text.length >= 40 &&
    words.length >= 6 &&
    words.length % 2 === 0 &&
    words.slice(0, half).join(' ') === words.slice(half).join(' ')
  );
}

describe('findRepetitions', () => {
  it('removes a paragraph contained in a longer one', () => {
    const long = 'the minister said on Monday that the talks in Aleppo would resume next week after a pause';
    const verdicts = findRepetitions([long, 'minister said on Monday that the talks in Aleppo would resume']);
    expect(verdicts[1]?.reason).toBe('contained-paragraph');
  });

  it('decides as the definition: repeats, doubled paragraphs and whole-word containment', () => {
    const words = ['الرئيس', 'قال', 'في', 'حلب', 'the', 'minister', 'said', 'Monday', 'وزير', 'ministers', 'مدينة'];
    const sentence = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 14 }).map((w) => w.join(' '));
    // Groups of paragraphs: one alone, doubled, tripled, cut, or beside a longer one that holds it glued to other
    // letters (not as whole words) or as whole words.
    const group = fc.oneof(
      sentence.map((p) => [p]),
      sentence.map((p) => [`${p}. ${p}`]),
      sentence.map((p) => [`${p} ${p} ${p}`]),
      fc.tuple(sentence, fc.nat(6)).map(([p, cut]) => [p.split(' ').slice(cut).join(' ')]),
      sentence.map((p) => [p, `و${p} said`]),
      sentence.map((p) => [p, `Monday ${p}s`]),
      sentence.map((p) => [`Monday ${p} وزير`, p]),
    );
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 8 }), (groups) => {
        const paragraphs = groups.flat();
        for (const p of paragraphs) expect(collapseDoubledText(p) !== null).toBe(isDoubledByDefinition(p));
        expect(findRepetitions(paragraphs)).toEqual(repetitionsByDefinition(paragraphs));
      }),
      { numRuns: 2_000 },
    );
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
