import { matchKey } from '../../text/normalize.ts';
import type { EntityType } from './data.ts';
import { aliasKey, builtInGazetteer, type Gazetteer, mergeGazetteers } from './gazetteer.ts';
import {
  AFFILIATIONS,
  AR_HEADLINE_VERBS,
  AR_NAME_CONNECTORS,
  AR_NATIONALITIES,
  AR_NOT_NAMES,
  AR_ORG_HEADS,
  AR_PERSON_TRIGGERS,
  AR_PLACE_TRIGGERS,
  AR_ROLE_MODIFIERS,
  AR_STOPWORDS,
  EN_CONNECTORS,
  EN_NOT_NAMES,
  EN_ORG_SUFFIXES,
  EN_PERSON_TITLES,
  EN_PLACE_WORDS,
  NAME_WORDS_WITH_WAW,
  NAMED_AFTER_HEADS,
  NAMES_LIKE_PHRASES,
  PORTFOLIOS,
  REGNAL_NUMBERS,
  STATE_HEADS,
} from './lexicon.ts';
import { tokenTexts } from './tokenizer.ts';

export { buildGazetteer, type Gazetteer, loadGazetteer, mergeGazetteers, placeKind } from './gazetteer.ts';

/**
 * Named entities without a statistical model: a gazetteer the project owns
 * (plus one the user supplies), then patterns — roles and descriptors before
 * Arabic person names, organization heads (وزارة، مجلس، Ministry…), place
 * words (مدينة، ريف، province…), and capitalized sequences in Latin script.
 * Names are returned without diacritics or tatweel, spellings merged.
 */

export interface Entities {
  persons: string[];
  places: string[];
  organizations: string[];
}

export interface EntityInput {
  title?: string | null;
  paragraphs: string[];
  language: string | null;
}

interface Token {
  text: string;
  /** Match form (see normalize.ts). */
  key: string;
  word: boolean;
  /** Tanween marks an adverb or indefinite accusative: never part of a name. */
  tanween: boolean;
  /** The match form and its forms without Arabic clitics (computed once per token). */
  forms: string[];
  /** Has a character of the Arabic block (Arabic punctuation included). */
  arabic: boolean;
  capitalized: boolean;
  /** Forms looked up as the first word of a gazetteer alias. */
  heads: string[];
  /** Forms that are a role or a descriptor before a person name (see `arabicPersons`). */
  personTrigger: boolean;
  descriptor: boolean;
  /** Written with a preposition glued before a hamza ("لأرفع"، "بأن"): a phrase, not a name. */
  gluedPreposition: boolean;
}

const DISPLAY_MARKS = /[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]/g;

// News repeats its words: a token is built once per spelling (bounded cache). Tokens are never modified.
const TOKEN_CACHE_LIMIT = 50_000;
const tokenCache = new Map<string, Token>();

