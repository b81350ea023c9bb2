import type { ArticleRecord } from '../../functions/core/record.ts';

/** A valid ingested article record for tests of the outbox, the publisher and redrives; override what a test is about. */
export function sampleRecord(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    schemaVersion: 1,
    id: 'art_0123456789abcdef0123',
    input: 'incoming/a.txt',
    status: 'ingested',
    source: {
      name: 'incoming/a.txt',
      index: 0,
      bytes: 10,
      sha256: 'ab',
      format: 'text',
      charset: 'utf-8',
      containers: [],
      url: null,
      crawledAt: null,
      metadata: {},
    },
    language: 'fr',
    title: 'Le port de Marseille rouvre après la grève',
    subtitle: null,
    paragraphs: ['Les dockers ont repris le travail mardi matin.'],
    publishedAt: '2024-05-02T07:00:00Z',
    eventDate: '2024-05-01',
    dateline: { agency: 'AFP', place: 'Marseille' },
    entities: { persons: [], places: ['Marseille'], organizations: [] },
    quotes: [],
    links: [],
    removed: {},
    dedupe: { status: 'unique', duplicateOf: null, similarity: null, storyId: 'sty_0123456789abcdef' },
    rejection: null,
    processedAt: '2024-05-02T08:00:00.000Z',
    ...overrides,
  };
}
