import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type FunctionDefinition, IDEMPOTENCY_TTL_SECONDS } from '../../infra/definitions.ts';
import { dynamodb, s3 } from '../adapters/aws-clients.ts';
import { MessageFormatError, StageError } from './errors.ts';
import { instrumented, logger, MetricUnit, metrics } from './observability.ts';
import { type ObjectVersion, parseObjectCreated } from './s3-event.ts';

/**
 * What every stage handler shares: Powertools logger, metrics and tracer
 * (the SDK clients traced, the handler instrumented as captureLambdaHandler
 * does, a ColdStart metric), idempotency per object version and partial
 * batch responses.
 */

export const tracer = new Tracer({ serviceName: 'akhbar' });
tracer.captureAWSv3Client(s3);
tracer.captureAWSv3Client(dynamodb);

export type { ObjectVersion };
export { logger, MetricUnit, metrics };

/** Idempotency records in their own DynamoDB table (see docs/architecture.md for why not the main one). */
export function idempotencyStore(tableName: string): BasePersistenceLayer {
  return new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: dynamodb });
}

/**
 * Builds an SQS handler that processes each object version once: Powertools
 * idempotency keyed on bucket + decoded key + version + revision (never the
 * message id, which changes on redelivery), and partial batch failures so
 * one bad message does not send the others round again.
 */
export function objectHandler(
  definition: Pick<FunctionDefinition, 'name'>,
  persistenceStore: BasePersistenceLayer,
  process: (object: ObjectVersion) => Promise<void>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: '[bucket, key, version, revision]',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
  });
  const once = makeIdempotent(
    async (object: ObjectVersion) => {
      await process(object);
      return { done: true };
    },
    { persistenceStore, config: idempotency, keyPrefix: `akhbar-${definition.name}` },
  );
  const processor = new BatchProcessor(EventType.SQS);
  const latencyMetric = `${definition.name}Latency`;

  const recordHandler = async (record: SQSRecord) => {
    let object: ObjectVersion | null;
    try {
      object = parseObjectCreated(record);
    } catch (error) {
      logger.error('unreadable message; it will go to the dead-letter queue after its retries', {
        messageId: record.messageId,
        error: error as Error,
      });
      throw error;
    }
    if (!object) {
      logger.info('S3 test event ignored', { messageId: record.messageId });
      return;
    }
    logger.appendKeys({ objectKey: object.key, bucket: object.bucket, objectVersion: object.version });
    const started = performance.now();
    try {
      await once(object);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        logger.warn('another delivery of this object version is in progress; retrying later');
        throw error;
      }
      const failure =
        error instanceof MessageFormatError ? error : new StageError(definition.name, object.key, { cause: error });
      logger.error('processing failed; the message will be retried', { error: failure });
      throw failure;
    } finally {
      metrics.addMetric(latencyMetric, MetricUnit.Milliseconds, performance.now() - started);
      logger.removeKeys(['objectKey', 'bucket', 'objectVersion', 'articleId']);
    }
  };

  return instrumented(async (event: SQSEvent, context: Context) => {
    idempotency.registerLambdaContext(context);
    // One record at a time: dedupe decisions of a batch see each other, as a single writer would.
    return processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
  }, tracer);
}
