import { describe, expect, it } from 'vitest';
import { createMemoryIndex, type DedupeArticle, dedupe } from '../../../functions/core/dedupe/index.ts';
import { MAX_STORIES_PER_KEY } from '../../../functions/core/dedupe/port.ts';
import { keyForm, MAX_SPAN_DAYS } from '../../../functions/core/dedupe/stories.ts';
import { contentTerms, decodeTerm, encodeTerm, idf, leadFigures } from '../../../functions/core/dedupe/story-terms.ts';

/** Articles written for these tests: each shape of story mistake, in Arabic as the real failures were. */

const now = () => new Date('2024-01-01T00:00:00Z');

function report(
  id: string,
  day: string,
  title: string,
  paragraphs: string[],
  entities: Partial<DedupeArticle['entities']> = {},
): DedupeArticle {
  return {
    id,
    language: 'ar',
    title,
    paragraphs,
    eventDate: day,
    publishedAt: `${day}T08:00:00Z`,
    entities: { persons: [], places: [], organizations: [], ...entities },
  };
}

async function storiesOf(articles: DedupeArticle[]): Promise<string[]> {
  const index = createMemoryIndex();
  const out: string[] = [];
  for (const article of articles) out.push((await dedupe(article, { index, now })).outcome.storyId);
  return out;
}

function cable(id: string, day: string, recipient: string, country: string, occasion: string): DedupeArticle {
  return report(
    id,
    day,
    `خادم الحرمين الشريفين يهنئ ${recipient} ب${occasion}`,
    [
      `بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة إلى ${recipient} بمناسبة ${occasion}.`,
      `وأعرب الملك في البرقية عن أصدق التهاني وأطيب التمنيات بالصحة والسعادة، ولشعب ${country} الشقيق المزيد من التقدم والازدهار.`,
    ],
    { persons: ['سلمان بن عبدالعزيز آل سعود', recipient], places: ['السعودية', country] },
  );
}

