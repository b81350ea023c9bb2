import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { LOCAL_NAMES, PREFIXES, QUEUES, STAGE_ROUTES } from '../infra/definitions.ts';
import { requestRedrive, requestReplay } from '../local/control.ts';
import { LOCAL_CREDENTIALS } from '../local/stack.ts';
import { eventBridgePutEvents } from './eventbridge.ts';
import {
  type PipeRedrivePorts,
  type PipeRedriveResult,
  redrivePipeDeadLetters,
  type StreamBatchInfo,
  type StreamRecordKey,
} from './pipe-redrive.ts';

/**
 * Where the inspection commands point: the running local stack (default), or
 * a deployed stack found through its CloudFormation outputs (`--profile`,
 * `--region`, `--stack`). The commands themselves do not know which.
 */

export interface DeadLetterCount {
  source: string;
  count: number;
  details: string[];
}

export interface CliTarget {
  kind: 'local' | 'aws';
  description: string;
  dynamodb: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  rawBucket: string;
  deadLetters(): Promise<DeadLetterCount[]>;
  /** Messages moved back per queue; for the pipe on AWS, what republishing its dead letters did. */
  redrive(): Promise<Record<string, number | PipeRedriveResult>>;
  replay(): Promise<{ objects: number; revision: number }>;
}

export const TARGET_OPTIONS = {
  'port-base': { type: 'string', default: '4560' },
  data: { type: 'string', default: '.data' },
  profile: { type: 'string' },
  region: { type: 'string' },
  stack: { type: 'string', default: 'Akhbar' },
} as const;

export interface TargetValues {
  'port-base': string;
  data: string;
  profile?: string;
  region?: string;
  stack: string;
}

export async function resolveTarget(values: TargetValues): Promise<CliTarget> {
  if (values.profile || values.region) return awsTarget(values);
  return localTarget(values);
}

function localTarget(values: TargetValues): CliTarget {
  const base = Number(values['port-base']);
  const credentials = { accessKeyId: LOCAL_CREDENTIALS, secretAccessKey: LOCAL_CREDENTIALS };
  const dataDir = path.resolve(values.data);
  return {
    kind: 'local',
    description: `local stack (port base ${base}, data ${dataDir})`,
    dynamodb: new DynamoDBClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${base + 2}`, credentials }),
    s3: new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${base + 1}`,
      forcePathStyle: true,
      credentials,
    }),
    tableName: LOCAL_NAMES.table,
    rawBucket: LOCAL_NAMES.rawBucket,
    async deadLetters() {
      const { readLocalDeadLetters } = await import('../local/dead-letters.ts');
      return readLocalDeadLetters(dataDir);
    },
    async redrive() {
      const result = await requestRedrive(dataDir);
      return { ...result.queues, pipe: result.pipe, bus: result.bus };
    },
    replay: () => requestReplay(dataDir),
  };
}

/** The outputs the stack publishes (infra/stack.ts) that the commands need. */
export function outputsToNames(outputs: Record<string, string>) {
  const need = (key: string) => {
    const value = outputs[key];
    if (!value) throw new Error(`the stack has no output ${key}: deploy the current version of the stack`);
    return value;
  };
  return {
    tableName: need('TableName'),
    rawBucket: need('RawBucketName'),
    busName: need('BusName'),
    cleanQueueUrl: need('cleanQueueUrl'),
    deadLetterQueues: {
      ...Object.fromEntries(Object.keys(QUEUES).map((name) => [name, need(`${name}DeadLetterQueueUrl`)])),
      pipe: need('PipeDeadLetterQueueUrl'),
    },
    stageQueues: Object.fromEntries(Object.keys(QUEUES).map((name) => [name, need(`${name}QueueUrl`)])),
    /** S3 events a stage rule could not deliver, by the stage queue they were meant for. */
    ruleDeadLetterQueues: Object.fromEntries(
      STAGE_ROUTES.map((route) => [route.queue, need(`${route.name.replace(/-/g, '')}DeadLetterQueueUrl`)]),
    ),
  };
}

