import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import type { EnvironmentVariable, FunctionDefinition } from '../../infra/definitions.ts';
import { IDEMPOTENCY_TTL_SECONDS } from '../../infra/definitions.ts';
import { dynamodb, s3 } from '../adapters/aws-clients.ts';
import type { S3Pointer } from '../contract/events.ts';

/**
 * What every handler shares: configuration read and validated at init,
 * Powertools logger/metrics/tracer, the S3 "Object Created" message parser,
 * idempotency per object version and partial batch responses.
 */

export const logger = new Logger({ serviceName: 'akhbar' });
export const metrics = new Metrics({ namespace: 'Akhbar', serviceName: 'akhbar' });
export const tracer = new Tracer({ serviceName: 'akhbar' });
tracer.captureAWSv3Client(s3);
tracer.captureAWSv3Client(dynamodb);

export { MetricUnit };

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Reads the variables a function needs; a missing one fails the cold start, loudly. */
export function readConfig<const V extends readonly EnvironmentVariable[]>(
  names: V,
  env: NodeJS.ProcessEnv = process.env,
): Record<V[number], string> {
  const config = {} as Record<V[number], string>;
  const missing = names.filter((n) => n !== 'LOG_ARTICLE_TEXT' && !env[n]);
  if (missing.length) throw new ConfigurationError(`missing environment variables: ${missing.join(', ')}`);
  for (const name of names) config[name as V[number]] = env[name] ?? '';
  return config;
}

/** S3 event notifications encode keys: spaces as "+", other bytes as %XX. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

const ObjectCreatedSchema = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    /** Set by `akhbar replay`: a new processing revision of an object already processed. */
    'akhbar-revision': z.number().int().positive().optional(),
    object: z.object({
      key: z.string(),
      size: z.number().optional(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});

export interface ObjectVersion extends S3Pointer {
  etag: string | null;
  sequencer: string | null;
  /** The identity of this version for idempotency: versionId, else etag. */
  version: string;
  /** Processing revision: 1 for an upload, higher for each replay. */
  revision: number;
}

/** Parses one SQS record carrying an EventBridge "Object Created" event. Null for S3's test event. */
export function parseObjectCreated(record: Pick<SQSRecord, 'body'>): ObjectVersion | null {
  const body: unknown = JSON.parse(record.body);
  if (body && typeof body === 'object' && (body as Record<string, unknown>).Event === 's3:TestEvent') return null;
  const event = ObjectCreatedSchema.parse(body);
  const { bucket, object } = event.detail;
  const versionId = object['version-id'] ?? null;
  const etag = object.etag ?? null;
  return {
    bucket: bucket.name,
    key: decodeS3Key(object.key),
    versionId,
    etag,
    sequencer: object.sequencer ?? null,
    version: versionId ?? etag ?? 'unversioned',
    revision: event.detail['akhbar-revision'] ?? 1,
  };
}

/**
 * Builds an SQS handler that processes each object version once: Powertools
 * idempotency keyed on bucket + key + version (never the message id, which
 * changes on redelivery), and partial batch failures so one bad message does
 * not retry the others.
 */
export function objectHandler(
  definition: FunctionDefinition,
  idempotencyTable: string,
  process: (object: ObjectVersion) => Promise<void>,
) {
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: idempotencyTable, awsSdkV3Client: dynamodb });
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

  const recordHandler = async (record: SQSRecord) => {
    const object = parseObjectCreated(record);
    if (!object) return;
    logger.appendKeys({ objectKey: object.key, bucket: object.bucket });
    const started = performance.now();
    try {
      await once(object);
    } finally {
      metrics.addMetric(`${definition.name}Latency`, MetricUnit.Milliseconds, performance.now() - started);
      logger.removeKeys(['objectKey', 'bucket', 'articleId']);
    }
  };

  return async (event: SQSEvent, context: Context) => {
    idempotency.registerLambdaContext(context);
    logger.addContext(context);
    try {
      // One record at a time: dedupe decisions of a batch see each other, as a single writer would.
      return await processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
