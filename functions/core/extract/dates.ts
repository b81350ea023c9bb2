import { matchKey } from '../text/normalize.ts';

/**
 * Dates. `parseDate` normalizes dates from markup, JSON and metadata.
 * `extractEventDate` finds the day the reported event happened: every date
 * expression in the text (absolute, in Arabic, English or French, with both
 * Arabic month systems; relative: today, yesterday, weekday names) becomes a
 * scored candidate. Position (headline and lead count most), expression type
 * and context (future tense, background "since 2011", quotes) weigh it.
 *
 * Matching runs on the `matchKey` form: digits ASCII, alef unified, ة→ه, ى→ي.
 */

const DAY_MS = 86_400_000;

// Month names in match form. Longer names first so "كانون الثاني" wins over "كانون".
const MONTHS: [string, number][] = [
  ['كانون الثاني', 1],
  ['كانون الاول', 12],
  ['تشرين الاول', 10],
  ['تشرين الثاني', 11],
  ['يناير', 1],
  ['جانفي', 1],
  ['فبراير', 2],
  ['فيفري', 2],
  ['شباط', 2],
  ['مارس', 3],
  ['اذار', 3],
  ['ابريل', 4],
  ['افريل', 4],
  ['نيسان', 4],
  ['مايو', 5],
  ['ماي', 5],
  ['ايار', 5],
  ['يونيو', 6],
  ['يونيه', 6],
  ['جوان', 6],
  ['حزيران', 6],
  ['يوليو', 7],
  ['يوليه', 7],
  ['جويليه', 7],
  ['تموز', 7],
  ['اغسطس', 8],
  ['اوت', 8],
  ['اب', 8],
  ['سبتمبر', 9],
  ['ايلول', 9],
  ['اكتوبر', 10],
  ['نوفمبر', 11],
  ['ديسمبر', 12],
  ['january', 1],
  ['february', 2],
  ['march', 3],
  ['april', 4],
  ['may', 5],
  ['june', 6],
  ['july', 7],
  ['august', 8],
  ['september', 9],
  ['october', 10],
  ['november', 11],
  ['december', 12],
  ['sept', 9],
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
  ['janvier', 1],
  ['mars', 3],
  ['fevrier', 2],
  ['avril', 4],
  ['mai', 5],
  ['juin', 6],
  ['juillet', 7],
  ['aout', 8],
  ['septembre', 9],
  ['octobre', 10],
  ['novembre', 11],
  ['decembre', 12],
].sort((a, b) => (b[0] as string).length - (a[0] as string).length) as [string, number][];
const MONTH_BY_NAME = new Map(MONTHS);
const MONTH = `(${MONTHS.map(([name]) => name.replace(/ /g, '\\s+')).join('|')})`;

// 0 = Sunday, as Date.getUTCDay.
const WEEKDAYS: [string, number][] = [
  ['الاحد', 0],
  ['الاثنين', 1],
  ['الثلاثاء', 2],
  ['الاربعاء', 3],
  ['الخميس', 4],
  ['الجمعه', 5],
  ['السبت', 6],
  ['sunday', 0],
  ['monday', 1],
  ['tuesday', 2],
  ['wednesday', 3],
  ['thursday', 4],
  ['friday', 5],
  ['saturday', 6],
  ['dimanche', 0],
  ['lundi', 1],
  ['mardi', 2],
  ['mercredi', 3],
  ['jeudi', 4],
  ['vendredi', 5],
  ['samedi', 6],
];
const WEEKDAY_BY_NAME = new Map(WEEKDAYS);
const WEEKDAY = `(${WEEKDAYS.map(([n]) => n).join('|')})`;

// Word boundaries for Arabic and Latin (JavaScript's \b is ASCII-only).
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
// Clitics Arabic attaches to a day word: و، ف، ب، ل and "يوم".
const AR_PREFIX = '(?:[وفبل]|وب|ول)?';

