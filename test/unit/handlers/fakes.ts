import {
  ConditionalCheckFailedException,
  PutItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { encodeS3Key } from '../../../functions/handlers/s3-event.ts';

/**
 * In-memory stand-ins for the S3 and DynamoDB calls the handlers make,
 * plugged in by replacing `send` on the shared clients. They answer only the
 * commands the handlers use and fail loudly on anything else.
 */

export interface StoredObject {
  body: Uint8Array;
  metadata: Record<string, string>;
  versionId: string;
  tags: Record<string, string> | null;
}

export class FakeS3 {
  readonly objects = new Map<string, StoredObject>();
  readonly calls: string[] = [];
  /** Bodies actually downloaded. */
  bodyReads = 0;
  private version = 0;

  put(bucket: string, key: string, body: Uint8Array | string, metadata: Record<string, string> = {}): StoredObject {
    const object: StoredObject = {
      body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
      metadata,
      versionId: `v${++this.version}`,
      tags: null,
    };
    this.objects.set(`${bucket}/${key}`, object);
    return object;
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  json<T>(bucket: string, key: string): T {
    const object = this.get(bucket, key);
    if (!object) throw new Error(`no object ${bucket}/${key}`);
    return JSON.parse(new TextDecoder().decode(object.body)) as T;
  }

  send = async (command: unknown): Promise<unknown> => {
    if (command instanceof GetObjectCommand) {
      const { Bucket, Key } = command.input;
      this.calls.push(`GetObject ${Bucket}/${Key}`);
      const object = this.get(Bucket!, Key!);
      if (!object) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      const body = object.body;
      return {
        Body: {
          transformToByteArray: async () => {
            this.bodyReads++;
            return body;
          },
          transformToString: async () => {
            this.bodyReads++;
            return new TextDecoder().decode(body);
          },
          destroy: () => undefined,
        },
        ContentLength: body.byteLength,
        Metadata: object.metadata,
        VersionId: object.versionId,
        ETag: `"etag-${object.versionId}"`,
        LastModified: new Date('2024-06-01T00:00:00Z'),
      };
    }
    if (command instanceof PutObjectCommand) {
      const { Bucket, Key, Body } = command.input;
      this.calls.push(`PutObject ${Bucket}/${Key}`);
      const stored = this.put(Bucket!, Key!, String(Body));
      return { VersionId: stored.versionId };
    }
    if (command instanceof PutObjectTaggingCommand) {
      const { Bucket, Key, Tagging } = command.input;
      this.calls.push(`PutObjectTagging ${Bucket}/${Key}`);
      const object = this.get(Bucket!, Key!);
      if (!object) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      object.tags = Object.fromEntries((Tagging?.TagSet ?? []).map((t) => [t.Key, t.Value]));
      return {};
    }
    throw new Error(`FakeS3 does not answer ${(command as object).constructor.name}`);
  };
}

export type Item = Record<string, unknown>;

/**
 * Records every transaction; the record put is conditional on absence, as in
 * the real table. Single puts answer the one condition the handlers use on
 * them: the newest-write check on an object's sequencer.
 */
export class FakeDynamo {
  readonly items = new Map<string, Item>();
  readonly transactions: Item[][] = [];

  send = async (command: unknown): Promise<unknown> => {
    if (command instanceof PutItemCommand) {
      const item = unmarshall(command.input.Item ?? {});
      const existing = this.items.get(`${item.pk}|${item.sk}`);
      const condition = 'attribute_not_exists(#pk) OR attribute_not_exists(#ttl) OR #sequencer <= :sequencer';
      if (command.input.ConditionExpression !== condition)
        throw new Error(`FakeDynamo does not answer the condition ${command.input.ConditionExpression}`);
      if (existing && existing.ttl !== undefined && String(existing.sequencer) > String(item.sequencer)) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: command.input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? marshall(existing) : undefined,
        });
      }
      this.items.set(`${item.pk}|${item.sk}`, item);
      return {};
    }
    if (command instanceof TransactWriteItemsCommand) {
      const puts = (command.input.TransactItems ?? []).map((t: TransactWriteItem) => {
        if (!t.Put?.Item) throw new Error('FakeDynamo answers Put items only');
        return { item: unmarshall(t.Put.Item), conditional: Boolean(t.Put.ConditionExpression) };
      });
      const reasons = puts.map(({ item, conditional }) => ({
        Code: conditional && this.items.has(`${item.pk}|${item.sk}`) ? 'ConditionalCheckFailed' : 'None',
      }));
      if (reasons.some((r) => r.Code !== 'None')) {
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: reasons,
        });
      }
      for (const { item } of puts) this.items.set(`${item.pk}|${item.sk}`, item);
      this.transactions.push(puts.map((p) => p.item));
      return {};
    }
    throw new Error(`FakeDynamo does not answer ${(command as object).constructor.name}`);
  };
}

let messageCounter = 0;

/** An SQS record whose body is the EventBridge "Object Created" event of one object (key URL-encoded as S3 does). */
export function objectCreatedRecord(
  bucket: string,
  key: string,
  /** `sequencer: null` leaves it out, as a replay does. */
  object: { versionId?: string; size?: number | null; etag?: string; sequencer?: string | null } = {},
): SQSRecord {
  const encoded = encodeS3Key(key);
  const body = {
    version: '0',
    id: `event-${messageCounter}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2024-06-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: {
        key: encoded,
        ...(object.size === null ? {} : { size: object.size ?? 100 }),
        etag: object.etag ?? 'etag',
        ...(object.versionId ? { 'version-id': object.versionId } : {}),
        ...(object.sequencer === null ? {} : { sequencer: object.sequencer ?? '00' }),
      },
      reason: 'PutObject',
    },
  };
  return sqsRecord(JSON.stringify(body));
}

export function sqsRecord(body: string): SQSRecord {
  const messageId = `message-${++messageCounter}`;
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'events.amazonaws.com',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:clean',
    awsRegion: 'eu-west-1',
  };
}

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'akhbar-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:akhbar-test',
  memoryLimitInMB: '1024',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/akhbar-test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
