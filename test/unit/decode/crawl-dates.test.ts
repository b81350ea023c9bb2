import { describe, expect, it } from 'vitest';
import { cleanStage, extractStage } from '../../../functions/core/pipeline.ts';
import { only, utf8 } from './helpers.ts';

const BODY =
  'أعلنت وزارة الصحة يوم الاثنين عن افتتاح مستشفى جديد في المدينة، وقال المتحدث باسم الوزارة إن المستشفى سيستقبل المرضى ابتداء من الأسبوع المقبل بعد اكتمال تجهيزه.';

describe('crawl dates in crawler JSON', () => {
  it.each([
    'date_download',
    'date_extracted',
    'date_crawled',
    'crawl_date',
    'crawl_time',
    'crawled_at',
    'scraped_at',
    'fetched_at',
  ])('reads %s as the crawl date', (key) => {
    const doc = only(utf8(JSON.stringify({ title: 'افتتاح مستشفى', content: BODY, [key]: '2015-07-21 10:48:47' })));
    expect(doc.fields.crawledAt).toBe('2015-07-21 10:48:47');
    expect(doc.fields.publishedAt).toBeUndefined();
  });

  it('reads "published" and "published_date" as the publication date', () => {
    for (const key of ['published', 'published_date']) {
      const doc = only(utf8(JSON.stringify({ title: 'افتتاح مستشفى', content: BODY, [key]: '2015-07-20' })));
      expect(doc.fields.publishedAt).toBe('2015-07-20');
    }
  });

  it('resolves a weekday against the crawl date, not against when the file arrived', () => {
    const input = {
      name: 'article.json',
      bytes: utf8(JSON.stringify({ title: 'افتتاح مستشفى', content: BODY, date_extracted: '2015-07-21 10:48:47' })),
      metadata: {},
      sourceId: 'article.json',
      // A file copied years later: its modification time says nothing of the article.
      receivedAt: '2026-12-04T15:00:00.000Z',
    };
    const [outcome] = cleanStage(input);
    if (!outcome?.ok) throw new Error('the article was rejected');
    const extracted = extractStage(outcome.article);
    // 2015-07-21 was a Tuesday: "يوم الاثنين" is the day before.
    expect(extracted.eventDate).toBe('2015-07-20');
    expect(extracted.source.crawledAt).toBe('2015-07-21 10:48:47');
  });
});
