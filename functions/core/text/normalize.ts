/**
 * Text normalization shared by every stage.
 *
 * Two different jobs, kept apart on purpose:
 * - `tidyText` is applied to what we store: NFC, whitespace tidied, invisible
 *   control characters removed. The words stay as written.
 * - `matchKey` / `tokenize` are for comparing text only (dedupe, repetition,
 *   gazetteers): diacritics and tatweel removed, alef forms unified, ى→ي, ة→ه,
 *   Arabic-Indic digits to ASCII, Latin lowercased and unaccented.
 */

// Bidi embeddings/overrides/isolates and zero-width characters other than ZWNJ/ZWJ,
// which carry meaning in Persian and some Arabic-script orthographies.
const INVISIBLE = /[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
// C0/C1 controls except tab and newlines.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const HORIZONTAL_SPACE = /[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/** Tidies one line or paragraph for storage: NFC, invisible characters removed, spaces collapsed, trimmed. */
// Spacing that collapsing changes: a space other than U+0020, or two in a row. Most lines have none.
const UNTIDY_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]| {2}/;

export function tidyText(text: string): string {
  const visible = text.normalize('NFC').replace(INVISIBLE, '').replace(CONTROLS, '');
  return (UNTIDY_SPACE.test(visible) ? visible.replace(HORIZONTAL_SPACE, ' ') : visible).trim();
}

/** Tidies a multi-line text, keeping line breaks (CRLF and CR become LF). */
export function tidyLines(text: string): string {
  return text
    .replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n')
    .split('\n')
    .map(tidyText)
    .join('\n');
}

const ARABIC_INDIC_ZERO = 0x0660;
const EXTENDED_ARABIC_INDIC_ZERO = 0x06f0;

/** Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹) digits to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const code = d.charCodeAt(0);
    const base = code >= EXTENDED_ARABIC_INDIC_ZERO ? EXTENDED_ARABIC_INDIC_ZERO : ARABIC_INDIC_ZERO;
    return String(code - base);
  });
}

/**
 * Normal form for matching. NFKD splits hamza carriers (أ إ آ ؤ ئ) and Latin
 * accents into base letter + combining mark, so dropping every combining mark
 * unifies alef forms and removes harakat in one step.
 */
// Dropped for matching: combining marks (harakat, the hamza of أ إ آ ؤ ئ after NFKD, Latin accents),
// tatweel, and invisible characters.
const MATCH_DROPPED = /[\p{M}\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]+/gu;
const MATCH_LETTERS: Record<string, string> = { '\u0671': '\u0627', '\u0649': '\u064A', '\u0629': '\u0647' };

