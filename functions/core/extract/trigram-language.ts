import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';

/**
 * franc-min's detector (`franc(text, { minLength })`, same data, same
 * arithmetic, same ties) with its trigram tables built on first use, one
 * script at a time. franc-min builds the tables of all its languages when it
 * is imported, which made up a large part of the extract function's cold
 * start; Arabic-script articles never need them. The unit tests check this
 * against franc-min itself.
 */

const MAX_LENGTH = 2048;
/** The distance of a trigram a language model does not hold. */
const MAX_DIFFERENCE = 300;

type Model = Map<string, number>;
const models = new Map<string, Map<string, Model>>();

/** Trigram → rank per language of one script (the first rank wins, as franc's loop leaves it). */
function modelsOf(script: string): Map<string, Model> | undefined {
  const cached = models.get(script);
  if (cached) return cached;
  const languages = data[script];
  if (!languages) return undefined;
  const built = new Map<string, Model>();
  for (const [language, trigrams] of Object.entries(languages)) {
    const list = trigrams.split('|');
    const model: Model = new Map();
    for (let rank = list.length - 1; rank >= 0; rank--) model.set(list[rank] as string, rank);
    built.set(language, model);
  }
  models.set(script, built);
  return built;
}

/** trigram-utils' `asTuples`: trigrams of the cleaned text with their counts, least frequent first. */
function trigramCounts(value: string): [string, number][] {
  const cleaned = ` ${value
    .replace(/[\u0021-\u0040]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()} `;
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const gram = cleaned.slice(i, i + 3);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[1] - b[1]);
}

function topScript(value: string): [string | undefined, number] {
  let top: string | undefined;
  let topCount = -1;
  for (const [script, expression] of Object.entries(expressions)) {
    const count = (value.match(expression)?.length ?? 0) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  }
  return [top, topCount];
}

/** ISO 639-3 code of the most likely language, `und` when undecided. */
export function detectTrigramLanguage(text: string, minLength: number): string {
  if (!text || text.length < minLength) return 'und';
  const value = text.slice(0, MAX_LENGTH);
  const [script, share] = topScript(value);
  if (!script) return 'und';
  const languages = modelsOf(script);
  // A script written by one language only names it.
  if (!languages) return share === 0 ? 'und' : script;
  const trigrams = trigramCounts(value);
  let best = 'und';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [language, model] of languages) {
    let distance = 0;
    for (const [gram, count] of trigrams) {
      const rank = model.get(gram);
      distance += rank === undefined ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
    }
    // Strictly smaller: the first language listed wins a tie, as franc's stable sort keeps it first.
    if (distance < bestDistance) {
      bestDistance = distance;
      best = language;
    }
  }
  return best;
}
