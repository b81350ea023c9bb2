import { placeKind } from '../extract/entities/index.ts';
import { matchKey } from '../text/normalize.ts';
import type { StorySummary } from './port.ts';
import {
  contentTerms,
  cosine,
  documentShare,
  idf,
  leadCounts,
  leadFigures,
  leadVector,
  recordOf,
  topEntries,
  unit,
  type Vector,
  vectorOf,
} from './story-terms.ts';

export { cosine } from './story-terms.ts';

/**
 * Stories: reports of one real-world occurrence by different outlets. An
 * article is compared with what a story *is* — its centroid, its first and its
 * latest members — never with the union of everything it absorbed:
 * - the article's report day is within a window fixed around the story's first
 *   and last report days (a join never extends the span beyond `MAX_SPAN_DAYS`);
 * - its title-and-lead tf-idf vector agrees with the story's centroid, and with
 *   its first member or one of its latest (so a story cannot drift member by member);
 * - it shares rare names with the story (two, unless the texts agree very
 *   closely); countries, capitals, titles and other common names do not count;
 * - when both headlines name rare names, one of them matches;
 * - dateline places, when both have one, agree.
 */

export const STORY_WINDOW_DAYS = 3;
/** Longest span of report days one story may cover. */
export const MAX_SPAN_DAYS = 2 * STORY_WINDOW_DAYS;
/** Lookup terms of an article (its rarest, heaviest title/lead terms). */
export const KEY_TERMS = 10;
/** Story keys are registered per span of this many days; a lookup reads the spans the window touches (2 or 3). */
export const KEY_SPAN_DAYS = 4;
/** Most candidate stories read per article, whatever the number of keys that name them. */
export const MAX_CANDIDATES = 10;
const CENTROID_TERMS = 60;
const NAME_TOKENS = 30;
const MAX_MEMBERS_KEPT = 50;
/** Distinct title and lead terms kept of the first member. */
const SEED_LEAD_TERMS = 80;
/** A term in more than this share of reference documents is too common to be a lookup key or a rare name. */
const COMMON_SHARE = 0.02;
/** A headline word this rare counts as a name when names are compared. */
const RARE_TITLE_SHARE = 0.005;

/** Text agreement with the centroid required for any join (with three rare names shared). */
const TEXT_LOW = 0.15;
/** Text agreement with the centroid at which one rare name shared is enough. */
const TEXT_ONE_NAME = 0.4;
/** Text agreement with the centroid at which two rare names shared are enough. */
const TEXT_MIN = 0.3;
/** Text agreement at which shared rare names are not needed (reprints, retouched wire copy). */
const TEXT_HIGH = 0.5;
/** Latest members whose vectors are kept for the anti-drift check, besides the first. */
const RECENT_MEMBERS = 2;
/** Agreement with the first or one of the latest members: the anti-drift check. */
const MEMBER_MIN = 0.4;
const NAMES_MIN = 2;
/**
 * Among the stories an article may join, the larger wins unless another agrees much better
 * (by more than the log of their size ratio): one occurrence then gathers in one story instead of
 * several parallel ones started by reports of different aspects.
 */
const SIZE_PREFERENCE = 1;
/** Least idf-weighted share of each headline found in the other report's title and lead. */
const HEADLINE_COVERAGE = 0.12;
/** Figures kept per report; reports quoting at least `FIGURES_MIN` each must share one. */
const MAX_FIGURES = 20;
const FIGURES_MIN = 2;
/** Agreement with the first member at which two reports are one template. */
const TEMPLATE_AGREEMENT = 0.4;

export interface StoryArticle {
  id: string;
  title: string | null;
  paragraphs: string[];
  eventDate: string | null;
  entities: { persons: string[]; places: string[]; organizations: string[] };
  /** The dateline place, when the article has one: the surest sign of where the event was. */
  place?: string | null;
  /** Publication time (ISO), when the input gives one. */
  publishedAt?: string | null;
  /** Crawl time (ISO), when the input gives one: the report day when there is no publication time. */
  crawledAt?: string | null;
}

