import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type Claim,
  type DedupeIndex,
  type Fingerprint,
  type IndexStats,
  MAX_IDS_PER_BAND,
  MAX_STORIES_PER_KEY,
  type ReadConsistency,
} from '../../core/dedupe/port.ts';
import { forEachLimited } from '../concurrency.ts';
import { decodeShingleItem, decodeStory, encodeShingleBytes, encodeStory } from './compact.ts';
import { dedupeKeyExpiry, keys, PK, SK, TTL } from './table.ts';

/**
 * DynamoDB adapter of the dedupe index, on the shared single table.
 * - content hashes: conditional put, first writer wins; the loser learns the
 *   owner from ReturnValuesOnConditionCheckFailure=ALL_OLD, without a read;
 * - band keys: capped id lists appended with a condition on their size,
 *   expiring by TTL;
 * - story keys: the most recent stories first, capped; rewritten whole with a
 *   condition on the version read by the lookup just before (a conflict reads
 *   the key again and retries), expiring by TTL;
 * - fingerprints: a canonical-to-be's is written pending, then moved on by a
 *   conditional update (claimed by itself or vetoed by a near-duplicate), then
 *   settled with its story. Each write is billed for the whole item, so a
 *   fingerprint of more than 1 KB of shingle hashes (half of real articles) is
 *   two items in one partition: the hashes, written once per article and
 *   process, and a small state item (canonical, story, state) that takes the
 *   three writes at one unit each. A smaller one stays one item;
 * - stories: optimistic locking on a version attribute;
 * - story summaries and shingles as compact binary attributes (compact.ts);
 * - reads are strong unless the caller asks for eventual ones (half the units): the core asks only where
 *   a strong read or a conditional write checks the result afterwards.
 * Every call is one request or one batch: cost per article is flat.
 */

const BATCH_GET = 100;
/** Key appends in flight at once: each is its own conditional update, independent of the others. */
const PARALLEL_APPENDS = 25;
/** Attempts at rewriting one story key when concurrent writers keep changing it. */
const STORY_KEY_ATTEMPTS = 4;
/** Story keys whose last read content is remembered for the rewrite that follows a lookup. */
const REMEMBERED_KEYS = 1_000;
/** Articles whose shingle item this process wrote, remembered so that their later writes touch only the state item. */
const REMEMBERED_SHINGLES = 1_000;
/** Shingle bytes up to which a fingerprint stays one item: with its keys, ids and state, under 1 KB (one unit). */
const ONE_ITEM_SHINGLE_BYTES = 800;
/** A write whose condition fails still consumes a write unit, though the response does not say so. */
const FAILED_CONDITION = { CapacityUnits: 1 };

export interface DynamoIndexOptions {
  client: DynamoDBClient;
  tableName: string;
  now: () => Date;
}

