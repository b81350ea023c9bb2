import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DETAIL_SCHEMAS, DETAIL_TYPES, EVENT_SOURCE } from '../contract/events.ts';
import * as z from '../core/zod.ts';
import { instrumented, logger } from './observability.ts';

/**
 * The pipe's enrichment step: each stream record of an outbox event item
 * becomes one bus entry. Details are validated against the contract here, at
 * the edge, so nothing off-contract reaches subscribers.
 */

const StreamRecordSchema = z.object({
  eventName: z.optional(z.string()),
  dynamodb: z.object({ NewImage: z.record(z.string(), z.unknown()) }),
});

export interface BusEntry {
  source: typeof EVENT_SOURCE;
  detailType: (typeof DETAIL_TYPES)[number];
  detail: Record<string, unknown>;
}

export function toBusEntry(record: unknown): BusEntry {
  const image = unmarshall(StreamRecordSchema.parse(record).dynamodb.NewImage as Record<string, AttributeValue>);
  const detailType = z.enum(DETAIL_TYPES).parse(image.detailType);
  const detail = DETAIL_SCHEMAS[detailType].parse(image.detail) as Record<string, unknown>;
  return { source: EVENT_SOURCE, detailType, detail };
}

/**
 * A record off the contract fails the whole batch: the pipe retries, bisects it down to that record and
 * dead-letters it (alarmed); it is logged here with its key, never its content.
 */
export const handler = instrumented(async (records: unknown[]): Promise<BusEntry[]> => {
  const entries: BusEntry[] = [];
  for (const record of records) {
    try {
      entries.push(toBusEntry(record));
    } catch (error) {
      logger.error('stream record off the event contract; the pipe will retry, then dead-letter it', {
        keys: (record as { dynamodb?: { Keys?: unknown } } | null)?.dynamodb?.Keys,
        error: error as Error,
      });
      throw error;
    }
  }
  logger.debug('records published', { records: records.length });
  return entries;
});
