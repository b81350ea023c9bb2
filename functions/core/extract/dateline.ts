import { matchKey } from '../text/normalize.ts';
import { AGENCY_WORD_PATTERN, agencyName } from './agencies.ts';
import { monthNumber } from './calendar.ts';

/**
 * Datelines: the place and agency a wire story opens with, in the shapes
 * newsrooms use: "DAMASCUS (Reuters) -", "بيروت - رويترز:", "ا ف ب (دمشق)",
 * "PARIS, Jan 5 (AFP) -", "القدس المحتلة/ وفا-", "(AP) — WASHINGTON —",
 * "أنقرة/ Reporter/ الأناضول", "أبوظبي في 7 يناير /وام/", "الكويت - 7 - 1 (كونا) --",
 * "لندن - «الحياة»:" and the capitalized "WASHINGTON —" of newspapers.
 * One side must be a known agency (or a quoted source, or a capitalized
 * Latin place before a dash): a place name followed by a verb is a sentence.
 */

export interface Dateline {
  agency: string | null;
  place: string | null;
}

// Datelines are short: patterns only look at the head of a paragraph.
const HEAD_CHARS = 240;

// Tatweel is a dash only when spaced ("بيروت ـ رويترز"); inside a word it is elongation.
const DASH = '(?:[-–—‒―−]+|(?<=\\s)ـ+|ـ+(?=\\s))';
const END = `(?:\\s*(?:${DASH}|[:/])+\\s*|\\s*$)`;
// A dateline part: no brackets, quotes, dashes, slashes or colons.
const PART = '[^()«»"“”/:\\n\\-–—‒―−]{1,60}?';
// KUNA writes the day and month after the place: "الكويت - 7 - 1 (كونا) --".
// Reuters names two cities for a joint report: "GAZA CITY/JERUSALEM (Reuters) -".
const PLACE_WITH_DAY = `${PART}(?:\\s*/\\s*${PART})?(?:\\s*-\\s*\\d{1,2}){0,2}`;

interface Pattern {
  regex: RegExp;
  read: (m: RegExpExecArray) => Dateline | null;
}

