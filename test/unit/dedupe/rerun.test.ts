import { describe, expect, it } from 'vitest';
import { createMemoryIndex, type DedupeArticle, dedupe } from '../../../functions/core/dedupe/index.ts';

/** A rerun of the dedupe stage (its record transaction failed after the verdict) must not count twice. */

const now = () => new Date('2024-01-01T00:00:00Z');
const MEETING = [
  'بحث الرئيسان المصري عبد الفتاح السيسي والفرنسي إيمانويل ماكرون في باريس، اليوم الاثنين، الأوضاع في غزة وسبل إدخال المساعدات.',
  'وقال المتحدث باسم الرئاسة المصرية إن اللقاء تناول أيضا التعاون الاقتصادي بين البلدين ومشاريع الطاقة المشتركة.',
];
const OTHER_OUTLET = [
  'بحث الرئيسان المصري عبد الفتاح السيسي والفرنسي إيمانويل ماكرون خلال لقائهما في العاصمة الفرنسية باريس ملف المساعدات الإنسانية إلى غزة ووقف إطلاق النار.',
  'وأشاد السيسي بموقف فرنسا، فيما أكد ماكرون أن باريس ستواصل العمل مع القاهرة لتخفيف معاناة المدنيين في القطاع.',
];
const meeting = (id: string, paragraphs: string[]): DedupeArticle => ({
  id,
  language: 'ar',
  title: null,
  paragraphs,
  eventDate: '2024-02-05',
  publishedAt: null,
  entities: {
    persons: ['إيمانويل ماكرون', 'عبد الفتاح السيسي'],
    places: ['باريس', 'غزة', 'فرنسا', 'مصر'],
    organizations: [],
  },
});

describe('a rerun of the dedupe stage', () => {
  it('keeps the verdict and the size of a story whose member list is full', async () => {
    const index = createMemoryIndex();
    const first = await dedupe(meeting('m1', MEETING), { index, now });
    // The story already has more members than its summary lists (50).
    const story = first.story!;
    const crowded = {
      ...story,
      version: story.version + 1,
      size: 60,
      members: Array.from({ length: 50 }, (_, i) => `x${i}`),
    };
    expect(await index.putStory(crowded, story.version)).toBe(true);

    const joined = await dedupe(meeting('m2', OTHER_OUTLET), { index, now });
    expect(joined.outcome).toMatchObject({ status: 'unique', storyId: story.storyId });
    expect(joined.story?.size).toBe(61);

    const rerun = await dedupe(meeting('m2', OTHER_OUTLET), { index, now });
    expect(rerun.outcome).toEqual(joined.outcome);
    expect(rerun.story?.size).toBe(61);
    expect((await index.getStories([story.storyId])).get(story.storyId)?.size).toBe(61);
  });

  it('decides again when the text changed since (a replay after the cleaners improved)', async () => {
    const index = createMemoryIndex();
    await dedupe(meeting('m1', MEETING), { index, now });
    const edited = await dedupe(
      meeting('m1', [...MEETING, 'وأضاف أن الجانبين اتفقا على مواصلة التشاور خلال الأسابيع المقبلة.']),
      {
        index,
        now,
      },
    );
    expect(edited.outcome.status).toBe('unique');
  });
});
