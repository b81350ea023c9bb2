/**
 * One description of the system, read by both the CDK stack (infra/stack.ts)
 * and the local stack (local/): names, prefixes, queues, the table's keys,
 * the bus, the pipe filter, the rules and each function with the environment
 * variables it needs. Plain data: no CDK import, so the local stack can load it.
 */

export const EVENT_SOURCE = 'akhbar';

export const PREFIXES = {
  /** Users upload raw articles here. */
  incoming: 'incoming/',
  /** Cleaned articles (claim check: events point here, never carry the text). */
  clean: 'clean/',
  extracted: 'extracted/',
} as const;

/** The main table. Both keys are strings; no secondary index: every access is by key (docs/architecture.md). */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** DynamoDB attribute type of both keys. */
  keyType: 'S',
  ttlAttribute: 'ttl',
  /** The pipe reads new images of inserted event items. */
  streamView: 'NEW_IMAGE',
} as const;

/** Sort-key prefix of the outbox event items written beside each record. */
export const EVENT_ITEM_PREFIX = 'EVENT#';

export interface QueueDefinition {
  /** Logical name; the deployed queue name is derived by CloudFormation. */
  name: 'clean' | 'extract' | 'dedupe';
  /** Deliveries before a message goes to the queue's dead-letter queue. */
  maxReceiveCount: number;
  batchSize: number;
  /** Longest a batch waits to fill, in seconds. */
  maxBatchingWindowSeconds: number;
  /** Messages in the dead-letter queue are kept this long. */
  deadLetterRetentionDays: number;
  /** Messages waiting in the stage queue are kept this long (SQS's maximum: a backlog outlives a long outage). */
  retentionDays: number;
}

export const ENVIRONMENT_VARIABLES = [
  'RAW_BUCKET',
  'PROCESSED_BUCKET',
  'TABLE_NAME',
  'IDEMPOTENCY_TABLE_NAME',
] as const;
export type EnvironmentVariable = (typeof ENVIRONMENT_VARIABLES)[number];

/** Object access under key prefixes of one bucket. */
export interface BucketAccess {
  read?: readonly string[];
  write?: readonly string[];
  /** Mark objects with their outcome (object tags). */
  tag?: readonly string[];
}

/**
 * Each environment variable a function reads, with what the function may do
 * with the resource it names: the stack grants exactly this, nothing more.
 */
export interface FunctionEnvironment {
  RAW_BUCKET?: BucketAccess;
  PROCESSED_BUCKET?: BucketAccess;
  /** `write`: rejected records only (puts); `read-write`: the dedupe index too (gets, conditional puts, updates). */
  TABLE_NAME?: 'write' | 'read-write';
  IDEMPOTENCY_TABLE_NAME?: 'read-write';
}

export interface FunctionDefinition {
  name: 'clean' | 'extract' | 'dedupe';
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** Memory in MB: chosen from `npm run bench` (stage time is CPU-bound and scales with memory). */
  memoryMb: number;
  timeoutSeconds: number;
  /** The queue that triggers the function. */
  source: QueueDefinition['name'];
  /**
   * Most execution environments the SQS event source runs at once (its `MaximumConcurrency`, 2–1000): the
   * bound on what the stage asks of DynamoDB, S3 and the account's Lambda concurrency. Sized in
   * docs/architecture.md; raised for a backfill with `-c <name>Concurrency=N`.
   */
  maxConcurrency: number;
  /** Environment variables the handler reads at init, each with the access it needs. */
  environment: FunctionEnvironment;
}

/** The variable names of a function's environment, as the handler validates them at init. */
export function environmentNames(definition: Pick<FunctionDefinition, 'environment'>): EnvironmentVariable[] {
  return ENVIRONMENT_VARIABLES.filter((name) => definition.environment[name] !== undefined);
}

/** SQS's longest retention, in days. */
export const MAX_QUEUE_RETENTION_DAYS = 14;

export const QUEUES: Record<QueueDefinition['name'], QueueDefinition> = {
  clean: {
    name: 'clean',
    maxReceiveCount: 3,
    batchSize: 5,
    maxBatchingWindowSeconds: 1,
    deadLetterRetentionDays: MAX_QUEUE_RETENTION_DAYS,
    retentionDays: MAX_QUEUE_RETENTION_DAYS,
  },
  extract: {
    name: 'extract',
    maxReceiveCount: 3,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    deadLetterRetentionDays: MAX_QUEUE_RETENTION_DAYS,
    retentionDays: MAX_QUEUE_RETENTION_DAYS,
  },
  dedupe: {
    name: 'dedupe',
    maxReceiveCount: 5,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    deadLetterRetentionDays: MAX_QUEUE_RETENTION_DAYS,
    retentionDays: MAX_QUEUE_RETENTION_DAYS,
  },
};

