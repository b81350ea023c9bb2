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
  /** Per trigram (as `trigramCode`), its rank in each language's model (-1 where absent). */
  ranks: Map<number, Int16Array>;
}

/** Three UTF-16 code units as one number (48 bits): trigrams counted and looked up without building strings. */
function trigramCode(text: string, at: number): number {
  return text.charCodeAt(at) * 0x100000000 + text.charCodeAt(at + 1) * 0x10000 + text.charCodeAt(at + 2);
}

const models = new Map<string, ScriptModels>();

function scriptModels(script: string): ScriptModels | undefined {
  let found = models.get(script);
  if (found) return found;
  const languages = data[script];
  if (!languages) return undefined;
  const names = Object.keys(languages);
  const ranks = new Map<number, Int16Array>();
  names.forEach((name, index) => {
    const model = (languages[name] ?? '').split('|');
    // franc keeps the first rank of a trigram listed twice.
    for (let rank = model.length - 1; rank >= 0; rank--) {
      const trigram = trigramCode(model[rank] ?? '', 0);
      let row = ranks.get(trigram);
      if (!row) {
        row = new Int16Array(names.length).fill(-1);
        ranks.set(trigram, row);
      }
      row[index] = rank;
    }
  });
  found = { languages: names, ranks };
  models.set(script, found);
  return found;
}

/** The script franc picks: the one whose characters are most frequent (first listed on a tie). */
function topScript(value: string): [string | undefined, number] {
  let topCount = -1;
  let top: string | undefined;
  for (const [script, expression] of Object.entries(expressions)) {
    const count = (value.match(expression)?.length ?? 0) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  }
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
  const counts = new Map<number, number>();
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const trigram = trigramCode(cleaned, i);
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  const { languages, ranks } = scriptData;
  const distances = new Int32Array(languages.length);
  // A trigram no model of the script has adds the same to every language: it changes no ranking.
  for (const [trigram, n] of counts) {
    const row = ranks.get(trigram);
    if (!row) continue;
    for (let l = 0; l < row.length; l++) {
      const rank = row[l] ?? -1;
      distances[l] = (distances[l] ?? 0) + (rank < 0 ? MAX_DIFFERENCE : Math.abs(n - rank - 1));
    }
  }
  let best = 0;
  for (let l = 1; l < languages.length; l++) if ((distances[l] ?? 0) < (distances[best] ?? 0)) best = l;
  return languages[best] ?? 'und';
}