async function awsTarget(values: TargetValues): Promise<CliTarget> {
  // The SDK's default credential chain reads the named profile from the environment.
  if (values.profile) process.env.AWS_PROFILE = values.profile;
  const region = values.region ?? process.env.AWS_REGION;
  const config = region ? { region } : {};
  const cloudformation = new CloudFormationClient(config);
  const described = await cloudformation.send(new DescribeStacksCommand({ StackName: values.stack }));
  const outputs = Object.fromEntries(
    (described.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  const names = outputsToNames(outputs);
  const sqs = new SQSClient(config);
  const s3 = new S3Client(config);
  const dynamodb = new DynamoDBClient(config);
  const attributes = async (url: string) =>
    (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'QueueArn'] }),
      )
    ).Attributes ?? {};
  return {
    kind: 'aws',
    description: `stack ${values.stack}${region ? ` in ${region}` : ''}`,
    dynamodb,
    s3,
    tableName: names.tableName,
    rawBucket: names.rawBucket,
    async deadLetters() {
      const out: DeadLetterCount[] = [];
      for (const [source, url] of Object.entries(names.deadLetterQueues)) {
        out.push({ source, count: Number((await attributes(url)).ApproximateNumberOfMessages ?? 0), details: [url] });
      }
      for (const [stage, url] of Object.entries(names.ruleDeadLetterQueues)) {
        const count = Number((await attributes(url)).ApproximateNumberOfMessages ?? 0);
        out.push({ source: `${stage} rule`, count, details: [url] });
      }
      return out;
    },
    async redrive() {
      const moved: Record<string, number | PipeRedriveResult> = {};
      for (const [source, url] of Object.entries(names.deadLetterQueues)) {
        if (source === 'pipe') continue;
        const attrs = await attributes(url);
        const count = Number(attrs.ApproximateNumberOfMessages ?? 0);
        // Redrive back to the queue the messages came from (SQS remembers it).
        if (count > 0) await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: attrs.QueueArn }));
        moved[source] = count;
      }
      // S3 events a rule could not deliver go to the stage queue they were meant for (the body is the event).
      // Moved by hand: SQS's move task only takes queues that are some queue's redrive target.
      for (const [stage, url] of Object.entries(names.ruleDeadLetterQueues)) {
        moved[`${stage} rule`] = await moveMessages(sqs, url, names.stageQueues[stage] ?? '');
      }
      // The pipe's dead letters point into the table's stream: their events are read and put on the bus.
      moved.pipe = await redrivePipeDeadLetters(
        awsPipeRedrivePorts({
          sqs,
          dynamodb,
          streams: new DynamoDBStreamsClient(config),
          queueUrl: names.deadLetterQueues.pipe ?? '',
          tableName: names.tableName,
          busName: names.busName,
        }),
      );
      return moved;
    },
    async replay() {
      const { objectCreatedEvent } = await import('../local/notifications.ts');
      // Epoch seconds always grow: each replay outranks the previous revision.
      const revision = Math.floor(Date.now() / 1000);
      let objects = 0;
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      let more = true;
      while (more) {
        // Current versions with their version ids: article ids derive from the object version, so a replay keeps them.
        const page = await s3.send(
          new ListObjectVersionsCommand({
            Bucket: names.rawBucket,
            Prefix: PREFIXES.incoming,
            KeyMarker: keyMarker,
            VersionIdMarker: versionMarker,
          }),
        );
        const entries = (page.Versions ?? [])
          .filter((v) => v.Key && v.IsLatest)
          .map((v) => {
            const event = objectCreatedEvent({
              bucket: names.rawBucket,
              key: v.Key ?? '',
              size: v.Size ?? 0,
              etag: v.ETag ?? '',
              versionId: v.VersionId ?? null,
              reason: 'Replay',
              sequenced: false,
            });
            return { ...event, detail: { ...event.detail, 'akhbar-revision': revision } };
          });
        for (let i = 0; i < entries.length; i += 10) {
          await sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: names.cleanQueueUrl,
              Entries: entries.slice(i, i + 10).map((e, k) => ({ Id: String(k), MessageBody: JSON.stringify(e) })),
            }),
          );
        }
        objects += entries.length;
        keyMarker = page.NextKeyMarker;
        versionMarker = page.NextVersionIdMarker;
        more = Boolean(page.IsTruncated);
      }
      return { objects, revision };
    },
  };
}