export function createDynamoIndex({ client, tableName, now }: DynamoIndexOptions): DedupeIndex {
  const stats: IndexStats = { articles: 0, reads: 0, writes: 0, requests: 0 };
  // Read and write units are priced differently: kept apart.
  const units = { reads: 0, writes: 0 };

  const track = (
    kind: 'reads' | 'writes',
    items: number,
    consumed?: { CapacityUnits?: number }[] | { CapacityUnits?: number },
  ) => {
    stats[kind] += items;
    stats.requests++;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
      units[kind] += c.CapacityUnits ?? 0;
  };

  async function batchGet(
    itemKeys: Record<string, string>[],
    consistency: ReadConsistency = 'strong',
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const unique = [...new Map(itemKeys.map((k) => [`${k[PK]}|${k[SK]}`, k])).values()];
    for (let i = 0; i < unique.length; i += BATCH_GET) {
      let pending: Record<string, AttributeValue>[] = unique.slice(i, i + BATCH_GET).map((k) => marshall(k));
      for (let attempt = 0; pending.length && attempt < 8; attempt++) {
        const out = await client.send(
          new BatchGetItemCommand({
            RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistency === 'strong' } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        track('reads', pending.length, out.ConsumedCapacity);
        for (const item of out.Responses?.[tableName] ?? []) items.push(unmarshall(item));
        pending = (out.UnprocessedKeys?.[tableName]?.Keys as Record<string, AttributeValue>[] | undefined) ?? [];
        if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
      if (pending.length) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
    }
    return items;
  }

  const idsOf = (items: Record<string, unknown>[], prefix: string) => {
    const out = new Map<string, string[]>();
    for (const item of items) out.set(String(item[PK]).slice(prefix.length), (item.ids as string[] | undefined) ?? []);
    return out;
  };

  /** Sends a conditional write, counting its units; false when its condition failed. */
  async function conditionalWrite(command: PutItemCommand | UpdateItemCommand): Promise<boolean> {
    try {
      // Both commands return ConsumedCapacity; the SDK's overloads take one command type at a time.
      const out = await (command instanceof PutItemCommand ? client.send(command) : client.send(command));
      track('writes', 1, out.ConsumedCapacity);
      return true;
    } catch (error) {
      track('writes', 1, error instanceof ConditionalCheckFailedException ? FAILED_CONDITION : undefined);
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Appends an id to a capped list behind a key; a full list is left as it is. */
  async function appendId(key: Record<string, string>, id: string, cap: number): Promise<void> {
    await conditionalWrite(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(key),
        UpdateExpression: 'SET #ids = list_append(if_not_exists(#ids, :empty), :id), #ttl = :ttl',
        ConditionExpression: '(attribute_not_exists(#ids) OR size(#ids) < :cap) AND NOT contains(#ids, :idValue)',
        ExpressionAttributeNames: { '#ids': 'ids', '#ttl': TTL },
        ExpressionAttributeValues: marshall({
          ':empty': [],
          ':id': [id],
          ':idValue': id,
          ':cap': cap,
          ':ttl': dedupeKeyExpiry(now()),
        }),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  }

  // Shingles of the articles whose shingle item was written here: a fingerprint's later writes (claimed,
  // settled) leave that item alone when the shingles are the same.
  const writtenShingles = new Map<string, Uint32Array>();
  const rememberShingles = (articleId: string, shingles: Uint32Array) => {
    writtenShingles.delete(articleId);
    writtenShingles.set(articleId, shingles);
    if (writtenShingles.size > REMEMBERED_SHINGLES) writtenShingles.delete(writtenShingles.keys().next().value ?? '');
  };
  // Fingerprints known to hold their state in their one item (written or read so here): settled there.
  const oneItem = new Set<string>();
  const rememberOneItem = (articleId: string, one: boolean) => {
    oneItem.delete(articleId);
    if (!one) return;
    oneItem.add(articleId);
    if (oneItem.size > REMEMBERED_SHINGLES) oneItem.delete(oneItem.values().next().value ?? '');
  };
  const settleCommand = (key: Record<string, string>, to: string) =>
    new UpdateItemCommand({
      TableName: tableName,
      Key: marshall(key),
      UpdateExpression: 'SET #state = :to',
      ConditionExpression: '#state = :pending',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: marshall({ ':to': to, ':pending': 'pending' }),
      ReturnConsumedCapacity: 'TOTAL',
    });

  // What the last lookups read behind each story key: the rewrite that follows needs no read of its own.
  const remembered = new Map<string, { ids: string[]; version: number | null }>();
  const remember = (key: string, value: { ids: string[]; version: number | null }) => {
    remembered.delete(key);
    remembered.set(key, value);
    if (remembered.size > REMEMBERED_KEYS) remembered.delete(remembered.keys().next().value ?? '');
  };
  const storyKeyState = (item: Record<string, unknown>) => ({
    ids: (item.ids as string[] | undefined) ?? [],
    version: typeof item.v === 'number' ? item.v : null,
  });

  /** Puts a story id first behind a key, dropping the oldest beyond the cap, conditioned on the version read. */
  async function pushRecent(key: string, storyId: string): Promise<void> {
    let known = remembered.get(key);
    for (let attempt = 0; attempt < STORY_KEY_ATTEMPTS; attempt++) {
      if (known?.ids[0] === storyId) return;
      const ids = [storyId, ...(known?.ids ?? []).filter((id) => id !== storyId)].slice(0, MAX_STORIES_PER_KEY);
      const version = known?.version ?? 0;
      const condition = !known
        ? 'attribute_not_exists(#pk)'
        : known.version === null
          ? 'attribute_not_exists(#v)'
          : '#v = :v';
      const written = await conditionalWrite(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({ ...keys.storyKey(key), ids, v: version + 1, [TTL]: dedupeKeyExpiry(now()) }),
          ConditionExpression: condition,
          ExpressionAttributeNames: known ? { '#v': 'v' } : { '#pk': PK },
          ...(known?.version != null ? { ExpressionAttributeValues: marshall({ ':v': known.version }) } : {}),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      if (written) {
        remember(key, { ids, version: version + 1 });
        return;
      }
      const [item] = await batchGet([keys.storyKey(key)]);
      known = item ? storyKeyState(item) : undefined;
    }
    // Still contended after several attempts: the key stays as the other writers left it.
  }

  return {
    async claimContentHash(hash, articleId): Promise<Claim> {
      stats.articles++;
      try {
        const out = await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({ ...keys.hash(hash), ownerId: articleId }),
            ConditionExpression: 'attribute_not_exists(#pk) OR ownerId = :me',
            ExpressionAttributeNames: { '#pk': PK },
            ExpressionAttributeValues: marshall({ ':me': articleId }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        track('writes', 1, out.ConsumedCapacity);
        return { won: true };
      } catch (error) {
        track('writes', 1, error instanceof ConditionalCheckFailedException ? FAILED_CONDITION : undefined);
        if (error instanceof ConditionalCheckFailedException && error.Item) {
          return { won: false, ownerId: String(unmarshall(error.Item).ownerId) };
        }
        throw error;
      }
    },
    async lookupBands(bandKeys, consistency) {
      return idsOf(await batchGet(bandKeys.map(keys.band), consistency), 'BAND#');
    },
    async addBands(bandKeys, articleId) {
      await forEachLimited(bandKeys, PARALLEL_APPENDS, (band) =>
        appendId(keys.band(band), articleId, MAX_IDS_PER_BAND),
      );
    },
    async getFingerprints(ids, consistency) {
      const items = await batchGet(
        ids.flatMap((id) => [keys.fingerprint(id), keys.fingerprintState(id)]),
        consistency,
      );
      const shingleItems = new Map<string, Record<string, unknown>>();
      const stateItems = new Map<string, Record<string, unknown>>();
      for (const item of items) {
        const id = String(item.articleId);
        (item[SK] === keys.fingerprintState(id)[SK] ? stateItems : shingleItems).set(id, item);
      }
      const out = new Map<string, Fingerprint>();
      for (const [id, item] of shingleItems) {
        // Fingerprints written before the state had its own item hold it in the shingle item. A shingle item
        // whose state item is not written yet (or not visible to an eventual read) is no fingerprint yet.
        const state = stateItems.get(id) ?? (typeof item.storyId === 'string' ? item : undefined);
        if (!state) continue;
        rememberOneItem(id, state === item);
        out.set(id, {
          articleId: id,
          shingles: decodeShingleItem(item),
          canonicalOf: (state.canonicalOf as string | null | undefined) ?? null,
          storyId: String(state.storyId),
          ...(typeof state.state === 'string' ? { state: state.state as Fingerprint['state'] } : {}),
        });
      }
      return out;
    },
    async putFingerprint(fingerprint) {
      const bytes = encodeShingleBytes(fingerprint.shingles);
      if (bytes.byteLength <= ONE_ITEM_SHINGLE_BYTES) {
        const out = await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              ...keys.fingerprint(fingerprint.articleId),
              articleId: fingerprint.articleId,
              sh: bytes,
              canonicalOf: fingerprint.canonicalOf,
              storyId: fingerprint.storyId,
              ...(fingerprint.state ? { state: fingerprint.state } : {}),
            }),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        track('writes', 1, out.ConsumedCapacity);
        rememberOneItem(fingerprint.articleId, true);
        return;
      }
      rememberOneItem(fingerprint.articleId, false);
      // The shingles first: a reader that finds the state item finds them too.
      const written = writtenShingles.get(fingerprint.articleId);
      if (!written || !sameValues(written, fingerprint.shingles)) {
        const out = await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              ...keys.fingerprint(fingerprint.articleId),
              articleId: fingerprint.articleId,
              sh: bytes,
            }),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        track('writes', 1, out.ConsumedCapacity);
        rememberShingles(fingerprint.articleId, fingerprint.shingles);
      }
      const out = await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            ...keys.fingerprintState(fingerprint.articleId),
            articleId: fingerprint.articleId,
            canonicalOf: fingerprint.canonicalOf,
            storyId: fingerprint.storyId,
            ...(fingerprint.state ? { state: fingerprint.state } : {}),
          }),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      track('writes', 1, out.ConsumedCapacity);
    },
    async settleFingerprint(articleId, to) {
      if (oneItem.has(articleId)) return conditionalWrite(settleCommand(keys.fingerprint(articleId), to));
      if (await conditionalWrite(settleCommand(keys.fingerprintState(articleId), to))) return true;
      // A fingerprint not seen here may be one item (a small one, or one written before state items).
      return conditionalWrite(settleCommand(keys.fingerprint(articleId), to));
    },
    async lookupStoryKeys(storyKeys, consistency) {
      const items = await batchGet(storyKeys.map(keys.storyKey), consistency);
      const found = new Set<string>();
      for (const item of items) {
        const key = String(item[PK]).slice('SKEY#'.length);
        found.add(key);
        remember(key, storyKeyState(item));
      }
      for (const key of storyKeys) if (!found.has(key)) remembered.delete(key);
      return idsOf(items, 'SKEY#');
    },
    async addStoryKeys(storyKeys, storyId) {
      await forEachLimited(storyKeys, PARALLEL_APPENDS, (key) => pushRecent(key, storyId));
    },
    async getStories(ids, consistency) {
      const items = await batchGet(ids.map(keys.story), consistency);
      return new Map(items.map((item) => [String(item.storyId), decodeStory(item)]));
    },
    putStory: (story, expectedVersion) =>
      conditionalWrite(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            ...keys.story(story.storyId),
            storyId: story.storyId,
            version: story.version,
            sz: encodeStory(story),
          }),
          ConditionExpression: expectedVersion === null ? 'attribute_not_exists(#pk)' : '#version = :expected',
          ExpressionAttributeNames: expectedVersion === null ? { '#pk': PK } : { '#version': 'version' },
          ...(expectedVersion === null
            ? {}
            : { ExpressionAttributeValues: marshall({ ':expected': expectedVersion }) }),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    stats: () => ({
      ...stats,
      capacityUnits: units.reads + units.writes,
      readUnits: units.reads,
      writeUnits: units.writes,
    }),
  };
}

function sameValues(a: Uint32Array, b: Uint32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reads one item by key (used by the CLI and the inspector). */
export async function getItem(client: DynamoDBClient, tableName: string, key: Record<string, string>) {
  const out = await client.send(new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true }));
  return out.Item ? unmarshall(out.Item) : null;
}
