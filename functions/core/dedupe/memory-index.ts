import {
  type Claim,
  type DedupeIndex,
  type Fingerprint,
  type IndexStats,
  MAX_IDS_PER_BAND,
  MAX_STORIES_PER_KEY,
  type StorySummary,
} from './port.ts';

/** Requests a DynamoDB batch call can carry: the in-memory adapter counts as if it were DynamoDB. */
const BATCH_GET = 100;
const BATCH_WRITE = 25;

/** In-memory adapter, used by `akhbar process`. Counts requests the way the DynamoDB adapter makes them. */
export function createMemoryIndex(): DedupeIndex {
  const hashes = new Map<string, string>();
  const bands = new Map<string, string[]>();
  const fingerprints = new Map<string, Fingerprint>();
  const storyKeys = new Map<string, string[]>();
  const stories = new Map<string, StorySummary>();
  const stats: IndexStats = { articles: 0, reads: 0, writes: 0, requests: 0 };
  const read = (items: number, perRequest = BATCH_GET) => {
    stats.reads += items;
    stats.requests += Math.ceil(items / perRequest);
  };
  const write = (items: number, perRequest = BATCH_WRITE) => {
    stats.writes += items;
    stats.requests += Math.ceil(items / perRequest);
  };
  const append = (map: Map<string, string[]>, key: string, id: string, cap: number) => {
    const list = map.get(key) ?? [];
    if (!list.includes(id) && list.length < cap) list.push(id);
    map.set(key, list);
  };
  /** Most recent first; a full list drops its oldest id. */
  const pushRecent = (map: Map<string, string[]>, key: string, id: string, cap: number) => {
    const list = (map.get(key) ?? []).filter((x) => x !== id);
    map.set(key, [id, ...list].slice(0, cap));
  };
  // Items are stored as frozen copies and handed out as they are: a reader can never change the stored
  // state (as with a database), and reads, ten per article, cost no copy. Id lists are copied.
  const pick = <T>(map: Map<string, T>, keys: string[], copy: (value: T) => T = (value) => value) => {
    const out = new Map<string, T>();
    for (const key of new Set(keys)) {
      const value = map.get(key);
      if (value !== undefined) out.set(key, copy(value));
    }
    return out;
  };
  const ids = (list: string[]) => list.slice();

  return {
    async claimContentHash(hash, articleId): Promise<Claim> {
      write(1, 1);
      stats.articles++;
      const owner = hashes.get(hash);
      if (owner !== undefined && owner !== articleId) return { won: false, ownerId: owner };
      hashes.set(hash, articleId);
      return { won: true };
    },
    async lookupBands(keys) {
      read(keys.length);
      return pick(bands, keys, ids);
    },
    async addBands(keys, articleId) {
      write(keys.length);
      for (const key of keys) append(bands, key, articleId, MAX_IDS_PER_BAND);
    },
    async getFingerprints(ids) {
      read(ids.length);
      return pick(fingerprints, ids);
    },
    async putFingerprint(fingerprint) {
      write(1, 1);
      fingerprints.set(fingerprint.articleId, frozen(fingerprint));
    },
    async settleFingerprint(articleId, to) {
      write(1, 1);
      const fingerprint = fingerprints.get(articleId);
      if (fingerprint?.state !== 'pending') return false;
      fingerprints.set(articleId, frozen({ ...fingerprint, state: to }));
      return true;
    },
    async lookupStoryKeys(keys) {
      read(keys.length);
      return pick(storyKeys, keys, ids);
    },
    async addStoryKeys(keys, storyId) {
      write(keys.length);
      for (const key of keys) pushRecent(storyKeys, key, storyId, MAX_STORIES_PER_KEY);
    },
    async getStories(ids) {
      read(ids.length);
      return pick(stories, ids);
    },
    async putStory(story, expectedVersion) {
      write(1, 1);
      const current = stories.get(story.storyId);
      if ((current?.version ?? null) !== expectedVersion) return false;
      stories.set(story.storyId, frozen(story));
      return true;
    },
    stats: () => ({ ...stats }),
  };
}

/**
 * The written value itself, frozen all through: the writer built it for the write and cannot change it
 * afterwards (typed arrays cannot be frozen: nothing writes into shingle sets).
 */
function frozen<T>(value: T): T {
  return deepFreeze(value);
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  // A frozen part was frozen all through by an earlier write: a story's next version shares its first
  // member's vector, its latest vectors and figures with the version before.
  if (Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
