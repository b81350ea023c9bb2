import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { buildFunctions } from '../infra/build-functions.ts';
import {
  EVENT_SOURCE,
  FUNCTIONS,
  type FunctionDefinition,
  LOCAL_NAMES,
  objectCreatedPattern,
  PIPE_FILTER,
  PUBLISHER,
  QUEUES,
  type QueueDefinition,
  STAGE_ROUTES,
  visibilityTimeoutSeconds,
} from '../infra/definitions.ts';
import { LocalBus, type Target } from './bus.ts';
import { type FaultProxy, startFaultProxy } from './faults.ts';
import { LocalFunction, type LocalFunctionOptions } from './lambda.ts';
import { objectCreatedEvent } from './notifications.ts';
import type { EventPattern } from './pattern.ts';
import { LocalQueue } from './queue.ts';
import { type RunningService, type S3Server, startDynamoDbLocal, startS3 } from './services.ts';
import { DATA_FILES } from './store.ts';
import { StreamPipe } from './stream.ts';
import { createTables } from './tables.ts';

/**
 * The whole pipeline on one machine: s3rver and DynamoDB Local, plus
 * in-process stand-ins for what has no emulator (S3 notifications,
 * EventBridge buses and rules, SQS queues, the Lambda runtime, the Pipe).
 * Names, keys, queues and routes come from infra/definitions.ts, and the
 * handlers are the deployed handler modules, run with the same environment.
 */

/** s3rver accepts only its own well-known credentials; DynamoDB Local accepts any. */
export const LOCAL_CREDENTIALS = 'S3RVER';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LocalStackOptions {
  dataDir: string;
  portBase: number;
  /** Targets of every akhbar event on the local bus (console, file, webhook, module). */
  targets: Target[];
  /** Extra rules on the akhbar bus (e.g. `events tail --pattern`). */
  rules?: { name: string; pattern: EventPattern; targets: Target[] }[];
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** What the functions write (their log lines), by function; by default this process's stdout and stderr. */
  functionOutput?: (functionName: string, text: string, stream: 'stdout' | 'stderr') => void;
  /** Write the functions' metrics as they are deployed (CloudWatch embedded metric format lines in their output). */
  metrics?: boolean;
  /** Keep DynamoDB in memory (tests). */
  ephemeral?: boolean;
  /**
   * Faults for reliability tests: the share of the functions' S3 and DynamoDB
   * requests that fail as AWS fails under load, and how many of the pipe's
   * next PutEvents calls to the bus fail (throttled).
   */
  faults?: { s3: number; dynamodb: number; busPutFailures?: number };
  /** Called when something lands in a dead-letter store: the local counterpart of the stack's DLQ alarms. */
  onDeadLetter?: (alarm: DeadLetterAlarm) => void;
  /** Function timeout instead of the deployed one (reliability tests); queue visibility follows it (6×). */
  functionTimeoutSeconds?: number;
  /** Execution environments per function; defaults in LOCAL_CONCURRENCY. */
  concurrency?: Partial<Record<QueueDefinition['name'], number>>;
}

export interface DeadLetterAlarm {
  /** `clean queue`, `pipe`, `bus`… */
  store: string;
  error: string;
}

/**
 * Environments per function locally. Clean and extract scale out as Lambda
 * does; dedupe runs one at a time, so story assignment is deterministic (see
 * docs/dedupe.md for the race two concurrent instances can have).
 */
export const LOCAL_CONCURRENCY: Record<QueueDefinition['name'], number> = { clean: 2, extract: 2, dedupe: 1 };

