import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { outcomeItems } from '../functions/adapters/dynamodb/article-store.ts';
import { eventsForRecord, type Pointers, type StoryFacts } from '../functions/contract/events.ts';
import type { ArticleRecord } from '../functions/core/record.ts';

/**
 * Write units of the record transaction (the record, its list entry, its events, the story's list entry),
 * measured on the items the dedupe function would write for real records. Each item is put on its own
 * with its consumed units returned; a transaction bills twice the units of its items, so the sum is
 * doubled. (DynamoDB Local's own figure for a transaction is not DynamoDB's: it reports 4 units for a
 * transaction of one small item, where DynamoDB bills 2.)
 */
export async function recordTransactionUnits(
  client: DynamoDBClient,
  tableName: string,
  outcomes: { record: ArticleRecord; story: StoryFacts | null }[],
): Promise<{ records: number; writeUnits: number; items: number }> {
  let units = 0;
  let items = 0;
  for (const { record, story } of outcomes) {
    // Pointers as long as a deployed bucket's: account and region in the name, a version id.
    const pointer = (prefix: string) => ({
      bucket: 'akhbar-processed-123456789012-eu-west-1',
      key: `${prefix}/${record.id}.json`,
      versionId: 'Lx3Vh1kGq7Hn0s9WbTfYcJ2uRzPmA8dE',
    });
    const pointers: Pointers = { raw: pointer('raw'), clean: pointer('clean'), extracted: pointer('extracted') };
    for (const item of outcomeItems(tableName, record, pointers, eventsForRecord(record, pointers, story), story)) {
      if (!item.Put) continue;
      const out = await client.send(
        new PutItemCommand({ TableName: tableName, Item: item.Put.Item, ReturnConsumedCapacity: 'TOTAL' }),
      );
      units += out.ConsumedCapacity?.CapacityUnits ?? 0;
      items++;
    }
  }
  const records = outcomes.length;
  return { records, writeUnits: records ? (2 * units) / records : 0, items: records ? items / records : 0 };
}
