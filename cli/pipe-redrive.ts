import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { type BusEntry, toBusEntry } from '../functions/handlers/publish.ts';
import { EVENT_ITEM_PREFIX, TABLE } from '../infra/definitions.ts';

/**
 * Republishing the pipe's dead letters on AWS. For a DynamoDB stream source
 * the pipe's dead-letter queue holds no events, only where the failed batch
 * lies in the stream (`DDBStreamBatchInfo`: shard, first and last sequence
 * numbers). For each dead letter: read those stream records, keep the inserted
 * outbox items (the pipe's filter), read each EVENT# item from the table,
 * check it against the contract as the publish function does, and put it on
 * the bus once: a conditional mark on the item claims it first (a MODIFY,
 * which the pipe's INSERT filter ignores), so a second redrive, or two at
 * once, never publish it again; a rejected entry gives its claim back. The
 * dead letter is deleted when all its events are on the bus. At most once:
 * a redrive that dies between its claim and PutEvents leaves that event
 * claimed and unpublished (`republishedBy` on the item says which letter).
 *
 * The stream keeps records 24 hours: an older dead letter cannot be resolved
 * to its items and is left in the queue, counted as expired (its events are
 * still in the table, under the articles' EVENT# items).
 */

const BatchInfoSchema = z.object({
  DDBStreamBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: z.string().regex(/^\d+$/),
    endSequenceNumber: z.string().regex(/^\d+$/),
    approximateArrivalOfFirstRecord: z.string(),
    streamArn: z.string().min(1),
  }),
});
export type StreamBatchInfo = z.infer<typeof BatchInfoSchema>['DDBStreamBatchInfo'];

export const STREAM_RETENTION_MS = 24 * 3600 * 1000;
const PUT_EVENTS_BATCH = 10;

export interface PipeDeadLetter {
  messageId: string;
  body: string;
}

export interface StreamRecordKey {
  eventName: string;
  keys: Record<string, string>;
}

export interface PipeRedrivePorts<L extends PipeDeadLetter = PipeDeadLetter> {
  /** The next page of dead letters; empty when the queue has no more visible ones. */
  receive(): Promise<L[]>;
  remove(letter: L): Promise<void>;
  /** Keys of the stream records of a batch, in stream order; null when the stream no longer has them. */
  readBatch(info: StreamBatchInfo): Promise<StreamRecordKey[] | null>;
  /** The item as stored (DynamoDB JSON), or null. */
  getItem(keys: Record<string, string>): Promise<Record<string, AttributeValue> | null>;
  /**
   * Marks the item as republished by `claim` (the dead letter's id); false when any redrive already did,
   * this one included: a claim is only given back when the bus refused the event.
   */
  claim(keys: Record<string, string>, claim: string): Promise<boolean>;
  release(keys: Record<string, string>, claim: string): Promise<void>;
  /** Per entry: accepted by the bus. */
  putEvents(entries: BusEntry[]): Promise<boolean[]>;
  now(): Date;
}

export interface PipeRedriveResult {
  /** Dead letters read. */
  letters: number;
  /** Events put on the bus now. */
  published: number;
  /** Events a previous redrive had already put on the bus. */
  alreadyPublished: number;
  /** Dead letters older than the stream's 24 hours, left in the queue. */
  expired: number;
  /** Dead letters left in the queue for another try, with why. */
  failed: { messageId: string; reason: string }[];
}

class DeadLetterError extends Error {
  override readonly name = 'DeadLetterError';
}

/** Pages read at most in one redrive: letters left behind wait for the next one. */
const MAX_PAGES = 100;

export async function redrivePipeDeadLetters<L extends PipeDeadLetter>(
  ports: PipeRedrivePorts<L>,
): Promise<PipeRedriveResult> {
  const result: PipeRedriveResult = { letters: 0, published: 0, alreadyPublished: 0, expired: 0, failed: [] };
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const letters = (await ports.receive()).filter((l) => !seen.has(l.messageId));
    if (letters.length === 0) break;
    for (const letter of letters) {
      seen.add(letter.messageId);
      result.letters++;
      try {
        const outcome = await redriveOne(ports, letter);
        if (outcome === 'expired') {
          result.expired++;
          continue;
        }
        result.published += outcome.published;
        result.alreadyPublished += outcome.alreadyPublished;
        await ports.remove(letter);
      } catch (error) {
        result.failed.push({
          messageId: letter.messageId,
          reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
  }
  return result;
}

async function redriveOne<L extends PipeDeadLetter>(
  ports: PipeRedrivePorts<L>,
  letter: L,
): Promise<'expired' | { published: number; alreadyPublished: number }> {
  let info: StreamBatchInfo;
  try {
    info = BatchInfoSchema.parse(JSON.parse(letter.body)).DDBStreamBatchInfo;
  } catch (error) {
    throw new DeadLetterError('not a stream batch dead letter of the pipe', { cause: error });
  }
  const arrived = Date.parse(info.approximateArrivalOfFirstRecord);
  if (Number.isFinite(arrived) && ports.now().getTime() - arrived > STREAM_RETENTION_MS) return 'expired';
  const records = await ports.readBatch(info);
  if (records === null) return 'expired';
  const outbox = records.filter(
    (r) => r.eventName === 'INSERT' && String(r.keys[TABLE.sortKey] ?? '').startsWith(EVENT_ITEM_PREFIX),
  );
  const pending: { keys: Record<string, string>; entry: BusEntry }[] = [];
  let alreadyPublished = 0;
  for (const record of outbox) {
    const item = await ports.getItem(record.keys);
    if (!item) throw new DeadLetterError(`the event item ${JSON.stringify(record.keys)} is not in the table`);
    const entry = toBusEntry({ eventName: 'INSERT', dynamodb: { NewImage: item } });
    if (await ports.claim(record.keys, letter.messageId)) pending.push({ keys: record.keys, entry });
    else alreadyPublished++;
  }
  let published = 0;
  let rejected = 0;
  let cause: unknown = null;
  for (let i = 0; i < pending.length; i += PUT_EVENTS_BATCH) {
    const batch = pending.slice(i, i + PUT_EVENTS_BATCH);
    const accepted = await ports.putEvents(batch.map((p) => p.entry)).catch((error: unknown) => {
      cause = error;
      return batch.map(() => false);
    });
    for (const [k, p] of batch.entries()) {
      if (accepted[k]) {
        published++;
        continue;
      }
      // Not on the bus: the claim goes back, so the next redrive tries this event again.
      rejected++;
      await ports.release(p.keys, letter.messageId);
    }
  }
  if (rejected > 0) {
    throw new DeadLetterError(`the bus refused ${rejected} of ${pending.length} events`, { cause });
  }
  return { published, alreadyPublished };
}