/** Moves every visible message of one queue to another, as it is; returns how many moved. */
async function moveMessages(sqs: SQSClient, from: string, to: string): Promise<number> {
  let moved = 0;
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: from, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return moved;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: to,
        Entries: messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '' })),
      }),
    );
    const done = new Set((sent.Successful ?? []).map((e) => Number(e.Id)));
    const deletions = messages.flatMap((m, i) =>
      done.has(i) ? [{ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' }] : [],
    );
    if (deletions.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: from, Entries: deletions }));
    moved += deletions.length;
    if (deletions.length < messages.length) return moved;
  }
}

/** The AWS side of `redrivePipeDeadLetters`: the pipe's dead-letter queue, the table's stream, the table, the bus. */
function awsPipeRedrivePorts(aws: {
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  queueUrl: string;
  tableName: string;
  busName: string;
}): PipeRedrivePorts<{ messageId: string; body: string; receiptHandle: string }> {
  const putEvents = eventBridgePutEvents(aws.dynamodb);
  return {
    async receive() {
      const out = await aws.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: aws.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          // Long enough that a letter left in the queue is not seen twice in one run.
          VisibilityTimeout: 300,
        }),
      );
      return (out.Messages ?? []).map((m) => ({
        messageId: m.MessageId ?? '',
        body: m.Body ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
      }));
    },
    async remove(letter) {
      await aws.sqs.send(new DeleteMessageCommand({ QueueUrl: aws.queueUrl, ReceiptHandle: letter.receiptHandle }));
    },
    ...outboxPorts(aws.dynamodb, aws.streams, aws.tableName),
    putEvents: (entries) =>
      putEvents(
        entries.map((e) => ({
          Source: e.source,
          DetailType: e.detailType,
          Detail: JSON.stringify(e.detail),
          EventBusName: aws.busName,
        })),
      ),
    now: () => new Date(),
  };
}

/** The table half of the redrive: the stream records a dead letter points at, and the claimed EVENT# items. */
export function outboxPorts(
  dynamodb: DynamoDBClient,
  streams: DynamoDBStreamsClient,
  tableName: string,
): Pick<PipeRedrivePorts, 'readBatch' | 'getItem' | 'claim' | 'release'> {
  return {
    readBatch: (info) => readStreamBatch(streams, info),
    async getItem(keys) {
      const out = await dynamodb.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(keys), ConsistentRead: true }),
      );
      return out.Item ?? null;
    },
    async claim(keys, claim) {
      try {
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall(keys),
            UpdateExpression: 'SET #by = :claim, #at = :now',
            ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#by)',
            ExpressionAttributeNames: { '#pk': 'pk', '#by': 'republishedBy', '#at': 'republishedAt' },
            ExpressionAttributeValues: marshall({ ':claim': claim, ':now': new Date().toISOString() }),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async release(keys, claim) {
      try {
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall(keys),
            UpdateExpression: 'REMOVE #by, #at',
            ConditionExpression: '#by = :claim',
            ExpressionAttributeNames: { '#by': 'republishedBy', '#at': 'republishedAt' },
            ExpressionAttributeValues: marshall({ ':claim': claim }),
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}

/** The records of one shard from the batch's first sequence number to its last; null once the stream trimmed them. */
export async function readStreamBatch(
  streams: DynamoDBStreamsClient,
  info: StreamBatchInfo,
): Promise<StreamRecordKey[] | null> {
  const last = BigInt(info.endSequenceNumber);
  let iterator: string | undefined;
  try {
    iterator = (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: info.streamArn,
          ShardId: info.shardId,
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          SequenceNumber: info.startSequenceNumber,
        }),
      )
    ).ShardIterator;
  } catch (error) {
    if (error instanceof TrimmedDataAccessException || error instanceof ResourceNotFoundException) return null;
    throw error;
  }
  const records: StreamRecordKey[] = [];
  // An open shard answers empty pages while it waits for writes: a few in a row mean the batch is read.
  for (let empty = 0; iterator && empty < 5; ) {
    const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    iterator = out.NextShardIterator;
    if (!out.Records?.length) {
      empty++;
      continue;
    }
    empty = 0;
    for (const record of out.Records) {
      const sequence = BigInt(record.dynamodb?.SequenceNumber ?? '0');
      if (sequence > last) return records;
      records.push({
        eventName: record.eventName ?? '',
        keys: unmarshall((record.dynamodb?.Keys ?? {}) as never) as Record<string, string>,
      });
      if (sequence === last) return records;
    }
  }
  return records;
}
