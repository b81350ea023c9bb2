import { matchKey, tokenize } from '../text/normalize.ts';

/**
 * Direct quotes and, where the sentence makes it clear, who said them.
 * Short quoted strings (names, scare quotes) are not quotes.
 */

export interface Quote {
  text: string;
  speaker: string | null;
}

const QUOTE_PAIRS =
  /«([^«»]{2,2000})»|“([^“”]{2,2000})”|"([^"]{2,2000})"|‘([^‘’]{2,2000})’|(?<![\p{L}])'([^']{2,2000})'(?![\p{L}])/gu;
const MIN_QUOTE_WORDS = 4;
const MAX_QUOTES = 50;

// Speech verbs (match form), Arabic with the common و/ف prefixes, English and French.
const SPEECH_BEFORE =
  /(?:^|[\s،,(])(?:[وف]?(?:قال|قالت|اضاف|اضافت|اكد|اكدت|صرح|صرحت|اوضح|اوضحت|تابع|تابعت|ذكر|ذكرت|اعلن|اعلنت|اعتبر|اعتبرت|راي|رات|شدد|شددت|لفت|لفتت|نقل|نقلت|كتب|كتبت|غرد|غردت)|said|says|added|told|stated|declared|wrote|a\s+declare|a\s+ajoute|selon)\s+([^،,.:"«“']{1,60})/gu;
const SPEECH_AFTER =
  /^[\s,،]*(?:[-–—]\s*)?(?:said|says|added|told|wrote|declared|a\s+declare|a\s+ajoute)\s+([^,.;"“«]{1,60})/u;
const NAME_THEN_VERB =
  /^[\s,،]*([\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*){0,3})\s+(?:said|says|added|told|wrote)(?![\p{L}])/u;
// Words that end a speaker phrase.
const SPEAKER_STOP = new Set(
  [
    'ان',
    'انه',
    'انها',
    'لـ',
    'في',
    'خلال',
    'من',
    'علي',
    'الي',
    'عن',
    'مع',
    'كما',
    'قوله',
    'قولها',
    'بدوره',
    'بدورها',
    'ايضا',
    'اليوم',
    'امس',
    'حيث',
    'that',
    'on',
    'in',
    'at',
    'to',
    'the',
    'a',
    'during',
    'after',
    'before',
    'while',
    'que',
    'qu',
  ].map(matchKey),
);

function speakerFrom(phrase: string, persons: string[]): string | null {
  const tokens = phrase.trim().split(/\s+/);
  const kept: string[] = [];
  for (const token of tokens) {
    const key = matchKey(token);
    if (SPEAKER_STOP.has(key) || /^ل(?:ل|ل?ا)/.test(key)) break;
    kept.push(token.replace(/[^\p{L}\p{N}.'-]+$/u, ''));
    if (kept.length >= 4) break;
  }
  if (kept.length === 0) return null;
  return resolvePerson(kept.join(' '), persons);
}

/** Maps "بوتين" or "Putin" to the full name of a person found in the article, when one matches. */
function resolvePerson(name: string, persons: string[]): string {
  const words = tokenize(name);
  for (const person of persons) {
    const personWords = tokenize(person);
    if (words.some((w) => w.length > 2 && personWords.includes(w.replace(/^(?:و|ف|ل|ب)(?=ال)/, '')))) return person;
  }
  return name;
}

export function extractQuotes(paragraphs: string[], persons: string[]): Quote[] {
  const quotes: Quote[] = [];
  for (const paragraph of paragraphs) {
    for (const match of paragraph.matchAll(QUOTE_PAIRS)) {
      const text = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? '').trim();
      if (tokenize(text).length < MIN_QUOTE_WORDS) continue;
      const start = match.index ?? 0;
      quotes.push({ text, speaker: findSpeaker(paragraph, start, start + match[0].length, persons) });
      if (quotes.length >= MAX_QUOTES) return quotes;
    }
  }
  return quotes;
}

function findSpeaker(paragraph: string, start: number, end: number, persons: string[]): string | null {
  const before = matchKey(paragraph.slice(Math.max(0, start - 200), start));
  const original = paragraph.slice(Math.max(0, start - 200), start);
  let last: RegExpMatchArray | undefined;
  for (const m of before.matchAll(SPEECH_BEFORE)) last = m;
  if (last?.[1]) {
    // Take the phrase from the original text at the same word offset, to keep its spelling.
    const offsetWords = tokenize(before.slice(0, (last.index ?? 0) + last[0].length - last[1].length)).length;
    const originalWords = original.split(/\s+/).filter((w) => tokenize(w).length > 0);
    const phrase = originalWords.slice(offsetWords, offsetWords + 4).join(' ');
    const speaker = speakerFrom(phrase || last[1], persons);
    if (speaker) return speaker;
  }
  const after = SPEECH_AFTER.exec(paragraph.slice(end, end + 120));
  if (after?.[1]) return speakerFrom(after[1], persons);
  const nameThenVerb = NAME_THEN_VERB.exec(paragraph.slice(end, end + 120));
  if (nameThenVerb?.[1]) return resolvePerson(nameThenVerb[1], persons);
  return null;
}