export interface LocalStack {
  s3Endpoint: string;
  dynamodbEndpoint: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  queues: Record<string, LocalQueue>;
  defaultBus: LocalBus;
  bus: LocalBus;
  pipe: StreamPipe;
  /** The functions (stage handlers and the pipe's enrichment), by name. */
  functions: Record<string, LocalFunction>;
  /** The fault proxies between the functions and the servers, when faults were asked for. */
  faults: FaultProxy[];
  /** PutEvents calls from the pipe that were made to fail. */
  busPutFailuresInjected(): number;
  /**
   * Holds S3 notifications until `releaseNotifications` (reliability tests):
   * S3 does not promise event order, and this lets a test deliver them out of order.
   */
  holdNotifications(): void;
  /** Delivers the held notifications, newest first if `reversed`, each `times` times (at-least-once delivery). */
  releaseNotifications(options?: { reversed?: boolean; times?: number }): void;
  /** Resolves once every queue, bus and the stream are drained. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The environment the deployed functions get, pointed at the local servers. */
function handlerEnvironment(
  s3Endpoint: string,
  dynamodbEndpoint: string,
  logLevel: string,
  metrics: boolean,
): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamodbEndpoint,
    RAW_BUCKET: LOCAL_NAMES.rawBucket,
    PROCESSED_BUCKET: LOCAL_NAMES.processedBucket,
    TABLE_NAME: LOCAL_NAMES.table,
    IDEMPOTENCY_TABLE_NAME: LOCAL_NAMES.idempotencyTable,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: String(!metrics),
    POWERTOOLS_LOG_LEVEL: logLevel,
    POWERTOOLS_SERVICE_NAME: 'akhbar',
    // Deployed, the functions run on Node.js 22; the SDK's warning about this machine's Node.js is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

async function createResources(s3: S3Client, dynamodb: DynamoDBClient): Promise<void> {
  for (const bucket of [LOCAL_NAMES.rawBucket, LOCAL_NAMES.processedBucket]) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!/BucketAlready/.test((error as Error).name)) throw error;
    }
  }
  await createTables(dynamodb, { table: LOCAL_NAMES.table, idempotencyTable: LOCAL_NAMES.idempotencyTable });
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { dataDir, portBase } = options;
  const started: RunningService[] = [];
  let s3Server: S3Server;
  try {
    s3Server = await startS3(portBase + 1, path.join(dataDir, 's3'));
    started.push(s3Server);
    started.push(await startDynamoDbLocal(portBase + 2, options.ephemeral ? null : path.join(dataDir, 'dynamodb')));
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
  try {
    return await wire(options, s3Server, started);
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}

async function wire(options: LocalStackOptions, s3Server: S3Server, started: RunningService[]): Promise<LocalStack> {
  const { dataDir } = options;
  const [, dynamoService] = started as [RunningService, RunningService];
  const faults: FaultProxy[] = [];
  if (options.faults) {
    faults.push(await startFaultProxy('s3', s3Server.endpoint, options.portBase + 3, options.faults.s3));
    faults.push(
      await startFaultProxy('dynamodb', dynamoService.endpoint, options.portBase + 4, options.faults.dynamodb),
    );
    started.push({ endpoint: '', stop: () => Promise.all(faults.map((f) => f.close())).then(() => undefined) });
  }
  // The functions reach the servers through the fault proxies when there are any.
  const environment = handlerEnvironment(
    faults[0]?.endpoint ?? s3Server.endpoint,
    faults[1]?.endpoint ?? dynamoService.endpoint,
    options.logLevel ?? 'WARN',
    options.metrics ?? false,
  );
  const output = (name: string): LocalFunctionOptions['output'] => {
    const write = options.functionOutput;
    return write ? (text, stream) => write(name, text, stream) : undefined;
  };

  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: s3Server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: LOCAL_CREDENTIALS, secretAccessKey: LOCAL_CREDENTIALS },
  });
  const dynamodb = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamoService.endpoint,
    credentials: { accessKeyId: LOCAL_CREDENTIALS, secretAccessKey: LOCAL_CREDENTIALS },
  });
  const streams = new DynamoDBStreamsClient({
    region: 'us-east-1',
    endpoint: dynamoService.endpoint,
    credentials: { accessKeyId: LOCAL_CREDENTIALS, secretAccessKey: LOCAL_CREDENTIALS },
  });
  await createResources(s3, dynamodb);

  // Queues and the Lambda functions they trigger: the deployed bundles, built with the stack's own bundling options.
  const alarm = (raised: DeadLetterAlarm) => options.onDeadLetter?.(raised);
  const bundles = new Map((await buildFunctions(repoRoot)).map((b) => [b.name, b.file]));
  const timeoutSeconds = (deployed: number) => options.functionTimeoutSeconds ?? deployed;
  const concurrencyOf = (fn: FunctionDefinition) => options.concurrency?.[fn.source] ?? LOCAL_CONCURRENCY[fn.source];
  const functions: Record<string, LocalFunction> = {};
  const queues: Record<string, LocalQueue> = {};
  for (const fn of Object.values(FUNCTIONS) as FunctionDefinition[]) {
    const queue = QUEUES[fn.source];
    functions[fn.name] = new LocalFunction({
      name: fn.name,
      bundle: bundles.get(fn.name) ?? '',
      environment,
      timeoutMs: timeoutSeconds(fn.timeoutSeconds) * 1000,
      memoryMb: fn.memoryMb,
      concurrency: concurrencyOf(fn),
      output: output(fn.name),
    });
    queues[queue.name] = new LocalQueue({
      name: queue.name,
      visibilityTimeoutMs:
        (options.functionTimeoutSeconds ? options.functionTimeoutSeconds * 6 : visibilityTimeoutSeconds(queue.name)) *
        1000,
      maxReceiveCount: queue.maxReceiveCount,
      batchSize: queue.batchSize,
      file: DATA_FILES.queueJournal(dataDir, queue.name),
      onDeadLetter: (message) => alarm({ store: `${queue.name} queue`, error: message.lastError ?? 'no reason given' }),
    });
  }
  const publisher = new LocalFunction({
    name: 'publish',
    bundle: bundles.get('publish') ?? '',
    environment,
    timeoutMs: timeoutSeconds(PUBLISHER.timeoutSeconds) * 1000,
    memoryMb: PUBLISHER.memoryMb,
    concurrency: 1,
    output: output('publish'),
  });
  functions.publish = publisher;

  // The default bus: S3 notifications, routed to the stage queues by the same rules as in AWS.
  const defaultBus = new LocalBus('default', dataDir, (failure) =>
    alarm({ store: 'default bus', error: failure.error }),
  );
  const bucketOf = { raw: LOCAL_NAMES.rawBucket, processed: LOCAL_NAMES.processedBucket };
  for (const route of STAGE_ROUTES) {
    const queue = queues[route.queue]!;
    defaultBus.addRule({
      name: `to-${route.queue}`,
      pattern: objectCreatedPattern(bucketOf[route.bucket], route.prefix) as EventPattern,
      targets: [(event) => void queue.send(JSON.stringify(event))],
    });
  }
  let held: ReturnType<typeof objectCreatedEvent>[] | null = null;
  s3Server.onObjectCreated((object) => {
    const event = objectCreatedEvent(object);
    if (held) held.push(event);
    else void defaultBus.put(event);
  });

  // The akhbar bus and the pipe from the table's stream.
  let busPutFailuresLeft = options.faults?.busPutFailures ?? 0;
  let busPutFailures = 0;
  const bus = new LocalBus(LOCAL_NAMES.bus, dataDir, (failure) => alarm({ store: 'bus', error: failure.error }));
  bus.addRule({ name: 'all-akhbar-events', pattern: { source: [EVENT_SOURCE] }, targets: options.targets });
  for (const rule of options.rules ?? []) bus.addRule(rule);
  const pipe = new StreamPipe({
    dynamodb,
    streams,
    tableName: LOCAL_NAMES.table,
    filter: PIPE_FILTER as unknown as EventPattern,
    deliver: async (records) => {
      if (busPutFailuresLeft > 0) {
        busPutFailuresLeft--;
        busPutFailures++;
        throw new Error('ThrottlingException: Rate exceeded');
      }
      const entries = await publisher.invoke<Parameters<LocalBus['envelope']>[0][]>(records);
      for (const entry of entries) await bus.put(bus.envelope(entry));
    },
    positionsFile: DATA_FILES.streamPositions(dataDir),
    deadLetterFile: DATA_FILES.pipeDeadLetters(dataDir),
    onDeadLetter: (error) => alarm({ store: 'pipe', error }),
  });
  pipe.start();

  // The Lambda event source mappings: as many pollers per queue as the function has environments.
  let running = true;
  const pollers = (Object.values(FUNCTIONS) as FunctionDefinition[]).flatMap((fn) => {
    const queue = queues[fn.source]!;
    const fnc = functions[fn.name]!;
    const consumer = (event: SQSEvent) => fnc.invoke<SQSBatchResponse>(event);
    return Array.from({ length: concurrencyOf(fn) }, async () => {
      while (running) {
        const delivered = await queue.deliver(consumer).catch(() => 0);
        if (delivered === 0) await new Promise((r) => setTimeout(r, 50));
      }
    });
  });

  const idle = () => Object.values(queues).every((q) => !q.busy()) && !defaultBus.busy() && !bus.busy() && !pipe.busy();

  return {
    s3Endpoint: s3Server.endpoint,
    dynamodbEndpoint: dynamoService.endpoint,
    s3,
    dynamodb,
    queues,
    defaultBus,
    bus,
    pipe,
    functions,
    faults,
    busPutFailuresInjected: () => busPutFailures,
    holdNotifications() {
      held ??= [];
    },
    releaseNotifications({ reversed = false, times = 1 } = {}) {
      const events = held ?? [];
      held = null;
      for (const event of reversed ? events.reverse() : events)
        for (let i = 0; i < times; i++) void defaultBus.put(event);
    },
    async waitForIdle(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (quiet < 5) {
        if (Date.now() > deadline) throw new Error('the local stack did not settle in time');
        await new Promise((r) => setTimeout(r, 100));
        quiet = idle() ? quiet + 1 : 0;
      }
    },
    async stop() {
      running = false;
      await Promise.all(pollers);
      await pipe.stop();
      await Promise.all(Object.values(functions).map((f) => f.stop()));
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}