describe('story decision on shapes that fooled the old grouping', () => {
  it('keeps apart congratulation cables sent the same day to different recipients', async () => {
    const [egypt, oman, egyptAgain] = await storiesOf([
      cable('c1', '2024-07-22', 'الرئيس عبدالفتاح السيسي', 'مصر', 'ذكرى اليوم الوطني'),
      cable('c2', '2024-07-22', 'السلطان قابوس بن سعيد', 'عمان', 'ذكرى يوم النهضة'),
      report(
        'c3',
        '2024-07-22',
        'الملك سلمان يبعث برقية تهنئة للسيسي بذكرى اليوم الوطني',
        [
          'هنأ خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز الرئيس المصري عبدالفتاح السيسي بمناسبة ذكرى اليوم الوطني لبلاده.',
          'وتمنى الملك للرئيس السيسي موفور الصحة والسعادة ولشعب مصر الشقيق اطراد التقدم والازدهار.',
        ],
        { persons: ['سلمان بن عبدالعزيز', 'عبدالفتاح السيسي'], places: ['مصر'] },
      ),
    ]);
    expect(oman).not.toBe(egypt);
    expect(egyptAgain).toBe(egypt);
  });

  it('does not join articles whose only shared names are the country, the capital and a title', async () => {
    const generic = { persons: ['خادم الحرمين الشريفين'], places: ['السعودية', 'الرياض'] };
    const [drugs, football] = await storiesOf([
      report(
        'g1',
        '2024-07-21',
        'ضبط كميات من المخدرات في منفذ حدودي',
        [
          'أعلنت المديرية العامة لمكافحة المخدرات في الرياض ضبط كميات كبيرة من الحبوب المخدرة كانت مخبأة داخل شاحنة في منفذ حدودي.',
          'وأوضح المتحدث أن الجهود تأتي تنفيذا لتوجيهات خادم الحرمين الشريفين بحماية المجتمع في السعودية من آفة المخدرات.',
        ],
        generic,
      ),
      report(
        'g2',
        '2024-07-21',
        'الفريق الأول يبدأ معسكره الصيفي استعدادا للموسم',
        [
          'بدأ الفريق الأول لكرة القدم معسكره الصيفي في الرياض بمشاركة جميع اللاعبين والمدرب الجديد استعدادا للموسم المقبل.',
          'وأكد رئيس النادي أن الدعم الذي يلقاه الرياضيون في السعودية من خادم الحرمين الشريفين يحفز الفريق على المنافسة.',
        ],
        generic,
      ),
    ]);
    expect(football).not.toBe(drugs);
  });

  it('lets no chain of daily bulletins carry a story beyond its fixed window', async () => {
    const bulletin = (id: string, day: string, points: number) =>
      report(
        id,
        day,
        'مؤشر سوق الأسهم يغلق مرتفعا في تداولات اليوم',
        [
          `أغلق مؤشر سوق الأسهم تداولات اليوم مرتفعا ${points} نقطة وسط تداولات نشطة شملت معظم القطاعات المدرجة في السوق.`,
          'وبلغت قيمة التداولات نحو خمسة مليارات ريال، وتصدر قطاع المصارف قائمة القطاعات الأكثر ارتفاعا.',
        ],
        { organizations: ['سوق الأسهم'] },
      );
    const days = ['2024-03-03', '2024-03-05', '2024-03-07', '2024-03-09', '2024-03-11', '2024-03-13'];
    const ids = await storiesOf(days.map((day, i) => bulletin(`b${i}`, day, 10 + i)));
    const first = ids[0];
    const spanOfFirst = days.filter((_, i) => ids[i] === first);
    const last = spanOfFirst[spanOfFirst.length - 1] ?? days[0] ?? '';
    expect((Date.parse(last) - Date.parse(days[0] ?? '')) / 86_400_000).toBeLessThanOrEqual(MAX_SPAN_DAYS);
    expect(ids[ids.length - 1]).not.toBe(first);
  });

  it('keeps apart market closes of consecutive sessions, and joins a reprint quoting the same figures', async () => {
    const close = (id: string, day: string, paper: string, points: string, level: string, up: number, down: number) =>
      report(
        id,
        day,
        `${paper}: مؤشر سوق الأسهم يغلق مرتفعا ${points} نقطة`,
        [
          `أغلق مؤشر سوق الأسهم تداولات اليوم مرتفعا ${points} نقطة عند مستوى ${level} نقطة بتداولات قاربت 4 مليارات ريال.`,
          `وشهدت تداولات اليوم ارتفاع أسهم ${up} شركة وتراجع أسهم ${down} شركة، وتصدر قطاع المصارف قائمة القطاعات الأكثر ارتفاعا.`,
        ],
        { organizations: ['سوق الأسهم'] },
      );
    const [monday, mondayReprint, tuesday] = await storiesOf([
      close('m1', '2024-03-04', 'الاقتصادية', '62.65', '9337.86', 94, 54),
      close('m2', '2024-03-04', 'الوطن', '62.65', '9337.86', 94, 54),
      close('m3', '2024-03-05', 'الاقتصادية', '43.16', '9381.01', 125, 25),
    ]);
    expect(mondayReprint).toBe(monday);
    expect(tuesday).not.toBe(monday);
  });

  it('keeps a story from drifting member by member to another occurrence', async () => {
    const ids = await storiesOf([
      report(
        'd1',
        '2024-05-02',
        'انهيار مبنى سكني في حي الشرفية',
        [
          'انهار مبنى سكني قديم في حي الشرفية فجر اليوم، وباشرت فرق الدفاع المدني عمليات البحث عن السكان تحت الأنقاض.',
          'وأفاد المتحدث باسم الدفاع المدني العقيد خالد الزهراني بإنقاذ أربعة من السكان ونقلهم إلى المستشفى، فيما يجري التحقيق في أسباب الانهيار.',
        ],
        { persons: ['خالد الزهراني'], places: ['حي الشرفية'], organizations: ['الدفاع المدني'] },
      ),
      report(
        'd2',
        '2024-05-02',
        'الدفاع المدني ينقذ سكان مبنى الشرفية ويحقق في الانهيار',
        [
          'أنقذت فرق الدفاع المدني أربعة من سكان المبنى المنهار في حي الشرفية، وبدأت لجنة التحقيق عملها لمعرفة أسباب الانهيار.',
          'وقال المتحدث باسم الدفاع المدني العقيد خالد الزهراني إن اللجنة ستراجع تراخيص المباني القديمة في الحي وتطلب من المالكين إجراء الصيانة.',
        ],
        { persons: ['خالد الزهراني'], places: ['حي الشرفية'], organizations: ['الدفاع المدني'] },
      ),
      report(
        'd3',
        '2024-05-03',
        'لجنة تراجع تراخيص المباني القديمة وتطالب المالكين بالصيانة',
        [
          'بدأت لجنة حكومية مراجعة تراخيص المباني القديمة وطالبت المالكين بإجراء أعمال الصيانة خلال ثلاثة أشهر.',
          'وأعلنت البلدية عن برنامج لقروض الصيانة يستفيد منه المالكون، مع غرامات على المباني المخالفة لاشتراطات السلامة.',
        ],
        { organizations: ['البلدية'] },
      ),
      report(
        'd4',
        '2024-05-03',
        'البلدية تطلق برنامج قروض لصيانة المساكن',
        [
          'أطلقت البلدية برنامج قروض ميسرة لصيانة المساكن يستفيد منه المالكون وفق اشتراطات محددة، ويبدأ التسجيل الأسبوع المقبل.',
          'وأوضحت البلدية أن القروض تغطي أعمال السباكة والكهرباء والعزل، وتسدد على أقساط شهرية دون فوائد.',
        ],
        { organizations: ['البلدية'] },
      ),
    ]);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[3]).not.toBe(ids[0]);
  });

  it('gives a near-duplicate of a notice reused in another week a story of its own', async () => {
    const notice = [
      'تعلن الجهة المختصة عن فتح باب التقديم على الوظائف الإدارية الشاغرة لحملة الشهادة الجامعية في عدد من التخصصات المطلوبة.',
      'ويشترط في المتقدم أن يكون حاصلا على مؤهل جامعي بتقدير جيد على الأقل، وأن يجتاز المقابلة الشخصية والاختبار التحريري.',
      'ويبدأ التقديم عبر البوابة الإلكترونية اعتبارا من يوم الأحد ولمدة أسبوع، ولن يلتفت إلى الطلبات الناقصة أو المتأخرة.',
    ];
    const index = createMemoryIndex();
    const first = await dedupe(report('n1', '2024-02-04', 'فتح باب التقديم على الوظائف الإدارية', notice), {
      index,
      now,
    });
    const later = await dedupe(
      report('n2', '2024-02-25', 'فتح باب التقديم على الوظائف الإدارية', [
        ...notice.slice(0, 2),
        'ويبدأ التقديم عبر البوابة الإلكترونية اعتبارا من يوم الاثنين ولمدة أسبوع، ولن يلتفت إلى الطلبات الناقصة أو المتأخرة.',
      ]),
      { index, now },
    );
    expect(later.outcome).toMatchObject({ status: 'near-duplicate', duplicateOf: 'n1' });
    expect(later.outcome.storyId).not.toBe(first.outcome.storyId);
  });
});

