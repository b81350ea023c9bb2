import { wordKey } from '../text/normalize.ts';
import type { RemovalReason } from './boilerplate.ts';

/**
 * Repetition inside one article: scrapers often emit a paragraph twice, paste
 * the whole body twice, or keep a teaser that is a piece of a later paragraph.
 * Comparison is on `wordKey` (diacritics, alef forms, spacing and punctuation
 * ignored), the kept text is the first occurrence as written.
 */

/** Paragraphs shorter than this (in characters of the word key) are never judged "contained": too many false hits. */
const MIN_CONTAINED_CHARS = 40;
/** Containment checks are quadratic in the worst case; above this budget only exact repeats are removed. */
const CONTAINMENT_BUDGET = 50_000_000;
/** From this many paragraphs on, containment candidates are first checked by their words. */
const WORD_SETS_FROM = 24;

export interface RepetitionVerdict {
  /** Text to keep (a body pasted twice inside one paragraph is cut to one copy). */
  text: string;
  /** Set when the whole paragraph repeats earlier text and goes. */
  reason: Extract<RemovalReason, 'repeated-paragraph' | 'contained-paragraph'> | null;
  /** True when a second copy was cut from inside the paragraph. */
  collapsed: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}\u0640]+/gu;
const SPACE = 0x20;

/** When a paragraph is the same text twice in a row, returns the first copy. Linear in the text length. */
export function collapseDoubledText(text: string, key = wordKey(text)): string | null {
  if (text.length < 40) return null;
  // The same words twice: the key is one half, a space, the same half again, and each half has 3 words or more.
  if (key.length % 2 === 0) return null;
  const middle = (key.length - 1) / 2;
  if (key.charCodeAt(middle) !== SPACE) return null;
  for (let i = 0; i < middle; i++) if (key.charCodeAt(i) !== key.charCodeAt(middle + 1 + i)) return null;
  let half = 1;
  for (let at = key.indexOf(' '); at !== -1 && at < middle; at = key.indexOf(' ', at + 1)) half++;
  if (half < 3) return null;
  // Split the original at the start of its (half)th word, then confirm on the normalized forms.
  let seen = 0;
  for (const match of text.matchAll(WORD)) {
    if (seen === half) {
      const first = text.slice(0, match.index);
      return wordKey(first) === wordKey(text.slice(match.index)) ? first.trim() : null;
    }
    seen++;
  }
  return null;
}

/** `key` is in `other` as whole words: `other` holds it at the start or after a space, and ends or has a space after it. */
function holdsWords(other: string, key: string): boolean {
  for (let at = other.indexOf(key); at !== -1; at = other.indexOf(key, at + 1)) {
    const end = at + key.length;
    if ((at === 0 || other.charCodeAt(at - 1) === SPACE) && (end === other.length || other.charCodeAt(end) === SPACE))
      return true;
  }
  return false;
}

/** Decides, for each paragraph in order, whether it repeats what the article already says. */
export function findRepetitions(
  paragraphs: string[],
  exempt: boolean[] = [],
  wordSetsFrom = WORD_SETS_FROM,
): RepetitionVerdict[] {
  const verdicts: RepetitionVerdict[] = [];
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const [index, paragraph] of paragraphs.entries()) {
    if (exempt[index]) {
      keys.push('');
      verdicts.push({ text: paragraph, reason: null, collapsed: false });
      continue;
    }
    const paragraphKey = wordKey(paragraph);
    const doubled = collapseDoubledText(paragraph, paragraphKey);
    const text = doubled ?? paragraph;
    const key = doubled ? wordKey(text) : paragraphKey;
    keys.push(key);
    const collapsed = doubled !== null;
    if (key && seen.has(key)) {
      verdicts.push({ text, reason: 'repeated-paragraph', collapsed });
      continue;
    }
    seen.add(key);
    verdicts.push({ text, reason: null, collapsed });
  }

  const total = keys.reduce((sum, k) => sum + k.length, 0);
  if (keys.length * total > CONTAINMENT_BUDGET) return verdicts;

  // A paragraph whose words all appear, in order, inside a longer kept paragraph.
  const kept = keys.map((key, i) => (verdicts[i]?.reason === 'repeated-paragraph' ? '' : key));
  // On long pages, a paragraph's words go in a set: one whose set lacks the first or the last word of the
  // shorter one cannot contain it, and the substring search is skipped.
  const wordSets: (Set<string> | undefined)[] | null = kept.length >= wordSetsFrom ? [] : null;
  for (let i = 0; i < kept.length; i++) {
    const key = kept[i] ?? '';
    if (key.length < MIN_CONTAINED_CHARS) continue;
    const space = key.indexOf(' ');
    const first = space === -1 ? key : key.slice(0, space);
    const last = key.slice(key.lastIndexOf(' ') + 1);
    for (let j = 0; j < kept.length; j++) {
      const other = kept[j] ?? '';
      if (i === j || other.length <= key.length) continue;
      if (wordSets) {
        let set = wordSets[j];
        if (!set) {
          set = new Set(keys[j]?.split(' '));
          wordSets[j] = set;
        }
        if (!set.has(first) || !set.has(last)) continue;
      }
      if (holdsWords(other, key)) {
        verdicts[i] = { text: verdicts[i]?.text ?? '', reason: 'contained-paragraph', collapsed: false };
        kept[i] = '';
        break;
      }
    }
  }
  return verdicts;
}
