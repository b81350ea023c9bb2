import { placeKind } from '../extract/entities/index.ts';
import { matchKey, tokenize } from '../text/normalize.ts';
import type { StorySummary } from './port.ts';

/**
 * Stories: reports of one real-world event by different outlets. An article
 * joins a story when they share key entities, the event dates are within the
 * window, the places agree, and the texts are close enough on weighted terms.
 */

export const STORY_WINDOW_DAYS = 3;
/** Entities used as story keys (persons and places first). */
const KEY_ENTITIES = 6;
const SUMMARY_TERMS = 40;
const SUMMARY_ENTITIES = 20;
const MAX_MEMBERS_KEPT = 50;
const JOIN_SCORE = 0.45;

export interface StoryArticle {
  id: string;
  title: string | null;
  paragraphs: string[];
  eventDate: string | null;
  entities: { persons: string[]; places: string[]; organizations: string[] };
  /** The dateline place, when the article has one: the surest sign of where the event was. */
  place?: string | null;
}

// Function words of Arabic, English and French (match form), left out of story terms.
const STOPWORDS = new Set(
  (
    'في من على الى الي عن مع ان او ثم قد لم لن ما لا هذا هذه ذلك تلك التي الذي الذين كان كانت يكون حيث بعد قبل خلال منذ عند اليوم امس ايضا كما بين حول ضد عبر دون غير نحو لدى له لها لهم به بها فيه فيها هو هي هم وقال قال وقالت قالت واضاف اضاف واكد اكد وذكر ذكر وفق بحسب حسب الذي انه انها الا اذا كل بعض عام العام ' +
    'the a an of to in on at for and or but is are was were be been has have had with by from as that this these those it its he she they we said says will would not no after before over into than then their his her which who about more also up out new ' +
    'le la les des du de un une et est sont dans pour par sur au aux avec que qui ce cette il elle ils a ete plus pas ne se sa son ses'
  )
    .split(' ')
    .map(matchKey),
);

/** Light Arabic stemming for matching terms: the article and common clitics go. */
function stem(token: string): string {
  const stripped = token.replace(/^(?:وال|بال|فال|كال|لل|ال|و)(?=\p{L}{3,})/u, '');
  return stripped.replace(/(?:ها|هم|ه)$/u, (suffix) => (stripped.length - suffix.length >= 3 ? '' : suffix));
}

export function termVector(article: Pick<StoryArticle, 'title' | 'paragraphs'>): Record<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const token of tokenize(text)) {
      if (token.length < 3 || STOPWORDS.has(token) || /^\d+$/.test(token)) continue;
      const term = stem(token);
      counts.set(term, (counts.get(term) ?? 0) + weight);
    }
  };
  if (article.title) add(article.title, 3);
  add(article.paragraphs.slice(0, 12).join(' '), 1);
  return top(Object.fromEntries(counts), SUMMARY_TERMS);
}

function top(weights: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(weights)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n),
  );
}

export function cosine(a: Record<string, number>, b: Record<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, w] of Object.entries(a)) {
    na += w * w;
    dot += w * (b[term] ?? 0);
  }
  for (const w of Object.values(b)) nb += w * w;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

const entityKey = (name: string) => matchKey(name);

/** Persons and places first: they say who and where; organizations help less. */
export function keyEntities(article: StoryArticle): string[] {
  const { persons, places, organizations } = article.entities;
  const sites = places.filter((p) => placeKind(p) === 'site');
  const others = places.filter((p) => placeKind(p) !== 'site');
  return [...new Set([...persons, ...sites, ...others, ...organizations].map(entityKey))].slice(0, KEY_ENTITIES);
}

const LOCATIVE = new Set(['في', 'in', 'at', 'a', 'en', 'near', 'قرب', 'داخل', 'من']);

/**
 * Where the event happened: the dateline place when there is one; else the
 * first city or site the lead names after a locative word ("في باريس",
 * "in Paris", "بباريس"); else the first site the lead names. Other places an
 * article names are often its topic ("aid to Gaza" discussed in Paris).
 */
