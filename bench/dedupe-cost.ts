import { type DedupeArticle, type DedupeIndex, dedupe } from '../functions/core/dedupe/index.ts';
import { random } from './corpus.ts';

/**
 * Dedupe cost against archive size: requests, units and the story decision's reads and writes per
 * article, measured over a window of articles at each checkpoint of a growing archive.
 */

// Synthetic reports for the cost run: letters-only words (story keys leave out terms with digits), a few
// reports per occurrence sharing title words and names, written on days that advance with the archive,
// so the story decision really reads keys and candidate stories at every archive size.
const SYLLABLES = ['ka', 'lo', 'mi', 'nu', 'pe', 'ra', 'si', 'to', 'vu', 'ze', 'bo', 'di', 'fa', 'gu', 'he', 'ju'];
function pseudoWord(n: number): string {
  let word = '';
  for (let k = n + 4096; k > 0; k = Math.floor(k / SYLLABLES.length)) word += SYLLABLES[k % SYLLABLES.length];
  return word;
}
const REPORTS_PER_OCCURRENCE = 3;
// A measuring window of 200 articles covers 4 days, one whole cycle of the 4-day key spans.
const ARTICLES_PER_DAY = 50;
export function synthetic(i: number): DedupeArticle {
  const next = random(i + 1);
  const occurrence = Math.floor(i / REPORTS_PER_OCCURRENCE);
  const about = random(occurrence + 1_000_003);
  // Headline, lead and names belong to the occurrence; the rest of each report is drawn on its own, so the
  // reports of one occurrence form one story without being near-duplicates of each other.
  const headline = Array.from({ length: 5 }, () => pseudoWord(200 + Math.floor(about() * 20_000))).join(' ');
  const lead = Array.from({ length: 60 }, () => pseudoWord(200 + Math.floor(about() * 20_000))).join(' ');
  const body = Array.from({ length: 4 }, () =>
    Array.from({ length: 30 }, () => pseudoWord(Math.floor(next() * 2_000))).join(' '),
  );
  const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / ARTICLES_PER_DAY) * 86_400_000).toISOString().slice(0, 10);
  return {
    id: `syn_${i}`,
    language: 'en',
    title: headline,
    paragraphs: [lead, ...body],
    eventDate: day,
    publishedAt: `${day}T08:00:00Z`,
    entities: {
      persons: [`${pseudoWord(30_000 + (occurrence % 5_000))} ${pseudoWord(40_000 + (occurrence % 977))}`],
      places: [pseudoWord(50_000 + (occurrence % 300))],
      organizations: [],
    },
  };
}
export interface DedupeCost {
  requests: number;
  capacity: number | null;
  readUnits: number | null;
  writeUnits: number | null;
  /** Story decision alone, per article: story keys read, stories read, story and story-key writes. */
  story: { keyReads: number; storyReads: number; writes: number };
}
/** Counts what the story decision reads and writes through an index. */
function countingStories(index: DedupeIndex): DedupeIndex & { storyCounts: DedupeCost['story'] } {
  const storyCounts = { keyReads: 0, storyReads: 0, writes: 0 };
  return {
    ...index,
    storyCounts,
    lookupStoryKeys: (keys, consistency) => {
      storyCounts.keyReads += keys.length;
      return index.lookupStoryKeys(keys, consistency);
    },
    getStories: (ids, consistency) => {
      storyCounts.storyReads += ids.length;
      return index.getStories(ids, consistency);
    },
    putStory: (story, version) => {
      storyCounts.writes += 1;
      return index.putStory(story, version);
    },
    addStoryKeys: (keys, storyId) => {
      storyCounts.writes += keys.length;
      return index.addStoryKeys(keys, storyId);
    },
  };
}
export async function costAt(plain: DedupeIndex, checkpoints: number[]): Promise<Record<string, DedupeCost>> {
  const out: Record<string, DedupeCost> = {};
  const index = countingStories(plain);
  const window = 200;
  for (let i = 0, next = 0; next < checkpoints.length; i++) {
    const checkpoint = checkpoints[next] ?? 0;
    if (i === checkpoint - window) {
      const before = index.stats();
      const storyBefore = { ...index.storyCounts };
      for (let k = 0; k < window; k++) await dedupe(synthetic(i + k), { index, now: () => new Date() });
      const after = index.stats();
      const storyPerArticle = (key: keyof DedupeCost['story']) => (index.storyCounts[key] - storyBefore[key]) / window;
      const perArticle = (key: 'capacityUnits' | 'readUnits' | 'writeUnits') =>
        after[key] === undefined ? null : ((after[key] ?? 0) - (before[key] ?? 0)) / window;
      out[String(checkpoint)] = {
        requests: (after.requests - before.requests) / window,
        capacity: perArticle('capacityUnits'),
        readUnits: perArticle('readUnits'),
        writeUnits: perArticle('writeUnits'),
        story: {
          keyReads: storyPerArticle('keyReads'),
          storyReads: storyPerArticle('storyReads'),
          writes: storyPerArticle('writes'),
        },
      };
      i += window - 1;
      next++;
      continue;
    }
    await dedupe(synthetic(i), { index, now: () => new Date() });
  }
  return out;
}
