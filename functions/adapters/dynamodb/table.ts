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
 * | fingerprint         | FP#<articleId>         | FP                              |
 * | story window key    | SKEY#<term>#<span>     | SKEY      (TTL)                 |
 * | article list        | LIST#ARTICLES          | <processedAt>#<articleId>       |
 * | story list          | LIST#STORIES           | <storyId>                       |
 * | newest write of key | OBJ#<bucket>/<key>     | HEAD                            |
 *
 * Idempotency records live in their own table (IDEMPOTENCY_TABLE), so the
 * stream of this one carries only what the pipe may have to publish.
 */

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
  storyKey: (key: string) => ({ [PK]: `SKEY#${key}`, [SK]: 'SKEY' }),
  articleList: (processedAt: string, articleId: string) => ({
    [PK]: 'LIST#ARTICLES',
    [SK]: `${processedAt}#${articleId}`,
  }),
  storyList: (storyId: string) => ({ [PK]: 'LIST#STORIES', [SK]: storyId }),
  objectHead: (bucket: string, key: string) => ({ [PK]: `OBJ#${bucket}/${key}`, [SK]: 'HEAD' }),
};

/** Expiry (epoch seconds) of dedupe lookup keys: bands and story-window keys. */
export function dedupeKeyExpiry(now: Date): number {
  return Math.floor(now.getTime() / 1000) + DEDUPE_KEY_TTL_DAYS * 86_400;
}
