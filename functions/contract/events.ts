import { EVENT_SOURCE } from '../../infra/definitions.ts';
import type { StorySummary } from '../core/dedupe/port.ts';
import { REJECTION_REASONS } from '../core/errors.ts';
import type { ArticleRecord } from '../core/record.ts';
import * as z from '../core/zod.ts';

/**
 * The event contract for downstream subscribers: source `akhbar`, four
 * detail-types, each detail versioned by `schemaVersion`. Details carry ids,
 * S3 pointers and a bounded metadata summary, never the article text, so an
 * event stays far below EventBridge's 256 KB limit whatever the article.
 *
 * Compatibility: within a schema version fields are only added, never removed,
 * renamed or retyped (test/unit/contract checks it against schemas/).
 */

export const SCHEMA_VERSION = '1';
export { EVENT_SOURCE };

export const DETAIL_TYPES = ['ArticleIngested', 'ArticleDuplicateDetected', 'ArticleRejected', 'StoryUpdated'] as const;
export type DetailType = (typeof DETAIL_TYPES)[number];

const MAX_TITLE = 300;
const MAX_NAME = 120;
const MAX_ENTITIES = 10;
const MAX_MESSAGE = 500;
/** Ids (articles, stories), timestamps, language tags. */
const MAX_ID = 128;

const text = (max: number) => z.string().check(z.maxLength(max));
const id = () => z.string().check(z.minLength(1), z.maxLength(MAX_ID));
const list = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max));
const count = () => z.int().check(z.nonnegative());
const similarity = () => z.number().check(z.gte(0), z.lte(1));

export const S3PointerSchema = z.object({
  bucket: text(63),
  key: text(1024),
  versionId: z.nullable(text(1024)),
});

const EntitiesSummarySchema = z.object({
  persons: list(text(MAX_NAME), MAX_ENTITIES),
  places: list(text(MAX_NAME), MAX_ENTITIES),
  organizations: list(text(MAX_NAME), MAX_ENTITIES),
});

export const ArticleSummarySchema = z.object({
  title: z.nullable(text(MAX_TITLE)),
  language: z.nullable(text(MAX_ID)),
  publishedAt: z.nullable(text(MAX_ID)),
  eventDate: z.nullable(text(10)),
  dateline: z.nullable(z.object({ agency: z.nullable(text(MAX_NAME)), place: z.nullable(text(MAX_NAME)) })),
  entities: EntitiesSummarySchema,
  paragraphCount: count(),
});

const DedupeSummarySchema = z.object({
  status: z.enum(['unique', 'duplicate', 'near-duplicate']),
  duplicateOf: z.nullable(id()),
  similarity: z.nullable(similarity()),
  storyId: id(),
});

const base = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  articleId: id(),
  occurredAt: text(MAX_ID),
};

export const ArticleIngestedSchema = z.object({
  ...base,
  storyId: id(),
  raw: S3PointerSchema,
  clean: S3PointerSchema,
  extracted: S3PointerSchema,
  summary: ArticleSummarySchema,
  dedupe: DedupeSummarySchema,
});

export const ArticleDuplicateDetectedSchema = z.object({
  ...base,
  storyId: id(),
  duplicateOf: id(),
  similarity: similarity(),
  raw: S3PointerSchema,
  clean: S3PointerSchema,
  extracted: S3PointerSchema,
  summary: ArticleSummarySchema,
  dedupe: DedupeSummarySchema,
});

export const ArticleRejectedSchema = z.object({
  ...base,
  raw: S3PointerSchema,
  rejection: z.object({ reason: z.enum(REJECTION_REASONS), message: text(MAX_MESSAGE) }),
  /** Position of the article inside a multi-article input (JSON Lines, WARC). */
  index: count(),
});

export const StoryUpdatedSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  storyId: id(),
  occurredAt: text(MAX_ID),
  latestArticleId: id(),
  size: z.int().check(z.positive()),
  title: z.nullable(text(MAX_TITLE)),
  firstDate: z.nullable(text(MAX_ID)),
  lastDate: z.nullable(text(MAX_ID)),
  topEntities: list(text(MAX_NAME), MAX_ENTITIES),
  topTerms: list(text(MAX_NAME), MAX_ENTITIES),
});

export const DETAIL_SCHEMAS = {
  ArticleIngested: ArticleIngestedSchema,
  ArticleDuplicateDetected: ArticleDuplicateDetectedSchema,
  ArticleRejected: ArticleRejectedSchema,
  StoryUpdated: StoryUpdatedSchema,
} as const satisfies Record<DetailType, z.ZodMiniType>;

