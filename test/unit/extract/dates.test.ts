import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteMask } from '../../../functions/core/extract/date-context.ts';
import { MAY_ANY_RELATIVE, RELATIVE_PREFILTERS } from '../../../functions/core/extract/date-mentions.ts';
import { extractEventDate, parseDate } from '../../../functions/core/extract/dates.ts';

interface Scenario {
  name: string;
  reference: string | null;
  title?: string;
  paragraphs: string[];
  expected: string | null;
}

const scenarios = JSON.parse(
  readFileSync(new URL('../../fixtures/extract/event-dates.json', import.meta.url), 'utf8'),
) as Scenario[];

const eventDate = (paragraphs: string[], reference: string | null, title: string | null = null) =>
  extractEventDate({ title, paragraphs, reference, language: null }).date;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('parseDate', () => {
  it.each([
    ['2020-01-07', '2020-01-07'],
    ['2020/1/7', '2020-01-07'],
    ['20200107', '2020-01-07'],
    ['٢٠٢٠-٠١-٠٧', '2020-01-07'],
    ['2020-01-07T14:12:00+00:00', '2020-01-07T14:12:00Z'],
    ['2020-01-07T16:12:00+0200', '2020-01-07T14:12:00Z'],
    ['2020-01-07T17:12:00+03', '2020-01-07T14:12:00Z'],
    ['2020-01-07T14:12:00.250Z', '2020-01-07T14:12:00Z'],
    ['2020-01-07T09:12-05:00', '2020-01-07T14:12:00Z'],
    ['2024-03-12 09:30:00', '2024-03-12T09:30:00Z'],
    ['2020-01-07 14:12', '2020-01-07T14:12:00Z'],
    ['Tue, 07 Jan 2020 14:12:00 GMT', '2020-01-07T14:12:00Z'],
    ['07 Jan 2020 17:12:00 +0300', '2020-01-07T14:12:00Z'],
    ['Tuesday, January 7, 2020 at 9:12 AM EST', '2020-01-07T14:12:00Z'],
    ['1578406320', '2020-01-07T14:12:00Z'],
    ['1578406320000', '2020-01-07T14:12:00Z'],
    ['7 يناير 2020', '2020-01-07'],
    ['٧ كانون الثاني ٢٠٢٠', '2020-01-07'],
    ['الثلاثاء 07 يناير 2020 - 02:12 م', '2020-01-07T14:12:00Z'],
    ['نشر في: 7 أيلول 2021', '2021-09-07'],
    ['3 آب 2021', '2021-08-03'],
    ['January 7, 2020', '2020-01-07'],
    ['Jan. 7, 2020', '2020-01-07'],
    ['7 janvier 2020', '2020-01-07'],
    ['07/01/2020', '2020-01-07'],
    ['not a date', null],
    ['', null],
    ['2020', null],
    ['Posted on Tuesday', null],
    ['2020-02-30', null],
    ['2020-13-01T10:00:00Z', null],
    ['7 يناير 2020 وقتل فيه عشرة أشخاص', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it('reads back any day written in ISO, in Arabic or in English', () => {
    const arabicMonths = [
      'يناير',
      'فبراير',
      'مارس',
      'أبريل',
      'مايو',
      'يونيو',
      'يوليو',
      'أغسطس',
      'سبتمبر',
      'أكتوبر',
      'نوفمبر',
      'ديسمبر',
    ];
    const levantineMonths = [
      'كانون الثاني',
      'شباط',
      'آذار',
      'نيسان',
      'أيار',
      'حزيران',
      'تموز',
      'آب',
      'أيلول',
      'تشرين الأول',
      'تشرين الثاني',
      'كانون الأول',
    ];
    const englishMonths = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01'), max: new Date('2150-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          const day = iso.slice(0, 10);
          const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
          expect(parseDate(`${iso.slice(0, 19)}Z`)).toBe(`${iso.slice(0, 19)}Z`);
          expect(parseDate(day)).toBe(day);
          expect(parseDate(`${d} ${arabicMonths[m]} ${y}`)).toBe(day);
          expect(parseDate(`${d} ${levantineMonths[m]} ${y}`)).toBe(day);
          expect(parseDate(`${englishMonths[m]} ${d}, ${y}`)).toBe(day);
        },
      ),
    );
  });

  it('never throws and returns an ISO day, an ISO time or null', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseDate(text);
        expect(parsed === null || ISO_DAY.test(parsed) || ISO_SECONDS.test(parsed)).toBe(true);
      }),
    );
  });
});

