import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BANDS,
  bandKeys,
  contentHash,
  minhash,
  overlap,
  shingleSet,
} from '../../../functions/core/dedupe/fingerprint.ts';
import {
  createMemoryIndex,
  type DedupeArticle,
  DedupeRaceError,
  dedupe,
} from '../../../functions/core/dedupe/index.ts';
import { wordForm } from '../../../functions/core/text/normalize.ts';

const now = () => new Date('2024-01-01T00:00:00Z');
const entities = (persons: string[] = [], places: string[] = [], organizations: string[] = []) => ({
  persons,
  places,
  organizations,
});

const WIRE = [
  'أعلنت وزارة الصحة اللبنانية، اليوم الثلاثاء، عن بدء حملة تطعيم وطنية ضد الحصبة تستهدف أكثر من نصف مليون طفل في جميع المحافظات.',
  'وقال وزير الصحة فراس الأبيض في مؤتمر صحافي في بيروت إن الحملة تأتي بعد تسجيل عشرات الإصابات في الشمال والبقاع خلال الأسابيع الماضية.',
  'وأوضح الوزير أن فرقا متنقلة ستزور المدارس والمخيمات، داعيا الأهالي إلى التعاون مع الفرق الطبية وعدم التردد في تطعيم أطفالهم.',
  'وتدعم منظمة الصحة العالمية ومنظمة اليونيسف الحملة بتوفير اللقاحات والتجهيزات اللازمة لحفظها في درجات حرارة مناسبة.',
];

const article = (id: string, paragraphs: string[], extra: Partial<DedupeArticle> = {}): DedupeArticle => ({
  id,
  language: 'ar',
  title: null,
  paragraphs,
  eventDate: '2024-03-12',
  publishedAt: null,
  entities: entities(['فراس الأبيض'], ['بيروت', 'لبنان'], ['وزارة الصحة اللبنانية']),
  ...extra,
});

