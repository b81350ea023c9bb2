import * as z from 'zod';
import { REMOVAL_REASONS } from './clean/boilerplate.ts';
import { REJECTION_REASONS } from './errors.ts';

/**
 * The article record: what the pipeline knows about one article after all
 * stages. `akhbar process` prints it, the dedupe stage stores it, events
 * summarize it. One schema, types derived from it.
 */

export const RECORD_SCHEMA_VERSION = 1;

export const EntitiesSchema = z.object({
  persons: z.array(z.string()),
  places: z.array(z.string()),
  organizations: z.array(z.string()),
});

export const DatelineSchema = z.object({ agency: z.string().nullable(), place: z.string().nullable() });

export const QuoteSchema = z.object({ text: z.string(), speaker: z.string().nullable() });

export const DedupeStatusSchema = z.enum(['unique', 'duplicate', 'near-duplicate']);

export const DedupeSchema = z.object({
  status: DedupeStatusSchema,
  /** Id of the canonical article this one repeats (never a duplicate itself). */
  duplicateOf: z.string().nullable(),
  /** Jaccard or containment similarity to the canonical, 0..1. */
  similarity: z.number().min(0).max(1).nullable(),
  storyId: z.string(),
});

export const SourceSchema = z.object({
  /** Path or object key the article came from. */
  name: z.string(),
  /** Position inside a multi-article input (JSON Lines, WARC); 0 otherwise. */
  index: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  format: z.enum(['html', 'text']).nullable(),
  charset: z.string().nullable(),
  containers: z.array(z.string()),
  url: z.string().nullable(),
  crawledAt: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
});

const RemovedCountsSchema = z.partialRecord(z.enum(REMOVAL_REASONS), z.number().int().positive());

export const ArticleRecordSchema = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: z.string(),
  /** The input as given (path on the command line, object key in S3). */
  input: z.string(),
  status: z.enum(['ingested', 'duplicate', 'rejected']),
  source: SourceSchema,
  language: z.string().nullable(),
  title: z.string().nullable(),
  subtitle: z.string().nullable(),
  paragraphs: z.array(z.string()),
  publishedAt: z.string().nullable(),
  eventDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  dateline: DatelineSchema.nullable(),
  entities: EntitiesSchema,
  quotes: z.array(QuoteSchema),
  links: z.array(z.string()),
  /** Removed blocks per reason, for audit. */
  removed: RemovedCountsSchema,
  dedupe: DedupeSchema.nullable(),
  rejection: z.object({ reason: z.enum(REJECTION_REASONS), message: z.string() }).nullable(),
  processedAt: z.string(),
});

export type ArticleRecord = z.infer<typeof ArticleRecordSchema>;
export type Entities = z.infer<typeof EntitiesSchema>;
export type Dateline = z.infer<typeof DatelineSchema>;
export type DedupeInfo = z.infer<typeof DedupeSchema>;
export type Source = z.infer<typeof SourceSchema>;
