import { DEDUPE_KEY_TTL_DAYS, EVENT_ITEM_PREFIX, TABLE } from '../../../infra/definitions.ts';

/**
 * Single-table key design (see docs/architecture.md). Every access is a
 * GetItem, a BatchGetItem, a conditional write or a Query on one partition:
 * no Scan anywhere.
 *
 * | item                | pk                     | sk                              |
 * |---------------------|------------------------|---------------------------------|
 * | article record      | ART#<articleId>        | RECORD                          |
 * | article event       | ART#<articleId>        | EVENT#<time>#<detail-type>      |
 * | story summary       | STORY#<storyId>        | SUMMARY                         |
 * | story event         | STORY#<storyId>        | EVENT#<time>#<articleId>        |
 * | content-hash claim  | HASH#<sha256>          | CLAIM                           |
 * | LSH band            | BAND#<band key>        | BAND      (TTL)                 |
 * | fingerprint shingles| FP#<articleId>         | FP                              |
 * | fingerprint state   | FP#<articleId>         | STATE                           |
 * | story window key    | SKEY#<term>#<span>     | SKEY      (TTL)                 |
 * | article list        | LIST#ARTICLES#<shard>  | <processedAt>#<articleId>       |
 * | story list          | LIST#STORIES#<shard>   | <storyId>                       |
 * | newest write of key | OBJ#<bucket>/<key>     | HEAD      (TTL)                 |
 *
 * The lists are spread over LIST_SHARDS partition keys (the shard is a hash
 * of the article or story id): every record transaction writes one list item,
 * and one partition key takes at most 1,000 write units a second. Listings
 * query every shard and merge (listing.ts).
 *
 * Idempotency records live in their own table (IDEMPOTENCY_TABLE), so the
 * stream of this one carries only what the pipe may have to publish.
 */

/** Partition keys each list is spread over: 16 × 1,000 write units a second, far above the table's own ceiling. */
export const LIST_SHARDS = 16;

/** The shard of an id: FNV-1a of its UTF-16 code units, two hex digits. */
export function listShard(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % LIST_SHARDS).toString(16).padStart(2, '0');
}

const LIST_PREFIX = { articles: 'LIST#ARTICLES', stories: 'LIST#STORIES' } as const;
export type ListName = keyof typeof LIST_PREFIX;

/**
 * Every partition key of a list: its shards, then the single partition older versions wrote, so records
 * written before the lists were sharded still show.
 */
export function listPartitions(list: ListName): string[] {
  const prefix = LIST_PREFIX[list];
  return [...Array.from({ length: LIST_SHARDS }, (_, i) => `${prefix}#${i.toString(16).padStart(2, '0')}`), prefix];
}

export const PK = TABLE.partitionKey;
export const SK = TABLE.sortKey;
export const TTL = TABLE.ttlAttribute;

export const keys = {
  record: (articleId: string) => ({ [PK]: `ART#${articleId}`, [SK]: 'RECORD' }),
  articleEvent: (articleId: string, time: string, detailType: string) => ({
    [PK]: `ART#${articleId}`,
    [SK]: `${EVENT_ITEM_PREFIX}${time}#${detailType}`,
  }),
  story: (storyId: string) => ({ [PK]: `STORY#${storyId}`, [SK]: 'SUMMARY' }),
  storyEvent: (storyId: string, time: string, articleId: string) => ({
    [PK]: `STORY#${storyId}`,
    [SK]: `${EVENT_ITEM_PREFIX}${time}#${articleId}`,
  }),
  hash: (hash: string) => ({ [PK]: `HASH#${hash}`, [SK]: 'CLAIM' }),
  band: (band: string) => ({ [PK]: `BAND#${band}`, [SK]: 'BAND' }),
  fingerprint: (articleId: string) => ({ [PK]: `FP#${articleId}`, [SK]: 'FP' }),
  fingerprintState: (articleId: string) => ({ [PK]: `FP#${articleId}`, [SK]: 'STATE' }),
  storyKey: (key: string) => ({ [PK]: `SKEY#${key}`, [SK]: 'SKEY' }),
  articleList: (processedAt: string, articleId: string) => ({
    [PK]: `${LIST_PREFIX.articles}#${listShard(articleId)}`,
    [SK]: `${processedAt}#${articleId}`,
  }),
  storyList: (storyId: string) => ({ [PK]: `${LIST_PREFIX.stories}#${listShard(storyId)}`, [SK]: storyId }),
  objectHead: (bucket: string, key: string) => ({ [PK]: `OBJ#${bucket}/${key}`, [SK]: 'HEAD' }),
};

/** Expiry (epoch seconds) of dedupe lookup keys: bands and story-window keys. */
export function dedupeKeyExpiry(now: Date): number {
  return Math.floor(now.getTime() / 1000) + DEDUPE_KEY_TTL_DAYS * 86_400;
}
