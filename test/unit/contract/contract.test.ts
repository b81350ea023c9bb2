import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cut,
  DETAIL_SCHEMAS,
  DETAIL_TYPES,
  EnvelopeSchema,
  eventsForRecord,
  SCHEMA_VERSION,
  type StoryFacts,
} from '../../../functions/contract/events.ts';
import { breakingChanges, jsonSchemas } from '../../../functions/contract/json-schema.ts';
import type { ArticleRecord } from '../../../functions/core/record.ts';
import { repoRoot } from '../../support/fixtures.ts';

const schemasDir = path.join(repoRoot, 'schemas');
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

const record = (overrides: Partial<ArticleRecord> = {}): ArticleRecord => ({
  schemaVersion: 1,
  id: 'art_1',
  input: 'incoming/a.txt',
  status: 'ingested',
  source: {
    name: 'incoming/a.txt',
    index: 0,
    bytes: 10,
    sha256: 'x',
    format: 'text',
    charset: 'utf-8',
    containers: [],
    url: null,
    crawledAt: null,
    metadata: {},
  },
  language: 'ar',
  title: 'عنوان',
  subtitle: null,
  paragraphs: ['نص'],
  publishedAt: null,
  eventDate: '2024-01-01',
  dateline: null,
  entities: { persons: [], places: [], organizations: [] },
  quotes: [],
  links: [],
  removed: {},
  dedupe: { status: 'unique', duplicateOf: null, similarity: null, storyId: 'sty_1' },
  rejection: null,
  processedAt: '2024-01-01T00:00:00.000Z',
  ...overrides,
});
const pointers = {
  raw: { bucket: 'raw', key: 'incoming/a.txt', versionId: 'v1' },
  clean: { bucket: 'p', key: 'clean/art_1.json', versionId: null },
  extracted: { bucket: 'p', key: 'extracted/art_1.json', versionId: null },
};

describe('event contract', () => {
  it('keeps the committed JSON Schemas in step with the zod definitions (run `npm run schemas`)', () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      expect(read(path.join(schemasDir, `${name}.json`)), name).toEqual(schema);
    }
  });

  it(`breaks no subscriber of schema version ${SCHEMA_VERSION}`, () => {
    const baseline = path.join(schemasDir, 'baseline', `v${SCHEMA_VERSION}`);
    const current = jsonSchemas();
    for (const file of readdirSync(baseline)) {
      const name = file.replace(/\.json$/, '');
      expect(breakingChanges(read(path.join(baseline, file)), current[name] as never), name).toEqual([]);
    }
  });

  it('detects a removed field, a field made optional and a changed type as breaking', () => {
    const before = {
      type: 'object',
      required: ['a', 'b'],
      properties: { a: { type: 'string' }, b: { type: 'number' }, c: { type: 'string' } },
    };
    const after = { type: 'object', required: ['a'], properties: { a: { type: 'number' }, b: { type: 'number' } } };
    expect(breakingChanges(before, after)).toEqual([
      '$.b: no longer required',
      '$.a: type "string" became "number"',
      '$.c: removed',
    ]);
    const added = { ...before, properties: { ...before.properties, d: { type: 'string' } } };
    expect(breakingChanges(before, added)).toEqual([]);
  });

  it('emits one article event per record, plus StoryUpdated when the story changed', () => {
    const story: StoryFacts = {
      storyId: 'sty_1',
      size: 1,
      firstDate: '2024-01-01',
      lastDate: '2024-01-01',
      title: 'عنوان',
      entities: { a: 1 },
      terms: { b: 1 },
    };
    expect(eventsForRecord(record(), pointers, story).map((e) => e.detailType)).toEqual([
      'ArticleIngested',
      'StoryUpdated',
    ]);
    const duplicate = record({
      status: 'duplicate',
      dedupe: { status: 'near-duplicate', duplicateOf: 'art_0', similarity: 0.8, storyId: 'sty_0' },
    });
    expect(eventsForRecord(duplicate, pointers, null)).toMatchObject([
      { detailType: 'ArticleDuplicateDetected', detail: { duplicateOf: 'art_0' } },
    ]);
    const rejected = record({
      status: 'rejected',
      dedupe: null,
      rejection: { reason: 'binary', message: 'a PNG image' },
    });
    expect(eventsForRecord(rejected, { raw: pointers.raw, clean: null, extracted: null }, null)).toMatchObject([
      { detailType: 'ArticleRejected', detail: { rejection: { reason: 'binary' } } },
    ]);
  });

  it('keeps events small whatever the article: no text, bounded summaries', () => {
    const long = (unit: string) => unit.repeat(100_000);
    const huge = record({
      title: long('ت'),
      language: long('x'),
      publishedAt: long('2'),
      dateline: { agency: long('🗞'), place: long('é') },
      paragraphs: Array.from({ length: 10_000 }, () => 'نص طويل جدا'),
      entities: {
        persons: Array.from({ length: 5_000 }, (_, i) => `شخص ${i} ${'x'.repeat(500)}`),
        places: Array(5_000).fill(long('語')),
        organizations: Array(5_000).fill(long('o')),
      },
      dedupe: { status: 'near-duplicate', duplicateOf: 'art_0', similarity: 0.9, storyId: 'sty_1' },
    });
    const story: StoryFacts = {
      storyId: 'sty_1',
      size: 50_000,
      firstDate: '2024-01-01',
      lastDate: '2024-01-09',
      title: long('ع'),
      entities: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`${i}${'e'.repeat(5_000)}`, i])),
      terms: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`${i}${'t'.repeat(5_000)}`, i])),
    };
    const rejected = record({
      status: 'rejected',
      dedupe: null,
      rejection: { reason: 'undecodable', message: long('m') },
    });
    const events = [
      ...eventsForRecord(huge, pointers, story),
      ...eventsForRecord(rejected, { raw: pointers.raw, clean: null, extracted: null }, null),
    ];
    expect(events.map((e) => e.detailType)).toEqual(['ArticleDuplicateDetected', 'StoryUpdated', 'ArticleRejected']);
    for (const event of events) {
      const json = JSON.stringify(event.detail);
      expect(Buffer.byteLength(json)).toBeLessThan(16 * 1024);
      expect(json).not.toContain('نص طويل');
      DETAIL_SCHEMAS[event.detailType].parse(event.detail);
    }
  });

  it('cuts long strings without splitting a character made of two UTF-16 units', () => {
    const cutText = cut('ab🗞🗞🗞', 4);
    expect(cutText).toBe('ab…');
    expect(cutText && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cutText)).toBe(false);
    expect(cut('short', 10)).toBe('short');
  });

  it('documents a valid sample of every detail type in docs/events.md', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'events.md'), 'utf8');
    const samples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1] ?? '{}'));
    const seen = new Set<string>();
    for (const sample of samples) {
      const envelope = EnvelopeSchema.parse(sample);
      // Parsing drops unknown fields: a sample equal to its parse has no field the contract lost.
      expect(DETAIL_SCHEMAS[envelope['detail-type']].parse(envelope.detail)).toEqual(envelope.detail);
      seen.add(envelope['detail-type']);
    }
    expect([...seen].sort()).toEqual([...DETAIL_TYPES].sort());
  });
});
