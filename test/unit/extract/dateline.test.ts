import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractDateline, parseDateline } from '../../../functions/core/extract/dateline.ts';
import { wordKey } from '../../../functions/core/text/normalize.ts';

describe('parseDateline', () => {
  it.each([
    ['ا ف ب (دمشق)', { agency: 'AFP', place: 'دمشق' }, ''],
    ['أ.ف.ب (بغداد)', { agency: 'AFP', place: 'بغداد' }, ''],
    [
      'DAMASCUS (Reuters) - Syrian troops advanced on Monday.',
      { agency: 'Reuters', place: 'Damascus' },
      'Syrian troops advanced on Monday.',
    ],
    ['PARIS, Jan 5 (AFP) - The government fell.', { agency: 'AFP', place: 'Paris' }, 'The government fell.'],
    [
      'بيروت - رويترز: قال مسؤولون إن المحادثات فشلت.',
      { agency: 'Reuters', place: 'بيروت' },
      'قال مسؤولون إن المحادثات فشلت.',
    ],
    ['القدس المحتلة/ وفا- أصيب ثلاثة شبان.', { agency: 'WAFA', place: 'القدس المحتلة' }, 'أصيب ثلاثة شبان.'],
    ['الرياض – واس: وصل ولي العهد إلى جدة.', { agency: 'SPA', place: 'الرياض' }, 'وصل ولي العهد إلى جدة.'],
    ['القاهرة (أ ش أ) - أعلنت الحكومة خطة جديدة.', { agency: 'MENA', place: 'القاهرة' }, 'أعلنت الحكومة خطة جديدة.'],
    [
      '(AP) — WASHINGTON — Lawmakers voted late Friday.',
      { agency: 'AP', place: 'Washington' },
      'Lawmakers voted late Friday.',
    ],
    ['رويترز', { agency: 'Reuters', place: null }, ''],
  ])('reads %s', (text, dateline, rest) => {
    expect(parseDateline(text)).toEqual({ dateline, rest });
  });

  it.each([
    'بيروت - قال مسؤولون إن المحادثات فشلت.',
    'Paris (France) is the capital.',
    'في زيارة مفاجئة، التقى الرئيس اليوم (الثلاثاء) نظيره في العاصمة.',
    'وأفادت وكالة الأنباء الرسمية (سانا) أن الرئيس استقبل الوفد.',
  ])('does not take an ordinary sentence for a dateline: %s', (text) => {
    expect(parseDateline(text)).toBeNull();
  });
});

describe('extractDateline', () => {
  it('removes a dateline-only line and keeps the body', () => {
    const result = extractDateline(['ا ف ب (دمشق)', 'التقى الرئيس وفدا روسيا.', 'وتابع الوفد جولته.']);
    expect(result.dateline).toEqual({ agency: 'AFP', place: 'دمشق' });
    expect(result.paragraphs).toEqual(['التقى الرئيس وفدا روسيا.', 'وتابع الوفد جولته.']);
  });

  it('leaves articles without a dateline untouched', () => {
    const paragraphs = ['The council met on Monday.', 'It approved the budget.'];
    expect(extractDateline(paragraphs)).toEqual({ dateline: null, paragraphs });
  });

  it('never throws and never adds words', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 4 }), (paragraphs) => {
        const source = wordKey(paragraphs.join(' '));
        const result = extractDateline(paragraphs);
        expect(source).toContain(wordKey(result.paragraphs.join(' ')));
      }),
    );
  });
});