describe('extractEventDate', () => {
  it.each(scenarios)('$name', ({ title, paragraphs, reference, expected }) => {
    expect(eventDate(paragraphs, reference, title ?? null)).toBe(expected);
  });

  it('prefers "today (weekday)" deep in a quotation over a planned visit and a background month', () => {
    const paragraphs = [
      'وصل رئيس الوزراء إلى الجزائر في زيارة لم يعلن عنها مسبقا.',
      'واستقبله الرئيس في المطار قبل أن يتوجها إلى القصر.',
      'وكان رئيس الوزراء قد زار البلاد في نوفمبر 2016 في إطار جولة إقليمية.',
      'وسيزور رئيس الوزراء الأربعاء مدينة وهران حيث يفتتح مصنعا.',
      'ونقل المتحدث عنه قوله إن "ما رأيناه اليوم (الثلاثاء) يؤكد متانة العلاقات بين البلدين".',
    ];
    // 2020-01-08 is a Wednesday: the Tuesday before is the 7th.
    expect(extractEventDate({ paragraphs, reference: '2020-01-08T06:00:00Z', language: 'ar' })).toEqual({
      date: '2020-01-07',
      evidence: 'الثلاثاء',
    });
  });

  it('reads "today" and the weekday after it, with shadda and other marks, as one day', () => {
    expect(eventDate(['زار الوزيرُ، اليومَ السّبت، مخيّمات اللاجئين في الشّمال.'], '2016-06-18')).toBe('2016-06-18');
    expect(eventDate(['افتتح الوزير اليوم (الأحد) المستشفى الجديد.'], '2021-05-11T08:00:00Z')).toBe('2021-05-09');
  });

  it('reads a weekday as the latest such day on or before the reference', () => {
    // 2024-05-09 is a Thursday.
    expect(eventDate(['Rebels seized the town on Tuesday, officials said.'], '2024-05-09T12:00:00Z')).toBe(
      '2024-05-07',
    );
    expect(eventDate(['Rebels seized the town on Thursday, officials said.'], '2024-05-09T12:00:00Z')).toBe(
      '2024-05-09',
    );
    expect(eventDate(['The deal was signed last Thursday.'], '2024-05-09T12:00:00Z')).toBe('2024-05-02');
    expect(eventDate(['وقعت الاتفاقية الخميس الماضي.'], '2024-05-09T12:00:00Z')).toBe('2024-05-02');
    expect(eventDate(['قصفت الطائرات القرية يوم الاثنين.'], '2024-05-09T12:00:00Z')).toBe('2024-05-06');
  });

  it('reads a weekday one day ahead when the reference is late in the UTC evening', () => {
    // 22:30 UTC on Tuesday is already Wednesday in the Middle East.
    expect(eventDate(['أعلن الجيش اليوم الأربعاء انتهاء العملية.'], '2020-01-07T22:30:00Z')).toBe('2020-01-08');
  });

  it('reads yesterday and the day before yesterday in three languages', () => {
    expect(eventDate(['قتل ثلاثة أشخاص أمس في انفجار.'], '2023-02-10')).toBe('2023-02-09');
    expect(eventDate(['Flooding hit the city yesterday.'], '2023-02-10')).toBe('2023-02-09');
    expect(eventDate(['La police a arrêté hier deux suspects.'], '2023-02-10')).toBe('2023-02-09');
    expect(eventDate(['وقعت الحادثة أول أمس قرب الحدود.'], '2023-02-10')).toBe('2023-02-08');
  });

  it('reads absolute dates without a reference but leaves relative ones unresolved', () => {
    expect(eventDate(['وقعت الاتفاقية في ٣ آب/أغسطس ٢٠٢١ في العاصمة.'], null)).toBe('2021-08-03');
    expect(eventDate(['The summit opened on March 4, 2022 in Geneva.'], null)).toBe('2022-03-04');
    expect(eventDate(['Le sommet s’est ouvert le 4 mars 2022 à Genève.'], null)).toBe('2022-03-04');
    expect(eventDate(['The summit opened on Tuesday in Geneva.'], null)).toBeNull();
  });

  it('does not read the word for father as August', () => {
    expect(eventDate(['قتل 3 أب في الحادث.'], null)).toBeNull();
  });

  it('gives a day and month the nearest year not after the reference, allowing a few days ahead', () => {
    expect(eventDate(['وقعت الاشتباكات في 28 ديسمبر.'], '2021-01-03')).toBe('2020-12-28');
    expect(eventDate(['تبدأ الانتخابات في 5 يناير.'], '2021-01-03')).toBe('2021-01-05');
  });

  it('falls back to the reference day when the text names none, and to null without a reference', () => {
    expect(
      extractEventDate({ paragraphs: ['No date here.'], reference: '2022-05-05T10:00:00Z', language: 'en' }),
    ).toEqual({ date: '2022-05-05', evidence: 'reference' });
    expect(extractEventDate({ paragraphs: ['No date here.'], reference: null, language: 'en' })).toEqual({
      date: null,
      evidence: null,
    });
  });

  it('never throws and returns a day or null on arbitrary text', () => {
    const arabicText = fc
      .array(
        fc.constantFrom('اليوم', 'أمس', 'الثلاثاء', '7', 'يناير', '2020', '(', '«', 'سيزور', 'منذ', ' ', '/', '-'),
        {
          maxLength: 30,
        },
      )
      .map((words) => words.join(' '));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), arabicText),
        fc.option(fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2199-12-31') })),
        (text, ref) => {
          const { date } = extractEventDate({
            title: text,
            paragraphs: [text, text],
            reference: ref ? ref.toISOString() : null,
            language: null,
          });
          expect(date === null || ISO_DAY.test(date)).toBe(true);
        },
      ),
    );
  });
});