// Text in ASCII and the basic Arabic block needs no Unicode decomposition: its hamza carriers
// are mapped directly, which is several times faster than NFKD on long Arabic articles.
const NEEDS_DECOMPOSITION = /[^\u0000-\u007F\u0600-\u06FF\s\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
const HAMZA_CARRIERS = /[\u0622\u0623\u0625\u0624\u0626]/g;
const HAMZA_BASES: Record<string, string> = {
  '\u0622': '\u0627',
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0624': '\u0648',
  '\u0626': '\u064A',
};

/** The definition of `matchKey`, whole-string steps; the single pass below must give the same result. */
export function matchKeyByRegex(text: string): string {
  const digits = asciiDigits(text);
  const decomposed = NEEDS_DECOMPOSITION.test(digits)
    ? digits.normalize('NFKD')
    : digits.replace(HAMZA_CARRIERS, (c) => HAMZA_BASES[c] ?? c);
  return decomposed
    .replace(MATCH_DROPPED, '')
    .replace(/[\u0671\u0649\u0629]/g, (c) => MATCH_LETTERS[c] ?? c) // ٱ→ا, ى→ي, ة→ه
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// Every step but the whitespace collapse works character by character (marks, the only characters NFKD
// reorders, are all dropped), so each UTF-16 unit has a fixed outcome, computed once with the steps above:
// dropped, whitespace, one unit, or a longer string. Tables with and without NFKD, as the whole text decides;
// for words, characters other than letters and numbers are whitespace too.
// Astral characters and anything that lowercases by context (Σ) take the whole-string steps.
const UNKNOWN = 0;
const DROP = -1;
const SPACE = -2;
const SLOW = -3;
const LONGER = -4;
const KEY = 0;
const WORDS = 1;
type Mode = typeof KEY | typeof WORDS;
const tables = [0, 1, 2, 3].map(() => new Int32Array(0x10000));
const longer = new Map<number, string>();
const NOT_WORD = /[^\p{L}\p{N}]/gu;
const WHITESPACE = /^\s+$/;

function charOutcome(code: number, decompose: boolean, mode: Mode): number {
  if (code >= 0xd800 && code <= 0xdfff) return SLOW;
  const char = asciiDigits(String.fromCharCode(code));
  const split = decompose ? char.normalize('NFKD') : char.replace(HAMZA_CARRIERS, (c) => HAMZA_BASES[c] ?? c);
  const kept = split.replace(MATCH_DROPPED, '').replace(/[\u0671\u0649\u0629]/g, (c) => MATCH_LETTERS[c] ?? c);
  if (kept.includes('\u03A3')) return SLOW;
  const lower = kept.toLowerCase();
  const out = mode === WORDS ? lower.replace(NOT_WORD, ' ') : lower;
  if (out === '') return DROP;
  if (WHITESPACE.test(out)) return SPACE;
  if (out.length === 1) return out.charCodeAt(0) + 1;
  longer.set(code * 4 + (decompose ? 2 : 0) + mode, out);
  return LONGER;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * One output of a fold: `out` so far, then text[from, i) still to copy as it is; `space` when the output
 * ends with a space, `any` once it has a letter.
 */
interface FoldOutput {
  out: string;
  from: number;
  space: boolean;
  any: boolean;
}

/** `fold`'s step for one character and one output (the caller has ruled out the whole-string steps). */
function foldChar(text: string, i: number, code: number, outcome: number, tableIndex: number, o: FoldOutput): void {
  if (outcome === code + 1) {
    o.space = false;
    o.any = true;
    return;
  }
  // A single ASCII space after a letter stays in the copied run.
  if (code === 0x20 && o.any && !o.space) {
    o.space = true;
    return;
  }
  o.out += text.slice(o.from, i);
  o.from = i + 1;
  if (outcome === DROP) return;
  if (outcome === SPACE) {
    if (o.any && !o.space) {
      o.out += ' ';
      o.space = true;
    }
    return;
  }
  if (outcome > 0) {
    o.out += String.fromCharCode(outcome - 1);
    o.space = false;
    o.any = true;
    return;
  }
  for (const char of longer.get(code * 4 + tableIndex) ?? '') {
    if (WHITESPACE.test(char)) {
      if (o.any && !o.space) {
        o.out += ' ';
        o.space = true;
      }
    } else {
      o.out += char;
      o.space = false;
      o.any = true;
    }
  }
}

/** The rest of the text copied, without a trailing space. */
function finish(text: string, o: FoldOutput): string {
  const out = o.out + text.slice(o.from);
  return o.space ? out.slice(0, -1) : out;
}

/** A unit's outcome in a table, computed on first sight. */
function outcomeOf(table: Int32Array, code: number, decompose: boolean, mode: Mode): number {
  let outcome = table[code] ?? UNKNOWN;
  if (outcome === UNKNOWN) {
    outcome = charOutcome(code, decompose, mode);
    table[code] = outcome;
  }
  return outcome;
}

/** The match form (KEY) or its word tokens joined by single spaces (WORDS), in one pass over the text. */
function fold(text: string, mode: Mode, decompose = NEEDS_DECOMPOSITION.test(text)): string {
  const tableIndex = (decompose ? 2 : 0) + mode;
  const table = tables[tableIndex] ?? new Int32Array(0x10000);
  const output: FoldOutput = { out: '', from: 0, space: false, any: false };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const outcome = outcomeOf(table, code, decompose, mode);
    if (outcome === SLOW) {
      const key = matchKeyByRegex(text);
      return mode === WORDS ? (key.match(TOKEN) ?? []).join(' ') : key;
    }
    foldChar(text, i, code, outcome, tableIndex, output);
  }
  return finish(text, output);
}

export function matchKey(text: string): string {
  return fold(text, KEY);
}

/** `[fold(text, KEY), fold(text, WORDS)]` in one pass over the text. */
function foldBoth(text: string): [string, string] {
  const decompose = NEEDS_DECOMPOSITION.test(text);
  const keyIndex = (decompose ? 2 : 0) + KEY;
  const wordsIndex = (decompose ? 2 : 0) + WORDS;
  const keyTable = tables[keyIndex] ?? new Int32Array(0x10000);
  const wordsTable = tables[wordsIndex] ?? new Int32Array(0x10000);
  const key: FoldOutput = { out: '', from: 0, space: false, any: false };
  const words: FoldOutput = { out: '', from: 0, space: false, any: false };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const keyOutcome = outcomeOf(keyTable, code, decompose, KEY);
    const wordsOutcome = outcomeOf(wordsTable, code, decompose, WORDS);
    if (keyOutcome === SLOW || wordsOutcome === SLOW) {
      const whole = matchKeyByRegex(text);
      return [whole, (whole.match(TOKEN) ?? []).join(' ')];
    }
    foldChar(text, i, code, keyOutcome, keyIndex, key);
    foldChar(text, i, code, wordsOutcome, wordsIndex, words);
  }
  return [finish(text, key), finish(text, words)];
}

/** Word tokens of the match form joined by single spaces (`tokenize(text).join(' ')`), as one string. */
export function wordForm(text: string): string {
  return fold(text, WORDS);
}

// Units of the ASCII and basic Arabic blocks whose word form changes when the text they are in is decomposed
// (ٵ ٶ ٷ ٸ ۀ ۂ ۓ, compatibility or canonical compositions): a text without them folds the same alone as
// inside a longer text that needs decomposition. A unit test checks the list against every UTF-16 unit.
export const DECOMPOSITION_DEPENDENT = /[\u0675-\u0678\u06C0\u06C2\u06D3]/;

/**
 * `wordForm` of each text, and of the texts joined by line breaks, folding each text once: the joined form is
 * the non-empty forms joined by spaces, unless some text folds otherwise alone than inside the others (rare:
 * see `DECOMPOSITION_DEPENDENT`), which the joined text is then folded again for.
 */
export function wordForms(texts: string[]): { forms: string[]; joined: string } {
  const decomposed = texts.map((text) => NEEDS_DECOMPOSITION.test(text));
  const forms = texts.map((text, i) => fold(text, WORDS, decomposed[i]));
  const dependent =
    decomposed.includes(true) && texts.some((text, i) => !decomposed[i] && DECOMPOSITION_DEPENDENT.test(text));
  const joined = dependent ? fold(texts.join('\n'), WORDS) : forms.filter((form) => form !== '').join(' ');
  return { forms, joined };
}

/** Word tokens of the match form. Unicode-aware: JavaScript's `\w` is ASCII-only. */
export function tokenize(text: string): string[] {
  const words = fold(text, WORDS);
  return words === '' ? [] : words.split(' ');
}

// Cleaning and extraction ask for the words of the same paragraph more than once (boilerplate rules,
// repetition, headline): the latest texts' words are kept (bounded; emptied when full).
const WORDS_MEMO_LIMIT = 2_048;
const wordsMemo = new Map<string, { count: number; key: string }>();

function remember(text: string, key: string): { count: number; key: string } {
  let count = key === '' ? 0 : 1;
  for (let at = key.indexOf(' '); at !== -1; at = key.indexOf(' ', at + 1)) count++;
  const found = { count, key };
  if (wordsMemo.size >= WORDS_MEMO_LIMIT) wordsMemo.clear();
  wordsMemo.set(text, found);
  return found;
}

function words(text: string): { count: number; key: string } {
  return wordsMemo.get(text) ?? remember(text, fold(text, WORDS));
}

/**
 * `matchKey(text)` and `countWords(text)` for a text that needs both (a block read by the boilerplate
 * rules, a paragraph read for dates and then for the headline): one pass over it, the words kept for the
 * word-key and word-count readers that follow.
 */
export function matchKeyAndWords(text: string): { key: string; words: number } {
  const known = wordsMemo.get(text);
  if (known) return { key: fold(text, KEY), words: known.count };
  const [key, wordsKey] = foldBoth(text);
  return { key, words: remember(text, wordsKey).count };
}

/** Match form reduced to its words, for equality of paragraphs that differ only in punctuation or spacing. */
export function wordKey(text: string): string {
  return words(text).key;
}

/** Where `key` goes on once `unit` (after a space, when one is owed) matches it at `at`; -1 when it differs. */
function keyAfter(key: string, at: number, owed: boolean, unit: number): number {
  let next = at;
  if (owed) {
    if (key.charCodeAt(next) !== 0x20) return -1;
    next++;
  }
  return key.charCodeAt(next) === unit ? next + 1 : -1;
}

/**
 * `wordKey(text) === key`, answered at the first unit that differs: a paragraph compared with a headline
 * nearly always differs in its first word, so most of it is never folded (and nothing is remembered).
 */
export function hasWordKey(text: string, key: string): boolean {
  const known = wordsMemo.get(text);
  if (known) return known.key === key;
  const decompose = NEEDS_DECOMPOSITION.test(text);
  const tableIndex = (decompose ? 2 : 0) + WORDS;
  const table = tables[tableIndex] ?? new Int32Array(0x10000);
  // The fold's output is written to nowhere: each unit it would append is compared with the key's next one.
  // A space is owed after a letter and paid only when another unit follows, as the fold trims its end.
  let at = 0;
  let any = false;
  let owed = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const outcome = outcomeOf(table, code, decompose, WORDS);
    if (outcome === SLOW) return fold(text, WORDS) === key;
    if (outcome === DROP) continue;
    if (outcome === SPACE) {
      owed = any;
      continue;
    }
    if (outcome > 0) {
      at = keyAfter(key, at, owed, outcome - 1);
      if (at < 0) return false;
      owed = false;
      any = true;
      continue;
    }
    const written = longer.get(code * 4 + tableIndex) ?? '';
    for (let k = 0; k < written.length; k++) {
      if (WHITESPACE.test(written[k] ?? '')) {
        owed = any;
        continue;
      }
      at = keyAfter(key, at, owed, written.charCodeAt(k));
      if (at < 0) return false;
      owed = false;
      any = true;
    }
  }
  return at === key.length;
}

