import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { readStreamBatch } from '../../../cli/target.ts';

const info = {
  shardId: 'shardId-1',
  startSequenceNumber: '100',
  endSequenceNumber: '300',
  approximateArrivalOfFirstRecord: '2026-12-04T11:00:00Z',
  streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/T/stream/x',
};
const record = (sequence: number, sk: string) => ({
  eventName: 'INSERT',
  dynamodb: { SequenceNumber: String(sequence), Keys: { pk: { S: 'ART#a' }, sk: { S: sk } } },
});

/** A shard read page by page, as GetRecords answers: records then empty pages while the shard is open. */
function shard(pages: ReturnType<typeof record>[][], trimmed = false) {
  const asked: unknown[] = [];
  return {
    asked,
    send: async (command: unknown) => {
      asked.push(command);
      if (command instanceof GetShardIteratorCommand) {
        if (trimmed) throw new TrimmedDataAccessException({ message: 'trimmed', $metadata: {} });
        expect(command.input).toMatchObject({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: '100' });
        return { ShardIterator: 'page-0' };
      }
      if (command instanceof GetRecordsCommand) {
        const page = Number(String(command.input.ShardIterator).slice(5));
        return { Records: pages[page] ?? [], NextShardIterator: `page-${page + 1}` };
      }
      throw new Error('unexpected command');
    },
  };
}

describe('reading the stream batch a pipe dead letter points at', () => {
  it('reads from the first sequence number to the last, across pages, and no further', async () => {
    const streams = shard([
      [record(100, 'EVENT#1'), record(150, 'RECORD')],
      [],
      [record(300, 'EVENT#2'), record(301, 'EVENT#3')],
    ]);
    const records = await readStreamBatch(streams as never, info);
    expect(records?.map((r) => r.keys.sk)).toEqual(['EVENT#1', 'RECORD', 'EVENT#2']);
    expect(records?.[0]).toEqual({ eventName: 'INSERT', keys: { pk: 'ART#a', sk: 'EVENT#1' } });
  });

  it('compares sequence numbers as numbers, not strings', async () => {
    const streams = shard([[record(100, 'EVENT#1'), record(1_000, 'EVENT#later')]]);
    expect((await readStreamBatch(streams as never, info))?.map((r) => r.keys.sk)).toEqual(['EVENT#1']);
  });

  it('stops on an open shard that has nothing more to give', async () => {
    const streams = shard([[record(100, 'EVENT#1')]]);
    expect(await readStreamBatch(streams as never, info)).toHaveLength(1);
    expect(streams.asked.length).toBeLessThan(10);
  });

  it('says the records are gone when the stream trimmed them', async () => {
    expect(await readStreamBatch(shard([], true) as never, info)).toBeNull();
  });
});