const ABSOLUTE_DAY_MONTH = new RegExp(
  `${B}(\\d{1,2})(?:st|nd|rd|th|er)?\\s+(?:من\\s+)?(?:شهر\\s+)?${AR_PREFIX}${MONTH}${E}(?:\\s*[/(]\\s*${MONTH}\\s*\\)?)?(?:\\s*[,،]?\\s*(?:(?:من\\s+)?(?:عام|العام|سنه|of)\\s+)?(\\d{4})${E})?`,
  'gu',
);
const ABSOLUTE_MONTH_DAY = new RegExp(
  `${B}${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?${E}(?:,?\\s+(\\d{4})${E})?`,
  'gu',
);
const ISO_DAY = /(?<![\d])(\d{4})-(\d{2})-(\d{2})(?![\d])/gu;
const NUMERIC_DAY = /(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/.])/gu;
const TODAY = new RegExp(
  `${B}(?:${AR_PREFIX}اليوم|(?:صباح|مساء|ظهر|فجر|ليل)\\s+اليوم|الليله|today|tonight|this\\s+(?:morning|afternoon|evening)|aujourd'hui|ce\\s+matin|ce\\s+soir)${E}`,
  'gu',
);
const YESTERDAY = new RegExp(
  `${B}(?:${AR_PREFIX}(?:امس|البارحه)|(?:صباح|مساء|ليل|ظهر)\\s+امس|yesterday|hier)${E}`,
  'gu',
);
const DAY_BEFORE_YESTERDAY = new RegExp(`${B}(?:اول\\s+(?:من\\s+)?امس|avant-hier)${E}`, 'gu');
const TOMORROW = new RegExp(`${B}(?:${AR_PREFIX}غدا|tomorrow|demain)${E}`, 'gu');
const WEEKDAY_MENTION = new RegExp(`${B}(?:(?:يوم|on|last|this|le)\\s+)?${AR_PREFIX}${WEEKDAY}${E}`, 'gu');
// Today followed by a weekday or a date names the same day once: "اليوم (الثلاثاء)", "اليوم 7 يناير".
const TODAY_THEN_DAY = new RegExp(`^\\s*[(،,]?\\s*(?:${WEEKDAY}|\\d{1,2}\\s)`, 'u');

const FUTURE_CONTEXT = new RegExp(
  `${B}(?:سوف|[وف]?س[يتن]\\p{L}{3,}|will|would|to\\s+be\\s+held|next|upcoming|scheduled|prochain|prochaine|va|المقبل|القادم|المقبله|القادمه)${E}`,
  'u',
);
const BACKGROUND_CONTEXT = new RegExp(`${B}(?:منذ|since|depuis|اواخر|اوايل|last\\s+year|العام\\s+الماضي)${E}`, 'u');

export interface EventDateInput {
  title?: string | null;
  paragraphs: string[];
  reference: string | null;
  language: string | null;
}

export interface EventDate {
  date: string | null;
  /** The expression the date came from, `reference` for the fallback, null when none. */
  evidence: string | null;
}

interface Candidate {
  day: number; // UTC midnight, ms
  weight: number;
  text: string;
}

function utcDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  return check.getUTCDate() === day ? time : null;
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The year that puts month/day closest to the reference without going more than a week past it. */
function inferYear(month: number, day: number, reference: number | null): number | null {
  if (reference === null) return null;
  const year = new Date(reference).getUTCFullYear();
  for (const y of [year, year - 1]) {
    const t = utcDay(y, month, day);
    if (t !== null && t <= reference + 7 * DAY_MS) return y;
  }
  return null;
}

function referenceDay(reference: string | null): number | null {
  if (!reference) return null;
  const parsed = parseDate(reference);
  if (!parsed) return null;
  return Date.parse(`${parsed.slice(0, 10)}T00:00:00Z`);
}

function latestWeekday(reference: number, weekday: number): number {
  const offset = (new Date(reference).getUTCDay() - weekday + 7) % 7;
  return reference - offset * DAY_MS;
}

