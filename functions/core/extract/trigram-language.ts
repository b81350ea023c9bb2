import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';

/**
 * franc-min's `franc(value, { minLength })`, same models and same answer, computed
 * with one lookup per trigram of the text instead of one per trigram and language:
 * every trigram of a script's models maps to its rank in each language model.
 */

const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;
const PUNCTUATION_AND_DIGITS = /[\u0021-\u0040]+/g;
const WHITESPACE = /\s+/g;

interface ScriptModels {
  languages: string[];
  /** Every trigram some model of the script has (as `trigramCode`), numbered from 0. */
  ids: Map<number, number>;
  /**
   * Per trigram number, the languages whose model has it, as pairs (language index, rank).
   * A trigram is in a few of the script's models, not all: the distance loop visits only those.
   */
  rows: Int32Array[];
  /** Occurrences of each trigram number in the text being read; all zero between texts. */
  counts: Int32Array;
}

/**
 * Three UTF-16 code units as one number: trigrams counted and looked up without building strings. Units
 * below 1024 (Latin, Greek, Cyrillic) pack into 30 bits, a small integer that maps hash fast; others take
 * 48 bits, at 2^32 and above, so the two forms never meet.
 */
function trigramCode(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  const c = text.charCodeAt(at + 2);
  return a < 1024 && b < 1024 && c < 1024 ? smallTrigramCode(a, b, c) : wideTrigramCode(a, b, c);
}

function smallTrigramCode(a: number, b: number, c: number): number {
  return (a << 20) | (b << 10) | c;
}

function wideTrigramCode(a: number, b: number, c: number): number {
  return a * 0x100000000 + b * 0x10000 + c;
}

const models = new Map<string, ScriptModels>();

function scriptModels(script: string): ScriptModels | undefined {
  let found = models.get(script);
  if (found) return found;
  const languages = data[script];
  if (!languages) return undefined;
  const names = Object.keys(languages);
  const rows = new Map<number, Map<number, number>>();
  names.forEach((name, index) => {
    const model = (languages[name] ?? '').split('|');
    // franc keeps the first rank of a trigram listed twice.
    for (let rank = model.length - 1; rank >= 0; rank--) {
      const trigram = trigramCode(model[rank] ?? '', 0);
      let row = rows.get(trigram);
      if (!row) {
        row = new Map();
        rows.set(trigram, row);
      }
      row.set(index, rank);
    }
  });
  const ids = new Map<number, number>();
  const ranks: Int32Array[] = [];
  for (const [trigram, row] of rows) {
    ids.set(trigram, ranks.length);
    ranks.push(Int32Array.from([...row].flat()));
  }
  found = { languages: names, ids, rows: ranks, counts: new Int32Array(ranks.length) };
  models.set(script, found);
  return found;
}

const SCRIPTS = Object.entries(expressions);
/** Each script's expression matching one character, for the table below. */
const SINGLE = SCRIPTS.map(([, expression]) => new RegExp(`^(?:${expression.source})$`));
/** Per UTF-16 unit, the scripts whose expression matches it, as bits + 1 (0: not looked at yet). */
const unitScripts = new Int32Array(0x10000);
const SURROGATE = /[\uD800-\uDFFF]/;

function scriptsOf(code: number): number {
  const bits = unitScripts[code] as number;
  return (bits === 0 ? lookUpScripts(code) : bits) - 1;
}

/**
 * A unit's scripts, tested once. Apart from `scriptsOf`, which runs for every character: a variable a callback
 * captures lives in a context allocated at each call of the function that declares it, taken or not.
 */
function lookUpScripts(code: number): number {
  const char = String.fromCharCode(code);
  let bits = 1;
  SINGLE.forEach((expression, index) => {
    if (expression.test(char)) bits += 1 << index;
  });
  unitScripts[code] = bits;
  return bits;
}

/** The script franc picks: the one whose characters are most frequent (first listed on a tie). */
function topScript(value: string): [string | undefined, number] {
  // Every expression matches one code point per match: outside the astral planes, one unit. A text with
  // surrogates is counted by the expressions themselves, as franc does; others from a per-unit table.
  const counts = new Array<number>(SCRIPTS.length).fill(0);
  if (SURROGATE.test(value)) {
    SCRIPTS.forEach(([, expression], index) => {
      counts[index] = value.match(expression)?.length ?? 0;
    });
  } else {
    for (let i = 0; i < value.length; i++) {
      let bits = scriptsOf(value.charCodeAt(i));
      for (let index = 0; bits !== 0; index++, bits >>>= 1) if (bits & 1) counts[index] = (counts[index] as number) + 1;
    }
  }
  let topCount = -1;
  let top: string | undefined;
  SCRIPTS.forEach(([script], index) => {
    const count = (counts[index] as number) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  });
  return [top, topCount];
}

/** ISO 639-3 code of the most likely language, `und` when undetermined (as franc). */
export function detectTrigramLanguage(text: string, minLength = 10): string {
  if (!text || text.length < minLength) return 'und';
  const value = text.slice(0, MAX_LENGTH);
  const [script, count] = topScript(value);
  const scriptData = script === undefined ? undefined : scriptModels(script);
  if (!script || !scriptData) return !script || count === 0 ? 'und' : script;

  const cleaned = ` ${value.replace(PUNCTUATION_AND_DIGITS, ' ').replace(WHITESPACE, ' ').trim().toLowerCase()} `;
  const { languages, ids, rows, counts } = scriptData;
  // Only trigrams some model has are counted: one no model of the script has adds the same distance to
  // every language (below), so it cannot change the ranking.
  const seen: number[] = [];
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const a = cleaned.charCodeAt(i);
    const b = cleaned.charCodeAt(i + 1);
    const c = cleaned.charCodeAt(i + 2);
    // `trigramCode` with a lookup per form: a small code then always reaches the map as a small integer, where
    // one value that may be either was boxed as a heap number at every trigram.
    const id =
      a < 1024 && b < 1024 && c < 1024 ? ids.get(smallTrigramCode(a, b, c)) : ids.get(wideTrigramCode(a, b, c));
    if (id === undefined) continue;
    if (counts[id] === 0) seen.push(id);
    counts[id] = (counts[id] as number) + 1;
  }
  // franc's distance of a language: per trigram of the text, |count − rank − 1| when its model has the
  // trigram, MAX_DIFFERENCE when not. Kept here less MAX_DIFFERENCE for each trigram some model has (the
  // same amount for every language, so the ranking is franc's), which leaves only the models that have a
  // trigram to visit.
  const distances = new Int32Array(languages.length);
  for (const id of seen) {
    const n = counts[id] as number;
    counts[id] = 0;
    const row = rows[id] as Int32Array;
    for (let i = 0; i < row.length; i += 2) {
      const l = row[i] as number;
      distances[l] = (distances[l] as number) + Math.abs(n - (row[i + 1] as number) - 1) - MAX_DIFFERENCE;
    }
  }
  let best = 0;
  for (let l = 1; l < languages.length; l++) if ((distances[l] ?? 0) < (distances[best] ?? 0)) best = l;
  return languages[best] ?? 'und';
}
