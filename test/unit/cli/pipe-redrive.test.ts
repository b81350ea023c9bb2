import { type AttributeValue, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type PipeDeadLetter,
  type PipeRedrivePorts,
  redrivePipeDeadLetters,
  type StreamRecordKey,
} from '../../../cli/pipe-redrive.ts';
import { writeOutcome } from '../../../functions/adapters/dynamodb/article-store.ts';
import { eventsForRecord, type StoryFacts } from '../../../functions/contract/events.ts';
import type { BusEntry } from '../../../functions/handlers/publish.ts';
import { sampleRecord } from '../../support/records.ts';

beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const NOW = new Date('2026-12-04T12:00:00Z');
const record = sampleRecord({ processedAt: '2026-12-04T11:00:00.000Z' });
const pointers = {
  raw: { bucket: 'raw', key: 'incoming/a.txt', versionId: 'v1' },
  clean: { bucket: 'processed', key: 'clean/a.json', versionId: 'v1' },
  extracted: { bucket: 'processed', key: 'extracted/a.json', versionId: 'v1' },
};
const story: StoryFacts = {
  storyId: 'sty_0123456789abcdef',
  size: 1,
  title: 'Marseille',
  firstDate: '2024-05-01',
  lastDate: '2024-05-01',
  entities: { marseille: 1 },
  terms: { port: 3 },
};

/** The items the record transaction writes, as the table holds them, in the order the stream sees them. */
async function tableAfterOneArticle(): Promise<Map<string, Record<string, AttributeValue>>> {
  const table = new Map<string, Record<string, AttributeValue>>();
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof TransactWriteItemsCommand)) throw new Error('transactions only');
      for (const t of command.input.TransactItems ?? []) {
        const item = t.Put?.Item ?? {};
        const { pk, sk } = unmarshall(item);
        table.set(`${pk}|${sk}`, item);
      }
      return {};
    },
  };
  await writeOutcome(
    client as never,
    'table',
    record,
    pointers,
    eventsForRecord(record, pointers, story as never),
    story as never,
    1,
  );
  return table;
}

const deadLetter = (messageId: string, arrived = '2026-12-04T11:00:01Z'): PipeDeadLetter => ({
  messageId,
  body: JSON.stringify({
    context: {
      partnerResourceArn: 'arn:aws:pipes:eu-west-1:123456789012:pipe/Pipe',
      condition: 'RetryAttemptsExhausted',
    },
    version: '1.0',
    timestamp: arrived,
    DDBStreamBatchInfo: {
      shardId: 'shardId-00000001-aaaa',
      startSequenceNumber: '100',
      endSequenceNumber: '199',
      approximateArrivalOfFirstRecord: arrived,
      approximateArrivalOfLastRecord: arrived,
      batchSize: 10,
      streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/T/stream/2026-01-01T00:00:00.000',
    },
  }),
});

/** The pipe's dead-letter queue, the stream, the table and the bus, in memory. */
function world(table: Map<string, Record<string, AttributeValue>>, letters: PipeDeadLetter[]) {
  const queue = [...letters];
  const bus: BusEntry[] = [];
  const claims = new Map<string, string>();
  let refuse = (_entry: BusEntry) => false;
  const stream: StreamRecordKey[] = [...table.values()].map((item) => {
    const { pk, sk } = unmarshall(item);
    return { eventName: 'INSERT', keys: { pk, sk } };
  });
  // The same article's record modified later: the pipe's filter ignores it, and so does the redrive.
  stream.push({
    eventName: 'MODIFY',
    keys: { pk: `ART#${record.id}`, sk: 'EVENT#2026-12-04T11:00:00.000Z#ArticleIngested' },
  });
  const key = (keys: Record<string, string>) => `${keys.pk}|${keys.sk}`;
  const ports: PipeRedrivePorts = {
    receive: async () => queue.slice(),
    remove: async (letter) => {
      queue.splice(queue.indexOf(letter), 1);
    },
    readBatch: async (info) =>
      Date.parse(info.approximateArrivalOfFirstRecord) < NOW.getTime() - 86_400_000 ? null : stream,
    getItem: async (keys) => table.get(key(keys)) ?? null,
    claim: async (keys, claim) => {
      if (claims.has(key(keys))) return false;
      claims.set(key(keys), claim);
      return true;
    },
    release: async (keys, claim) => {
      if (claims.get(key(keys)) === claim) claims.delete(key(keys));
    },
    putEvents: async (entries) =>
      entries.map((entry) => {
        if (refuse(entry)) return false;
        bus.push(entry);
        return true;
      }),
    now: () => NOW,
  };
  return { ports, queue, bus, refuseWhen: (f: (entry: BusEntry) => boolean) => (refuse = f) };
}