describe('relative-date prefilter', () => {
  it('passes every text a relative pattern matches, and rules out text without a relative word', () => {
    // Texts with a match of each pattern, built from the pattern itself, amid other text.
    for (const pattern of RELATIVE_PREFILTERS) {
      fc.assert(
        fc.property(fc.stringMatching(pattern), (t) => {
          expect(MAY_ANY_RELATIVE.test(t)).toBe(true);
        }),
        { numRuns: 2_000 },
      );
    }
    expect(MAY_ANY_RELATIVE.test('وقال الرئيس في مؤتمر صحافي ان المفاوضات مستمره')).toBe(false);
    expect(MAY_ANY_RELATIVE.test('the minister said the talks would resume')).toBe(false);
    expect(MAY_ANY_RELATIVE.test('وقال الرئيس اليوم')).toBe(true);
  });
});

describe('quote mask', () => {
  it('marks the characters inside «», “”, straight quotes and Arabic single quotes', () => {
    expect([...quoteMask('قال «غدا» x')]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0]);
    expect([...quoteMask('he said “today” and "now"')].join('')).toBe('0000000011111100000011110');
    const piece = fc.constantFrom('«', '»', '“', '„', '”', '"', "'", 'ا', 'ب', 'a', ' ', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        const mask = quoteMask(text);
        expect(mask.length).toBe(text.length);
        // Inside a pair of guillemets nothing is left unmarked.
        const open = text.indexOf('«');
        const close = text.indexOf('»', open);
        if (open !== -1 && close !== -1) for (let i = open; i < close; i++) expect(mask[i]).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
