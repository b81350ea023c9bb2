import { REMOVAL_REASONS } from './clean/boilerplate.ts';
import { REJECTION_REASONS } from './errors.ts';
import { RECORD_SCHEMA_VERSION } from './record-version.ts';
import * as z from './zod.ts';

/**
 * The article record: what the pipeline knows about one article after all
 * stages. `akhbar process` prints it, the dedupe stage stores it, events
 * summarize it. One schema, types derived from it.
 */

export { RECORD_SCHEMA_VERSION };

export const EntitiesSchema = z.object({
  persons: z.array(z.string()),
  places: z.array(z.string()),
  organizations: z.array(z.string()),
});

export const DatelineSchema = z.object({ agency: z.nullable(z.string()), place: z.nullable(z.string()) });

export const QuoteSchema = z.object({ text: z.string(), speaker: z.nullable(z.string()) });

export const DedupeStatusSchema = z.enum(['unique', 'duplicate', 'near-duplicate']);

export const DedupeSchema = z.object({
  status: DedupeStatusSchema,
  /** Id of the canonical article this one repeats (never a duplicate itself). */
  duplicateOf: z.nullable(z.string()),
  /** Jaccard or containment similarity to the canonical, 0..1. */
  similarity: z.nullable(z.number().check(z.gte(0), z.lte(1))),
  storyId: z.string(),
});

export const SourceSchema = z.object({
  /** Path or object key the article came from. */
  name: z.string(),
  /** Position inside a multi-article input (JSON Lines, WARC); 0 otherwise. */
  index: z.int().check(z.nonnegative()),
  bytes: z.int().check(z.nonnegative()),
  sha256: z.string(),
  format: z.nullable(z.enum(['html', 'text'])),
  charset: z.nullable(z.string()),
  containers: z.array(z.string()),
  url: z.nullable(z.string()),
  crawledAt: z.nullable(z.string()),
  metadata: z.record(z.string(), z.string()),
});

const RemovedCountsSchema = z.partialRecord(z.enum(REMOVAL_REASONS), z.int().check(z.positive()));

export const ArticleRecordSchema = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: z.string(),
  /** The input as given (path on the command line, object key in S3). */
  input: z.string(),
  status: z.enum(['ingested', 'duplicate', 'rejected']),
  source: SourceSchema,
  language: z.nullable(z.string()),
  title: z.nullable(z.string()),
  subtitle: z.nullable(z.string()),
  paragraphs: z.array(z.string()),
  publishedAt: z.nullable(z.string()),
  eventDate: z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  dateline: z.nullable(DatelineSchema),
  entities: EntitiesSchema,
  quotes: z.array(QuoteSchema),
  links: z.array(z.string()),
  /** Removed blocks per reason, for audit. */
  removed: RemovedCountsSchema,
  dedupe: z.nullable(DedupeSchema),
  rejection: z.nullable(z.object({ reason: z.enum(REJECTION_REASONS), message: z.string() })),
  processedAt: z.string(),
});

export type ArticleRecord = z.infer<typeof ArticleRecordSchema>;
export type Entities = z.infer<typeof EntitiesSchema>;
export type Dateline = z.infer<typeof DatelineSchema>;
export type DedupeInfo = z.infer<typeof DedupeSchema>;
export type Source = z.infer<typeof SourceSchema>;
