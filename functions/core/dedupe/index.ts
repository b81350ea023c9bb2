import { createHash } from 'node:crypto';
import { wordForms } from '../text/normalize.ts';
import { bandKeys, contentHash, minhash, overlap, shingleSet } from './fingerprint.ts';
import {
  type DedupeIndex,
  DedupeRaceError,
  type Fingerprint,
  type ReadConsistency,
  type StorySummary,
} from './port.ts';
import {
  judge,
  MAX_CANDIDATES,
  mergeIntoStory,
  newStory,
  type StoryArticle,
  storyFeatures,
  storyKeys,
} from './stories.ts';

export { createMemoryIndex } from './memory-index.ts';
export * from './port.ts';

/**
 * Dedupe across articles. The first article seen with a text is canonical;
 * later ones point to it, never to another duplicate:
 * - exact: same normalized body (content hash, first writer wins);
 * - near: shared LSH band with a canonical, confirmed on the stored shingle
 *   sets by Jaccard or containment;
 * - story: same occurrence reported in other words (date window, tf-idf text
 *   agreement with the story, rare names); near-duplicates go through the same
 *   test, starting with their canonical's story.
 */

/** Jaccard at or above this is the same text with edits (a re-crawl, a retouched wire copy). */
export const NEAR_JACCARD = 0.5;
/** Containment at or above this is one text inside another (a wire story plus local paragraphs). */
export const NEAR_CONTAINMENT = 0.8;
/** Containment is only trusted when the smaller text has this many shingles: short texts share boilerplate. */
const MIN_SHINGLES_FOR_CONTAINMENT = 30;
const STORY_UPDATE_ATTEMPTS = 5;

export type DedupeArticle = StoryArticle & { language: string | null; publishedAt: string | null };

export interface DedupeOutcome {
  status: 'unique' | 'duplicate' | 'near-duplicate';
  duplicateOf: string | null;
  similarity: number | null;
  storyId: string;
}

export interface DedupePorts {
  index: DedupeIndex;
  now: () => Date;
}

export function storyIdFor(articleId: string): string {
  return `sty_${createHash('sha256').update(articleId).digest('hex').slice(0, 16)}`;
}

function similarityOf(a: Uint32Array, b: Uint32Array): number | null {
  const { jaccard, containment } = overlap(a, b);
  if (jaccard >= NEAR_JACCARD) return jaccard;
  if (containment >= NEAR_CONTAINMENT && Math.min(a.length, b.length) >= MIN_SHINGLES_FOR_CONTAINMENT)
    return containment;
  return null;
}

type Near = { id: string; similarity: number; storyId: string };

/** The most similar settled canonical among `prints` (a settled duplicate points on to its canonical). */
function bestCanonical(shingles: Uint32Array, prints: Iterable<Fingerprint>): Near | null {
  let best: Near | null = null;
  for (const print of prints) {
    if (print.state) continue;
    const similarity = similarityOf(shingles, print.shingles);
    if (similarity === null) continue;
    // Band lists hold canonicals; a stale entry that became a duplicate points on to its canonical.
    const id = print.canonicalOf ?? print.articleId;
    if (!best || similarity > best.similarity || (similarity === best.similarity && id < best.id)) {
      best = { id, similarity, storyId: print.storyId };
    }
  }
  return best;
}

async function fingerprintsOf(
  index: DedupeIndex,
  ids: string[],
  consistency: ReadConsistency = 'strong',
): Promise<Map<string, Fingerprint>> {
  return ids.length ? index.getFingerprints(ids, consistency) : new Map();
}

/**
 * Makes the article canonical, or finds the canonical a concurrent near-duplicate became. Its fingerprint
 * is written pending before its bands, and its bands are looked up after they are written: of two
 * near-duplicates registering at once, at least one finds the other. A settled canonical found then wins
 * (it decided without seeing this one); a lower id still undecided wins (a race error, retried); a higher
 * id still undecided is vetoed. The claim and the veto are one conditional write on the pending
 * fingerprint, so the two cannot both pass: first writer wins.
 */
