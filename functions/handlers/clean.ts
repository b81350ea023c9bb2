import { FUNCTIONS, PREFIXES } from '../../infra/definitions.ts';
import { dynamodb, s3 } from '../adapters/aws-clients.ts';
import { forEachLimited } from '../adapters/concurrency.ts';
import { claimLatestWrite } from '../adapters/dynamodb/write-order.ts';
import { getRawObject, ObjectTooLargeError, putJson, type RawObject } from '../adapters/s3-store.ts';
import type { S3Pointer } from '../contract/events.ts';
import type { RejectionReason } from '../core/errors.ts';
import { articleId, type CleanOutcome, cleanStage, DEFAULT_STAGE_CONFIG } from '../core/pipeline.ts';
import { readConfig } from './config.ts';
import { markRejected, recordRejection } from './outcomes.ts';
import { idempotencyStore, logger, type ObjectVersion, objectHandler } from './runtime.ts';
import type { StageMessage } from './stage-message.ts';

/**
 * Clean: a raw upload → one cleaned JSON object per article under clean/
 * (each object's "Object Created" event feeds the extract stage). Inputs
 * that are not articles become rejected records, and the raw object is tagged.
 * Writes to one key are applied in S3's order: an event older than a write
 * already processed becomes a `superseded` rejection.
 */

const config = readConfig(FUNCTIONS.clean.environment);
const { maxInputBytes } = DEFAULT_STAGE_CONFIG.limits;
/** Writes in flight at once: a JSON Lines file may hold thousands of articles. */
const CONCURRENCY = 16;

export const handler = objectHandler(
  FUNCTIONS.clean,
  idempotencyStore(config.IDEMPOTENCY_TABLE_NAME),
  async (object) => {
    const sourceId = `s3://${object.bucket}/${object.key}#${object.version}`;
    const outcomes = await cleanObject(object, sourceId);
    const raw: S3Pointer = outcomes.raw;
    await forEachLimited(outcomes.list, CONCURRENCY, async (outcome) => {
      if (!outcome.ok) {
        await recordRejection(
          config.TABLE_NAME,
          outcome.rejected,
          { raw, clean: null, extracted: null },
          object.revision,
        );
        return;
      }
      const message: StageMessage<'clean'> = {
        raw,
        clean: null,
        revision: object.revision,
        articlesInInput: outcomes.list.length,
        article: outcome.article,
      };
      await putJson(s3, config.PROCESSED_BUCKET, `${PREFIXES.clean}${outcome.article.id}.json`, message);
      logger.info('article cleaned', { articleId: outcome.article.id, removed: outcome.article.clean.removedCounts });
    });
    // A superseded version is not marked: without versioning, its key now holds the newer object.
    const rejections = outcomes.list.flatMap((o) =>
      o.ok || o.rejected.rejection.reason === 'superseded' ? [] : [o.rejected.rejection],
    );
    await markRejected(raw, rejections, outcomes.list.length);
    // One line per article and stage: an input of one article has said everything on its article's line.
    if (outcomes.list.length > 1)
      logger.info('input cleaned', { articles: outcomes.list.length, rejected: rejections.length });
  },
);

async function cleanObject(object: ObjectVersion, sourceId: string): Promise<{ raw: S3Pointer; list: CleanOutcome[] }> {
  const unread = (reason: RejectionReason, message: string, size: number | null, metadata = {}) => ({
    raw: pointerOf(object, object.versionId),
    list: [rejectedUnread(object, sourceId, { reason, message }, size, metadata)],
  });
  if (object.sequencer) {
    const order = await claimLatestWrite(dynamodb, config.TABLE_NAME, { ...object, sequencer: object.sequencer });
    if (!order.latest) {
      const newer = `a newer write to this key (sequencer ${order.newer.sequencer}) was already processed`;
      return unread('superseded', newer, object.size);
    }
  }
  // The event states the size: an oversized upload is rejected without downloading it.
  if (object.size !== null && object.size > maxInputBytes) return unread(...tooLarge(object.size), object.size);
  let fetched: RawObject;
  try {
    fetched = await getRawObject(s3, object, maxInputBytes);
  } catch (error) {
    if (!(error instanceof ObjectTooLargeError)) throw error;
    return unread(...tooLarge(error.size), error.size, error.metadata);
  }
  // Without versioning a read returns the newest write: if that is not the one announced, this event is stale.
  if (!object.versionId && object.etag && fetched.etag && fetched.etag !== object.etag) {
    return unread('superseded', `the object was overwritten (etag ${fetched.etag}) before it was read`, object.size);
  }
  const raw = pointerOf(object, fetched.versionId ?? object.versionId);
  const list = cleanStage({
    name: object.key,
    bytes: fetched.bytes,
    metadata: fetched.metadata,
    sourceId,
    receivedAt: (fetched.lastModified ?? new Date()).toISOString(),
  });
  return { raw, list };
}

const pointerOf = (object: ObjectVersion, versionId: string | null): S3Pointer => ({
  bucket: object.bucket,
  key: object.key,
  versionId,
});

const tooLarge = (size: number): [RejectionReason, string] => [
  'too-large',
  `input is ${size} bytes; the limit is ${maxInputBytes}`,
];

/** A rejection decided before (or instead of) reading the object's body. */
function rejectedUnread(
  object: ObjectVersion,
  sourceId: string,
  rejection: { reason: RejectionReason; message: string },
  size: number | null,
  metadata: Record<string, string>,
): CleanOutcome {
  return {
    ok: false,
    rejected: {
      id: articleId(sourceId, 0),
      input: object.key,
      source: {
        name: object.key,
        index: 0,
        bytes: size ?? 0,
        // Not read, so not hashed.
        sha256: '',
        format: null,
        charset: null,
        containers: [],
        url: metadata['source-url'] ?? null,
        crawledAt: metadata['crawled-at'] ?? null,
        metadata,
      },
      rejection,
    },
  };
}
