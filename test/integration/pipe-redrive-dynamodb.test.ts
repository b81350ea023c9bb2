import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipeDeadLetter } from '../../cli/pipe-redrive.ts';
import { redrivePipeDeadLetters } from '../../cli/pipe-redrive.ts';
import { outboxPorts } from '../../cli/target.ts';
import { writeOutcome } from '../../functions/adapters/dynamodb/article-store.ts';
import { DETAIL_SCHEMAS, eventsForRecord, type StoryFacts } from '../../functions/contract/events.ts';
import type { BusEntry } from '../../functions/handlers/publish.ts';
import { javaAvailable, type RunningService, startDynamoDbLocal } from '../../local/services.ts';
import { createTables } from '../../local/tables.ts';
import { sampleRecord } from '../support/records.ts';

/** The AWS redrive of the pipe's dead letters against DynamoDB Local's table and stream (the bus faked). */
const java = javaAvailable();
if (!java) console.warn('java not found: the pipe redrive tests on DynamoDB Local are skipped');

const TABLE = 'redrive-test';
const record = sampleRecord({
  id: 'art_00112233445566778899',
  language: 'en',
  title: 'Harbour reopens after the strike',
  paragraphs: ['Dockers went back to work on Tuesday morning.'],
  dateline: null,
  entities: { persons: [], places: ['Harbour'], organizations: [] },
  dedupe: { status: 'unique', duplicateOf: null, similarity: null, storyId: 'sty_00112233445566aa' },
  processedAt: new Date().toISOString(),
});
const pointers = {
  raw: { bucket: 'raw', key: 'incoming/a.txt', versionId: 'v1' },
  clean: { bucket: 'processed', key: 'clean/a.json', versionId: 'v1' },
  extracted: { bucket: 'processed', key: 'extracted/a.json', versionId: 'v1' },
};
const story: StoryFacts = {
  storyId: 'sty_00112233445566aa',
  size: 1,
  title: 'Harbour reopens',
  firstDate: '2024-05-01',
  lastDate: '2024-05-01',
  entities: { harbour: 1 },
  terms: { harbour: 3 },
};

describe.skipIf(!java)("redriving the pipe's dead letters from DynamoDB Local's stream", () => {
  let service: RunningService;
  let dynamodb: DynamoDBClient;
  let streams: DynamoDBStreamsClient;
  let letter: (id: string) => PipeDeadLetter;

  beforeAll(async () => {
    service = await startDynamoDbLocal(6400 + (process.pid % 40), null);
    const config = {
      region: 'us-east-1',
      endpoint: service.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    dynamodb = new DynamoDBClient(config);
    streams = new DynamoDBStreamsClient(config);
    await createTables(dynamodb, { table: TABLE });
    await writeOutcome(dynamodb, TABLE, record, pointers, eventsForRecord(record, pointers, story), story, 1);
    // Where the record transaction lies in the stream: what the pipe's dead letter would point at.
    const streamArn =
      (await dynamodb.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.LatestStreamArn ?? '';
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards;
    const sequences: { shardId: string; sequence: string }[] = [];
    for (const shard of shards ?? []) {
      const iterator = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
      for (const r of out.Records ?? [])
        sequences.push({ shardId: shard.ShardId ?? '', sequence: r.dynamodb?.SequenceNumber ?? '' });
    }
    const [first, last] = [sequences[0], sequences.at(-1)];
    letter = (messageId) => ({
      messageId,
      body: JSON.stringify({
        context: { condition: 'RetryAttemptsExhausted' },
        version: '1.0',
        timestamp: new Date().toISOString(),
        DDBStreamBatchInfo: {
          shardId: first?.shardId,
          startSequenceNumber: first?.sequence,
          endSequenceNumber: last?.sequence,
          approximateArrivalOfFirstRecord: new Date().toISOString(),
          approximateArrivalOfLastRecord: new Date().toISOString(),
          batchSize: sequences.length,
          streamArn,
        },
      }),
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  it('reads the batch from the stream, the events from the table, and puts each on the bus once', async () => {
    const bus: BusEntry[] = [];
    let refuse = true;
    const run = (letters: PipeDeadLetter[]) => {
      const queue = [...letters];
      return redrivePipeDeadLetters({
        ...outboxPorts(dynamodb, streams, TABLE),
        receive: async () => queue.slice(),
        remove: async (l) => void queue.splice(queue.indexOf(l), 1),
        putEvents: async (entries) => entries.map((e) => !refuse && bus.push(e) > 0),
        now: () => new Date(),
      });
    };
    // The bus refuses: the claims are given back on the real table.
    expect((await run([letter('m1')])).failed).toHaveLength(1);
    refuse = false;
    expect(await run([letter('m1')])).toMatchObject({ published: 2, alreadyPublished: 0, failed: [] });
    expect(await run([letter('m2')])).toMatchObject({ published: 0, alreadyPublished: 2, failed: [] });
    expect(bus.map((e) => e.detailType).sort()).toEqual(['ArticleIngested', 'StoryUpdated']);
    const ingested = bus.find((e) => e.detailType === 'ArticleIngested');
    expect(DETAIL_SCHEMAS.ArticleIngested.parse(ingested?.detail)).toMatchObject({ articleId: record.id });
  });
});
