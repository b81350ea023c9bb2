import { asciiDigits, matchKey, wordForm } from '../text/normalize.ts';
import { STORY_DF } from './story-df.ts';

/**
 * Story terms: the words of a title and its lead, weighted by tf-idf. The
 * document frequencies come from a static table shipped with the function
 * (`story-df.ts`, rebuilt offline by `scripts/story-df.ts`), so a weight never
 * depends on what the archive happened to hold before.
 */

/** Paragraphs and words of the lead read for the story vector: what a report says first. */
export const LEAD_PARAGRAPHS = 4;
export const LEAD_TOKENS = 160;
/** Title words count this many times: the headline names the occurrence. */
const TITLE_WEIGHT = 2;
/** Terms kept in one article's vector. */
export const VECTOR_TERMS = 40;

// Function words of Arabic, English, French, German, Spanish, Italian, Portuguese and Dutch (match form),
// left out of story terms. The document-frequency table holds Arabic only, so in the other languages every
// word is weighed as unseen, hence rare: a function word left in would count as a shared rare name between
// any two reports of one language. Words that are also English content words (German "war", "hat", "man";
// Spanish "sin"; Italian "come") are not listed.
const STOPWORDS = new Set(
  (
    'في من على الى الي عن مع ان او ثم قد لم لن ما لا هذا هذه ذلك تلك التي الذي الذين كان كانت يكون حيث بعد قبل خلال منذ عند اليوم امس ايضا كما بين حول ضد عبر دون غير نحو لدى له لها لهم به بها فيه فيها هو هي هم وقال قال وقالت قالت واضاف اضاف واكد اكد وذكر ذكر وفق بحسب حسب الذي انه انها الا اذا كل بعض عام العام وفي ومن وعلى والى وان او اي اى تم ذات الى عليه عليها منه منها اليه اليها وهو وهي ' +
    'the a an of to in on at for and or but is are was were be been has have had with by from as that this these those it its he she they we said says will would not no after before over into than then their his her which who about more also up out new ' +
    'le la les des du de un une et est sont dans pour par sur au aux avec que qui ce cette il elle ils a ete plus pas ne se sa son ses ' +
    'der die das den dem des ein eine einer eines einem einen und oder aber ist sind wird werden wurde wurden sein seine seiner seinen ihre ihr ihren ihrem ihrer im zu zum zur mit von vom auf aus bei nach für über unter vor um an am als auch nicht noch nur sich sie er es wir ich wie was wenn dass daß so doch schon sehr mehr kann können muss müssen soll sollen hatte hatten haben habe gibt dieser diese dieses diesem diesen jetzt hier dort damit dabei dann denn durch gegen ohne sowie bereits sei ob wo weil immer alle allen alles kein keine keinen einmal etwa bis ' +
    'el los las una unos unas y o pero es fue fueron ser será esta este estos estas ese esa del al en con por para sobre entre como más muy ya se su sus lo le que quien cuando donde también hasta desde durante tras ha han había hay porque según ante contra mientras cada otro otra otros otras todo todos toda todas dijo ' +
    'il lo gli di da su per tra fra ed ma che chi non più anche dove quando della dei delle degli alla ai agli alle dal dalla nel nella nei nelle sul sulla sono era erano hanno essere stato stata questo questa questi quello quella suo sua suoi loro ci ne già ancora dopo prima molto tutto tutti ' +
    'os um uma uns umas do da dos das em na nos nas com pelo pela pelos pelas ou mas não mais muito já foi foram são esse essa isso isto ao aos seu seus suas ele ela eles elas também onde após até depois ainda disse ' +
    'het een van op te dat met voor niet aan er ook bij door om tot uit naar maar dan nog wel zo al worden wordt werd heeft hebben kan zal deze dit ze hij zij wij haar hun meer'
  )
    .split(' ')
    .map(matchKey),
);

/** Light Arabic stemming for matching terms: the article, common proclitics and pronoun suffixes go. */
export function stem(token: string): string {
  const stripped = token.replace(/^(?:وبال|وال|بال|فال|كال|ولل|لل|ال|و)(?=\p{L}{3,})/u, '');
  return stripped.replace(/(?:ها|هم|ه)$/u, (suffix) => (stripped.length - suffix.length >= 3 ? '' : suffix));
}

/** Content term of each token seen: a token's term never changes, and news repeats its words. */
const termOfToken = new Map<string, string | null>();
const TERM_CACHE_LIMIT = 200_000;

function contentTerm(token: string): string | null {
  let term = termOfToken.get(token);
  if (term !== undefined) return term;
  term = null;
  if (token.length >= 2 && !STOPWORDS.has(token)) {
    const stemmed = stem(token);
    if (stemmed.length >= 2 && !STOPWORDS.has(stemmed)) term = stemmed;
  }
  if (termOfToken.size >= TERM_CACHE_LIMIT) termOfToken.clear();
  termOfToken.set(token, term);
  return term;
}

