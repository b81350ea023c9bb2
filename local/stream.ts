import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { type EventPattern, matchesPattern } from './pattern.ts';
import { DeadLetterFile, JsonFile } from './store.ts';

/**
 * Reads the table's stream from DynamoDB Local (DescribeStream, shard
 * iterators, GetRecords, following shards as they split) and hands the
 * records that pass the pipe's filter to the pipe's enrichment and target,
 * batch by batch. A batch that fails is retried, then parked in the pipe's
 * dead-letter store; the position in each shard persists between runs.
 */

export interface PipeOptions {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  filter: EventPattern;
  /** Enrichment + target: receives the filtered stream records (as Pipes sends them: plain JSON). */
  deliver: (records: unknown[]) => Promise<void>;
  positionsFile: string | null;
  deadLetterFile: string | null;
  /** Called for each batch moved to the dead-letter store (the alarm). */
  onDeadLetter?: (error: string) => void;
  pollMs?: number;
}

const ATTEMPTS = 3;
const SHARDS_REFRESH_MS = 2_000;

export class StreamPipe {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private polling = false;
  private readonly positions: JsonFile<Record<string, string>>;
  private readonly deadLetters: DeadLetterFile<{ records: unknown[]; error: string; failedAt: string }>;
  private iterators = new Map<string, string | null>();
  private lastPollHadRecords = false;
  private described: { at: number; streamArn: string; list: { ShardId?: string }[] } | null = null;

  constructor(private readonly options: PipeOptions) {
    this.positions = new JsonFile(options.positionsFile, () => ({}));
    this.deadLetters = new DeadLetterFile(options.deadLetterFile, (parked) => options.onDeadLetter?.(parked.error));
  }

  start(): void {
    this.running = true;
    const loop = async () => {
      if (!this.running) return;
      await this.pollOnce().catch((error) => console.error(`stream poll failed: ${(error as Error).message}`));
      if (this.running) this.timer = setTimeout(loop, this.options.pollMs ?? 200);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    while (this.polling) await new Promise((r) => setTimeout(r, 20));
  }

  busy(): boolean {
    return this.polling || this.lastPollHadRecords;
  }

  listDeadLetters() {
    return this.deadLetters.list();
  }

  /** Sends the parked batches through the pipe again; those that fail again are parked again. */
  async redrive(): Promise<number> {
    const parked = this.deadLetters.take();
    for (const batch of parked) await this.handle(batch.records as _Record[]);
    return parked.length;
  }

  async pollOnce(): Promise<number> {
    this.polling = true;
    try {
      const shards = await this.shards();
      if (!shards) return 0;
      const { streamArn } = shards;
      const positions = this.positions.read();
      let total = 0;
      for (const shard of shards.list) {
        const shardId = shard.ShardId;
        if (!shardId) continue;
        let iterator = this.iterators.get(shardId);
        if (iterator === null) continue; // closed and drained
        if (iterator === undefined) {
          const after = positions[shardId];
          const out = await this.options.streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
              ...(after ? { SequenceNumber: after } : {}),
            }),
          );
          iterator = out.ShardIterator;
        }
        if (!iterator) continue;
        let out: Awaited<ReturnType<typeof this.getRecords>>;
        try {
          out = await this.getRecords(iterator);
        } catch (error) {
          // A stale or trimmed iterator: start again from the saved position (or the shard's start) next time.
          if (/TrimmedDataAccess|ExpiredIterator/.test((error as Error).name)) {
            this.iterators.delete(shardId);
            continue;
          }
          throw error;
        }
        const records = out.Records ?? [];
        if (records.length) {
          await this.handle(records);
          const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
          if (last) {
            positions[shardId] = last;
            this.positions.write(positions);
          }
          total += records.length;
        }
        this.iterators.set(shardId, out.NextShardIterator ?? null);
      }
      this.lastPollHadRecords = total > 0;
      return total;
    } finally {
      this.polling = false;
    }
  }

  /** The stream and its shards, described again only every few seconds (shards split rarely; polls are frequent). */
  private async shards(): Promise<{ streamArn: string; list: { ShardId?: string }[] } | null> {
    const now = Date.now();
    if (this.described && now - this.described.at < SHARDS_REFRESH_MS) return this.described;
    const table = await this.options.dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) return null;
    const stream = await this.options.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    this.described = { at: now, streamArn, list: stream.StreamDescription?.Shards ?? [] };
    return this.described;
  }

  private getRecords(iterator: string) {
    return this.options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
  }

  private async handle(records: _Record[]): Promise<void> {
    // Pipes filter on the JSON form of the record, with NewImage in DynamoDB's typed JSON.
    const plain = records.map((r) => JSON.parse(JSON.stringify(r)) as unknown);
    const selected = plain.filter((r) => matchesPattern(this.options.filter, r));
    if (selected.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.deliver(selected);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) {
          this.deadLetters.add({
            records: selected,
            error: (error as Error).message,
            failedAt: new Date().toISOString(),
          });
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
