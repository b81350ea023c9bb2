import { FUNCTIONS, PREFIXES } from '../../infra/definitions.ts';
import { s3 } from '../adapters/aws-clients.ts';
import { getRawObject, putJson } from '../adapters/s3-store.ts';
import type { S3Pointer } from '../contract/events.ts';
import { cleanStage, DEFAULT_STAGE_CONFIG } from '../core/pipeline.ts';
import { recordRejection } from './outcomes.ts';
import { logger, objectHandler, readConfig } from './runtime.ts';
import type { StageMessage } from './stage-message.ts';

/** Clean: a raw upload → one cleaned JSON object per article under clean/ (the next stage's trigger). */

const config = readConfig(FUNCTIONS.clean.environment);

export const handler = objectHandler(FUNCTIONS.clean, config.IDEMPOTENCY_TABLE_NAME, async (object) => {
  const raw = await getRawObject(s3, object, DEFAULT_STAGE_CONFIG.limits.maxInputBytes);
  const rawPointer: S3Pointer = {
    bucket: object.bucket,
    key: object.key,
    versionId: raw.versionId ?? object.versionId,
  };
  const outcomes = cleanStage({
    name: object.key,
    bytes: raw.bytes,
    metadata: raw.metadata,
    sourceId: `s3://${object.bucket}/${object.key}#${object.version}`,
    receivedAt: (raw.lastModified ?? new Date()).toISOString(),
  });
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      logger.info('input rejected', { articleId: outcome.rejected.id, reason: outcome.rejected.rejection.reason });
      await recordRejection(
        config.TABLE_NAME,
        outcome.rejected,
        { raw: rawPointer, clean: null, extracted: null },
        object.revision,
      );
      continue;
    }
    const message: StageMessage<'clean'> = {
      raw: rawPointer,
      clean: null,
      revision: object.revision,
      article: outcome.article,
    };
    await putJson(s3, config.PROCESSED_BUCKET, `${PREFIXES.clean}${outcome.article.id}.json`, message);
    logger.info('article cleaned', { articleId: outcome.article.id, removed: outcome.article.clean.removedCounts });
  }
});