async function claimCanonical(
  index: DedupeIndex,
  article: DedupeArticle,
  shingles: Uint32Array,
  keys: string[],
  settled: Set<string>,
  own: Fingerprint | undefined,
): Promise<Near | null> {
  // A rerun after its claim passed: still the canonical.
  if (own?.state === 'claimed' && sameShingles(own.shingles, shingles)) return null;
  await index.putFingerprint({
    articleId: article.id,
    shingles,
    canonicalOf: null,
    storyId: storyIdFor(article.id),
    state: 'pending',
  });
  await index.addBands(keys, article.id);
  const after = await index.lookupBands(keys);
  const recheck = [...new Set([...after.values()].flat())].filter((id) => id !== article.id && !settled.has(id));
  const prints = await fingerprintsOf(index, recheck);
  const near = bestCanonical(shingles, prints.values());
  if (near) return near;
  for (const print of prints.values()) {
    if (print.state === undefined || print.state === 'vetoed') continue;
    if (similarityOf(shingles, print.shingles) === null) continue;
    if (print.state === 'claimed') {
      throw new DedupeRaceError(`near-duplicate ${print.articleId} is canonical, its story is not assigned yet`);
    }
    if (print.articleId < article.id) {
      throw new DedupeRaceError(`near-duplicate ${print.articleId} has not settled yet`);
    }
    if (!(await index.settleFingerprint(print.articleId, 'vetoed'))) {
      throw new DedupeRaceError(`near-duplicate ${print.articleId} settled first`);
    }
  }
  if (!(await index.settleFingerprint(article.id, 'claimed'))) {
    throw new DedupeRaceError(`${article.id} was vetoed by a lower-id near-duplicate`);
  }
  return null;
}

export async function dedupe(
  article: DedupeArticle,
  ports: DedupePorts,
): Promise<{ outcome: DedupeOutcome; story: StorySummary | null }> {
  const { index } = ports;
  // The body's words in match form, per paragraph (the story decision reads the lead's) and joined, which both
  // the content hash and the shingles read.
  const body = wordForms(article.paragraphs);
  const words = body.joined;
  const shingles = shingleSet(words);

  // Exact: the first writer of the content hash owns it.
  const claim = await index.claimContentHash(contentHash(words), article.id);
  if (!claim.won) {
    const owner = (await index.getFingerprints([claim.ownerId])).get(claim.ownerId);
    if (!owner || owner.state) throw new DedupeRaceError(`canonical ${claim.ownerId} is not indexed yet`);
    const canonical = owner.canonicalOf ?? owner.articleId;
    await index.putFingerprint({ articleId: article.id, shingles, canonicalOf: canonical, storyId: owner.storyId });
    return {
      outcome: { status: 'duplicate', duplicateOf: canonical, similarity: 1, storyId: owner.storyId },
      story: null,
    };
  }

  // Near: candidates from shared bands, verified on shingle sets. These first reads may be stale (eventual
  // reads cost half): a canonical they miss, or read as undecided, is found by the strong lookup of
  // claimCanonical, made after this article's own bands are written.
  const keys = bandKeys(minhash(shingles));
  const seen = await index.lookupBands(keys, 'eventual');
  const candidates = [...new Set([...seen.values()].flat())];
  // Its own id behind its bands: a rerun of an article (its record write failed after the verdict). When
  // it was found unique, that verdict stands: deciding again would join its story a second time, and
  // story sizes count members past the ones the summary lists.
  let own: Fingerprint | undefined;
  if (candidates.includes(article.id)) {
    own = (await index.getFingerprints([article.id])).get(article.id);
    const earlier = await earlierUniqueVerdict(index, own, shingles);
    if (earlier) return earlier;
  }
  const prints = await fingerprintsOf(
    index,
    candidates.filter((id) => id !== article.id),
    'eventual',
  );
  let near = bestCanonical(shingles, prints.values());
  if (!near) {
    // Settled fingerprints read just now need no second look; undecided ones and new ones do.
    const settled = new Set([...prints.values()].filter((print) => !print.state).map((print) => print.articleId));
    near = await claimCanonical(index, article, shingles, keys, settled, own);
  }
  if (near) {
    // A near-duplicate joins its canonical's story only if it passes the story test: one template notice
    // (a bulletin, a cable) reused for another day or recipient is its own story.
    const story = await assignStory(article, index, body.forms, near.storyId);
    await index.putFingerprint({ articleId: article.id, shingles, canonicalOf: near.id, storyId: story.storyId });
    return {
      outcome: {
        status: 'near-duplicate',
        duplicateOf: near.id,
        similarity: round(near.similarity),
        storyId: story.storyId,
      },
      story,
    };
  }

  const story = await assignStory(article, index, body.forms);
  await index.putFingerprint({ articleId: article.id, shingles, canonicalOf: null, storyId: story.storyId });
  return { outcome: { status: 'unique', duplicateOf: null, similarity: null, storyId: story.storyId }, story };
}

