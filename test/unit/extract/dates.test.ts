import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractEventDate, parseDate } from '../../../functions/core/extract/dates.ts';

const eventDate = (paragraphs: string[], reference: string | null, title: string | null = null) =>
  extractEventDate({ title, paragraphs, reference, language: null }).date;

describe('parseDate', () => {
  it.each([
    ['2020-01-07', '2020-01-07'],
    ['2020-01-07T14:12:00+00:00', '2020-01-07T14:12:00Z'],
    ['2020-01-07T16:12:00+0200', '2020-01-07T14:12:00Z'],
    ['2024-03-12 09:30:00', '2024-03-12T09:30:00Z'],
    ['Tue, 07 Jan 2020 14:12:00 GMT', '2020-01-07T14:12:00Z'],
    ['1578406320', '2020-01-07T14:12:00Z'],
    ['7 يناير 2020', '2020-01-07'],
    ['٧ كانون الثاني ٢٠٢٠', '2020-01-07'],
    ['January 7, 2020', '2020-01-07'],
    ['not a date', null],
    ['2020-02-30', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });
});

describe('extractEventDate', () => {
  it('reads "today (weekday)" against the reference, even deep in a quote, over future and background dates', () => {
    const paragraphs = [
      'وصل الرئيس إلى العاصمة في زيارة لم يعلن عنها مسبقا.',
      'وكان الرئيس قد زار البلاد في ديسمبر 2017 لفترة قصيرة.',
      'وسيزور الرئيس الأربعاء مدينة أخرى حيث يلتقي نظيره.',
      'وقال المتحدث إن "الرئيس أكد اليوم (الثلاثاء) أن العلاقات ممتازة".',
    ];
    // 2020-01-08 is a Wednesday: the Tuesday before is the 7th.
    expect(eventDate(paragraphs, '2020-01-08T06:00:00Z')).toBe('2020-01-07');
  });

  it('reads "today" followed by a weekday with diacritics in the lead', () => {
    expect(eventDate(['التقى الرّئيس، اليوم السّبت، وزير الدّفاع في العاصمة.'], '2016-06-18')).toBe('2016-06-18');
  });

  it('resolves an English weekday to the latest such day on or before the reference', () => {
    expect(eventDate(['Rebels seized the town on Tuesday, officials said.'], '2024-05-09T12:00:00Z')).toBe(
      '2024-05-07',
    );
  });

  it('reads yesterday and the day before yesterday', () => {
    expect(eventDate(['قتل ثلاثة أشخاص أمس في انفجار.'], '2023-02-10')).toBe('2023-02-09');
    expect(eventDate(['Flooding hit the city yesterday.'], '2023-02-10')).toBe('2023-02-09');
    expect(eventDate(['وقعت الحادثة أول أمس قرب الحدود.'], '2023-02-10')).toBe('2023-02-08');
  });

  it('reads absolute dates in both Arabic month systems and Arabic-Indic digits', () => {
    expect(eventDate(['وقعت الاتفاقية في ٣ آب/أغسطس ٢٠٢١ في العاصمة.'], null)).toBe('2021-08-03');
    expect(eventDate(['عقد الاجتماع في 15 تشرين الأول 2019.'], null)).toBe('2019-10-15');
    expect(eventDate(['The summit opened on March 4, 2022 in Geneva.'], null)).toBe('2022-03-04');
    expect(eventDate(['Le sommet s’est ouvert le 4 mars 2022 à Genève.'], null)).toBe('2022-03-04');
  });

  it('gives a day-month date the year that is not after the reference', () => {
    expect(eventDate(['وقعت الاشتباكات في 28 ديسمبر.'], '2021-01-03')).toBe('2020-12-28');
  });

  it('falls back to the reference day when the text names none, and to null without a reference', () => {
    expect(
      extractEventDate({ paragraphs: ['No date here.'], reference: '2022-05-05T10:00:00Z', language: 'en' }),
    ).toEqual({
      date: '2022-05-05',
      evidence: 'reference',
    });
    expect(eventDate(['No date here.'], null)).toBeNull();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.option(fc.date({ noInvalidDate: true })), (text, ref) => {
        extractEventDate({ paragraphs: [text], reference: ref ? ref.toISOString() : null, language: null });
        parseDate(text);
      }),
    );
  });
});
