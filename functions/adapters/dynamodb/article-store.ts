import {
  type DynamoDBClient,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AkhbarEvent, EVENT_SOURCE, type StoryFacts } from '../../contract/events.ts';
import type { StorySummary } from '../../core/dedupe/port.ts';
import type { ArticleRecord } from '../../core/record.ts';
import { decodeStory } from './compact.ts';
import { getItem } from './dedupe-index.ts';
import { keys, PK, SK } from './table.ts';
import { transactWrite } from './transactions.ts';

/**
 * Article records and their events, written in one transaction: the record
 * item and its outbox event items (the table's stream carries them to the
 * bus). A record that already exists makes the write a no-op, so a redelivered
 * message never produces a second record or a second final event.
 */

/**
 * The record as stored: the body lives in S3 (claim check) and the item keeps
 * the rest, with every list and string bounded so the item stays far below
 * DynamoDB's 400 KB whatever the article (`truncated` says when something
 * was cut; the extracted object in S3 has it all).
 */
export type StoredRecord = Omit<ArticleRecord, 'paragraphs'> & {
  paragraphCount: number;
  truncated: boolean;
  pointers: { raw: unknown; clean: unknown; extracted: unknown };
};

const LIMITS = {
  text: 1_000,
  name: 120,
  entities: 30,
  quotes: 20,
  quote: 600,
  links: 50,
  link: 500,
  metadataKeys: 20,
  metadataKey: 64,
  metadataValue: 256,
} as const;

/** Cuts a record to the stored bounds; reports whether anything was cut. */
export function boundRecord(record: ArticleRecord): { stored: Omit<StoredRecord, 'pointers'>; truncated: boolean } {
  let truncated = false;
  const cut = <T extends string | null>(value: T, max: number): T => {
    if (value === null || value.length <= max) return value;
    truncated = true;
    return value.slice(0, max) as T;
  };
  const first = <T>(list: T[], max: number): T[] => {
    if (list.length > max) truncated = true;
    return list.slice(0, max);
  };
  const names = (list: string[]) => first(list, LIMITS.entities).map((n) => cut(n, LIMITS.name));
  const { paragraphs, ...rest } = record;
  const metadata = Object.fromEntries(
    first(Object.entries(record.source.metadata), LIMITS.metadataKeys).map(([k, v]) => [
      cut(k, LIMITS.metadataKey),
      cut(v, LIMITS.metadataValue),
    ]),
  );
  const stored: Omit<StoredRecord, 'pointers'> = {
    ...rest,
    input: cut(record.input, LIMITS.text),
    source: {
      ...record.source,
      name: cut(record.source.name, LIMITS.text),
      url: cut(record.source.url, LIMITS.text),
      crawledAt: cut(record.source.crawledAt, LIMITS.name),
      charset: cut(record.source.charset, LIMITS.name),
      sha256: cut(record.source.sha256, LIMITS.name),
      containers: first(record.source.containers, 10).map((c) => cut(c, LIMITS.name)),
      metadata,
    },
    language: cut(record.language, LIMITS.name),
    title: cut(record.title, LIMITS.text),
    subtitle: cut(record.subtitle, LIMITS.text),
    publishedAt: cut(record.publishedAt, LIMITS.name),
    dateline: record.dateline
      ? { agency: cut(record.dateline.agency, LIMITS.name), place: cut(record.dateline.place, LIMITS.name) }
      : null,
    entities: {
      persons: names(record.entities.persons),
      places: names(record.entities.places),
      organizations: names(record.entities.organizations),
    },
    quotes: first(record.quotes, LIMITS.quotes).map((q) => ({
      text: cut(q.text, LIMITS.quote),
      speaker: cut(q.speaker, LIMITS.name),
    })),
    links: first(record.links, LIMITS.links).map((l) => cut(l, LIMITS.link)),
    rejection: record.rejection ? { ...record.rejection, message: cut(record.rejection.message, LIMITS.text) } : null,
    paragraphCount: paragraphs.length,
    truncated: false,
  };
  stored.truncated = truncated;
  return { stored, truncated };
}

export interface WriteResult {
  written: boolean;
}

export async function writeOutcome(
  client: DynamoDBClient,
  tableName: string,
  record: ArticleRecord,
  pointers: StoredRecord['pointers'],
  events: AkhbarEvent[],
  story: StoryFacts | null,
  /** Processing revision: a replay (higher revision) replaces the record and publishes its events again. */
  revision = 1,
): Promise<WriteResult> {
  const items = outcomeItems(tableName, record, pointers, events, story, revision);
  try {
    // Throttled or conflicting transactions are retried here (transactions.ts), not by rerunning the stage.
    await transactWrite(client, { TransactItems: items });
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

/** The items of an outcome's transaction: the record first (its condition decides), its list entry, its events, the story's list entry. */
export function outcomeItems(
  tableName: string,
  record: ArticleRecord,
  pointers: StoredRecord['pointers'],
  events: AkhbarEvent[],
  story: StoryFacts | null,
  revision = 1,
): TransactWriteItem[] {
  const stored: StoredRecord = { ...boundRecord(record).stored, pointers };
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
            input: stored.input.slice(0, 300),
            status: record.status,
            title: stored.title?.slice(0, 300) ?? null,
            language: stored.language,
            eventDate: stored.eventDate,
            storyId: stored.dedupe?.storyId ?? null,
            duplicateOf: stored.dedupe?.duplicateOf ?? null,
            rejection: stored.rejection?.reason ?? null,
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
            title: story.title?.slice(0, 300) ?? null,
            lastDate: story.lastDate,
          },
          { removeUndefinedValues: true },
        ),
      },
    });
  }
  return items;
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
  return item ? decodeStory(item) : null;
}

/** Items of one partition, newest first (an article's history). The sharded lists are read by listing.ts. */
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
