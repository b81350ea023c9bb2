import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agencyName } from '../../../functions/core/extract/agencies.ts';
import { extractDateline, parseDateline } from '../../../functions/core/extract/dateline.ts';

describe('agencyName', () => {
  it.each([
    ['ا ف ب', 'AFP'],
    ['أ ف ب', 'AFP'],
    ['أ.ف.ب', 'AFP'],
    ['أ. ف. ب.', 'AFP'],
    ['فرانس برس', 'AFP'],
    ['وكالة فرانس برس', 'AFP'],
    ['فرانس-برس', 'AFP'],
    ['Agence France-Presse', 'AFP'],
    ['رويترز', 'Reuters'],
    ['Reuters', 'Reuters'],
    ['أ ب', 'AP'],
    ['أسوشيتد برس', 'AP'],
    ['اسوشيتدبرس', 'AP'],
    ['د ب أ', 'DPA'],
    ['د.ب.أ', 'DPA'],
    ['dpa', 'DPA'],
    ['أ ش أ', 'MENA'],
    ['الأناضول', 'Anadolu'],
    ['شينخوا', 'Xinhua'],
    ['سانا', 'SANA'],
    ['وفا', 'WAFA'],
    ['واس', 'SPA'],
    ['وام', 'WAM'],
    ['قنا', 'QNA'],
    ['كونا', 'KUNA'],
    ['بترا', 'Petra'],
    ['إرنا', 'IRNA'],
    ['ارنا', 'IRNA'],
    ['TASS', 'TASS'],
    ['ريا نوفوستي', 'RIA'],
    ['EFE', 'EFE'],
    ['ANSA', 'ANSA'],
    ['Kyodo', 'Kyodo'],
    ['Bloomberg', 'Bloomberg'],
    ['UPI', 'UPI'],
  ])('%s → %s', (spelling, name) => {
    expect(agencyName(spelling)).toBe(name);
  });

  it('wants Latin acronyms in capitals and rejects other words', () => {
    expect(agencyName('ap')).toBeNull();
    expect(agencyName('Map')).toBeNull();
    expect(agencyName('بيروت')).toBeNull();
    expect(agencyName('Reuters/Ipsos')).toBeNull();
  });
});

describe('parseDateline', () => {
  it.each([
    ['ا ف ب (بيروت)', { agency: 'AFP', place: 'بيروت' }, ''],
    ['أ.ف.ب (الموصل)', { agency: 'AFP', place: 'الموصل' }, ''],
    [
      'AMMAN (Reuters) - Jordan raised fuel prices on Monday.',
      { agency: 'Reuters', place: 'Amman' },
      'Jordan raised fuel prices on Monday.',
    ],
    ['NEW YORK (Reuters) - Stocks fell.', { agency: 'Reuters', place: 'New York' }, 'Stocks fell.'],
    ['ROME, March 3 (AFP) - The coalition split.', { agency: 'AFP', place: 'Rome' }, 'The coalition split.'],
    ['BEIRUT, Lebanon (AP) — Banks reopened.', { agency: 'AP', place: 'Beirut' }, 'Banks reopened.'],
    ['GAZA CITY/TEL AVIV (Reuters) - Sirens sounded.', { agency: 'Reuters', place: 'Gaza City' }, 'Sirens sounded.'],
    ['TUNIS, Jan. 9 (Xinhua) -- Voters queued.', { agency: 'Xinhua', place: 'Tunis' }, 'Voters queued.'],
    ['(AP) — CAIRO — Prices rose.', { agency: 'AP', place: 'Cairo' }, 'Prices rose.'],
    ['(Reuters) - Oil rose.', { agency: 'Reuters', place: null }, 'Oil rose.'],
    ['Berlin (dpa) - Der Zug fiel aus.', { agency: 'DPA', place: 'Berlin' }, 'Der Zug fiel aus.'],
    ['عمان - رويترز: رفعت الحكومة الأسعار.', { agency: 'Reuters', place: 'عمان' }, 'رفعت الحكومة الأسعار.'],
    ['حلب - سانا', { agency: 'SANA', place: 'حلب' }, ''],
    ['حمص-سانا', { agency: 'SANA', place: 'حمص' }, ''],
    ['طرابلس ـ رويترز: أعلن المجلس', { agency: 'Reuters', place: 'طرابلس' }, 'أعلن المجلس'],
    ['مَسْقَط — العُمانية: افتتح الوزير', { agency: 'ONA', place: 'مَسْقَط' }, 'افتتح الوزير'],
    ['رام الله/ وفا- اعتقلت القوات شابين.', { agency: 'WAFA', place: 'رام الله' }, 'اعتقلت القوات شابين.'],
    ['جدة – واس: افتتح الأمير المعرض.', { agency: 'SPA', place: 'جدة' }, 'افتتح الأمير المعرض.'],
    ['الإسكندرية (أ ش أ) - شهدت المدينة أمطارا.', { agency: 'MENA', place: 'الإسكندرية' }, 'شهدت المدينة أمطارا.'],
    ['الكويت - 3 - 2 (كونا) -- أقر المجلس', { agency: 'KUNA', place: 'الكويت' }, 'أقر المجلس'],
    ['إربد 4 شباط (بترا)- افتتح المحافظ', { agency: 'Petra', place: 'إربد' }, 'افتتح المحافظ'],
    ['دبي في 12 مارس / وام / أطلقت الهيئة', { agency: 'WAM', place: 'دبي' }, 'أطلقت الهيئة'],
    ['إسطنبول/ أحمد علي/ الأناضول', { agency: 'Anadolu', place: 'إسطنبول' }, ''],
    [
      'جدة 3 رجب 1445 هـ الموافق 15 يناير 2024 م واس دشن الوزير مشروعا',
      { agency: 'SPA', place: 'جدة' },
      'دشن الوزير مشروعا',
    ],
    ['أ ف ب - قتل جنديان', { agency: 'AFP', place: null }, 'قتل جنديان'],
    ['(رويترز)', { agency: 'Reuters', place: null }, ''],
    ['شينخوا', { agency: 'Xinhua', place: null }, ''],
    ['الخرطوم - «التيار»: تظاهر المئات', { agency: 'التيار', place: 'الخرطوم' }, 'تظاهر المئات'],
    ['بغداد - وكالات: انفجرت عبوة', { agency: null, place: 'بغداد' }, 'انفجرت عبوة'],
    ['LONDON — The strike spread.', { agency: null, place: 'London' }, 'The strike spread.'],
  ])('reads %s', (text, dateline, rest) => {
    expect(parseDateline(text)).toEqual({ dateline, rest });
  });

  it.each([
    'بيروت - قال مسؤولون إن المحادثات فشلت.',
    'عمان: الحكومة ترفع الأسعار',
    'London (England) is large.',
    'The minister (AP) - said',
    'في خطوة مفاجئة، استقبل الرئيس اليوم (الأحد) وفدا تجاريا.',
    'وأفادت وكالة الأنباء الرسمية (سانا) أن الوزير وصل.',
    'وقالت وكالة الأنباء الرسمية (سانا): إن الوزير وصل.',
    'الوزير في حلب (سانا)',
    'UPDATE 1-Oil extends gains',
    'EXCLUSIVE — Talks stall',
    'TALKS COLLAPSE IN VIENNA — REPORT',
    'Officials said on Monday - before the vote - that',
  ])('does not take an ordinary sentence for a dateline: %s', (text) => {
    expect(parseDateline(text)).toBeNull();
  });
});