describe('stories in languages the document-frequency table does not hold', () => {
  const german = (id: string, title: string, paragraphs: string[], places: string[] = []): DedupeArticle => ({
    ...report(id, '2024-05-14', title, paragraphs, { places }),
    language: 'de',
  });
  const council = german(
    'de_council',
    'Der Stadtrat beschließt mit der Mehrheit den Bau eines Radwegs an der Elbe',
    [
      'Der Stadtrat von Dresden hat am Dienstag mit der Mehrheit der Stimmen den Bau eines neuen Radwegs an der Elbe beschlossen, wie die Stadt mitteilte.',
      'Die Kosten für das Projekt werden auf rund zwei Millionen Euro geschätzt. Mit dem Bau soll im Frühjahr begonnen werden, und die Arbeiten sollen bis zum Herbst dauern, sagte ein Sprecher der Stadt.',
      'Es ist nicht das erste Projekt dieser Art in der Stadt, denn auch an der Weißeritz wurde ein Weg gebaut, der bei den Bürgern sehr beliebt ist.',
    ],
    ['Dresden', 'Elbe'],
  );
  const bakery = german('de_bakery', 'Die Bäckerei in der Stadt schließt mit dem Ende des Jahres', [
    'Die älteste Bäckerei der Stadt schließt mit dem Ende des Jahres nach mehr als hundert Jahren ihre Türen, wie der Inhaber am Dienstag mitteilte.',
    'Er habe keinen Nachfolger gefunden, und die Preise für Mehl und Energie seien zu stark gestiegen, sagte er. Es ist nicht die erste Bäckerei in der Stadt, die in diesem Jahr schließt.',
    'Viele Kunden kamen am letzten Tag noch einmal vorbei, und die Schlange war bis zum Mittag sehr lang, denn das Brot der Bäckerei ist bei den Bürgern sehr beliebt.',
  ]);
  const reprint = german(
    'de_council_other',
    'Dresden: Neuer Radweg entlang der Elbe beschlossen',
    [
      'Dresden bekommt einen neuen Radweg an der Elbe. Das hat der Stadtrat am Dienstag entschieden.',
      'Die Verwaltung rechnet mit Kosten von etwa zwei Millionen Euro für den Radweg; die Bauarbeiten sollen im Frühjahr beginnen.',
    ],
    ['Dresden', 'Elbe'],
  );

  it('does not join two German reports of one day through their function words', async () => {
    const [a, b] = await storiesOf([council, bakery]);
    expect(b).not.toBe(a);
  });

  it('still joins two German reports of one occurrence', async () => {
    const [a, , c] = await storiesOf([council, bakery, reprint]);
    expect(c).toBe(a);
  });
});