/** Number of word tokens (`tokenize(text).length`). */
export function countWords(text: string): number {
  return words(text).count;
}

const LETTER = /\p{L}/gu;
const LETTER_POINT = /^\p{L}$/u;
// Per UTF-16 unit: 0 not yet known, 1 a letter, 2 not one (lone surrogates are not letters, as for the regex).
const letterUnits = new Uint8Array(0x10000);

function isArabicUnit(code: number): boolean {
  return (
    (code >= 0x0620 && code <= 0x064a) ||
    (code >= 0x066e && code <= 0x06d3) ||
    (code >= 0x06fa && code <= 0x06ff) ||
    (code >= 0x0750 && code <= 0x077f) ||
    (code >= 0x08a0 && code <= 0x08ff) ||
    (code >= 0xfb50 && code <= 0xfdff) ||
    (code >= 0xfe70 && code <= 0xfeff)
  );
}

/** Share of letters that are Arabic script, 0..1 (0 for a text without letters). */
export function arabicShare(text: string): number {
  // One pass: letters as /\p{L}/gu counts them (code points), Arabic-script units by the ranges above.
  let letters = 0;
  let arabic = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        if (LETTER_POINT.test(text.slice(i, i + 2))) letters++;
        i++;
        continue;
      }
    }
    if (isArabicUnit(code)) arabic++;
    let known = letterUnits[code] ?? 0;
    if (known === 0) {
      known = code < 0xd800 || code > 0xdfff ? (LETTER_POINT.test(String.fromCharCode(code)) ? 1 : 2) : 2;
      letterUnits[code] = known;
    }
    if (known === 1) letters++;
  }
  if (letters === 0) return 0;
  return arabic / letters;
}

/** True when the text is mostly right-to-left script. */
export function isRtl(text: string): boolean {
  const letters = text.match(LETTER)?.length ?? 0;
  if (letters === 0) return false;
  const rtl = text.match(/[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g)?.length ?? 0;
  return rtl / letters > 0.5;
}