/** What one article brings to the story decision, computed once. */
export interface StoryFeatures {
  vector: Vector;
  /** Rare name tokens of its entities. */
  names: string[];
  /** Rare name tokens its headline holds. */
  titleNames: string[];
  /** Content terms of the headline. */
  titleTerms: string[];
  /** Content terms of the headline and lead (all of them, not only the heaviest). */
  leadTerms: string[];
  /** Headline terms that are words of a name the article's entities hold, common or rare (countries too). */
  titleEntityTerms: string[];
  /** Figures of the headline and lead. */
  figures: string[];
  /** Day the article was reported (publication, else crawl, else event day). */
  day: string | null;
  place: string | null;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

export function reportDay(article: StoryArticle): string | null {
  for (const value of [article.publishedAt, article.crawledAt, article.eventDate])
    if (value && ISO_DAY.test(value)) return value.slice(0, 10);
  return null;
}

/** Name tokens of an entity name: content words of three letters or more, no figures. */
function nameTokens(name: string): string[] {
  return contentTerms(name).filter((t) => t.length >= 3 && !/^\d+$/.test(t));
}

/** `paragraphWords`: the word form of each paragraph (`wordForm`), when the caller has folded them already. */
export function storyFeatures(article: StoryArticle, paragraphWords?: string[]): StoryFeatures {
  const counts = leadCounts(article.title, article.paragraphs, paragraphWords);
  const vector = vectorOf(counts);
  const { persons, places, organizations } = article.entities;
  const names = new Set<string>();
  const entityTerms = new Set<string>();
  for (const name of [...persons, ...places, ...organizations]) {
    const tokens = nameTokens(name);
    for (const t of tokens) entityTerms.add(t);
    // A name token is rare when it is a content word few reference documents hold; countries never are.
    if (placeKind(name) !== 'country') for (const t of tokens) if (documentShare(t) <= COMMON_SHARE) names.add(t);
  }
  const titleTerms = [...new Set(article.title ? contentTerms(article.title) : [])];
  const title = new Set(titleTerms);
  const titleNames = [...names].filter((t) => title.has(t));
  // A demonym in the headline names its country ("الشعب الكولومبي", Colombia): words are compared as names.
  const titleEntityTerms = titleTerms.filter((t) => t.length >= 3 && hasName(entityTerms, t));
  // Rare headline words are names too, for sharing (extraction misses names; a rare headline word is what the report is about).
  for (const t of titleTerms)
    if (t.length >= 3 && !/^\d+$/.test(t) && documentShare(t) <= RARE_TITLE_SHARE) names.add(t);
  return {
    vector,
    names: [...names].slice(0, NAME_TOKENS),
    titleNames,
    titleTerms,
    leadTerms: [...counts.keys()],
    titleEntityTerms,
    figures: leadFigures(article.title, article.paragraphs).slice(0, MAX_FIGURES),
    day: reportDay(article),
    place: article.place ? matchKey(article.place) : null,
  };
}

/** Backward-compatible name: the article's tf-idf vector. */
export function termVector(article: Pick<StoryArticle, 'title' | 'paragraphs'>): Vector {
  return leadVector(article.title, article.paragraphs);
}

/** Two reports that each quote figures and share few of them (a quarter of the shorter list at most). */
function otherFigures(mine: string[], theirs: string[]): boolean {
  const fewer = Math.min(mine.length, theirs.length);
  if (fewer < FIGURES_MIN) return false;
  const shared = mine.filter((f) => theirs.includes(f)).length;
  return shared * 4 <= fewer;
}

/** Same name token, allowing the transliteration variants of a foreign name (سوروج / سوروتش). */
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 5 || b.length < 5) return false;
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  // Most of the shorter word: عبدالفتاح and عبدالعزيز share a prefix but are other names.
  return common >= Math.max(4, 0.75 * Math.min(a.length, b.length));
}

/** Share of the headline terms' weight (idf) found among the other report's terms. */
function covered(titleTerms: string[], other: Set<string>): number {
  let total = 0;
  let found = 0;
  for (const term of titleTerms) {
    const weight = idf(term);
    total += weight;
    if (other.has(term)) found += weight;
  }
  return total ? found / total : 1;
}

function hasName(terms: Set<string>, name: string): boolean {
  if (terms.has(name)) return true;
  for (const term of terms) if (sameName(term, name)) return true;
  return false;
}

// Days are compared for every candidate story, and an archive holds few of them: each is parsed once, and each
// shift of one (the story window around a report day) computed once.
const DAY_CACHE_LIMIT = 10_000;
const dayTimes = new Map<string, number>();
const shiftedDays = new Map<string, string>();

function shiftDay(day: string, offset: number): string {
  const key = `${offset} ${day}`;
  let shifted = shiftedDays.get(key);
  if (shifted === undefined) {
    shifted = new Date(dayTime(day) + offset * 86_400_000).toISOString().slice(0, 10);
    if (shiftedDays.size >= DAY_CACHE_LIMIT) shiftedDays.clear();
    shiftedDays.set(key, shifted);
  }
  return shifted;
}

function dayTime(day: string): number {
  let time = dayTimes.get(day);
  if (time === undefined) {
    time = Date.parse(`${day}T00:00:00Z`);
    if (dayTimes.size >= DAY_CACHE_LIMIT) dayTimes.clear();
    dayTimes.set(day, time);
  }
  return time;
}