/** The stemmed content words of a text, in order (function words, one-letter words and single digits left out). */
export function contentTerms(text: string): string[] {
  return termsOfWords(wordForm(text));
}

/** `contentTerms` of a text whose word form (`wordForm`) is known. */
function termsOfWords(words: string): string[] {
  const out: string[] = [];
  if (words === '') return out;
  for (const token of words.split(' ')) {
    const term = contentTerm(token);
    if (term !== null) out.push(term);
  }
  return out;
}

/**
 * Title and lead terms of an article, with their counts (title words counted `TITLE_WEIGHT` times);
 * `paragraphWords`, the paragraphs' word forms when already known.
 */
export function leadCounts(title: string | null, paragraphs: string[], paragraphWords?: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  if (title) for (const term of contentTerms(title)) counts.set(term, (counts.get(term) ?? 0) + TITLE_WEIGHT);
  let budget = LEAD_TOKENS;
  const lead = Math.min(paragraphs.length, LEAD_PARAGRAPHS);
  for (let p = 0; p < lead; p++) {
    const known = paragraphWords?.[p];
    for (const term of known === undefined ? contentTerms(paragraphs[p] ?? '') : termsOfWords(known)) {
      if (budget-- <= 0) break;
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    if (budget <= 0) break;
  }
  return counts;
}

/**
 * The text up to its `count`th run of whitespace: the pieces `text.split(/\s+/).slice(0, count)` keeps (a text
 * that starts with whitespace starts with an empty piece), as written, without splitting the rest.
 */
export function firstWords(text: string, count: number): string {
  const gaps = /\s+/g;
  for (let piece = 1; piece < count; piece++) if (!gaps.test(text)) return text;
  const gap = gaps.exec(text);
  return gap ? text.slice(0, gap.index) : text;
}

/** Words of the headline and lead read for figures. */
const FIGURE_WORDS = 120;
const NUMBER = /\d+(?:[.,\u066B]\d+)*/g;
/** Years (Gregorian and Hijri) date a report rather than measure what it reports. */
const YEAR = /^(?:19|20|14)\d\d$/;

/**
 * The figures of a headline and its lead: counts, measures, levels, as written (digits in ASCII,
 * thousands separators dropped, one decimal point). Reprints of one report quote the same figures;
 * recurring reports (a forecast, a market close, a period's statistics) change them.
 */
export function leadFigures(title: string | null, paragraphs: string[]): string[] {
  const words = asciiDigits(
    firstWords([title ?? '', ...paragraphs.slice(0, LEAD_PARAGRAPHS)].join('\n'), FIGURE_WORDS),
  );
  const figures = new Set<string>();
  for (const [raw] of words.matchAll(NUMBER)) {
    const value = /^\d{1,3}(?:,\d{3})+$/.test(raw) ? raw.replace(/,/g, '') : raw.replace(/[,\u066B]/g, '.');
    if (!YEAR.test(value)) figures.add(value);
  }
  return [...figures];
}

/**
 * Arabic words are stored in ASCII, one letter per character (a bundler would write
 * each Arabic letter of a string as a six-character escape): a word in the Arabic
 * block U+0620–U+065F is written as "~" followed by one character of this alphabet
 * per letter. Other words are stored as they are.
 */
const ARABIC_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#';
const ARABIC_BLOCK = 0x0620;
const ARABIC_WORD = /^[\u0620-\u065F]+$/;

export function encodeTerm(term: string): string {
  if (!ARABIC_WORD.test(term)) return term;
  let out = '~';
  for (const char of term) out += ARABIC_ALPHABET[(char.codePointAt(0) ?? ARABIC_BLOCK) - ARABIC_BLOCK];
  return out;
}

// The Arabic letter of each ASCII character of the alphabet: the whole table is decoded on first use, and a
// search of the alphabet per letter took a third of that (12,812 terms, 17 ms before, 11 after).
const DECODED = Array.from({ length: 128 }, (_, code) => {
  const index = ARABIC_ALPHABET.indexOf(String.fromCharCode(code));
  return index < 0 ? '' : String.fromCharCode(ARABIC_BLOCK + index);
});

export function decodeTerm(stored: string): string {
  if (stored.charCodeAt(0) !== 0x7e) return stored;
  let out = '';
  for (let i = 1; i < stored.length; i++) out += DECODED[stored.charCodeAt(i)] ?? '';
  return out;
}

let table: { documents: number; df: Map<string, number>; unseen: number } | null = null;

/** The shipped document-frequency table, parsed once. */
function dfTable(): { documents: number; df: Map<string, number>; unseen: number } {
  if (table) return table;
  const df = new Map<string, number>();
  for (const group of STORY_DF.df.split('|')) {
    const [count, words] = group.split(':');
    if (!count || !words) continue;
    for (const word of words.split(' ')) if (word) df.set(decodeTerm(word), Number(count));
  }
  // A term left out of the table was in fewer than `minDf` documents: counted halfway.
  table = { documents: STORY_DF.documents, df, unseen: (STORY_DF.minDf - 1) / 2 };
  return table;
}

/** Documents of the reference set holding the term (for a term left out of the table, an estimate below its cut). */
export function documentFrequency(term: string): number {
  const { df, unseen } = dfTable();
  return df.get(term) ?? unseen;
}

/** Share of the reference documents holding the term, 0..1. */
export function documentShare(term: string): number {
  const { documents } = dfTable();
  return documents ? documentFrequency(term) / documents : 0;
}

/** Inverse document frequency: unseen terms weigh most, terms in most documents near nothing. */
export function idf(term: string): number {
  const { documents } = dfTable();
  return Math.log((documents + 1) / (documentFrequency(term) + 1));
}

export type Vector = Record<string, number>;

/** tf-idf vector of title and lead, unit length, top `VECTOR_TERMS` terms. */
export function leadVector(title: string | null, paragraphs: string[]): Vector {
  return vectorOf(leadCounts(title, paragraphs));
}

/** tf-idf vector of term counts, unit length, top `VECTOR_TERMS` terms. */
export function vectorOf(counts: Map<string, number>): Vector {
  const weights: [string, number][] = [];
  for (const [term, count] of counts) {
    const weight = (1 + Math.log(count)) * idf(term);
    if (weight > 0) weights.push([term, weight]);
  }
  return unit(topEntries(weights, VECTOR_TERMS));
}

export function topEntries(weights: [string, number][], n: number): [string, number][] {
  return weights.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
}

export function unit(entries: [string, number][]): Vector {
  const norm = Math.sqrt(entries.reduce((n, [, w]) => n + w * w, 0));
  return recordOf(norm ? entries.map(([t, w]) => [t, round(w / norm)]) : []);
}

/**
 * `Object.fromEntries` for records keyed by words. An object built key by key gets a new hidden class per key,
 * and with words for keys almost every vector starts a branch of its own (measured 10–15× slower than this,
 * with the garbage of the unused classes). An object without a prototype starts as a dictionary; it is then
 * given the ordinary prototype, so the record is a plain object as before, with the same keys in the same order.
 */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record: Record<string, T> = Object.create(null);
  for (const [key, value] of entries) record[key] = value;
  return Object.setPrototypeOf(record, Object.prototype);
}

