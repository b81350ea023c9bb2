/**
 * The dedupe index port. Two adapters implement it: in memory (the offline
 * `akhbar process`) and DynamoDB (the deployed and local stacks). Every method
 * is a bounded number of requests, so the cost per article does not grow with
 * the archive: lists behind a key are capped (see the constants).
 */

/** Most canonical ids kept behind one band key. */
export const MAX_IDS_PER_BAND = 20;
/** Most story ids kept behind one term/day key: the most recent ones (a full list drops its oldest). */
export const MAX_STORIES_PER_KEY = 8;

export interface Fingerprint {
  articleId: string;
  /** Sorted shingle hashes. */
  shingles: Uint32Array;
  /** Null for a canonical article; else the canonical it duplicates (never a duplicate itself). */
  canonicalOf: string | null;
  storyId: string;
  /**
   * Absent on a settled fingerprint. A canonical-to-be writes its fingerprint `pending` before its bands,
   * so a concurrent near-duplicate finding it there can read its shingles; it is then `claimed` by the
   * article itself (canonical, story not assigned yet) or `vetoed` by a lower-id near-duplicate, never both.
   */
  state?: 'pending' | 'claimed' | 'vetoed';
}

export interface StorySummary {
  storyId: string;
  /** Optimistic-locking version: incremented on every update. */
  version: number;
  size: number;
  firstDate: string | null;
  lastDate: string | null;
  title: string | null;
  /** Entity name → weight (mentions across members), trimmed to the top ones. */
  entities: Record<string, number>;
  /**
   * Absent on an open story. A new story is written `pending` and opened once no concurrent story of the
   * same occurrence is found; a lower-id one of those vetoes it. Neither kind takes members.
   */
  state?: 'pending' | 'vetoed';
  /** Places that are cities or sites (not countries): stories in different places stay apart. */
  sites: string[];
  /** Term → weight, trimmed to the top ones. */
  terms: Record<string, number>;
  /** First members (capped); `size` counts them all. */
  members: string[];
  /** Summed tf-idf vectors of the members' titles and leads, trimmed to the top terms. Absent in stories written before. */
  centroid?: Record<string, number>;
  /** The first member's vector: a story is compared with what it started as. */
  seed?: Record<string, number>;
  /** The first member's headline terms, title-and-lead terms and headline name words: what the story is about. */
  seedTitle?: string[];
  seedLead?: string[];
  seedTitleNames?: string[];
  /** The first member's headline and lead figures (counts, measures, levels). */
  seedFigures?: string[];
  /** The latest member's vector (stories written before `recent`; read, no longer written). */
  latest?: Record<string, number>;
  /** The latest members' vectors, newest first (a few). */
  recent?: Record<string, number>[];
  /** The figures of the same latest members, in the same order. */
  recentFigures?: string[][];
  /** Rare name tokens of the members' entities → members naming them. */
  names?: Record<string, number>;
  /** Rare name tokens the members' headlines hold. */
  titleNames?: string[];
  /** Dateline places of the members. */
  places?: string[];
}

export type Claim = { won: true } | { won: false; ownerId: string };

export interface IndexStats {
  articles: number;
  reads: number;
  writes: number;
  requests: number;
  /** Capacity units consumed, where the adapter reports them (DynamoDB): in all, and read and write apart. */
  capacityUnits?: number;
  readUnits?: number;
  writeUnits?: number;
}

/**
 * How fresh a read must be. `strong` (the default) sees every write acknowledged before it; `eventual` may
 * miss the last second of writes and costs half as much in DynamoDB. Reads whose result a later step
 * re-checks with a strong read or a conditional write can be eventual; the re-checks cannot.
 */
export type ReadConsistency = 'strong' | 'eventual';

export interface DedupeIndex {
  /** First writer wins: the owner of a content hash is the first article that claimed it. */
  claimContentHash(hash: string, articleId: string): Promise<Claim>;
  /** Canonical ids behind each band key (missing keys are absent). */
  lookupBands(keys: string[], consistency?: ReadConsistency): Promise<Map<string, string[]>>;
  addBands(keys: string[], articleId: string): Promise<void>;
  getFingerprints(ids: string[], consistency?: ReadConsistency): Promise<Map<string, Fingerprint>>;
  putFingerprint(fingerprint: Fingerprint): Promise<void>;
  /** Moves a `pending` fingerprint to `to`, first writer wins: false when it was no longer pending. */
  settleFingerprint(articleId: string, to: 'claimed' | 'vetoed'): Promise<boolean>;
  /** Story ids behind each entity/day key. */
  lookupStoryKeys(keys: string[], consistency?: ReadConsistency): Promise<Map<string, string[]>>;
  addStoryKeys(keys: string[], storyId: string): Promise<void>;
  getStories(ids: string[], consistency?: ReadConsistency): Promise<Map<string, StorySummary>>;
  /** Writes the story if its stored version is `expectedVersion` (null: must not exist). False on conflict. */
  putStory(story: StorySummary, expectedVersion: number | null): Promise<boolean>;
  /** Requests made so far, for cost accounting. */
  stats(): IndexStats;
}

/**
 * Thrown when a concurrent writer has not settled yet: the canonical of a duplicate is not indexed yet, a
 * lower-id near-duplicate is still deciding, or this article's claim to be canonical lost. Transient: the
 * message is retried (the queue redelivers it) and the retry finds the other writer's verdict.
 */
export class DedupeRaceError extends Error {
  override readonly name = 'DedupeRaceError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
