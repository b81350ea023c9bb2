import { dynamodb, s3 } from '../adapters/aws-clients.ts';
import { writeOutcome } from '../adapters/dynamodb/article-store.ts';
import { tagObject } from '../adapters/s3-store.ts';
import { eventsForRecord, type Pointers } from '../contract/events.ts';
import type { StorySummary } from '../core/dedupe/port.ts';
import { type RejectedDocument, rejectedRecord } from '../core/pipeline.ts';
import type { ArticleRecord } from '../core/record.ts';
import { logger, MetricUnit, metrics } from './runtime.ts';

/** Final outcomes: a record and its events in one transaction; rejected raw objects are also tagged. */

export async function recordOutcome(
  tableName: string,
  record: ArticleRecord,
  pointers: Pointers,
  story: StorySummary | null,
  revision: number,
): Promise<void> {
  const events = eventsForRecord(record, pointers, story);
  const { written } = await writeOutcome(dynamodb, tableName, record, pointers, events, story, revision);
  logger.info(written ? 'article recorded' : 'article already recorded', {
    articleId: record.id,
    status: record.status,
    dedupe: record.dedupe?.status,
    events: events.map((e) => e.detailType),
  });
  if (!written) return;
  if (record.status === 'rejected') metrics.addMetric('Rejected', MetricUnit.Count, 1);
  else if (record.status === 'duplicate') metrics.addMetric('Duplicates', MetricUnit.Count, 1);
  else metrics.addMetric('Ingested', MetricUnit.Count, 1);
}

export async function recordRejection(
  tableName: string,
  rejected: RejectedDocument,
  pointers: Pointers,
  revision: number,
): Promise<void> {
  await recordOutcome(tableName, rejectedRecord(rejected, new Date()), pointers, null, revision);
  await tagObject(s3, pointers.raw, { 'akhbar-status': 'rejected', 'akhbar-reason': rejected.rejection.reason });
}