function round(value: number): number {
  return Math.round(value * 1_000) / 1_000;
}

/**
 * A vector's terms and weights as arrays, with its squared norm, built once per vector object: an
 * article's vector meets every candidate story (centroid, first and latest members), and a story's
 * vectors many articles. Enumerating an object's keys each time cost more than the products.
 */
interface Terms {
  terms: string[];
  weights: number[];
  squaredNorm: number;
  /** Position of each term, built when the vector is the first of a cosine (the article's, read against many). */
  positions?: Map<string, number>;
}

const termsOfVector = new WeakMap<Vector, Terms>();

function termsOf(v: Vector): Terms {
  let entry = termsOfVector.get(v);
  if (entry === undefined) {
    // Object.keys lists terms in the order a for-in loop visits them, so sums keep their order.
    const terms = Object.keys(v);
    const weights = terms.map((term) => v[term] as number);
    let squaredNorm = 0;
    for (const w of weights) squaredNorm += w * w;
    entry = { terms, weights, squaredNorm };
    termsOfVector.set(v, entry);
  }
  return entry;
}

/** Products of one cosine by the first vector's term positions, zero where the other vector lacks the term. */
let products = new Float64Array(64);

export function cosine(a: Vector, b: Vector): number {
  const first = termsOf(a);
  const second = termsOf(b);
  if (first.positions === undefined) first.positions = new Map(first.terms.map((term, i) => [term, i]));
  const { positions, weights } = first;
  const n = weights.length;
  if (products.length < n) products = new Float64Array(n);
  // Looked up in a map rather than as keys of the other vector's object (a slow dictionary lookup each), and
  // summed in the first vector's order as before: weights are positive, so the zeros leave the sum as it was.
  for (let j = 0; j < second.terms.length; j++) {
    const i = positions.get(second.terms[j] as string);
    if (i !== undefined) products[i] = (weights[i] as number) * (second.weights[j] as number);
  }
  let dot = 0;
  for (let i = 0; i < n; i++) {
    dot += products[i] as number;
    products[i] = 0;
  }
  const na = first.squaredNorm;
  const nb = second.squaredNorm;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
