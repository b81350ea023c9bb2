import { describe, expect, it } from 'vitest';
import {
  createMemoryIndex,
  type DedupeArticle,
  type DedupeIndex,
  DedupeRaceError,
  dedupe,
} from '../../../functions/core/dedupe/index.ts';

/** Near-duplicates handled by parallel dedupe workers: the first writer stays the only canonical. */

const now = () => new Date('2024-01-01T00:00:00Z');

const WIRE = [
  'أعلنت وزارة الصحة اللبنانية، اليوم الثلاثاء، عن بدء حملة تطعيم وطنية ضد الحصبة تستهدف أكثر من نصف مليون طفل في جميع المحافظات.',
  'وقال وزير الصحة فراس الأبيض في مؤتمر صحافي في بيروت إن الحملة تأتي بعد تسجيل عشرات الإصابات في الشمال والبقاع خلال الأسابيع الماضية.',
  'وأوضح الوزير أن فرقا متنقلة ستزور المدارس والمخيمات، داعيا الأهالي إلى التعاون مع الفرق الطبية وعدم التردد في تطعيم أطفالهم.',
  'وتدعم منظمة الصحة العالمية ومنظمة اليونيسف الحملة بتوفير اللقاحات والتجهيزات اللازمة لحفظها في درجات حرارة مناسبة.',
];

/** The wire copy with an outlet's own closing line: near-identical texts, each with its own content hash. */
const variant = (id: string, outlet: string): DedupeArticle => ({
  id,
  language: 'ar',
  title: null,
  paragraphs: [...WIRE, `المصدر: ${outlet}`],
  eventDate: '2024-03-12',
  publishedAt: null,
  entities: { persons: ['فراس الأبيض'], places: ['بيروت', 'لبنان'], organizations: ['وزارة الصحة اللبنانية'] },
});

function seeded(seed: number): () => number {
  let state = seed * 2654435761 + 1;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The in-memory index with every call delayed by a seeded 0–3 ms, and the fingerprint write of `slow`
 * delayed longer: that article's bands are visible well before its fingerprint, as when its worker is
 * still assigning the story.
 */
function interleaved(index: DedupeIndex, seed: number, slow: string): DedupeIndex {
  const random = seeded(seed);
  const wrapped = { ...index } as Record<string, unknown>;
  for (const [name, method] of Object.entries(index)) {
    if (name === 'stats') continue;
    wrapped[name] = async (...args: unknown[]) => {
      const first = args[0] as { articleId?: string } | undefined;
      const late = name === 'putFingerprint' && first?.articleId === slow;
      await sleep(late ? 20 : Math.floor(random() * 4));
      return (method as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return wrapped as unknown as DedupeIndex;
}

/** A worker retries a race error, as the queue redelivers the message. */
async function withRetries(article: DedupeArticle, index: DedupeIndex) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dedupe(article, { index, now });
    } catch (error) {
      if (!(error instanceof DedupeRaceError) || attempt >= 50) throw error;
      await sleep(5);
    }
  }
}

describe('near-duplicates handled at once', () => {
  it('keeps exactly one canonical, whatever the interleaving', async () => {
    const ids = ['n1', 'n2', 'n3', 'n4'];
    for (let seed = 0; seed < 24; seed++) {
      const index = interleaved(createMemoryIndex(), seed, ids[seed % ids.length]!);
      // Started in a seeded order, a few milliseconds apart at most.
      const order = [...ids].sort((a, b) => ((seed * 7 + a.charCodeAt(1)) % 5) - ((seed * 7 + b.charCodeAt(1)) % 5));
      const results = await Promise.all(
        order.map(async (id, i) => {
          await sleep(i % 2);
          return withRetries(variant(id, `outlet ${id}`), index);
        }),
      );
      const canonicals = results.filter((r) => r.outcome.status === 'unique');
      expect(canonicals, `seed ${seed}`).toHaveLength(1);
      const canonical = order[results.indexOf(canonicals[0]!)];
      for (const r of results) {
        if (r.outcome.status !== 'unique') {
          expect(r.outcome, `seed ${seed}`).toMatchObject({ status: 'near-duplicate', duplicateOf: canonical });
        }
      }
    }
  });
});

const MEETING = [
  [
    'استقبل الرئيس الفرنسي إيمانويل ماكرون نظيره المصري عبد الفتاح السيسي في قصر الإليزيه في باريس، حيث بحثا الأوضاع في غزة وسبل إيصال المساعدات.',
    'وقال ماكرون في مؤتمر صحافي مشترك إن فرنسا تدعم جهود مصر للتوصل إلى وقف لإطلاق النار.',
  ],
  [
    'بحث الرئيسان المصري عبد الفتاح السيسي والفرنسي إيمانويل ماكرون خلال لقائهما في العاصمة الفرنسية باريس ملف المساعدات الإنسانية إلى غزة ووقف إطلاق النار.',
    'وأشاد السيسي بموقف فرنسا، فيما أكد ماكرون أن باريس ستواصل العمل مع القاهرة لتخفيف معاناة المدنيين في القطاع.',
  ],
];
const report = (id: string, paragraphs: string[], eventDate: string): DedupeArticle => ({
  id,
  language: 'ar',
  title: null,
  paragraphs,
  eventDate,
  publishedAt: null,
  entities: {
    persons: ['إيمانويل ماكرون', 'عبد الفتاح السيسي'],
    places: ['باريس', 'غزة', 'فرنسا', 'مصر'],
    organizations: [],
  },
});

/** The first `n` story-key lookups answer only once all `n` are made: each report finds no story yet. */
function lookupsMeet(index: DedupeIndex, n: number): DedupeIndex {
  let waiting: (() => void)[] = [];
  let calls = 0;
  return {
    ...index,
    async lookupStoryKeys(keys) {
      if (++calls <= n) {
        const met = new Promise<void>((resolve) => waiting.push(resolve));
        if (waiting.length === n) {
          for (const resolve of waiting) resolve();
          waiting = [];
        }
        await met;
      }
      return index.lookupStoryKeys(keys);
    },
  };
}

describe('reports of one story handled at once', () => {
  it('start one story, whatever the interleaving', async () => {
    for (let seed = 0; seed < 24; seed++) {
      const index = lookupsMeet(interleaved(createMemoryIndex(), seed, seed % 2 ? 'm1' : 'm2'), 2);
      const [a, b] = await Promise.all([
        withRetries(report('m1', MEETING[0]!, '2024-02-05'), index),
        sleep(seed % 3).then(() => withRetries(report('m2', MEETING[1]!, '2024-02-06'), index)),
      ]);
      expect([a.outcome.status, b.outcome.status]).toEqual(['unique', 'unique']);
      expect(b.outcome.storyId, `seed ${seed}`).toBe(a.outcome.storyId);
      expect(Math.max(a.story?.size ?? 0, b.story?.size ?? 0), `seed ${seed}`).toBe(2);
    }
  });
});