const PATTERNS: Pattern[] = [
  // (AP) — WASHINGTON —
  {
    regex: new RegExp(`^\\s*\\(\\s*([^()\\n]{1,48}?)\\s*\\)\\s*${DASH}\\s*(${PART})\\s*${DASH}\\s*`, 'u'),
    read: (m) => withAgency(m[1], m[2]),
  },
  // (Reuters) - …
  {
    regex: new RegExp(`^\\s*\\(\\s*([^()\\n]{1,48}?)\\s*\\)${END}`, 'u'),
    read: (m) => agencyOnly(m[1]),
  },
  // DAMASCUS (Reuters) -   PARIS, Jan 5 (AFP) -   ا ف ب (دمشق)   عمان 7 كانون الثاني (بترا)-
  {
    regex: new RegExp(`^\\s*(${PLACE_WITH_DAY})\\s*\\(\\s*([^()\\n]{1,48}?)\\s*\\)${END}`, 'u'),
    read: (m) => pair(m[1], m[2]),
  },
  // أنقرة/ Reporter Name/ الأناضول
  {
    regex: new RegExp(`^\\s*(${PART})\\s*/\\s*(${PART})\\s*/\\s*(${PART})${END}`, 'u'),
    read: (m) => (agencyName(m[3] ?? '') ? withAgency(m[3], m[1]) : null),
  },
  // لندن - «الحياة»:   (a quoted source that is not in the agency table)
  {
    regex: new RegExp(`^\\s*(${PART})\\s*(?:${DASH}|/)\\s*[«"“]([^«»"“”\\n]{1,40})[»"”]\\s*(?:${DASH}|:)\\s*`, 'u'),
    read: (m) => quotedSource(m[1], m[2]),
  },
  // لندن: «الشرق الأوسط»   (a line of its own)
  {
    regex: new RegExp(`^\\s*(${PART})\\s*:\\s*[«"“]([^«»"“”\\n]{1,40})[»"”]\\s*$`, 'u'),
    read: (m) => quotedSource(m[1], m[2]),
  },
  // بيروت - رويترز:   القدس المحتلة/ وفا-   أبوظبي في 7 يناير /وام/
  {
    regex: new RegExp(`^\\s*(${PART})\\s*(?:${DASH}|/)\\s*(${PART})${END}`, 'u'),
    read: (m) => withAgency(m[2], m[1]),
  },
  // رويترز - …
  {
    regex: new RegExp(`^\\s*(${PART})\\s*(?:${DASH}|:)\\s*`, 'u'),
    read: (m) => agencyOnly(m[1]),
  },
  // الرياض 12 ربيع الأول 1441 هـ الموافق 09 نوفمبر 2019 م واس
  {
    regex: new RegExp(
      `^\\s*([^\\d\\n()/:\\-–—]{2,30}?)\\s+((?:في\\s+)?\\d[^\\n()«»":]{0,80}?)\\s*[/(]?\\s*(${AGENCY_WORD_PATTERN})\\s*[/)]?(?:\\s*(?:${DASH}|:)\\s*|\\s+|$)`,
      'u',
    ),
    read: (m) => placeDateAgency(m[1], m[2], m[3]),
  },
  // WASHINGTON —   KYIV, Ukraine —   (newspapers' own datelines, no agency)
  {
    regex:
      /^\s*([A-Z][A-Z.'’ -]{1,40}?[A-Z.])((?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?)\s*(?:—|–|--|\s-)\s+/u,
    read: (m) => capitalizedPlace(m[1], m[0], m.input.slice(m.index + m[0].length, m.index + m[0].length + 40)),
  },
];

// Words that never belong to a place name: verbs, function words, credit and source words.
const NOT_PLACE_WORDS = new Set(
  [
    'قال',
    'قالت',
    'افاد',
    'افادت',
    'ذكر',
    'ذكرت',
    'اعلن',
    'اعلنت',
    'اكد',
    'اكدت',
    'نقل',
    'نقلت',
    'اوضح',
    'صرح',
    'وكاله',
    'الوكاله',
    'الانباء',
    'انباء',
    'الرسميه',
    'من',
    'في',
    'على',
    'الى',
    'عن',
    'ان',
    'انه',
    'التي',
    'الذي',
    'هذا',
    'هذه',
    'مع',
    'بعد',
    'قبل',
    'حسب',
    'بحسب',
    'وفق',
    'نقلا',
    'المصدر',
    'مصدر',
    'صوره',
    'الصوره',
    'تصوير',
    'ارشيفيه',
    'ارشيف',
    'الرييس',
    'خلال',
    'كما',
    'لكن',
    'حيث',
    'in',
    'on',
    'at',
    'he',
    'she',
    'it',
    'they',
    'we',
    'i',
    'said',
    'says',
    'photo',
    'file',
    'by',
    'is',
    'was',
    'are',
    'were',
    'has',
    'have',
    'will',
    'to',
    'for',
    'with',
    'from',
    'and',
    'or',
  ].map((w) => matchKey(w)),
);

// Latin place-name particles that stay lowercase ("Dar es Salaam", "Rio de Janeiro").
const PARTICLES = new Set([
  'al',
  'el',
  'es',
  'de',
  'da',
  'do',
  'du',
  'des',
  'la',
  'le',
  'of',
  'upon',
  'am',
  'an',
  'sur',
]);

// Sources that say "from our correspondents" or "several agencies": no agency name, the place still counts.
const GENERIC_SOURCES = new Set(['وكالات', 'خاص', 'مراسلنا', 'متابعات', 'agencies', 'staff', 'wires'].map(compactKey));
// "عواصم - وكالات" (capitals - agencies): no single place.
const NOT_A_PLACE = new Set(['عواصم', 'عواصم عربيه', 'عواصم عالميه'].map(compactKey));

// Words of a date between a place and the agency: Gregorian and Hijri months, era marks, "في", "الموافق".
const DATE_WORDS = new Set(
  [
    'في',
    'الموافق',
    'م',
    'ه',
    'هـ',
    'محرم',
    'صفر',
    'ربيع',
    'الاول',
    'الثاني',
    'الاخر',
    'جمادي',
    'الاولي',
    'الاخره',
    'الثانيه',
    'رجب',
    'شعبان',
    'رمضان',
    'شوال',
    'ذو',
    'ذي',
    'القعده',
    'الحجه',
    'كانون',
    'تشرين',
    'اول',
    'ثاني',
  ].map((w) => matchKey(w)),
);

function compactKey(text: string): string {
  return matchKey(text).replace(/\s+/g, ' ');
}

function isDateWord(word: string): boolean {
  return /^\d{1,4}$/.test(word) || DATE_WORDS.has(word) || monthNumber(word) > 0;
}

/** A run of date words: "7 يناير", "12 ربيع الأول 1441 هـ الموافق 09 نوفمبر 2019 م", "Jan 5", "5 - 1". */
function isDateRun(text: string): boolean {
  const words = matchKey(text)
    .replace(/[-–—/.,،]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  return words.length > 0 && words.some((w) => /\d/.test(w)) && words.every(isDateWord);
}

const TITLE_WORD = /(^|[\s'’-])(\p{L})/gu;

function titleCase(text: string): string {
  return text.toLowerCase().replace(TITLE_WORD, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

const MAX_PLACE_WORDS = 4;

/**
 * The place of a dateline part, or null when the part does not look like one.
 * Strips what follows the city ("PARIS, Jan 5", "ALEXANDRIA, Egypt", "عمان 7 كانون الثاني",
 * "أبوظبي في 7 يناير") and title-cases a shouted Latin name ("DAMASCUS" → "Damascus").
 */
function cleanPlace(raw: string | undefined): string | null {
  if (!raw) return null;
  let place = raw.trim();
  place = place.split('/')[0] ?? '';
  const comma = place.search(/[,،]/);
  if (comma >= 0) {
    const after = place.slice(comma + 1);
    if (after.split(/\s+/).length > 6 || /[.!?؟]\s/.test(after)) return null;
    place = place.slice(0, comma).trim();
  }
  // The date after the place: from the first digit (or "في" before it) on.
  const date = /\s+(?:في\s+)?[\d\u0660-\u0669]/u.exec(place);
  if (date) {
    if (!isDateRun(place.slice(date.index))) return null;
    place = place.slice(0, date.index).trim();
  }
  place = place
    .replace(/\s+-\s*$/, '')
    .replace(/^[\s"'«“(]+|[\s"'»”)]+$/g, '')
    .trim();
  if (!place || /[\d.!?؟؛;:]/u.test(place.replace(/^(?:St|Ste|Mt|Ft)\.\s/i, ''))) return null;
  const words = place.split(/\s+/);
  if (words.length > MAX_PLACE_WORDS) return null;
  if (words.some((w) => NOT_PLACE_WORDS.has(matchKey(w)))) return null;
  if (/[A-Za-z]/.test(place)) {
    // Latin place names are capitalized: "Damascus", "NEW YORK", "Dar es Salaam".
    if (!words.every((w) => /^\p{Lu}/u.test(w) || PARTICLES.has(w.toLowerCase()))) return null;
    if (/^[^a-z]*$/.test(place) && /[A-Z]{2}/.test(place)) return titleCase(place);
  }
  if (NOT_A_PLACE.has(compactKey(place))) return null;
  return place;
}

/** Place and agency from the two sides of a dateline, whichever side the agency is on. */
function pair(a: string | undefined, b: string | undefined): Dateline | null {
  return withAgency(b, a) ?? withAgency(a, b);
}

function withAgency(agencyText: string | undefined, placeText: string | undefined): Dateline | null {
  const agency = agencyName(agencyText ?? '');
  const generic = !agency && GENERIC_SOURCES.has(compactKey(agencyText ?? ''));
  if (!agency && !generic) return null;
  const place = cleanPlace(placeText);
  if (place) return { agency, place };
  // "عواصم - وكالات": a dateline without a place.
  if (placeText && NOT_A_PLACE.has(compactKey(placeText.trim()))) return { agency, place: null };
  return null;
}

function agencyOnly(text: string | undefined): Dateline | null {
  const agency = agencyName(text ?? '');
  return agency ? { agency, place: null } : null;
}

function quotedSource(placeText: string | undefined, source: string | undefined): Dateline | null {
  const place = cleanPlace(placeText);
  const name = (source ?? '').trim();
  if (!place || !name || name.split(/\s+/).length > 4 || /[.!?؟،,]/.test(name)) return null;
  return { agency: agencyName(name) ?? name, place };
}

function placeDateAgency(
  placeText: string | undefined,
  date: string | undefined,
  agencyText: string | undefined,
): Dateline | null {
  if (!isDateRun(date ?? '')) return null;
  return withAgency(agencyText, placeText);
}

// Capitalized words that open a text before a dash without being a place.
const NOT_PLACE_CAPS = new Set(
  'BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS FACTBOX FACTBOXES WRAPUP INSIGHT COLUMN OPINION WATCH LIVE VIDEO PHOTOS PHOTO FEATURE REVIEW EDITORIAL CORRECTED CORRECTION REFILE RPT URGENT NEWS SPORTS SPORT BUSINESS ADVISORY EXPLAINER INTERVIEW BRIEF BRIEFS TIMELINE POLL SCENARIOS PREVIEW REPORT NOTE NOTICE WARNING ALERT FLASH'.split(
    ' ',
  ),
);

function capitalizedPlace(raw: string | undefined, whole: string, after: string): Dateline | null {
  const place = (raw ?? '').trim();
  // An all-capitals headline ("TALKS COLLAPSE — REPORT") is not followed by a sentence.
  if (!/^\P{L}*\p{Lu}?[\p{Ll}\s]/u.test(after) || place.split(/\s+/).length > 3) return null;
  const letters = place.replace(/[^A-Z]/g, '');
  if (letters.length < 3 || place.split(/\s+/).some((w) => NOT_PLACE_CAPS.has(w.replace(/[^A-Z]/g, '')))) {
    return null;
  }
  if (/\d/.test(place) || whole.length > 80) return null;
  const cleaned = cleanPlace(place);
  return cleaned ? { agency: null, place: cleaned } : null;
}

/** The dateline at the start of `text`, with the rest of the text; null when there is none. */
export function parseDateline(text: string): { dateline: Dateline; rest: string } | null {
  const head = text.slice(0, HEAD_CHARS);
  if (text.length <= 80) {
    // A line that is only an agency: "رويترز", "(AFP)", "- أ ف ب".
    const bare = text.replace(/^[\s()[\]\-–—‒―ـ:/|«»"“”]+|[\s()[\]\-–—‒―ـ:/|«»"“”]+$/gu, '');
    const agency = agencyName(bare);
    if (agency) return { dateline: { agency, place: null }, rest: '' };
  }
  for (const { regex, read } of PATTERNS) {
    const match = regex.exec(head);
    if (!match) continue;
    const dateline = read(match);
    if (dateline) return { dateline, rest: text.slice(match[0].length).trim() };
  }
  return null;
}

/** A short first paragraph that can sit before the dateline: a byline or a kicker, not a sentence. */
function isShortLine(text: string): boolean {
  return text.trim().split(/\s+/).length <= 8 && !/[.!?؟]\s*$/u.test(text.trim());
}

/**
 * Looks for the dateline at the start of the body: the first paragraph, or a
 * line of its own among the first two (or the second after a short line such
 * as a byline), and removes it. A dateline-only paragraph is dropped; a prefix
 * is cut, the rest of the paragraph kept.
 */
export function extractDateline(paragraphs: string[]): { dateline: Dateline | null; paragraphs: string[] } {
  for (let i = 0; i < Math.min(2, paragraphs.length); i++) {
    const found = parseDateline(paragraphs[i] ?? '');
    if (!found) continue;
    if (i === 1 && found.rest && !isShortLine(paragraphs[0] ?? '')) continue;
    const rest = [...paragraphs];
    if (found.rest) rest[i] = found.rest;
    else rest.splice(i, 1);
    return { dateline: found.dateline, paragraphs: rest };
  }
  return { dateline: null, paragraphs };
}
