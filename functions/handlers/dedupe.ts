import { FUNCTIONS } from '../../infra/definitions.ts';
import { dynamodb, s3 } from '../adapters/aws-clients.ts';
import { createDynamoIndex } from '../adapters/dynamodb/dedupe-index.ts';
import { getJson } from '../adapters/s3-store.ts';
import type { S3Pointer } from '../contract/events.ts';
import { dedupeStage } from '../core/pipeline.ts';
import { readConfig } from './config.ts';
import { recordOutcome } from './outcomes.ts';
import { idempotencyStore, logger, objectHandler } from './runtime.ts';
import type { StageMessage } from './stage-message.ts';

/**
 * Dedupe: an extracted article → its dedupe verdict (index entries and story
 * written by the index adapter), then the record and its events in one
 * transaction.
 */

const config = readConfig(FUNCTIONS.dedupe.environment);
const now = () => new Date();

export const handler = objectHandler(
  FUNCTIONS.dedupe,
  idempotencyStore(config.IDEMPOTENCY_TABLE_NAME),
  async (object) => {
    const message = await getJson<StageMessage<'extract'>>(s3, object);
    logger.appendKeys({ articleId: message.article.id });
    const index = createDynamoIndex({ client: dynamodb, tableName: config.TABLE_NAME, now });
    const { record, story } = await dedupeStage(message.article, { index, now });
    const extracted: S3Pointer = { bucket: object.bucket, key: object.key, versionId: object.versionId };
    await recordOutcome(
      config.TABLE_NAME,
      record,
      { raw: message.raw, clean: message.clean, extracted },
      story,
      message.revision,
      { dedupeCost: index.stats() },
    );
  },
);
