import { dynamodb, s3 } from '../adapters/aws-clients.ts';
import { writeOutcome } from '../adapters/dynamodb/article-store.ts';
import { tagObject } from '../adapters/s3-store.ts';
import { eventsForRecord, type Pointers, type S3Pointer, type StoryFacts } from '../contract/events.ts';
import { type RejectedDocument, rejectedRecord } from '../core/pipeline.ts';
import type { ArticleRecord } from '../core/record.ts';
import { logger, MetricUnit, metrics } from './runtime.ts';

/**
 * Final outcomes: a record and its events in one transaction (the outbox; the
 * table's stream publishes the events, so there is no second write to fail).
 */

export async function recordOutcome(
  tableName: string,
  record: ArticleRecord,
  pointers: Pointers,
  story: StoryFacts | null,
  revision: number,
  /** More to say on the record's log line (the stage's one line per article), e.g. what the decision cost. */
  logged: Record<string, unknown> = {},
): Promise<void> {
  const events = eventsForRecord(record, pointers, story);
  const { written } = await writeOutcome(dynamodb, tableName, record, pointers, events, story, revision);
  logger.info(written ? 'article recorded' : 'article already recorded', {
    articleId: record.id,
    status: record.status,
    dedupe: record.dedupe?.status,
    reason: record.rejection?.reason,
    events: events.map((e) => e.detailType),
    ...logged,
  });
  if (!written) return;
  if (record.status === 'rejected') metrics.addMetric('Rejected', MetricUnit.Count, 1);
  else if (record.status === 'duplicate') metrics.addMetric('Duplicates', MetricUnit.Count, 1);
  else metrics.addMetric('Ingested', MetricUnit.Count, 1);
}

/** Poison input: a rejected record and its `ArticleRejected` event. Never retried. */
export async function recordRejection(
  tableName: string,
  rejected: RejectedDocument,
  pointers: Pointers,
  revision: number,
): Promise<void> {
  await recordOutcome(tableName, rejectedRecord(rejected, new Date()), pointers, null, revision);
}

/**
 * Marks the raw object with what happened to it, keeping the object itself:
 * `akhbar-status` is `rejected` when none of its articles got through,
 * `partly-rejected` when some did.
 */
export async function markRejected(
  raw: S3Pointer,
  rejections: { reason: string }[],
  articlesInInput: number,
): Promise<void> {
  const first = rejections[0];
  if (!first) return;
  const all = rejections.length >= articlesInInput;
  await tagObject(s3, raw, {
    'akhbar-status': all ? 'rejected' : 'partly-rejected',
    'akhbar-reason': first.reason,
    ...(all ? {} : { 'akhbar-rejected': `${rejections.length}/${articlesInInput}` }),
  });
}
