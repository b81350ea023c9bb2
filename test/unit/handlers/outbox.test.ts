import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TransactWriteItemsCommand, type TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { boundRecord, writeOutcome } from '../../../functions/adapters/dynamodb/article-store.ts';
import { eventsForRecord } from '../../../functions/contract/events.ts';
import type { ArticleRecord } from '../../../functions/core/record.ts';
import { toBusEntry } from '../../../functions/handlers/publish.ts';
import { PIPE_FILTER } from '../../../infra/definitions.ts';
import { matchesPattern } from '../../../local/pattern.ts';
import { sampleRecord } from '../../support/records.ts';

const record = sampleRecord;
const pointers = {
  raw: { bucket: 'raw', key: 'incoming/a.txt', versionId: 'v1' },
  clean: { bucket: 'processed', key: 'clean/art_0123456789abcdef0123.json', versionId: 'v1' },
  extracted: { bucket: 'processed', key: 'extracted/art_0123456789abcdef0123.json', versionId: 'v1' },
};

/** Captures the transaction instead of sending it. */
async function transactionOf(r: ArticleRecord): Promise<TransactWriteItemsCommandInput> {
  let input: TransactWriteItemsCommandInput | undefined;
  const client = {
    send: async (command: unknown) => {
      if (command instanceof TransactWriteItemsCommand) input = command.input;
      return {};
    },
  } as unknown as DynamoDBClient;
  await writeOutcome(client, 'table', r, pointers, eventsForRecord(r, pointers, null), null);
  if (!input) throw new Error('no transaction was sent');
  return input;
}

/** A stream record as DynamoDB Streams delivers the insert of one item. */
const streamInsert = (item: unknown) => ({
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { NewImage: item },
});

describe('the outbox', () => {
  it('writes the record and its event in one transaction, the record only if it is new', async () => {
    const { TransactItems = [] } = await transactionOf(record());
    const sortKeys = TransactItems.map((t) => t.Put?.Item?.sk?.S);
    expect(sortKeys[0]).toBe('RECORD');
    expect(TransactItems[0]?.Put?.ConditionExpression).toContain('attribute_not_exists');
    expect(sortKeys.filter((sk) => sk?.startsWith('EVENT#'))).toEqual([
      'EVENT#2024-05-02T08:00:00.000Z#ArticleIngested',
    ]);
  });

  it('lets only event items through the pipe filter, and turns them into bus entries on the contract', async () => {
    const { TransactItems = [] } = await transactionOf(record());
    const inserts = TransactItems.map((t) => streamInsert(t.Put?.Item));
    const published = inserts.filter((r) => matchesPattern(PIPE_FILTER as never, r));
    expect(published).toHaveLength(1);
    expect(toBusEntry(published[0])).toMatchObject({
      source: 'akhbar',
      detailType: 'ArticleIngested',
      detail: { articleId: 'art_0123456789abcdef0123', summary: { language: 'fr' } },
    });
    expect(matchesPattern(PIPE_FILTER as never, { ...published[0], eventName: 'MODIFY' })).toBe(false);
  });

  it('refuses to publish an event item whose detail is off the contract', () => {
    const item = { sk: { S: 'EVENT#x#ArticleIngested' }, detailType: { S: 'ArticleIngested' }, detail: { M: {} } };
    expect(() => toBusEntry(streamInsert(item))).toThrow();
  });

  it('keeps the record item far below 400 KB whatever the article', async () => {
    const wide = '語'.repeat(20_000); // three UTF-8 bytes each
    const many = (n: number) => Array.from({ length: n }, (_, i) => `${i}${wide}`);
    const huge = record({
      title: wide,
      subtitle: wide,
      input: wide,
      paragraphs: many(1_000),
      entities: { persons: many(5_000), places: many(5_000), organizations: many(5_000) },
      quotes: many(2_000).map((text) => ({ text, speaker: wide })),
      links: many(5_000),
      source: {
        ...record().source,
        url: wide,
        metadata: Object.fromEntries(many(500).map((v, i) => [`${i}${wide}`, v])),
      },
    });
    const { TransactItems = [] } = await transactionOf(huge);
    for (const item of TransactItems) {
      expect(Buffer.byteLength(JSON.stringify(item.Put?.Item))).toBeLessThan(300 * 1024);
    }
    expect(boundRecord(huge).truncated).toBe(true);
    expect(boundRecord(record()).truncated).toBe(false);
  });
});
