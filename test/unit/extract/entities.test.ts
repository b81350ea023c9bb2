import { describe, expect, it } from 'vitest';
import { extractEntities, loadGazetteer } from '../../../functions/core/extract/entities/index.ts';
import { matchKey } from '../../../functions/core/text/normalize.ts';
import { fixtureText } from '../../support/fixtures.ts';

interface Annotated {
  language: string;
  title: string;
  paragraphs: string[];
  persons: string[][];
  places: string[][];
  organizations: string[][];
}

const KINDS = ['persons', 'places', 'organizations'] as const;
const norm = (s: string) => matchKey(s).replace(/[«»"']/g, '');
/** The shared scorer's rule: equal, or the extracted name contains the expected one as whole words. */
const hit = (accepted: string[], extracted: string) =>
  accepted.map(norm).some((g) => norm(extracted) === g || ` ${norm(extracted)} `.includes(` ${g} `));

describe('entity extraction on annotated articles', () => {
  const articles = JSON.parse(fixtureText('entities/annotated.json')) as Annotated[];
  let truePositives = 0;
  let expected = 0;
  let extractedCount = 0;
  const misses: string[] = [];
  const extras: string[] = [];
  for (const article of articles) {
    const found = extractEntities(article);
    for (const kind of KINDS) {
      for (const accepted of article[kind]) {
        expected++;
        if (found[kind].some((e) => hit(accepted, e))) truePositives++;
        else misses.push(`${kind}: ${accepted[0]}`);
      }
      for (const entity of found[kind]) {
        extractedCount++;
        if (!article[kind].some((accepted) => hit(accepted, entity))) extras.push(`${kind}: ${entity}`);
      }
    }
  }
  const recall = truePositives / expected;
  const precision = (extractedCount - extras.length) / extractedCount;

  it('keeps recall and precision above 0.8', () => {
    console.info(`entities: recall ${recall.toFixed(2)}, precision ${precision.toFixed(2)}`, { misses, extras });
    expect(recall).toBeGreaterThanOrEqual(0.8);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });
});

/** Entities of an Arabic text with no headline, or with one. */
const arabic = (...paragraphs: string[]) => extractEntities({ language: 'ar', title: null, paragraphs });
const arabicWithTitle = (title: string, ...paragraphs: string[]) =>
  extractEntities({ language: 'ar', title, paragraphs });

describe('extractEntities', () => {
  it('finds an Arabic person after a role and nationality with commas', () => {
    const found = extractEntities({ paragraphs: ['التقى الرّئيس السّوريّ، بشّار الأسد، وفدا برلمانيا.'], language: 'ar' });
    expect(found.persons).toEqual(['بشار الأسد']);
  });

  it('keeps a name chained with بن and آل whole, up to the family name', () => {
    const found = arabic(
      'واستقبل الأمير فيصل بن خالد بن عبدالله آل مقرن الوفد في مكتبه، ثم بعث الملك عادل بن سالم برقية.',
    );
    expect(found.persons).toContain('فيصل بن خالد بن عبدالله آل مقرن');
    expect(found.persons).toContain('عادل بن سالم');
    expect(found.persons.some((p) => /برقية|الوفد/.test(p))).toBe(false);
  });

  it('never ends a name on a connector when the text stops after it', () => {
    const found = arabic('واستقبل الأمير خالد سعد بن');
    expect(found.persons).toEqual(['خالد سعد']);
  });

  it('does not take the cable or the message a role sends for a person', () => {
    const found = arabic(
      'كما بعث نائب رئيس مجلس الوزراء وزير الداخلية برقية تهنئة لنظيره، وبعث وزير الخارجية برقية تعزية.',
    );
    expect(found.persons).toEqual([]);
  });

  it('reads a verb after a role as the predicate, not as a name', () => {
    const found = arabicWithTitle(
      'ولي العهد يستقبل وزير الخارجية، والوزيرة تفتتح المعرض',
      'وأكد وزير الدفاع بمعاملة الجرحى معاملة واحدة.',
    );
    expect(found.persons).toEqual([]);
  });

  it('ends a name at its definite family name but not at a regnal number', () => {
    const found = arabic(
      'نعى الشهيد الرقيب أول سالم عمر الكعبي معاملة خاصة، واستقبل الملك عبدالله الثاني بن الحسين البطريرك يوحنا العاشر يازجي.',
    );
    expect(found.persons).toEqual(
      expect.arrayContaining(['سالم عمر الكعبي', 'عبدالله الثاني بن الحسين', 'يوحنا العاشر يازجي']),
    );
    expect(found.persons.some((p) => p.includes('معاملة'))).toBe(false);
  });

  it('finds foreign names that begin like a preposition (با، كا، لا) after a role', () => {
    const found = arabic(
      'التقى الرئيس الأمريكي باراك أوباما رئيس الوزراء البريطاني ديفيد كاميرون، وحضر وزير الخارجية الروسي سيرغي لافروف.',
    );
    expect(found.persons).toEqual(expect.arrayContaining(['باراك أوباما', 'ديفيد كاميرون', 'سيرغي لافروف']));
  });

  it('skips what a role is for or heads, and its honorifics, before the name', () => {
    const found = arabicWithTitle(
      'الرئيس الشيشاني زار المسجد النبوي',
      'قال مدرب المنتخب السعودي لكرة القدم كوزمين أولاريو إن رئيس جمهورية الشيشان رمضان قاديروف وصل.',
      'واستقبله ولي العهد صاحب السمو الملكي الأمير محمد بن نايف، وحضر الدكتور مساعد بن محمد العيبان وقائد حرس الحدود.',
    );
    expect(found.persons).toEqual(['كوزمين أولاريو', 'رمضان قاديروف', 'محمد بن نايف', 'مساعد بن محمد العيبان']);
    expect(found.places).toContain('الشيشان');
    expect(found.organizations).toContain('حرس الحدود');
  });

  it('does not take an institution named after a king for the king', () => {
    const found = arabic('وصل الوفد إلى مطار الملك خالد الدولي ثم زار ملعب الملك فهد.');
    expect(found.persons).toEqual([]);
    expect(found.places).not.toContain('الملك');
  });

  it('ends a body at the role of its head and a name at a verb, and skips ranks and branches', () => {
    const found = arabic(
      'وقال رئيس هيئة الأركان الفريق الركن عامر الشمري إن المدرب سامي الجابر اعتمد خطة جديدة، وأكد مدير شرطة منطقة الجوف اللواء نايف العمري ذلك.',
    );
    expect(found.persons).toEqual(['عامر الشمري', 'سامي الجابر', 'نايف العمري']);
    expect(found.organizations).toContain('هيئة الأركان');
  });

  it('ends a name at the role that follows it or at a figure', () => {
    const found = arabic('وقال الهولندي رود كرول مدرب الفريق إن النادي أنفق مع المدرب ماركو سيلفا 2ر5 مليون دولار.');
    expect(found.persons).toEqual(['رود كرول', 'ماركو سيلفا']);
  });

  it('reads a portfolio written without its article, then its country, before the name', () => {
    const found = arabic(
      'التقى وزير خارجية إيران محمد جواد ظريف رئيس وزراء باكستان نواز شريف ونائب رئيس حكومة الشيشان حسن حكيموف.',
    );
    expect(found.persons).toEqual(['محمد جواد ظريف', 'نواز شريف', 'حسن حكيموف']);
  });

  it('keeps names spelled like a past verb (كرم، شهد)', () => {
    const found = arabic('وقال النائب كرم صالح إن الطالبة شهد العتيبي فازت، وزار المدرسة الوزير سالم الدوسري.');
    expect(found.persons).toEqual(expect.arrayContaining(['كرم صالح', 'سالم الدوسري']));
  });

  it('merges spelling variants of a country into one name', () => {
    const found = extractEntities({ paragraphs: ['زار الوفد سورية ثم عاد إلى سوريا بعد أسبوع.'], language: 'ar' });
    expect(found.places).toEqual(['سوريا']);
  });

  it('strips clitics before gazetteer lookup but keeps names that start with them', () => {
    const found = extractEntities({ paragraphs: ['وصل الوفد لبنان ثم توجه لسوريا وبغداد.'], language: 'ar' });
    expect(found.places).toEqual(expect.arrayContaining(['لبنان', 'سوريا', 'بغداد']));
  });

  it('does not take common words or lowercase English words for entities', () => {
    const found = extractEntities({
      paragraphs: ['Tell us what the president said to them on Monday.'],
      language: 'en',
    });
    expect(found).toEqual({ persons: [], places: [], organizations: [] });
  });

  it('uses a user gazetteer', () => {
    const gazetteer = loadGazetteer([{ name: 'Acme Widgets', type: 'organization', aliases: ['أكمي'] }]);
    const found = extractEntities({ paragraphs: ['أعلنت أكمي عن أرباح قياسية.'], language: 'ar' }, { gazetteer });
    expect(found.organizations).toEqual(['Acme Widgets']);
  });

  it('takes the longest alias of a user gazetteer, even past a shorter alias and a word that starts none', () => {
    const gazetteer = loadGazetteer([
      { name: 'North Harbour', type: 'place', aliases: ['North Harbour'] },
      { name: 'North Harbour Grain Board', type: 'organization', aliases: ['North Harbour Grain Board'] },
      { name: 'Grain Board', type: 'organization', aliases: ['Grain Board'] },
    ]);
    const long = extractEntities(
      { paragraphs: ['Prices were set by the North Harbour Grain Board on Monday.'], language: 'en' },
      { gazetteer },
    );
    expect(long.organizations).toEqual(['North Harbour Grain Board']);
    expect(long.places).toEqual([]);
    // An alias that is cut short by the text falls back to the longest one it holds.
    const cut = extractEntities(
      { paragraphs: ['Ships left North Harbour Grain silos empty, the Grain Board said.'], language: 'en' },
      { gazetteer },
    );
    expect(cut.places).toEqual(['North Harbour']);
    expect(cut.organizations).toEqual(['Grain Board']);
  });

  it('rejects a malformed user gazetteer', () => {
    expect(() => loadGazetteer([{ name: 'x', type: 'planet' }])).toThrow();
  });
});