describe("redriving the pipe's dead letters on AWS", () => {
  it('puts each outbox event the dead letter points at on the bus, valid against the contract, and deletes the letter', async () => {
    const { ports, queue, bus } = world(await tableAfterOneArticle(), [deadLetter('m1')]);
    const result = await redrivePipeDeadLetters(ports);
    expect(result).toMatchObject({ letters: 1, published: 2, alreadyPublished: 0, expired: 0, failed: [] });
    expect(bus.map((e) => e.detailType).sort()).toEqual(['ArticleIngested', 'StoryUpdated']);
    expect(bus.every((e) => e.source === 'akhbar')).toBe(true);
    expect(queue).toEqual([]);
  });

  it('publishes an event once, however many dead letters or redrives name it', async () => {
    const table = await tableAfterOneArticle();
    const { ports, bus } = world(table, [deadLetter('m1'), deadLetter('m2')]);
    const result = await redrivePipeDeadLetters(ports);
    expect(result).toMatchObject({ letters: 2, published: 2, alreadyPublished: 2 });
    expect(bus).toHaveLength(2);
  });

  it('keeps a letter whose events the bus refused, and gives their claims back for the next redrive', async () => {
    const { ports, queue, bus, refuseWhen } = world(await tableAfterOneArticle(), [deadLetter('m1')]);
    refuseWhen((e) => e.detailType === 'StoryUpdated');
    const first = await redrivePipeDeadLetters(ports);
    expect(first.failed).toEqual([{ messageId: 'm1', reason: expect.stringMatching(/refused 1 of 2/) }]);
    expect(queue).toHaveLength(1);
    refuseWhen(() => false);
    const second = await redrivePipeDeadLetters(ports);
    expect(second).toMatchObject({ published: 1, alreadyPublished: 1, failed: [] });
    expect(bus.map((e) => e.detailType).sort()).toEqual(['ArticleIngested', 'StoryUpdated']);
    expect(queue).toEqual([]);
  });

  it('leaves a letter older than the stream keeps records in the queue, as expired', async () => {
    const { ports, queue, bus } = world(await tableAfterOneArticle(), [deadLetter('old', '2026-12-02T00:00:00Z')]);
    expect(await redrivePipeDeadLetters(ports)).toMatchObject({ letters: 1, expired: 1, published: 0 });
    expect(queue).toHaveLength(1);
    expect(bus).toEqual([]);
  });

  it('refuses to publish an item off the contract, and keeps its letter', async () => {
    const table = await tableAfterOneArticle();
    for (const [k, item] of table) {
      if (k.includes('ArticleIngested'))
        table.set(k, { ...item, detail: marshall({ detail: { id: 42 } }).detail as AttributeValue });
    }
    const { ports, queue, bus } = world(table, [deadLetter('m1')]);
    const result = await redrivePipeDeadLetters(ports);
    expect(result.failed).toHaveLength(1);
    expect(queue).toHaveLength(1);
    expect(bus).toEqual([]);
  });

  it('reports a message that is not a stream dead letter instead of guessing', async () => {
    const { ports, queue } = world(await tableAfterOneArticle(), [{ messageId: 'x', body: '{"hello":1}' }]);
    expect((await redrivePipeDeadLetters(ports)).failed).toEqual([
      { messageId: 'x', reason: expect.stringContaining('not a stream batch dead letter') },
    ]);
    expect(queue).toHaveLength(1);
  });
});