describe('extractDateline', () => {
  it('drops a dateline-only first line and keeps the body', () => {
    const result = extractDateline(['ا ف ب (حماة)', 'افتتح المحافظ جسرا جديدا.', 'وحضر الافتتاح مسؤولون.']);
    expect(result.dateline).toEqual({ agency: 'AFP', place: 'حماة' });
    expect(result.paragraphs).toEqual(['افتتح المحافظ جسرا جديدا.', 'وحضر الافتتاح مسؤولون.']);
  });

  it('drops a dateline-only second line', () => {
    const result = extractDateline(['مراسلنا في الشمال', 'حلب - سانا', 'افتتح المحافظ جسرا جديدا.']);
    expect(result.dateline).toEqual({ agency: 'SANA', place: 'حلب' });
    expect(result.paragraphs).toEqual(['مراسلنا في الشمال', 'افتتح المحافظ جسرا جديدا.']);
  });

  it('cuts a dateline prefix from the first paragraph', () => {
    const result = extractDateline(['CAIRO (Reuters) - Egypt cut rates.', 'Inflation slowed.']);
    expect(result).toEqual({
      dateline: { agency: 'Reuters', place: 'Cairo' },
      paragraphs: ['Egypt cut rates.', 'Inflation slowed.'],
    });
  });

  it('cuts a prefix from the second paragraph only after a byline', () => {
    expect(extractDateline(['By Jane Doe', 'CAIRO (Reuters) - Egypt cut rates.']).paragraphs).toEqual([
      'By Jane Doe',
      'Egypt cut rates.',
    ]);
    const paragraphs = ['The central bank surprised markets.', 'CAIRO (Reuters) - Egypt cut rates.'];
    expect(extractDateline(paragraphs)).toEqual({ dateline: null, paragraphs });
  });

  it('leaves articles without a dateline untouched', () => {
    const paragraphs = ['The council met on Monday.', 'It approved the budget.'];
    expect(extractDateline(paragraphs)).toEqual({ dateline: null, paragraphs });
  });

  it('never throws and never adds text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 120 }), { maxLength: 4 }), (paragraphs) => {
        const result = extractDateline(paragraphs);
        expect(result.paragraphs.length).toBeGreaterThanOrEqual(paragraphs.length - 1);
        // Each output paragraph is an input paragraph or the end of one, in order.
        let from = 0;
        for (const out of result.paragraphs) {
          const at = paragraphs.findIndex((p, i) => i >= from && (p === out || p.trimEnd().endsWith(out)));
          expect(at).toBeGreaterThanOrEqual(0);
          from = at + 1;
        }
        if (result.dateline === null) expect(result.paragraphs).toEqual(paragraphs);
      }),
    );
  });

  it('reads generated datelines and keeps the body that follows', () => {
    const places = ['حمص', 'رام الله', 'بنغازي', 'الدار البيضاء'];
    const agencies: [string, string][] = [
      ['رويترز', 'Reuters'],
      ['أ ف ب', 'AFP'],
      ['الأناضول', 'Anadolu'],
      ['د ب أ', 'DPA'],
    ];
    const body = fc.constantFrom('أعلن المجلس قراره.', 'وصل الوفد.', 'ارتفعت الأسعار بنسبة كبيرة.');
    const shape = fc.constantFrom(
      (p: string, a: string) => `${p} - ${a}: `,
      (p: string, a: string) => `${p} (${a}) - `,
      (p: string, a: string) => `${p}/ ${a}- `,
      (p: string, a: string) => `${p} – ${a} – `,
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...places),
        fc.constantFrom(...agencies),
        shape,
        body,
        (place, agency, form, text) => {
          const result = extractDateline([form(place, agency[0]) + text]);
          expect(result).toEqual({ dateline: { agency: agency[1], place }, paragraphs: [text] });
        },
      ),
    );
  });
});