describe('fingerprints', () => {
  it('gives identical texts identical band keys and distant texts none in common', () => {
    const a = shingleSet(wordForm(WIRE.join(' ')));
    const b = shingleSet(wordForm('The quick brown fox jumps over the lazy dog near the river bank every morning.'));
    expect(bandKeys(minhash(a))).toEqual(bandKeys(minhash(shingleSet(wordForm(WIRE.join(' '))))));
    const shared = bandKeys(minhash(a)).filter((k) => bandKeys(minhash(b)).includes(k));
    expect(shared).toEqual([]);
    expect(overlap(a, a)).toEqual({ jaccard: 1, containment: 1 });
  });

  it('hashes each run of three words as FNV-1a of the words joined by spaces, sorted and unique', () => {
    const fnv1a = (text: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };
    const definition = (tokens: string[]) => {
      if (tokens.length < 3) return tokens.length ? [fnv1a(tokens.join(' '))] : [];
      const hashes = tokens.slice(2).map((_, i) => fnv1a(tokens.slice(i, i + 3).join(' ')));
      return [...new Set(hashes)].sort((a, b) => a - b);
    };
    const word = fc.stringMatching(/^[a-zé٠-٩ء-ي]{1,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'ab'), { maxLength: 12 }),
        fc.array(word, { maxLength: 40 }),
        (few, many) => {
          for (const tokens of [few, many]) {
            expect([...shingleSet(tokens.join(' '))]).toEqual(definition(tokens));
            expect(contentHash(tokens.join(' '))).toBe(createHash('sha256').update(tokens.join(' ')).digest('hex'));
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  /** Share of `trials` random set pairs at the given shared/own sizes that have a band key in common. */
  function bandHitRate(shared: number, own: number, trials: number): number {
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state;
    };
    let hits = 0;
    for (let t = 0; t < trials; t++) {
      const base = Array.from({ length: shared }, next);
      const a = Uint32Array.from([...base, ...Array.from({ length: own }, next)]).sort();
      const b = Uint32Array.from([...base, ...Array.from({ length: own }, next)]).sort();
      const keysOfB = new Set(bandKeys(minhash(b)));
      if (bandKeys(minhash(a)).some((key) => keysOfB.has(key))) hits++;
    }
    return hits / trials;
  }

  it('puts pairs at the near-duplicate threshold in a shared band at least 97 % of the time, unrelated texts rarely', () => {
    // 80 shared shingles and 10 of each side's own: Jaccard 80 / 100.
    expect(bandHitRate(80, 10, 1_000)).toBeGreaterThanOrEqual(0.99);
    // Jaccard 0.5, the near-duplicate threshold: 60 shared, 30 own on each side.
    expect(bandHitRate(60, 30, 1_000)).toBeGreaterThanOrEqual(0.97);
    // Unrelated texts (Jaccard 0.05) rarely share one: each chance candidate costs a fingerprint read.
    expect(bandHitRate(10, 95, 1_000)).toBeLessThan(0.06);
    expect(bandKeys(minhash(shingleSet(wordForm(WIRE.join(' ')))))).toHaveLength(BANDS);
  });
});

describe('dedupe', () => {
  it('marks the same text with other diacritics and spacing as an exact duplicate of the first', async () => {
    const index = createMemoryIndex();
    const first = await dedupe(article('a1', WIRE), { index, now });
    const again = WIRE.map((p) => `  ${p.replace('الصحة', 'الصّحّة').replace(/ /g, '  ')}`);
    const second = await dedupe(article('a2', again), { index, now });
    expect(first.outcome.status).toBe('unique');
    expect(second.outcome).toEqual({
      status: 'duplicate',
      duplicateOf: 'a1',
      similarity: 1,
      storyId: first.outcome.storyId,
    });
  });

  it('finds a re-crawl with a dropped paragraph and an edit as a near-duplicate', async () => {
    const index = createMemoryIndex();
    await dedupe(article('a1', WIRE), { index, now });
    const edited = [WIRE[0]!, WIRE[1]!.replace('في مؤتمر صحافي', 'خلال مؤتمر صحافي'), WIRE[2]!];
    const result = await dedupe(article('a2', edited), { index, now });
    expect(result.outcome.status).toBe('near-duplicate');
    expect(result.outcome.duplicateOf).toBe('a1');
    expect(result.outcome.similarity).toBeGreaterThan(0.5);
  });

  // The local version is more than twice the wire's length (Jaccard 0.44): such a pair shares a band with
  // probability 0.94, so whether one given pair does is a draw of the hashes; this one does, and the test is
  // about what follows, the verdict by containment on the stored shingles.
  it('catches a wire story inside a longer local version by containment', async () => {
    const index = createMemoryIndex();
    await dedupe(article('wire', WIRE), { index, now });
    const local = [
      ...WIRE,
      'وفي صيدا، قال مدير المستشفى الحكومي إن الإقبال على التطعيم كان كبيرا منذ الصباح، وإن الفرق عملت حتى ساعات المساء لتلبية الطلب المتزايد من الأهالي.',
      'وأشار إلى أن المستشفى سيفتح أبوابه يوم السبت أيضا، وأن العيادات الخاصة في المدينة ستشارك في الحملة مجانا حتى نهاية الشهر الجاري بحسب اتفاق مع الوزارة.',
      'ويعاني القطاع الصحي في لبنان من نقص في الكوادر والتمويل منذ بدء الأزمة الاقتصادية قبل أعوام، ما دفع آلاف الأطباء والممرضين إلى الهجرة بحثا عن فرص عمل أفضل.',
      'كما أكد رئيس البلدية أن البلدية وضعت سيارات الإسعاف التابعة لها في تصرف الفرق الطبية، ودعا المواطنين إلى الالتزام بالمواعيد المحددة لتجنب الازدحام.',
    ];
    const result = await dedupe(article('local', local), { index, now });
    expect(result.outcome).toMatchObject({ status: 'near-duplicate', duplicateOf: 'wire' });
  });

  it('keeps unrelated articles unique', async () => {
    const index = createMemoryIndex();
    await dedupe(article('a1', WIRE), { index, now });
    const other = await dedupe(
      article(
        'b1',
        ['The city council approved a new budget for road repairs on Monday after a long debate about priorities.'],
        {
          language: 'en',
          entities: entities([], ['Leeds'], ['Leeds City Council']),
        },
      ),
      { index, now },
    );
    expect(other.outcome.status).toBe('unique');
  });

  it('never chains: a near-duplicate of a near-duplicate points to the canonical or stays unique', async () => {
    const index = createMemoryIndex();
    await dedupe(article('A', WIRE), { index, now });
    const b = [WIRE[0]!, WIRE[1]!, WIRE[2]!];
    const resultB = await dedupe(article('B', b), { index, now });
    expect(resultB.outcome.duplicateOf).toBe('A');
    const c = [WIRE[1]!, WIRE[2]!];
    const resultC = await dedupe(article('C', c), { index, now });
    expect(resultC.outcome.duplicateOf === null || resultC.outcome.duplicateOf === 'A').toBe(true);
    // An exact copy of B points to B's canonical, A.
    const resultD = await dedupe(article('D', b), { index, now });
    expect(resultD.outcome).toMatchObject({ status: 'duplicate', duplicateOf: 'A' });
  });

  it('lets exactly one of two concurrent identical articles be canonical', async () => {
    const index = createMemoryIndex();
    // The loser may find the winner not yet indexed: that is a transient error, retried like a queue would.
    const withRetry = async (a: DedupeArticle) => {
      for (;;) {
        try {
          return await dedupe(a, { index, now });
        } catch (error) {
          if (!(error instanceof DedupeRaceError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    };
    const [x, y] = await Promise.all([withRetry(article('x', WIRE)), withRetry(article('y', WIRE))]);
    const statuses = [x.outcome.status, y.outcome.status].sort();
    expect(statuses).toEqual(['duplicate', 'unique']);
  });
});

const MEETING_A = [
  'استقبل الرئيس الفرنسي إيمانويل ماكرون نظيره المصري عبد الفتاح السيسي في قصر الإليزيه في باريس، حيث بحثا الأوضاع في غزة وسبل إيصال المساعدات.',
  'وقال ماكرون في مؤتمر صحافي مشترك إن فرنسا تدعم جهود مصر للتوصل إلى وقف لإطلاق النار.',
];
const MEETING_A_OTHER_OUTLET = [
  'بحث الرئيسان المصري عبد الفتاح السيسي والفرنسي إيمانويل ماكرون خلال لقائهما في العاصمة الفرنسية باريس ملف المساعدات الإنسانية إلى غزة ووقف إطلاق النار.',
  'وأشاد السيسي بموقف فرنسا، فيما أكد ماكرون أن باريس ستواصل العمل مع القاهرة لتخفيف معاناة المدنيين في القطاع.',
];
const meeting = (id: string, paragraphs: string[], eventDate: string, city: string) =>
  article(id, paragraphs, {
    eventDate,
    entities: entities(['إيمانويل ماكرون', 'عبد الفتاح السيسي'], [city, 'غزة', 'فرنسا', 'مصر']),
  });

describe('stories', () => {
  it('joins two outlets reporting the same meeting in different words', async () => {
    const index = createMemoryIndex();
    const a = await dedupe(meeting('m1', MEETING_A, '2024-02-05', 'باريس'), { index, now });
    const b = await dedupe(meeting('m2', MEETING_A_OTHER_OUTLET, '2024-02-06', 'باريس'), { index, now });
    expect(b.outcome.status).toBe('unique');
    expect(b.outcome.storyId).toBe(a.outcome.storyId);
    expect(b.story?.size).toBe(2);
    expect(b.story?.firstDate).toBe('2024-02-05');
    expect(b.story?.lastDate).toBe('2024-02-06');
  });

  it('keeps apart meetings of the same presidents on other dates', async () => {
    const index = createMemoryIndex();
    const a = await dedupe(meeting('m1', MEETING_A, '2024-02-05', 'باريس'), { index, now });
    const b = await dedupe(meeting('m2', MEETING_A_OTHER_OUTLET, '2023-07-20', 'باريس'), { index, now });
    expect(b.outcome.storyId).not.toBe(a.outcome.storyId);
  });

  it('keeps apart meetings of the same presidents whose datelines name another city the same week', async () => {
    const index = createMemoryIndex();
    const a = await dedupe({ ...meeting('m1', MEETING_A, '2024-02-05', 'باريس'), place: 'باريس' }, { index, now });
    const cairo = MEETING_A_OTHER_OUTLET.map((p) =>
      p.replace(/العاصمة الفرنسية باريس/g, 'القاهرة').replace('باريس ستواصل', 'فرنسا ستواصل'),
    );
    const b = await dedupe({ ...meeting('m2', cairo, '2024-02-07', 'القاهرة'), place: 'القاهرة' }, { index, now });
    expect(b.outcome.storyId).not.toBe(a.outcome.storyId);
  });

  it('gives duplicates the story of their canonical', async () => {
    const index = createMemoryIndex();
    const a = await dedupe(meeting('m1', MEETING_A, '2024-02-05', 'باريس'), { index, now });
    const copy = await dedupe(meeting('m1-copy', MEETING_A, '2024-02-05', 'باريس'), { index, now });
    expect(copy.outcome.storyId).toBe(a.outcome.storyId);
  });
});

describe('cost', () => {
  it('makes the same number of index requests per article whatever the archive size', async () => {
    const index = createMemoryIndex();
    const words = [
      'alpha',
      'beta',
      'gamma',
      'delta',
      'omega',
      'sigma',
      'kappa',
      'lambda',
      'theta',
      'zeta',
      'iota',
      'rho',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const text = () => Array.from({ length: 80 }, () => words[Math.floor(random() * words.length)]).join(' ');
    const requestsFor = async (id: string) => {
      const before = index.stats().requests;
      await dedupe(
        article(id, [text()], {
          language: 'en',
          eventDate: '2024-01-01',
          entities: entities(['Jane Roe'], ['Springfield']),
        }),
        { index, now },
      );
      return index.stats().requests - before;
    };
    const early: number[] = [];
    for (let i = 0; i < 20; i++) early.push(await requestsFor(`early-${i}`));
    for (let i = 0; i < 1500; i++) await requestsFor(`fill-${i}`);
    const late: number[] = [];
    for (let i = 0; i < 20; i++) late.push(await requestsFor(`late-${i}`));
    expect(Math.max(...late)).toBeLessThanOrEqual(Math.max(...early) + 1);
  });
});
