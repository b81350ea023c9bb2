import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { LOCAL_NAMES, PREFIXES, QUEUES } from '../infra/definitions.ts';
import { requestRedrive, requestReplay } from '../local/control.ts';
import { LOCAL_CREDENTIALS } from '../local/stack.ts';

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
  redrive(): Promise<Record<string, number>>;
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
    cleanQueueUrl: need('cleanQueueUrl'),
    deadLetterQueues: {
      ...Object.fromEntries(Object.keys(QUEUES).map((name) => [name, need(`${name}DeadLetterQueueUrl`)])),
      pipe: need('PipeDeadLetterQueueUrl'),
    },
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
  const attributes = async (url: string) =>
    (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'QueueArn'] }),
      )
    ).Attributes ?? {};
  return {
    kind: 'aws',
    description: `stack ${values.stack}${region ? ` in ${region}` : ''}`,
    dynamodb: new DynamoDBClient(config),
    s3,
    tableName: names.tableName,
    rawBucket: names.rawBucket,
    async deadLetters() {
      const out: DeadLetterCount[] = [];
      for (const [source, url] of Object.entries(names.deadLetterQueues)) {
        out.push({ source, count: Number((await attributes(url)).ApproximateNumberOfMessages ?? 0), details: [url] });
      }
      return out;
    },
    async redrive() {
      const moved: Record<string, number> = {};
      for (const [source, url] of Object.entries(names.deadLetterQueues)) {
        const attrs = await attributes(url);
        const count = Number(attrs.ApproximateNumberOfMessages ?? 0);
        // Redrive back to the queue the messages came from (SQS remembers it). The pipe's dead letters
        // are stream records, not messages of a queue: they are reported, not moved.
        if (count > 0 && source !== 'pipe')
          await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: attrs.QueueArn }));
        moved[source] = source === 'pipe' ? 0 : count;
      }
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
