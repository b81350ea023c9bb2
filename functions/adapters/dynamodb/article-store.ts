import {
  type DynamoDBClient,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AkhbarEvent, EVENT_SOURCE } from '../../contract/events.ts';
import type { StorySummary } from '../../core/dedupe/port.ts';
import type { ArticleRecord } from '../../core/record.ts';
import { getItem } from './dedupe-index.ts';
import { keys, PK, SK } from './table.ts';

/**
 * Article records and their events, written in one transaction: the record
 * item and its outbox event items (the table's stream carries them to the
 * bus). A record that already exists makes the write a no-op, so a redelivered
 * message never produces a second record or a second final event.
 */

/** The record as stored: the body lives in S3 (claim check), the item keeps the rest. */
export type StoredRecord = Omit<ArticleRecord, 'paragraphs'> & {
  paragraphCount: number;
  pointers: { raw: unknown; clean: unknown; extracted: unknown };
};

export interface WriteResult {
  written: boolean;
}

export async function writeOutcome(
  client: DynamoDBClient,
  tableName: string,
  record: ArticleRecord,
  pointers: StoredRecord['pointers'],
  events: AkhbarEvent[],
  story: StorySummary | null,
  /** Processing revision: a replay (higher revision) replaces the record and publishes its events again. */
  revision = 1,
): Promise<WriteResult> {
  const { paragraphs, ...rest } = record;
  const stored: StoredRecord = { ...rest, paragraphCount: paragraphs.length, pointers };
  const time = record.processedAt;
  const items: TransactWriteItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: marshall(
          { ...keys.record(record.id), kind: 'record', revision, ...stored },
          { removeUndefinedValues: true, convertClassInstanceToMap: true },
        ),
        ConditionExpression: 'attribute_not_exists(#pk) OR #revision < :revision',
        ExpressionAttributeNames: { '#pk': PK, '#revision': 'revision' },
        ExpressionAttributeValues: marshall({ ':revision': revision }),
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: marshall(
          {
            ...keys.articleList(time, record.id),
            articleId: record.id,
            status: record.status,
            title: record.title,
            language: record.language,
            eventDate: record.eventDate,
            storyId: record.dedupe?.storyId ?? null,
            duplicateOf: record.dedupe?.duplicateOf ?? null,
            rejection: record.rejection?.reason ?? null,
          },
          { removeUndefinedValues: true },
        ),
      },
    },
  ];
  for (const event of events) {
    const key =
      event.detailType === 'StoryUpdated'
        ? keys.storyEvent(event.detail.storyId, time, record.id)
        : keys.articleEvent(record.id, time, event.detailType);
    items.push({
      Put: {
        TableName: tableName,
        Item: marshall(
          { ...key, kind: 'event', source: EVENT_SOURCE, detailType: event.detailType, detail: event.detail },
          { removeUndefinedValues: true },
        ),
      },
    });
  }
  if (story) {
    items.push({
      Put: {
        TableName: tableName,
        Item: marshall(
          {
            ...keys.storyList(story.storyId),
            storyId: story.storyId,
            size: story.size,
            title: story.title,
            lastDate: story.lastDate,
          },
          { removeUndefinedValues: true },
        ),
      },
    });
  }
  try {
    await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    return { written: true };
  } catch (error) {
    // The record exists already: an earlier delivery finished this article.
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    ) {
      return { written: false };
    }
    throw error;
  }
}

export async function getRecord(
  client: DynamoDBClient,
  tableName: string,
  articleId: string,
): Promise<StoredRecord | null> {
  return (await getItem(client, tableName, keys.record(articleId))) as StoredRecord | null;
}

export async function getStorySummary(
  client: DynamoDBClient,
  tableName: string,
  storyId: string,
): Promise<StorySummary | null> {
  const item = await getItem(client, tableName, keys.story(storyId));
  return item ? (JSON.parse(String(item.summary)) as StorySummary) : null;
}

/** Items of one partition, newest first (article list, story list, an article's history). */
export async function queryPartition(
  client: DynamoDBClient,
  tableName: string,
  pk: string,
  limit = 100,
  skPrefix?: string,
) {
  const out = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: skPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: skPrefix ? { '#pk': PK, '#sk': SK } : { '#pk': PK },
      ExpressionAttributeValues: marshall(skPrefix ? { ':pk': pk, ':prefix': skPrefix } : { ':pk': pk }),
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => unmarshall(item));
}