export function sitesOf(article: StoryArticle): string[] {
  if (article.place) return [entityKey(article.place)];
  const sites = article.entities.places.filter((p) => placeKind(p) === 'site');
  if (sites.length === 0) return [];
  const lead = tokenize([article.title ?? '', ...article.paragraphs.slice(0, 2)].join(' '));
  let best: { site: string; at: number; locative: boolean } | null = null;
  for (const site of sites) {
    const words = tokenize(site);
    for (let i = 0; i + words.length <= lead.length; i++) {
      const head = lead[i] ?? '';
      const first = words[0] ?? '';
      const attached = head !== first && head.endsWith(first) && head.length - first.length <= 2;
      if ((head !== first && !attached) || words.some((w, k) => k > 0 && lead[i + k] !== w)) continue;
      const locative =
        (attached && /^[وف]?ب/.test(head)) || lead.slice(Math.max(0, i - 3), i).some((w) => LOCATIVE.has(w));
      if (!best || (locative && !best.locative) || (locative === best.locative && i < best.at))
        best = { site, at: i, locative };
      break;
    }
  }
  return [entityKey(best?.site ?? sites[0] ?? '')];
}

function shiftDay(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Keys to look up (every day of the window) and the keys to register (the event day only). */
export function storyKeys(article: StoryArticle): { lookup: string[]; register: string[] } {
  if (!article.eventDate) return { lookup: [], register: [] };
  const entities = keyEntities(article);
  const lookup: string[] = [];
  for (const entity of entities) {
    for (let d = -STORY_WINDOW_DAYS; d <= STORY_WINDOW_DAYS; d++)
      lookup.push(`${entity}#${shiftDay(article.eventDate, d)}`);
  }
  return { lookup, register: entities.map((e) => `${e}#${article.eventDate}`) };
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/** How well an article fits a story, 0..1, or 0 when it cannot belong (other dates, other places). */
export function storyFit(article: StoryArticle, terms: Record<string, number>, story: StorySummary): number {
  if (!article.eventDate || !story.firstDate || !story.lastDate) return 0;
  const distance = Math.min(
    daysBetween(article.eventDate, story.firstDate),
    daysBetween(article.eventDate, story.lastDate),
  );
  if (distance > STORY_WINDOW_DAYS) return 0;
  const sites = sitesOf(article);
  if (sites.length && story.sites.length && !sites.some((s) => story.sites.includes(s))) return 0;

  const mine = keyEntities(article);
  const shared = mine.filter((e) => (story.entities[e] ?? 0) > 0).length;
  const entityScore = mine.length ? shared / Math.min(mine.length, Math.max(1, Object.keys(story.entities).length)) : 0;
  const textScore = cosine(terms, story.terms);
  if (shared === 0 && textScore < 0.5) return 0;
  const dateScore = 1 - distance / (STORY_WINDOW_DAYS + 1);
  return 0.45 * Math.min(1, entityScore) + 0.4 * Math.min(1, textScore * 2) + 0.15 * dateScore;
}

export function joinThreshold(): number {
  return JOIN_SCORE;
}

export function newStory(storyId: string, article: StoryArticle, terms: Record<string, number>): StorySummary {
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
    terms,
  );
}

export function mergeIntoStory(
  story: StorySummary,
  article: StoryArticle,
  terms: Record<string, number>,
): StorySummary {
  const entities = { ...story.entities };
  for (const entity of keyEntities(article)) entities[entity] = (entities[entity] ?? 0) + 1;
  const mergedTerms = { ...story.terms };
  for (const [term, weight] of Object.entries(terms)) mergedTerms[term] = (mergedTerms[term] ?? 0) + weight;
  const dates = [story.firstDate, story.lastDate, article.eventDate].filter((d): d is string => !!d).sort();
  return {
    ...story,
    version: story.version + 1,
    size: story.size + 1,
    firstDate: dates[0] ?? null,
    lastDate: dates[dates.length - 1] ?? null,
    title: story.title ?? article.title,
    entities: top(entities, SUMMARY_ENTITIES),
    sites: [...new Set([...story.sites, ...sitesOf(article)])].slice(0, 10),
    terms: top(mergedTerms, SUMMARY_TERMS),
    members:
      story.members.includes(article.id) || story.members.length >= MAX_MEMBERS_KEPT
        ? story.members
        : [...story.members, article.id],
  };
}