export const FUNCTIONS = {
  clean: {
    name: 'clean',
    entry: 'functions/handlers/clean.ts',
    memoryMb: 1024,
    // One container (JSON Lines, WARC) may hold up to 10,000 articles, each written as its own object.
    timeoutSeconds: 120,
    source: 'clean',
    maxConcurrency: 10,
    environment: {
      RAW_BUCKET: { read: [PREFIXES.incoming], tag: [PREFIXES.incoming] },
      PROCESSED_BUCKET: { write: [PREFIXES.clean] },
      TABLE_NAME: 'write',
      IDEMPOTENCY_TABLE_NAME: 'read-write',
    },
  },
  extract: {
    name: 'extract',
    entry: 'functions/handlers/extract.ts',
    memoryMb: 1024,
    timeoutSeconds: 30,
    source: 'extract',
    maxConcurrency: 10,
    environment: {
      RAW_BUCKET: { tag: [PREFIXES.incoming] },
      PROCESSED_BUCKET: { read: [PREFIXES.clean], write: [PREFIXES.extracted] },
      TABLE_NAME: 'write',
      IDEMPOTENCY_TABLE_NAME: 'read-write',
    },
  },
  dedupe: {
    name: 'dedupe',
    entry: 'functions/handlers/dedupe.ts',
    memoryMb: 512,
    timeoutSeconds: 30,
    source: 'dedupe',
    maxConcurrency: 10,
    environment: {
      PROCESSED_BUCKET: { read: [PREFIXES.extracted] },
      TABLE_NAME: 'read-write',
      IDEMPOTENCY_TABLE_NAME: 'read-write',
    },
  },
} satisfies Record<FunctionDefinition['name'], FunctionDefinition>;

/** SQS wants the visibility timeout at least six times the function timeout, so retries never overlap a live run. */
export function visibilityTimeoutSeconds(queue: QueueDefinition['name']): number {
  const consumer = (Object.values(FUNCTIONS) as FunctionDefinition[]).find((f) => f.source === queue);
  if (!consumer) throw new Error(`no function consumes the ${queue} queue`);
  return consumer.timeoutSeconds * 6;
}

/**
 * The stages are chained by S3 itself: each stage writes its output object and
 * the "Object Created" event of that object feeds the next stage's queue.
 */
export interface StageRoute {
  /** Rule name (the construct id in the stack, the rule name on the local default bus). */
  name: string;
  queue: QueueDefinition['name'];
  bucket: 'raw' | 'processed';
  prefix: string;
}

export const STAGE_ROUTES: readonly StageRoute[] = [
  { name: 'route-clean', queue: 'clean', bucket: 'raw', prefix: PREFIXES.incoming },
  { name: 'route-extract', queue: 'extract', bucket: 'processed', prefix: PREFIXES.clean },
  { name: 'route-dedupe', queue: 'dedupe', bucket: 'processed', prefix: PREFIXES.extracted },
];

/** EventBridge pattern of new objects under a prefix, as S3 sends them to the default bus. */
export function objectCreatedPattern(bucketName: string, prefix: string) {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix }] } },
  };
}

/** The pipe's enrichment: turns stream records of event items into bus entries. */
export const PUBLISHER = {
  entry: 'functions/handlers/publish.ts',
  memoryMb: 256,
  timeoutSeconds: 10,
  /**
   * Reserved concurrency: the pipe invokes it once per stream batch, at most one batch per shard at a time
   * (parallelization factor 1), so this covers a table of this many stream shards. Raised with
   * `-c publishConcurrency=N`.
   */
  reservedConcurrency: 20,
} as const;

/** The stream records the pipe reads per batch, and how it retries them. */
export const PIPE_SOURCE = {
  batchSize: 10,
  maximumRetryAttempts: 10,
} as const;

/**
 * How EventBridge retries delivering a stage's S3 event to its queue before it goes to the rule's
 * dead-letter queue (EventBridge's own maxima: 185 attempts over 24 hours).
 */
export const RULE_TARGET_RETRY = { attempts: 185, maxEventAgeHours: 24 } as const;

/** Pipe filter: only inserted outbox event items travel from the table's stream to the bus. */
export const PIPE_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { [TABLE.sortKey]: { S: [{ prefix: EVENT_ITEM_PREFIX }] } } },
} as const;

/** The akhbar bus. CloudFormation names the deployed one (stack output `BusName`); the local one is `LOCAL_NAMES.bus`. */
export const BUS = {
  /** Days the archive keeps events for replay. */
  archiveRetentionDays: 90,
} as const;

/** Days dedupe band and story-window keys live: near-duplicates older than this are not looked for. */
export const DEDUPE_KEY_TTL_DAYS = 180;
/** Days idempotency records live: a redelivery after this is processed again (and deduped as an exact duplicate). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const LOG_RETENTION_DAYS = 30;

/** Fixed resource names of the local stack (the deployed stack lets CloudFormation name them). */
export const LOCAL_NAMES = {
  rawBucket: 'akhbar-raw',
  processedBucket: 'akhbar-processed',
  table: 'akhbar',
  idempotencyTable: 'akhbar-idempotency',
  bus: 'akhbar',
} as const;

/** Idempotency records: Powertools' default key and expiry attributes. */
export const IDEMPOTENCY_TABLE = { partitionKey: 'id', ttlAttribute: 'expiration' } as const;
