import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cosine,
  firstWords,
  leadCounts,
  leadFigures,
  recordOf,
  type Vector,
} from '../../../functions/core/dedupe/story-terms.ts';
import { wordForms } from '../../../functions/core/text/normalize.ts';

/** The definition: products over the first vector's terms, in its order, of the terms both vectors hold. */
function cosineByDefinition(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const term of Object.keys(a)) {
    const w = a[term] as number;
    na += w * w;
    if (Object.hasOwn(b, term)) dot += w * (b[term] as number);
  }
  for (const term of Object.keys(b)) nb += (b[term] as number) ** 2;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function randomVector(random: () => number, vocabulary: string[], size: number): Vector {
  const entries: [string, number][] = [];
  for (let i = 0; i < size; i++) {
    const term = vocabulary[Math.floor(random() * vocabulary.length)] as string;
    entries.push([term, Math.round(random() * 1_000) / 1_000]);
  }
  return Object.fromEntries(entries);
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('story vectors', () => {
  it('give the cosine of its definition to the last bit, whichever vectors meet', () => {
    const random = seeded(11);
    const vocabulary = Array.from({ length: 120 }, (_, i) => (i % 3 ? `term${i}` : `${1990 + i}`));
    const article = randomVector(random, vocabulary, 40);
    for (let i = 0; i < 300; i++) {
      const story = randomVector(random, vocabulary, 20 + (i % 45));
      expect(cosine(article, story)).toBe(cosineByDefinition(article, story));
      expect(cosine(story, article)).toBe(cosineByDefinition(story, article));
    }
  });

  it('read a word named like an object property as any other word', () => {
    const article: Vector = { constructor: 0.6, vote: 0.8 };
    expect(cosine(article, { vote: 1 })).toBeCloseTo(0.8, 12);
    expect(cosine({ vote: 1 }, article)).toBeCloseTo(0.8, 12);
    expect(cosine(article, { tostring: 1 })).toBe(0);
  });

  it('are built as plain objects with the keys and order Object.fromEntries gives', () => {
    const entries: [string, number][] = [
      ['مؤتمر', 0.5],
      ['2015', 0.25],
      ['summit', 0.125],
      ['7', 1],
      ['constructor', 2],
    ];
    const built = recordOf(entries);
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(JSON.stringify(built)).toBe(JSON.stringify(Object.fromEntries(entries)));
    expect(built).toStrictEqual(Object.fromEntries(entries));
  });
});

describe('lead terms', () => {
  it('counts the same lead terms from the paragraphs or from their known word forms', () => {
    const title = 'وزير الخارجية يزور القاهرة لبحث الأزمة';
    const paragraphs = [
      'وصل وزير الخارجيّة إلى القاهرة اليوم في زيارة تستمر يومين، يلتقي خلالها نظيره المصري.',
      'The minister’s visit follows talks in Geneva — «الجولة الثانية» — on the border crossing.',
      'ۀ ٵ 😀 and ΣΟΦΙΑ',
      'وقال المتحدث باسم الوزارة إن الزيارة تأتي في إطار التشاور المستمر بين البلدين حول الأزمة.',
      'A fifth paragraph is beyond the lead and never read.',
    ];
    const { forms } = wordForms(paragraphs);
    const fromText = leadCounts(title, paragraphs);
    expect([...leadCounts(title, paragraphs, forms)]).toEqual([...fromText]);
    expect(fromText.get('قاهر')).toBe(3);
    expect(fromText.has('fifth')).toBe(false);
  });
});

describe('lead figures', () => {
  it('keeps the pieces splitting on whitespace keeps, as written', () => {
    const piece = fc.constantFrom('12', 'الف', 'x', '', ' ', '\n', '\u00A0', '  ', '3.5', '١٢');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 12 }), (parts, count) => {
        const text = parts.join('');
        const kept = firstWords(text, count);
        expect(text.startsWith(kept)).toBe(true);
        expect(kept.split(/\s+/)).toEqual(text.split(/\s+/).slice(0, count));
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads the figures of the first 120 words of the headline and lead, years left out', () => {
    const filler = Array.from({ length: 130 }, () => 'كلمة').join(' ');
    expect(leadFigures('ارتفاع الأسعار ٣٫٥ في المئة', [`بلغ العجز 1,200 مليون في 2024`, `${filler} 77`])).toEqual([
      '3.5',
      '1200',
    ]);
  });
});