function positionWeight(paragraph: number): number {
  if (paragraph < 0) return 1.5; // the title
  if (paragraph === 0) return 1.5;
  if (paragraph === 1) return 1.2;
  return Math.max(0.4, 1 - 0.1 * paragraph);
}

/** Inside quotation marks at this offset? Counts opening and closing marks before it. */
function insideQuote(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  const guillemets = (before.match(/«/g)?.length ?? 0) - (before.match(/»/g)?.length ?? 0);
  const straight = (before.match(/"/g)?.length ?? 0) % 2;
  const curly = (before.match(/“/g)?.length ?? 0) - (before.match(/”/g)?.length ?? 0);
  return guillemets > 0 || straight === 1 || curly > 0;
}

function contextWeight(text: string, start: number, end: number, day: number, reference: number | null): number {
  let weight = 1;
  const before = text.slice(Math.max(0, start - 40), start);
  const beforeWords = before.split(/\s+/).slice(-4).join(' ');
  if (FUTURE_CONTEXT.test(beforeWords) || FUTURE_CONTEXT.test(text.slice(end, end + 12))) weight *= 0.3;
  if (BACKGROUND_CONTEXT.test(beforeWords)) weight *= 0.3;
  if (insideQuote(text, start)) weight *= 0.7;
  if (reference !== null) {
    if (day > reference + DAY_MS) weight *= 0.2;
    else if (day < reference - 30 * DAY_MS) weight *= 0.3;
    else if (day < reference - 7 * DAY_MS) weight *= 0.6;
  }
  return weight;
}

function mentions(text: string, paragraph: number, reference: number | null): Candidate[] {
  const found: Candidate[] = [];
  const taken: [number, number][] = [];
  const add = (start: number, end: number, day: number | null, base: number) => {
    if (day === null) return;
    if (taken.some(([s, e]) => start < e && end > s)) return;
    taken.push([start, end]);
    const weight = base * positionWeight(paragraph) * contextWeight(text, start, end, day, reference);
    found.push({ day, weight, text: text.slice(start, end) });
  };

  for (const m of text.matchAll(ABSOLUTE_DAY_MONTH)) {
    const month = MONTH_BY_NAME.get((m[2] ?? '').replace(/\s+/g, ' ')) ?? 0;
    const day = Number(m[1]);
    const year = m[4] ? Number(m[4]) : inferYear(month, day, reference);
    add(m.index, m.index + m[0].length, year ? utcDay(year, month, day) : null, m[4] ? 8 : 7);
  }
  for (const m of text.matchAll(ABSOLUTE_MONTH_DAY)) {
    const month = MONTH_BY_NAME.get((m[1] ?? '').replace(/\s+/g, ' ')) ?? 0;
    const day = Number(m[2]);
    const year = m[3] ? Number(m[3]) : inferYear(month, day, reference);
    add(m.index, m.index + m[0].length, year ? utcDay(year, month, day) : null, m[3] ? 8 : 7);
  }
  for (const m of text.matchAll(ISO_DAY)) {
    add(m.index, m.index + m[0].length, utcDay(Number(m[1]), Number(m[2]), Number(m[3])), 8);
  }
  for (const m of text.matchAll(NUMERIC_DAY)) {
    // Day first, as in Arabic and European usage; month first only when the day-first reading is impossible.
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = Number(m[3]);
    add(m.index, m.index + m[0].length, utcDay(year, b, a) ?? utcDay(year, a, b), 7);
  }
  if (reference === null) return found;

  // Weekdays before "today", so that "اليوم (الثلاثاء)" is read as the weekday.
  for (const m of text.matchAll(WEEKDAY_MENTION)) {
    const weekday = WEEKDAY_BY_NAME.get(m[1] ?? '');
    if (weekday === undefined) continue;
    const todayBefore = /(?:اليوم|today|aujourd'hui)\s*[(،,]?\s*$/u.test(
      text.slice(Math.max(0, m.index - 12), m.index),
    );
    add(m.index, m.index + m[0].length, latestWeekday(reference, weekday), todayBefore ? 10 : 6);
  }
  for (const m of text.matchAll(DAY_BEFORE_YESTERDAY)) add(m.index, m.index + m[0].length, reference - 2 * DAY_MS, 6);
  for (const m of text.matchAll(YESTERDAY)) add(m.index, m.index + m[0].length, reference - DAY_MS, 7);
  for (const m of text.matchAll(TODAY)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
    if (TODAY_THEN_DAY.test(after)) continue;
    add(m.index, m.index + m[0].length, reference, 8);
  }
  for (const m of text.matchAll(TOMORROW)) add(m.index, m.index + m[0].length, reference + DAY_MS, 1);
  return found;
}

/** Below this total weight the text says nothing reliable about the day, and the reference day is used. */
const MIN_EVIDENCE = 1.5;

export function extractEventDate(input: EventDateInput): EventDate {
  const reference = referenceDay(input.reference);
  const scores = new Map<number, { weight: number; best: Candidate }>();
  const texts: [number, string][] = [];
  if (input.title) texts.push([-1, input.title]);
  input.paragraphs.slice(0, 40).forEach((p, i) => {
    texts.push([i, p]);
  });
  for (const [paragraph, text] of texts) {
    for (const candidate of mentions(matchKey(text), paragraph, reference)) {
      const entry = scores.get(candidate.day);
      if (!entry) scores.set(candidate.day, { weight: candidate.weight, best: candidate });
      else {
        entry.weight += candidate.weight;
        if (candidate.weight > entry.best.weight) entry.best = candidate;
      }
    }
  }
  let winner: { day: number; weight: number; text: string } | null = null;
  for (const [day, { weight, best }] of scores) {
    if (!winner || weight > winner.weight) winner = { day, weight, text: best.text };
  }
  if (winner && winner.weight >= MIN_EVIDENCE) return { date: isoDay(winner.day), evidence: winner.text };
  if (reference !== null) return { date: isoDay(reference), evidence: 'reference' };
  return winner ? { date: isoDay(winner.day), evidence: winner.text } : { date: null, evidence: null };
}

/**
 * Normalizes a date from markup, JSON or metadata: `YYYY-MM-DDTHH:mm:ssZ` (UTC)
 * when a time is known, `YYYY-MM-DD` when only the day is. Null when unreadable.
 */
export function parseDate(value: string): string | null {
  const text = value.trim();
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const [y, m, d] = text.split('-').map(Number);
    return utcDay(y ?? 0, m ?? 0, d ?? 0) !== null ? text : null;
  }
  if (/^\d{9,13}$/.test(text)) {
    const n = Number(text);
    const ms = text.length >= 12 ? n : n * 1000;
    return isoSeconds(ms);
  }
  // ISO datetimes without a zone are taken as UTC, as crawlers usually store them.
  const isoLocal = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(text);
  if (isoLocal) return isoSeconds(Date.parse(`${isoLocal[1]}T${isoLocal[2]}Z`));
  const isoZoned = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})$/i.exec(text);
  if (isoZoned) {
    const zone = (isoZoned[3] ?? 'Z').toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    return isoSeconds(Date.parse(`${isoZoned[1]}T${isoZoned[2]}${zone}`));
  }
  if (
    /^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}/.test(text) ||
    /^[A-Za-z]+\.?\s+\d{1,2},\s+\d{4}\s+\d/.test(text)
  ) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return isoSeconds(parsed);
  }
  // Written dates in any supported language: "7 يناير 2020", "January 7, 2020".
  const written = mentions(matchKey(text), 0, null).find(
    (c) => c.text.length >= text.length * 0.5 || /\d{4}/.test(c.text),
  );
  return written ? isoDay(written.day) : null;
}

function isoSeconds(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 2200) return null;
  return `${date.toISOString().slice(0, 19)}Z`;
}