/** The verdict an earlier run reached for the same text, when it found the article unique. */
async function earlierUniqueVerdict(
  index: DedupeIndex,
  own: Fingerprint | undefined,
  shingles: Uint32Array,
): Promise<{ outcome: DedupeOutcome; story: StorySummary } | null> {
  if (!own || own.state || own.canonicalOf !== null || !sameShingles(own.shingles, shingles)) return null;
  const story = (await index.getStories([own.storyId])).get(own.storyId);
  if (!story) return null;
  return { outcome: { status: 'unique', duplicateOf: null, similarity: null, storyId: own.storyId }, story };
}

function sameShingles(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Candidate stories, most keys first (then most recent first), at most `MAX_CANDIDATES`. */
function rankCandidates(found: Map<string, string[]>, preferred: string | undefined): string[] {
  const hits = new Map<string, { count: number; rank: number }>();
  for (const ids of found.values()) {
    ids.forEach((id, rank) => {
      const entry = hits.get(id) ?? { count: 0, rank };
      hits.set(id, { count: entry.count + 1, rank: Math.min(entry.rank, rank) });
    });
  }
  const ranked = [...hits.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[1].rank - b[1].rank || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => id)
    .filter((id) => id !== preferred);
  return preferred ? [preferred, ...ranked.slice(0, MAX_CANDIDATES - 1)] : ranked.slice(0, MAX_CANDIDATES);
}

async function assignStory(
  article: DedupeArticle,
  index: DedupeIndex,
  paragraphWords: string[],
  preferred?: string,
): Promise<StorySummary> {
  const features = storyFeatures(article, paragraphWords);
  const keys = storyKeys(article, features);
  const ownId = storyIdFor(article.id);
  for (let attempt = 0; attempt < STORY_UPDATE_ATTEMPTS; attempt++) {
    // The first attempt reads eventually (half the cost): a stale story fails its versioned put, a story it
    // misses is found by the strong lookup of settleNewStory; the attempts after a conflict read strongly.
    const consistency: ReadConsistency = attempt === 0 ? 'eventual' : 'strong';
    const found = keys.lookup.length
      ? await index.lookupStoryKeys(keys.lookup, consistency)
      : new Map<string, string[]>();
    // One batch read: the article's own story (a redelivery finds the story it started) and the candidates.
    const ids = [ownId, ...rankCandidates(found, preferred).filter((id) => id !== ownId)];
    const stories = await index.getStories(ids, consistency);
    const own = stories.get(ownId);
    if (own && !own.state) return own;
    let best: { story: StorySummary; score: number } | null = null;
    for (const story of stories.values()) {
      // Stories not open yet (or vetoed) take no member: a new story settles first.
      if (story.state) continue;
      if (story.members.includes(article.id)) return story;
      const verdict = judge(features, story);
      if (verdict.join && (!best || verdict.score > best.score)) best = { story, score: verdict.score };
    }
    // Keys the story is not yet listed under are written; the rest cost nothing. (Moving a story already
    // listed back to the top of a key would only change which story that key drops first.)
    const register = (storyId: string) => keys.register.filter((key) => (found.get(key) ?? []).indexOf(storyId) < 0);
    if (best) {
      // A story this article started earlier and left pending steps aside, releasing who waits on it.
      if (own?.state === 'pending')
        await index.putStory({ ...own, state: 'vetoed', version: own.version + 1 }, own.version);
      const next = mergeIntoStory(best.story, article, features);
      if (await index.putStory(next, best.story.version)) {
        const listed = register(next.storyId);
        if (listed.length) await index.addStoryKeys(listed, next.storyId);
        return next;
      }
      continue;
    }
    let pending: StorySummary;
    if (own?.state === 'pending') pending = own;
    else {
      pending = { ...newStory(ownId, article, features), state: 'pending' };
      if (own) pending.version = own.version + 1;
      if (!(await index.putStory(pending, own ? own.version : null))) continue;
    }
    const listed = register(ownId);
    if (listed.length) await index.addStoryKeys(listed, ownId);
    const settled = await settleNewStory(article, index, features, keys.lookup, pending, found, stories);
    if (settled) return settled;
  }
  throw new DedupeRaceError(`story update for ${article.id} kept conflicting`);
}

/**
 * Opens a new story, unless a concurrent report of the same occurrence started one too. The new story is
 * written pending and registered under its keys, then the keys are looked up again: of two stories started
 * at once, at least one finds the other. An open story it would join wins (this story steps aside, null:
 * assign again); a lower id still pending wins (a race error, retried); a higher id still pending is
 * vetoed. The veto and the opening are conditional on the pending story's version: first writer wins.
 */
async function settleNewStory(
  article: DedupeArticle,
  index: DedupeIndex,
  features: ReturnType<typeof storyFeatures>,
  lookup: string[],
  pending: StorySummary,
  before: Map<string, string[]>,
  read: Map<string, StorySummary>,
): Promise<StorySummary | null> {
  // Stories listed since the first lookup, and the ones read then that were not open yet: the rest were judged.
  const listed = new Set([...before.values()].flat());
  const found = lookup.length ? await index.lookupStoryKeys(lookup) : new Map<string, string[]>();
  const ids = [
    ...new Set([
      ...[...found.values()].flat().filter((id) => !listed.has(id)),
      ...[...read.values()].filter((story) => story.state === 'pending').map((story) => story.storyId),
    ]),
  ].filter((id) => id !== pending.storyId);
  const others = ids.length ? await index.getStories(ids) : new Map<string, StorySummary>();
  const joinable = [...others.values()].filter((story) => story.state !== 'vetoed' && judge(features, story).join);
  if (joinable.some((story) => !story.state)) {
    await index.putStory({ ...pending, state: 'vetoed', version: pending.version + 1 }, pending.version);
    return null;
  }
  for (const story of joinable.sort((a, b) => (a.storyId < b.storyId ? -1 : 1))) {
    if (story.storyId < pending.storyId) {
      throw new DedupeRaceError(`story ${story.storyId} of the same occurrence has not settled yet`);
    }
    if (!(await index.putStory({ ...story, state: 'vetoed', version: story.version + 1 }, story.version))) {
      throw new DedupeRaceError(`story ${story.storyId} of the same occurrence settled first`);
    }
  }
  const open: StorySummary = { ...pending, version: pending.version + 1 };
  delete open.state;
  if (!(await index.putStory(open, pending.version))) {
    throw new DedupeRaceError(`story ${pending.storyId} of ${article.id} was vetoed by an earlier one`);
  }
  return open;
}

export type { Fingerprint };