function daysBetween(a: string, b: string): number {
  return Math.abs(dayTime(a) - dayTime(b)) / 86_400_000;
}

/** Lookup terms: the heaviest terms of the vector that are not common words or figures. */
export function keyTerms(features: StoryFeatures): string[] {
  const terms = Object.entries(features.vector)
    .filter(([t]) => documentShare(t) <= COMMON_SHARE && !/\d/.test(t))
    .map(([t]) => t);
  return [...new Set([...features.titleNames, ...terms].map(keyForm))].slice(0, KEY_TERMS);
}

/**
 * Key form of a term: Arabic plural, nisba and accusative endings dropped, so that one report's
 * "أفغان" finds another's "أفغانيا" and "الأفغاني". Keys only gather candidates; the decision
 * compares the terms themselves.
 */
export function keyForm(term: string): string {
  const ending = /(?:يين|يون|يات|ات|ون|ين|يه|يا|ي|ا|ه)$/u.exec(term);
  return ending && term.length - ending[0].length >= 3 ? term.slice(0, term.length - ending[0].length) : term;
}

function span(day: string): number {
  return Math.floor(dayTime(day) / 86_400_000 / KEY_SPAN_DAYS);
}

/** Keys to look up (every span the window touches) and the keys to register (the report day's span). */
export function storyKeys(
  article: StoryArticle,
  features = storyFeatures(article),
): { lookup: string[]; register: string[] } {
  if (!features.day) return { lookup: [], register: [] };
  const day = features.day;
  const terms = keyTerms(features);
  const spans: number[] = [];
  const lastSpan = span(shiftDay(day, STORY_WINDOW_DAYS));
  for (let s = span(shiftDay(day, -STORY_WINDOW_DAYS)); s <= lastSpan; s++) spans.push(s);
  const lookup = terms.flatMap((term) => spans.map((s) => `${term}#${s}`));
  return { lookup, register: terms.map((t) => `${t}#${span(day)}`) };
}

/** Why an article may not join a story, or null when it may. */
export type StoryVerdict = { join: true; score: number } | { join: false; reason: string };

// An article is judged against up to ten stories, and a story read once is judged for several articles: the
// sets of their lead terms are built once per list (lists are never changed once made).
const termSets = new WeakMap<readonly string[], Set<string>>();

function termSet(terms: readonly string[]): Set<string> {
  let set = termSets.get(terms);
  if (!set) {
    set = new Set(terms);
    termSets.set(terms, set);
  }
  return set;
}

export function judge(features: StoryFeatures, story: StorySummary): StoryVerdict {
  const first = story.firstDate;
  const last = story.lastDate;
  if (!features.day || !first || !last) return { join: false, reason: 'no date' };
  const day = features.day;
  if (Math.min(daysBetween(day, first), daysBetween(day, last)) > STORY_WINDOW_DAYS && !(day >= first && day <= last))
    return { join: false, reason: 'outside the window' };
  const span = Math.max(daysBetween(day, first), daysBetween(day, last), daysBetween(first, last));
  if (span > MAX_SPAN_DAYS) return { join: false, reason: 'would stretch the story' };
  if (features.place && story.places?.length && !story.places.includes(features.place))
    return { join: false, reason: 'other dateline place' };

  const centroid = story.centroid ?? story.terms;
  const text = cosine(features.vector, centroid);
  const storyNames = story.names ?? {};
  const shared = features.names.filter((n) => (storyNames[n] ?? 0) > 0).length;
  // Texts that agree less need more rare names in common.
  const needed =
    text >= TEXT_HIGH
      ? 0
      : text >= TEXT_ONE_NAME
        ? 1
        : text >= TEXT_MIN
          ? NAMES_MIN
          : text >= TEXT_LOW
            ? NAMES_MIN + 1
            : Infinity;
  if (needed === Infinity) return { join: false, reason: 'texts disagree' };
  if (shared < needed) return { join: false, reason: 'too few rare names shared' };
  const seed = story.seed ? cosine(features.vector, story.seed) : text;
  const recent = (story.recent ?? (story.latest ? [story.latest] : [])).map((v) => cosine(features.vector, v));
  // One template with other figures is another instance of a recurring report: tomorrow's forecast, the
  // next market session, another period's statistics. Reprints of one report keep its figures; reports
  // written apart may quote different ones, so only members worded alike are held to it.
  const alike = (agreement: number, figures: string[] | undefined) =>
    agreement >= TEMPLATE_AGREEMENT && figures !== undefined && otherFigures(features.figures, figures);
  if (
    (story.seed && alike(seed, story.seedFigures)) ||
    (story.recent && recent.some((agreement, i) => alike(agreement, story.recentFigures?.[i])))
  )
    return { join: false, reason: 'other figures' };
  const latest = recent.length ? Math.max(...recent) : text;
  if (Math.max(seed, latest) < Math.min(MEMBER_MIN, text)) return { join: false, reason: 'drifts from its members' };

  // Each headline is about something the other report speaks of: a headline whose weighty words the other
  // report never uses is another occurrence (a feature next to a greeting, two economy items of one country).
  if (story.seedTitle && story.seedLead) {
    const seedLead = termSet(story.seedLead);
    const leadTerms = termSet(features.leadTerms);
    const coverage = Math.min(covered(features.titleTerms, seedLead), covered(story.seedTitle, leadTerms));
    if (coverage < HEADLINE_COVERAGE) return { join: false, reason: 'headlines about other things' };
    // Different recipients of one cable, different visitors of one official: each headline names someone
    // the other report does not name at all.
    const mine = features.titleEntityTerms;
    const theirs = story.seedTitleNames ?? [];
    if (
      mine.length &&
      theirs.length &&
      !mine.some((t) => hasName(seedLead, t)) &&
      !theirs.some((t) => hasName(leadTerms, t))
    )
      return { join: false, reason: 'headlines name other people or places' };
  }
  return { join: true, score: text + 0.02 * Math.min(shared, 5) + SIZE_PREFERENCE * Math.log1p(story.size) };
}