export type ArticleIngested = z.infer<typeof ArticleIngestedSchema>;
export type ArticleDuplicateDetected = z.infer<typeof ArticleDuplicateDetectedSchema>;
export type ArticleRejected = z.infer<typeof ArticleRejectedSchema>;
export type StoryUpdated = z.infer<typeof StoryUpdatedSchema>;
export type S3Pointer = z.infer<typeof S3PointerSchema>;

export type AkhbarEvent =
  | { detailType: 'ArticleIngested'; detail: ArticleIngested }
  | { detailType: 'ArticleDuplicateDetected'; detail: ArticleDuplicateDetected }
  | { detailType: 'ArticleRejected'; detail: ArticleRejected }
  | { detailType: 'StoryUpdated'; detail: StoryUpdated };

/** The envelope EventBridge delivers to subscribers. */
export const EnvelopeSchema = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.enum(DETAIL_TYPES),
  source: z.literal(EVENT_SOURCE),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** What a StoryUpdated event says of a story: only these fields of the dedupe stage's summary. */
export type StoryFacts = Pick<
  StorySummary,
  'storyId' | 'size' | 'title' | 'firstDate' | 'lastDate' | 'entities' | 'terms'
>;

export interface Pointers {
  raw: S3Pointer;
  clean: S3Pointer | null;
  extracted: S3Pointer | null;
}

/** Cuts to at most `max` UTF-16 units, marking the cut with "…", never splitting a surrogate pair. */
export function cut(value: string | null, max: number): string | null {
  if (value === null || value.length <= max) return value;
  let end = max - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}
const names = (list: string[]) => list.slice(0, MAX_ENTITIES).map((n) => cut(n, MAX_NAME) ?? '');

export function summarize(record: ArticleRecord): z.infer<typeof ArticleSummarySchema> {
  return {
    title: cut(record.title, MAX_TITLE),
    language: cut(record.language, MAX_ID),
    publishedAt: cut(record.publishedAt, MAX_ID),
    eventDate: record.eventDate,
    dateline: record.dateline
      ? { agency: cut(record.dateline.agency, MAX_NAME), place: cut(record.dateline.place, MAX_NAME) }
      : null,
    entities: {
      persons: names(record.entities.persons),
      places: names(record.entities.places),
      organizations: names(record.entities.organizations),
    },
    paragraphCount: record.paragraphs.length,
  };
}

/** The final event(s) of one record: exactly one article event, plus StoryUpdated when a story changed. */
export function eventsForRecord(record: ArticleRecord, pointers: Pointers, story: StoryFacts | null): AkhbarEvent[] {
  const occurredAt = record.processedAt;
  if (record.status === 'rejected' || !record.dedupe) {
    const detail = ArticleRejectedSchema.parse({
      schemaVersion: SCHEMA_VERSION,
      articleId: record.id,
      occurredAt,
      raw: pointers.raw,
      rejection: {
        reason: record.rejection?.reason ?? 'no-content',
        message: cut(record.rejection?.message ?? 'rejected', MAX_MESSAGE),
      },
      index: record.source.index,
    });
    return [{ detailType: 'ArticleRejected', detail }];
  }
  if (!pointers.clean || !pointers.extracted) throw new Error(`record ${record.id} has no cleaned/extracted pointers`);
  const common = {
    schemaVersion: SCHEMA_VERSION,
    articleId: record.id,
    occurredAt,
    storyId: record.dedupe.storyId,
    raw: pointers.raw,
    clean: pointers.clean,
    extracted: pointers.extracted,
    summary: summarize(record),
    dedupe: record.dedupe,
  } as const;
  const events: AkhbarEvent[] =
    record.dedupe.duplicateOf !== null
      ? [
          {
            detailType: 'ArticleDuplicateDetected',
            detail: ArticleDuplicateDetectedSchema.parse({
              ...common,
              duplicateOf: record.dedupe.duplicateOf,
              similarity: record.dedupe.similarity ?? 1,
            }),
          },
        ]
      : [{ detailType: 'ArticleIngested', detail: ArticleIngestedSchema.parse(common) }];
  if (story) {
    events.push({
      detailType: 'StoryUpdated',
      detail: StoryUpdatedSchema.parse({
        schemaVersion: SCHEMA_VERSION,
        storyId: story.storyId,
        occurredAt,
        latestArticleId: record.id,
        size: story.size,
        title: cut(story.title, MAX_TITLE),
        firstDate: cut(story.firstDate, MAX_ID),
        lastDate: cut(story.lastDate, MAX_ID),
        topEntities: names(Object.keys(story.entities)),
        topTerms: names(Object.keys(story.terms)),
      }),
    });
  }
  return events;
}
