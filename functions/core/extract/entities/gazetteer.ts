import arNames from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import enNames from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import frNames from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import { tokenize } from '../../text/normalize.ts';
import * as z from '../../zod.ts';
import {
  AMBIGUOUS_COUNTRY_ALIASES,
  COUNTRY_VARIANTS,
  type EntityType,
  type GazetteerEntry,
  organizationEntries,
  placeEntries,
} from './data.ts';

export type { EntityType, GazetteerEntry } from './data.ts';

/** A lookup from the match form of every alias (its tokens joined by spaces) to its entry. */
export interface Gazetteer {
  entries: Map<string, GazetteerEntry>;
  /** Longest alias, in tokens: bounds the n-gram lookup. */
  maxTokens: number;
  /** First tokens of all aliases: positions whose word is not one are skipped without any n-gram lookup. */
  heads: Set<string>;
  /** Every alias cut after its second, third… token: a lookup stops extending where no alias goes on. */
  prefixes: Set<string>;
}

// The country names of `i18n-iso-countries`, read from its locale files only: the library itself would bundle every locale.
type Names = Record<string, string | string[]>;
const all = (names: Names, code: string): string[] => [names[code] ?? []].flat();
const official = (names: Names, code: string): string | undefined => all(names, code)[0];

function countryEntries(): GazetteerEntry[] {
  const arCountries = arNames.countries as Names;
  const enCountries = enNames.countries as Names;
  const frCountries = frNames.countries as Names;
  const ar = Object.fromEntries(Object.keys(arCountries).map((c) => [c, official(arCountries, c)]));
  const en = Object.fromEntries(Object.keys(enCountries).map((c) => [c, all(enCountries, c)]));
  const fr = Object.fromEntries(Object.keys(frCountries).map((c) => [c, official(frCountries, c)]));
  return Object.keys(ar).map((code) => {
    const variants = COUNTRY_VARIANTS[code] ?? [];
    const english = en[code] ?? [];
    const shortEnglish = variants.find(
      (v) => /^[A-Za-z]/.test(v) && english.length > 0 && v.length < (english[0]?.length ?? 0),
    );
    return {
      id: `place:${code}`,
      type: 'place' as const,
      names: { ar: ar[code], en: shortEnglish ?? english[0], fr: fr[code] },
      aliases: [ar[code] ?? '', ...english, fr[code] ?? '', ...variants].filter(
        (a) => a && !AMBIGUOUS_COUNTRY_ALIASES.has(a),
      ),
    };
  });
}

export function aliasKey(alias: string): string {
  return tokenize(alias).join(' ');
}

export function buildGazetteer(entries: GazetteerEntry[]): Gazetteer {
  const map = new Map<string, GazetteerEntry>();
  const heads = new Set<string>();
  const prefixes = new Set<string>();
  let maxTokens = 1;
  for (const entry of entries) {
    for (const alias of entry.aliases) {
      const key = aliasKey(alias);
      if (!key) continue;
      map.set(key, entry);
      const words = key.split(' ');
      heads.add(words[0] ?? key);
      for (let n = 2; n <= words.length; n++) prefixes.add(words.slice(0, n).join(' '));
      maxTokens = Math.max(maxTokens, words.length);
    }
  }
  return { entries: map, maxTokens, heads, prefixes };
}

/** User entries win over built-in ones for the same alias. */
export function mergeGazetteers(base: Gazetteer, extra: Gazetteer): Gazetteer {
  return {
    entries: new Map([...base.entries, ...extra.entries]),
    maxTokens: Math.max(base.maxTokens, extra.maxTokens),
    heads: new Set([...base.heads, ...extra.heads]),
    prefixes: new Set([...base.prefixes, ...extra.prefixes]),
  };
}

let builtIn: Gazetteer | undefined;
export function builtInGazetteer(): Gazetteer {
  builtIn ??= buildGazetteer([...countryEntries(), ...placeEntries(), ...organizationEntries()]);
  return builtIn;
}

const UserEntrySchema = z.object({
  name: z.string().check(z.minLength(1)),
  type: z.enum(['person', 'place', 'organization']),
  aliases: z._default(z.array(z.string().check(z.minLength(1))), []),
});
const UserGazetteerSchema = z.union([z.array(UserEntrySchema), z.object({ entries: z.array(UserEntrySchema) })]);

/** Validates a user-supplied gazetteer file (`[{name, type, aliases?}]` or `{entries: [...]}`). */
export function loadGazetteer(json: unknown): Gazetteer {
  const parsed = UserGazetteerSchema.parse(json);
  const list = Array.isArray(parsed) ? parsed : parsed.entries;
  return buildGazetteer(
    list.map((e) => ({
      id: `user:${e.type}:${aliasKey(e.name)}`,
      type: e.type as EntityType,
      names: { ar: e.name, en: e.name, fr: e.name },
      aliases: [e.name, ...e.aliases],
    })),
  );
}

const REGION_IDS = new Set(
  [
    'middle-east',
    'gulf',
    'mediterranean',
    'red-sea',
    'black-sea',
    'europe',
    'africa',
    'asia',
    'levant',
    'kurdistan',
    'crimea',
    'donbas',
    'west-bank',
    'golan',
    'sinai',
    'darfur',
  ].map((id) => `place:${id}`),
);

/** Whether a place name is a country, a wide region, or a site (city, town, base…). Unknown names are sites. */
export function placeKind(name: string): 'country' | 'region' | 'site' {
  const entry = builtInGazetteer().entries.get(aliasKey(name));
  if (!entry) return 'site';
  if (/^place:[A-Z]{2}$/.test(entry.id)) return 'country';
  return REGION_IDS.has(entry.id) ? 'region' : 'site';
}