export function newStory(storyId: string, article: StoryArticle, features = storyFeatures(article)): StorySummary {
  return mergeIntoStory(
    {
      storyId,
      version: 0,
      size: 0,
      firstDate: null,
      lastDate: null,
      title: article.title,
      entities: {},
      sites: [],
      terms: {},
      members: [],
    },
    article,
    features,
  );
}

const entityKey = (name: string) => matchKey(name);

function topRecord(weights: Map<string, number>, n: number): Record<string, number> {
  return recordOf(topEntries([...weights], n));
}

/** Adds a member: centroid and name counts summed and trimmed, the latest vector replaced, the first kept. */
export function mergeIntoStory(
  story: StorySummary,
  article: StoryArticle,
  features = storyFeatures(article),
): StorySummary {
  // Sums are kept in maps: copying a story's records and adding keys to them cost more than the sums.
  const entities = new Map(Object.entries(story.entities));
  const { persons, places, organizations } = article.entities;
  for (const name of [...new Set([...persons, ...places, ...organizations].map(entityKey))].slice(0, 8))
    entities.set(name, (entities.get(name) ?? 0) + 1);
  const centroid = new Map(Object.entries(story.centroid ?? {}));
  for (const [term, weight] of Object.entries(features.vector)) centroid.set(term, (centroid.get(term) ?? 0) + weight);
  const names = new Map(Object.entries(story.names ?? {}));
  for (const name of features.names) names.set(name, (names.get(name) ?? 0) + 1);
  const dates = [story.firstDate, story.lastDate, features.day].filter((d): d is string => !!d).sort();
  // The top terms do not depend on the order of the map: ties are broken by the term.
  const centroidTop = topEntries([...centroid], CENTROID_TERMS);
  return {
    ...story,
    version: story.version + 1,
    size: story.size + 1,
    firstDate: dates[0] ?? null,
    lastDate: dates[dates.length - 1] ?? null,
    title: story.title ?? article.title,
    entities: topRecord(entities, 20),
    sites: story.sites,
    terms: unit(centroidTop.slice(0, 40)),
    members:
      story.members.includes(article.id) || story.members.length >= MAX_MEMBERS_KEPT
        ? story.members
        : [...story.members, article.id],
    centroid: recordOf(centroidTop.map(([t, w]) => [t, Math.round(w * 1_000) / 1_000])),
    seed: story.seed ?? features.vector,
    latest: undefined,
    seedTitle: story.seedTitle ?? features.titleTerms.slice(0, 20),
    seedLead: story.seedLead ?? features.leadTerms.slice(0, SEED_LEAD_TERMS),
    seedTitleNames: story.seedTitleNames ?? features.titleEntityTerms.slice(0, 10),
    seedFigures: story.seedFigures ?? features.figures,
    recent: [features.vector, ...(story.recent ?? [])].slice(0, RECENT_MEMBERS),
    recentFigures: [features.figures, ...(story.recentFigures ?? [])].slice(0, RECENT_MEMBERS),
    names: topRecord(names, NAME_TOKENS),
    titleNames: [...new Set([...(story.titleNames ?? []), ...features.titleNames])].slice(0, 12),
    places: features.place ? [...new Set([...(story.places ?? []), features.place])].slice(0, 4) : (story.places ?? []),
  };
}