function token(raw: string): Token {
  let cached = tokenCache.get(raw);
  if (cached === undefined) {
    const word = /[\p{L}\p{N}]/u.test(raw);
    const key = word ? matchKey(raw) : raw;
    const arabic = /[\u0600-\u06FF]/.test(raw);
    const forms = word && arabic ? withoutClitics(key) : [key];
    const personTrigger = word && arabic && forms.some((form) => AR_PERSON_TRIGGERS.has(form));
    cached = {
      text: raw,
      key,
      word,
      tanween: /[\u064B-\u064D]/.test(raw),
      forms,
      arabic,
      capitalized: /^\p{Lu}/u.test(raw),
      heads: arabic ? forms : [key.replace(/['’]s$/, '')],
      personTrigger,
      descriptor: personTrigger || forms.some((form) => AR_NATIONALITIES.has(form) || AFFILIATIONS.has(form)),
      gluedPreposition: arabic && /^[لبك][أإآ]/u.test(raw.replace(DISPLAY_MARKS, '')),
    };
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear();
    tokenCache.set(raw, cached);
  }
  return cached;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const raw of tokenTexts(text.normalize('NFC'))) out.push(token(raw));
  return out;
}

/** Display form: as written, minus harakat, shadda and tatweel. */
function display(parts: Token[]): string {
  return parts
    .map((t) => t.text.replace(DISPLAY_MARKS, ''))
    .join(' ')
    .replace(/\s+([’'-])\s+/g, '$1')
    .trim();
}

const isArabic = (t: Token) => t.arabic;
const isCapitalized = (t: Token) => t.capitalized;

/** Forms of an Arabic word without its leading clitics (و، ف، ب، ل، ك; لل→ال). */
function withoutClitics(key: string): string[] {
  const forms = [key];
  const add = (form: string) => {
    if (form.length >= 2 && !forms.includes(form)) forms.push(form);
  };
  if (/^لل/.test(key)) add(`ال${key.slice(2)}`);
  if (/^[وف]/.test(key)) {
    const rest = key.slice(1);
    add(rest);
    if (/^لل/.test(rest)) add(`ال${rest.slice(2)}`);
    if (/^[بلك]/.test(rest)) add(rest.slice(1));
  }
  if (/^[بلك]/.test(key)) add(key.slice(1));
  return forms;
}

const isNisba = (key: string) => /^ال\p{L}{2,}(?:ي|يه|يين|يون)$/u.test(key) && key.length >= 5;

class Collector {
  private readonly found = new Map<string, { type: EntityType; name: string; order: number; count: number }>();
  add(id: string, type: EntityType, name: string): void {
    const entry = this.found.get(id);
    if (entry) entry.count++;
    else this.found.set(id, { type, name, order: this.found.size, count: 1 });
  }
  result(): Entities {
    const all = [...this.found.values()].sort((a, b) => b.count - a.count || a.order - b.order);
    const pick = (type: EntityType) => dropPrefixNames(all.filter((e) => e.type === type).map((e) => e.name));
    return { persons: pick('person'), places: pick('place'), organizations: pick('organization') };
  }
}

/** "وزارة الدفاع" next to "وزارة الدفاع الروسية": keep the longer, it names the same body. */
function dropPrefixNames(names: string[]): string[] {
  const keys = names.map((n) => ` ${matchKey(n)} `);
  return names.filter(
    (_, i) =>
      !keys.some((other, j) => j !== i && other.length > (keys[i]?.length ?? 0) && other.startsWith(keys[i] ?? '')),
  );
}

export function extractEntities(input: EntityInput, options: { gazetteer?: Gazetteer } = {}): Entities {
  const gazetteer = options.gazetteer ? mergeGazetteers(builtInGazetteer(), options.gazetteer) : builtInGazetteer();
  const language = input.language === 'ar' || input.language === 'fr' ? input.language : 'en';
  const collector = new Collector();
  const texts = [input.title ?? '', ...input.paragraphs].filter(Boolean);
  for (const text of texts) {
    const toks = tokens(text);
    const used = new Array<boolean>(toks.length).fill(false);
    latinOrganizations(toks, used, gazetteer, language, collector);
    matchGazetteer(toks, used, gazetteer, language, collector);
    arabicOrganizations(toks, used, gazetteer, language, collector);
    arabicPlaces(toks, used, collector);
    arabicPersons(toks, used, collector);
    latinSequences(toks, used, collector);
  }
  return collector.result();
}

function lookup(
  toks: Token[],
  start: number,
  length: number,
  gazetteer: Gazetteer,
): ReturnType<Gazetteer['entries']['get']> | undefined {
  const parts = toks.slice(start, start + length);
  if (parts.length !== length || parts.some((t) => !t.word)) return undefined;
  const first = parts[0];
  if (!first) return undefined;
  const rest = parts.slice(1).map((t) => t.key);
  // Latin aliases match capitalized words only: "US" the country, never "us".
  if (
    !isArabic(first) &&
    !parts.every((t) => isCapitalized(t) || /^(?:of|the|de|du|la|al|el|and|for)$/i.test(t.text))
  ) {
    return undefined;
  }
  for (const head of first.heads) {
    const entry = gazetteer.entries.get([head, ...rest].join(' '));
    if (entry) return entry;
  }
  return undefined;
}

function entryName(entry: NonNullable<ReturnType<typeof lookup>>, language: 'ar' | 'en' | 'fr'): string {
  return entry.names[language] ?? entry.names.en ?? entry.names.ar ?? entry.aliases[0] ?? entry.id;
}

function matchGazetteer(
  toks: Token[],
  used: boolean[],
  gazetteer: Gazetteer,
  language: 'ar' | 'en' | 'fr',
  out: Collector,
) {
  for (let i = 0; i < toks.length; i++) {
    const token = toks[i];
    if (!token?.word || used[i]) continue;
    const reach = aliasReach(toks, i, gazetteer);
    if (reach === 0) continue;
    // The longest alias is tried first, over words no earlier match took.
    let free = 1;
    while (free < reach && !used[i + free]) free++;
    for (let n = free; n >= 1; n--) {
      const entry = lookup(toks, i, n, gazetteer);
      if (!entry) continue;
      out.add(entry.id, entry.type, entryName(entry, language));
      for (let k = i; k < i + n; k++) used[k] = true;
      // An acronym in parentheses right after a name is an alias of it: "… (سانا)".
      i += n - 1;
      break;
    }
  }
}

/** Most tokens from `start` that begin some alias (0 when none starts with its word): no longer n-gram can be one. */
function aliasReach(toks: Token[], start: number, gazetteer: Gazetteer): number {
  const first = toks[start];
  if (!first) return 0;
  const end = Math.min(gazetteer.maxTokens, toks.length - start);
  let reach = 0;
  for (const head of first.heads) {
    if (!gazetteer.heads.has(head)) continue;
    reach = Math.max(reach, 1);
    let key = head;
    for (let n = 2; n <= end; n++) {
      const next = toks[start + n - 1];
      if (!next?.word) break;
      key += ` ${next.key}`;
      if (!gazetteer.prefixes.has(key)) break;
      if (n > reach) reach = n;
    }
  }
  return reach;
}

function headKey(token: Token | undefined, heads: Set<string>): string | null {
  if (!token?.word || !isArabic(token)) return null;
  // A loop, not `find`: this runs for every token of an article, and the callback was a new closure each time.
  const { forms } = token;
  for (let i = 0; i < forms.length; i++) if (heads.has(forms[i] as string)) return forms[i] as string;
  return null;
}

/** وزارة الدفاع الروسية، مجلس الأمن الدولي، جبهة النصرة: a head noun and the definite words that follow it. */
function arabicOrganizations(
  toks: Token[],
  used: boolean[],
  gazetteer: Gazetteer,
  language: 'ar' | 'en' | 'fr',
  out: Collector,
) {
  for (let i = 0; i < toks.length; i++) {
    if (used[i] || !headKey(toks[i], AR_ORG_HEADS)) continue;
    let j = i + 1;
    while (j < toks.length && j - i <= 4) {
      const t = toks[j];
      // A role after the body's name starts its holder's name ("هيئة الأركان الفريق ...").
      if (!t?.word || used[j] || !t.key.startsWith('ال') || AR_STOPWORDS.has(t.key) || t.personTrigger) break;
      j++;
    }
    if (j === i + 1) continue;
    const parts = toks.slice(i, j);
    // Strip the clitic the head carried in the text: "بوزارة" → "وزارة".
    const head = parts[0];
    const headForm = head ? (withoutClitics(head.key).find((f) => AR_ORG_HEADS.has(f)) ?? head.key) : '';
    const name =
      `${stripClitic(head?.text.replace(DISPLAY_MARKS, '') ?? '', headForm)} ${display(parts.slice(1))}`.trim();
    const entry = gazetteer.entries.get(aliasKey(name));
    if (entry) out.add(entry.id, entry.type, entryName(entry, language));
    else out.add(`organization:${matchKey(name)}`, 'organization', name);
    for (let k = i; k < j; k++) used[k] = true;
    i = j - 1;
  }
}

/** Removes leading clitic letters from a written word so that it matches its bare match form. */
function stripClitic(written: string, bareKey: string): string {
  for (let cut = 0; cut <= 2; cut++) {
    if (matchKey(written.slice(cut)) === bareKey) return written.slice(cut);
  }
  return written;
}

/** مدينة X، ريف X، قاعدة «X»: the word after a place noun is a place. */
function arabicPlaces(toks: Token[], used: boolean[], out: Collector) {
  for (let i = 0; i < toks.length; i++) {
    if (!headKey(toks[i], AR_PLACE_TRIGGERS)) continue;
    let j = i + 1;
    while (toks[j] && /^[«"“(]$/.test(toks[j]?.text ?? '')) j++;
    const first = toks[j];
    if (
      !first?.word ||
      used[j] ||
      !isArabic(first) ||
      AR_STOPWORDS.has(first.key) ||
      first.tanween ||
      isNisba(first.key)
    )
      continue;
    if (first.key.startsWith('ال') && AR_PLACE_TRIGGERS.has(first.key.slice(2))) continue;
    // "مطار الملك خالد": named after a person, whose title is no place name.
    if (first.personTrigger) continue;
    const parts = [first];
    const second = toks[j + 1];
    if (
      second?.word &&
      !used[j + 1] &&
      isArabic(second) &&
      second.key.startsWith('ال') &&
      !isNisba(second.key) &&
      !AR_STOPWORDS.has(second.key) &&
      !second.tanween
    ) {
      parts.push(second);
    }
    const name = display(parts);
    out.add(`place:${matchKey(name)}`, 'place', name);
    for (let k = j; k < j + parts.length; k++) used[k] = true;
  }
}

/** Words of a person name after a role, connectors aside ("محمد بن نايف بن عبدالعزيز آل سعود" has four). */
const MAX_NAME_WORDS = 4;
const MAX_NAME_TOKENS = 9;
const FAMILY = matchKey('آل');
const SON_OF = matchKey('بن');

/**
 * Person names after a role or a descriptor: "الرئيس السوري، بشار الأسد"،
 * "نظيره الروسي فلاديمير بوتين"، "الناطق باسم الكرملين ديمتري بيسكوف"،
 * "الإيراني قاسم سليماني". A name needs two words at least: single words
 * after a role are too often verbs or nouns.
 */
function arabicPersons(toks: Token[], used: boolean[], out: Collector) {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t?.word || !isArabic(t)) continue;
    if (!t.descriptor) continue;
    // "مطار الملك خالد الدولي"، "جامعة الإمام محمد بن سعود": an institution named after someone, not that person.
    const before = toks[i - 1];
    if (
      before?.word &&
      (headKey(before, AR_ORG_HEADS) || headKey(before, AR_PLACE_TRIGGERS) || headKey(before, NAMED_AFTER_HEADS))
    )
      continue;
    let j = i + 1;
    // Role modifiers: nationality adjectives, portfolios, honorifics, "باسم X".
    for (let guard = 0; guard < 6 && j < toks.length; guard++) {
      const m = toks[j];
      if (!m) break;
      if (m.text === '،' || m.text === ',') {
        j++;
        continue;
      }
      if (!m.word) break;
      if (isNisba(m.key) || AR_ROLE_MODIFIERS.has(m.key) || AFFILIATIONS.has(m.key)) {
        j++;
        continue;
      }
      // "وزير خارجية إيران"، "رئيس وزراء باكستان": a portfolio without its article, then the country it serves.
      if (PORTFOLIOS.has(m.key) && toks[j + 1]?.word && (used[j + 1] || toks[j + 1]?.key.startsWith('ال'))) {
        j += 2;
        continue;
      }
      // 'باسم الكرملين', 'لمجلس التعاون', 'للأمم المتحدة', 'لكرة القدم', 'لحقوق الإنسان': what the role is of or for.
      const next = toks[j + 1];
      if (
        m.key === 'باسم' ||
        m.key === 'لشوون' ||
        (m.key.startsWith('ل') &&
          (headKey(m, AR_ORG_HEADS) !== null ||
            m.key.startsWith('لل') ||
            (next?.word === true && next.key.startsWith('ال') && !AR_NAME_CONNECTORS.has(next.key))))
      ) {
        j += 2;
        while (toks[j]?.word && toks[j]?.key.startsWith('ال')) j++;
        continue;
      }
      // 'رئيس جمهورية الشيشان'، 'رئيس مجلس إدارة الشركة': the body the role heads, with its name.
      if (headKey(m, AR_ORG_HEADS) !== null || headKey(m, STATE_HEADS) !== null) {
        j++;
        // Its name: definite words, other heads, a name already matched ("جمهورية مصر العربية").
        while (toks[j]?.word && (toks[j]?.key.startsWith('ال') || used[j] || headKey(toks[j], AR_ORG_HEADS) !== null))
          j++;
        continue;
      }
      break;
    }
    const name: Token[] = [];
    let nameWords = 0;
    while (j < toks.length && nameWords < MAX_NAME_WORDS && name.length < MAX_NAME_TOKENS) {
      const n = toks[j];
      if (!n?.word || used[j] || !isArabic(n) || n.tanween || AR_STOPWORDS.has(n.key) || AR_NOT_NAMES.has(n.key)) break;
      // Figures are no part of a name ("فان جال 1ر83 مليون").
      if (/\d/.test(n.key)) break;
      // A role word followed by بن is a given name ("الدكتور مساعد بن محمد العيبان").
      if (AR_PERSON_TRIGGERS.has(n.key) && toks[j + 1]?.key !== SON_OF) break;
      if (AFFILIATIONS.has(n.key) || AR_NATIONALITIES.has(n.key)) break;
      // No name begins with a connector or with the head of a body's name ("بنادي النصر"، "حرس الحدود").
      if (name.length === 0 && (AR_NAME_CONNECTORS.has(n.key) || headKey(n, AR_ORG_HEADS) !== null)) break;
      if (name.length === 0 && n.key.startsWith('ال') && n.key !== 'الله') break;
      // A verb opens the predicate ("ولي العهد يوجه"، "جوزيه مورينيو اعتمد"); after a role, بـ/لـ with a noun opens
      // a phrase ("بمعاملة").
      if (
        AR_HEADLINE_VERBS.has(n.key) ||
        (name.length === 0 && /^[بل]\p{L}{3,}ه$/u.test(n.key) && !NAMES_LIKE_PHRASES.has(n.key))
      )
        break;
      // Prepositions glued to a word ("للروم", "لأرفع", "بالجيش") and plural verbs ("يقدمون") are not names.
      // The preposition shows in the written form, before a hamza ("لأرفع"): "باراك"، "كاميرون"، "لافروف" are names.
      if (/^(?:لل|[لبك]ال)/.test(n.key) || n.gluedPreposition || /^[يتن]\p{L}{2,}(?:ون|ان|ونه|ونها)$/u.test(n.key))
        break;
      // Plural nouns ('عمليات', 'المساعدات') are not part of a name.
      if (/ات$/.test(n.key) && (name.length === 0 || n.key.startsWith('ال'))) break;
      // A definite family name ("الفلاسي"، "الأسد") closes the name unless a connector or another definite word
      // follows; a regnal number does not ("يوحنا العاشر يازجي").
      const previous = name[name.length - 1];
      if (
        previous &&
        previous.key.length > 2 &&
        previous.key.startsWith('ال') &&
        !REGNAL_NUMBERS.has(previous.key) &&
        !n.key.startsWith('ال') &&
        !AR_NAME_CONNECTORS.has(n.key)
      )
        break;
      // A word opening with the conjunction و is the next clause ("ويبحث"), unless it is a name like وليد.
      if (n.key.startsWith('و') && !NAME_WORDS_WITH_WAW.has(n.key)) break;
      name.push(n);
      if (!AR_NAME_CONNECTORS.has(n.key)) nameWords++;
      j++;
      // The word after آل is the family name, the last of the name.
      if (name.length >= 2 && name[name.length - 2]?.key === FAMILY && n.key !== FAMILY) break;
    }
    // "سلمان بن عبدالعزيز آل" is a name cut short: a name never ends on a connector.
    while (name.length && AR_NAME_CONNECTORS.has(name[name.length - 1]?.key ?? '')) {
      name.pop();
      j--;
    }
    if (name.length < 2) continue;
    const text = display(name);
    out.add(`person:${matchKey(text)}`, 'person', text);
    for (let k = j - name.length; k < j; k++) used[k] = true;
    i = j - 1;
  }
}

/** A capitalized run in Latin script starting at `start` (connectors like "of" allowed inside). */
function latinRun(toks: Token[], used: boolean[], start: number): Token[] {
  const parts: Token[] = [];
  for (let j = start; j < toks.length; j++) {
    const n = toks[j];
    if (!n?.word || used[j] || isArabic(n)) break;
    if (isCapitalized(n) && !EN_NOT_NAMES.has(n.key)) parts.push(n);
    else if (parts.length > 0 && EN_CONNECTORS.has(n.key) && toks[j + 1]?.word && isCapitalized(toks[j + 1] ?? n))
      parts.push(n);
    else break;
  }
  return parts;
}

/** "Suez Canal Economic Zone", "Central Bank of Jordan": a run with an organization word is one organization, whatever places it names. */
function latinOrganizations(
  toks: Token[],
  used: boolean[],
  gazetteer: Gazetteer,
  language: 'ar' | 'en' | 'fr',
  out: Collector,
) {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t?.word || used[i] || isArabic(t) || !isCapitalized(t)) continue;
    const parts = latinRun(toks, used, i);
    if (parts.length >= 2 && parts.some((p) => EN_ORG_SUFFIXES.has(p.key))) {
      const name = display(parts);
      const entry = gazetteer.entries.get(aliasKey(name));
      if (entry) out.add(entry.id, entry.type, entryName(entry, language));
      else out.add(`organization:${matchKey(name)}`, 'organization', name);
      for (let k = i; k < i + parts.length; k++) used[k] = true;
    }
    i += Math.max(0, parts.length - 1);
  }
}

/** Capitalized sequences in Latin script: organizations by suffix, places by context, else persons. */

function latinSequences(toks: Token[], used: boolean[], out: Collector) {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t?.word || used[i] || isArabic(t) || !isCapitalized(t)) continue;
    const sentenceStart = i === 0 || /^[.!?:;"“«(]$/.test(toks[i - 1]?.text ?? '');
    const parts = latinRun(toks, used, i);
    const j = i + parts.length;
    if (parts.length === 0) continue;
    i = Math.max(i, j - 1);
    const last = parts[parts.length - 1];
    const previous = toks[i - parts.length]?.key ?? '';
    const next = toks[j]?.key ?? '';
    const name = display(parts).replace(/['’]s$/, '');
    const key = matchKey(name);
    if (
      parts.some((p) => EN_ORG_SUFFIXES.has(p.key)) ||
      /^(?:ministry|department|university|bank|office)$/.test(parts[0]?.key ?? '')
    ) {
      if (parts.length >= 2) out.add(`organization:${key}`, 'organization', name);
      continue;
    }
    if (
      EN_PLACE_WORDS.has(next) ||
      /^(?:city|town|village|province|region) of$/.test(`${toks[i - parts.length - 1]?.key ?? ''} ${previous}`)
    ) {
      out.add(`place:${key}`, 'place', name);
      continue;
    }
    if (parts.length < 2 || !last || (sentenceStart && parts.length < 2)) continue;
    if (EN_PERSON_TITLES.has(previous) || parts.length <= 4) out.add(`person:${key}`, 'person', name);
  }
}
