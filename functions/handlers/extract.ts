import { FUNCTIONS, PREFIXES } from '../../infra/definitions.ts';
import { s3 } from '../adapters/aws-clients.ts';
import { getJson, putJson } from '../adapters/s3-store.ts';
import type { S3Pointer } from '../contract/events.ts';
import { isRejection } from '../core/errors.ts';
import { extractStage } from '../core/pipeline.ts';
import { readConfig } from './config.ts';
import { markRejected, recordRejection } from './outcomes.ts';
import { idempotencyStore, logger, objectHandler } from './runtime.ts';
import type { StageMessage } from './stage-message.ts';

/** Extract: a cleaned article → its fields, written under extracted/ (the dedupe stage's trigger). */

const config = readConfig(FUNCTIONS.extract.environment);

export const handler = objectHandler(
  FUNCTIONS.extract,
  idempotencyStore(config.IDEMPOTENCY_TABLE_NAME),
  async (object) => {
    const message = await getJson<StageMessage<'clean'>>(s3, object);
    const clean: S3Pointer = { bucket: object.bucket, key: object.key, versionId: object.versionId };
    logger.appendKeys({ articleId: message.article.id });
    try {
      const article = extractStage(message.article);
      const next: StageMessage<'extract'> = {
        raw: message.raw,
        clean,
        revision: message.revision,
        articlesInInput: message.articlesInInput,
        article,
      };
      await putJson(s3, config.PROCESSED_BUCKET, `${PREFIXES.extracted}${article.id}.json`, next);
      logger.info('article extracted', { language: article.language, eventDate: article.eventDate });
    } catch (error) {
      if (!isRejection(error)) throw error;
      const { id, input, source } = message.article;
      const rejection = { reason: error.reason, message: error.message };
      await recordRejection(
        config.TABLE_NAME,
        { id, input, source, rejection },
        { raw: message.raw, clean, extracted: null },
        message.revision,
      );
      // The raw object is marked only when this was its one article (the clean stage marked the others).
      if (message.articlesInInput === 1) await markRejected(message.raw, [rejection], 1);
    }
  },
);