describe('lead figures', () => {
  it('reads Arabic-Indic digits, drops thousands separators and leaves years out', () => {
    expect(
      leadFigures('ارتفاع المؤشر ٤٣٫١٦ نقطة', [
        'بلغت الصادرات 1,550 طنا في عام 2015 و1436 هـ، بنسبة 0.46% و12,5 مليون.',
      ]),
    ).toEqual(['43.16', '1550', '0.46', '12.5']);
  });
});

describe('document-frequency table', () => {
  it('stores Arabic words in ASCII and reads them back unchanged', () => {
    for (const word of ['مجلس', 'قاديروف', 'ظريف', 'riyadh', '2015']) {
      expect(encodeTerm(word)).toMatch(/^[\x20-\x7e]+$/);
      expect(decodeTerm(encodeTerm(word))).toBe(word);
    }
  });

  it('reads back every letter of the block the table stores in ASCII', () => {
    const block = Array.from({ length: 0x40 }, (_, i) => String.fromCharCode(0x0620 + i)).join('');
    for (let i = 0; i < block.length; i += 3) {
      const word = block.slice(i, i + 5);
      expect(encodeTerm(word)).toMatch(/^~[\x20-\x7e]+$/);
      expect(decodeTerm(encodeTerm(word))).toBe(word);
    }
  });

  it('weighs a common word of the news far below a name it has never seen', () => {
    const [common] = contentTerms('الرئيس');
    const [unseen] = contentTerms('قزحيكلاوي');
    expect(idf(common ?? '')).toBeLessThan(idf(unseen ?? '') / 2);
  });
});

describe('story keys', () => {
  it('meet across Arabic plural, nisba and accusative endings of one word', () => {
    const forms = ['افغان', 'افغاني', 'افغانيا', 'افغانيه', 'افغانيين'].map(keyForm);
    expect(new Set(forms)).toEqual(new Set(['افغان']));
    // A short word keeps its ending: three letters stay.
    expect(keyForm('علي')).toBe('علي');
  });

  it('keep the most recent stories, newest first, once full', async () => {
    const index = createMemoryIndex();
    const count = MAX_STORIES_PER_KEY + 3;
    for (let i = 0; i < count; i++) await index.addStoryKeys(['term#1'], `sty_${i}`);
    await index.addStoryKeys(['term#1'], 'sty_5');
    const ids = (await index.lookupStoryKeys(['term#1'])).get('term#1') ?? [];
    expect(ids).toHaveLength(MAX_STORIES_PER_KEY);
    expect(ids[0]).toBe('sty_5');
    expect(ids).toContain(`sty_${count - 1}`);
    expect(ids).not.toContain('sty_0');
  });
});
