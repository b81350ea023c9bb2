import { asciiDigits } from '../text/normalize.ts';
import { DAY_MS, isoDay, utcDay, weekdayAfter, weekdayNumber } from './calendar.ts';
import { backgroundContext, futureContext, namedAfterDate, quoteMask } from './date-context.ts';
import {
  type DateMention,
  dateMatchForm,
  findDateMentions,
  type MentionKind,
  type ReferenceDay,
} from './date-mentions.ts';

/**
 * Dates. `parseDate` normalizes dates from markup, JSON and metadata.
 * `extractEventDate` finds the day the reported event happened: every date
 * expression of the headline and body becomes a candidate, weighed by where it
 * is (headline and lead count most), what it is (an explicit "today" or
 * weekday, a full date) and what surrounds it (future tense, background,
 * quotation, distance from the reference). The day with the best score wins;
 * when the text says nothing reliable, the reference day is used.
 */

export interface EventDateInput {
  title?: string | null;
  paragraphs: string[];
  /** Publication (else crawl) date or datetime; relative expressions are read against its UTC day. */
  reference: string | null;
  language: string | null;
}

export interface EventDate {
  date: string | null;
  /** The expression the date came from (in match form), `reference` for the fallback, null when none. */
  evidence: string | null;
}

// The event date is told in the headline and the first paragraphs; bounds keep huge inputs cheap.
const MAX_PARAGRAPHS = 40;
const MAX_PARAGRAPH_CHARS = 4000;
const MAX_TITLE_CHARS = 600;

const KIND_WEIGHT: Record<MentionKind, number> = {
  'today-weekday': 10,
  'full-date': 8,
  today: 8,
  yesterday: 7,
  'day-month': 7,
  weekday: 6,
  'day-before-yesterday': 6,
  'last-night': 6,
  tonight: 3,
  tomorrow: 0.8,
  'this-week': 1,
};

/** Below this score the text says nothing reliable about the day, and the reference day is used. */
const MIN_SCORE = 1.5;
/** Without a reference, a lone weak (background) date is not taken for the event either. */
const MIN_SCORE_WITHOUT_REFERENCE = 1;
/** Further mentions of a day add to its best mention, at this rate. */
const SUPPORT_RATE = 0.3;

function positionWeight(paragraph: number): number {
  if (paragraph <= 0) return 1.6; // title (-1) and lead
  if (paragraph === 1) return 1.2;
  return Math.max(0.4, 1 - 0.08 * (paragraph - 2));
}

/** How far the day is from the reference: long-past days are background, future ones plans. */
function distanceWeight(day: number, reference: number | null): number {
  if (reference === null) return 1;
  const delta = (day - reference) / DAY_MS;
  if (delta > 7) return 0.1;
  if (delta > 1) return 0.2;
  if (delta < -365) return 0.15;
  if (delta < -30) return 0.3;
  if (delta < -7) return 0.6;
  return 1;
}

function firstSentenceEnd(text: string): number {
  const match = /[.!?؟]\s/u.exec(text);
  return match ? match.index : text.length;
}

interface Scored {
  mention: DateMention;
  weight: number;
}

function scoreMentions(text: string, paragraph: number, reference: ReferenceDay | null, monthFirst: boolean): Scored[] {
  const mentions = findDateMentions(text, reference, { monthFirst });
  if (mentions.length === 0) return [];
  const quotes = quoteMask(text);
  const leadEnd = firstSentenceEnd(text);
  return mentions.map((found) => {
    let mention = found;
    let weight = KIND_WEIGHT[mention.kind] * positionWeight(paragraph);
    if (mention.confirmed) weight *= 1.25;
    if (mention.start > leadEnd) weight *= 0.85;
    if (mention.future) weight *= 0.25;
    else if (futureContext(text, mention.start, mention.end)) {
      weight *= 0.25;
      // "will meet on Friday": the coming Friday, not the last one.
      if (mention.weekday !== null && reference) {
        mention = { ...mention, day: weekdayAfter(reference.day, mention.weekday, false) };
      }
    }
    if (mention.durative || backgroundContext(text, mention.start)) weight *= 0.3;
    if (namedAfterDate(text, mention.start, mention.end)) weight *= 0.1;
    if (quotes[mention.start] === 1) weight *= 0.7;
    weight *= distanceWeight(mention.day, reference?.day ?? null);
    return { mention, weight };
  });
}

function referenceDay(reference: string | null): ReferenceDay | null {
  const parsed = reference ? parseDate(reference) : null;
  if (!parsed) return null;
  const day = Date.parse(`${parsed.slice(0, 10)}T00:00:00Z`);
  const hour = parsed.length > 10 ? Number(parsed.slice(11, 13)) : 0;
  return { day, late: hour >= 21 };
}

export function extractEventDate(input: EventDateInput): EventDate {
  const reference = referenceDay(input.reference);
  const monthFirst = /^en-us$/i.test(input.language ?? '');
  const texts: [number, string][] = [];
  if (input.title) texts.push([-1, input.title.slice(0, MAX_TITLE_CHARS)]);
  input.paragraphs.slice(0, MAX_PARAGRAPHS).forEach((p, i) => {
    texts.push([i, p.slice(0, MAX_PARAGRAPH_CHARS)]);
  });

  const byDay = new Map<number, { best: Scored; total: number }>();
  for (const [paragraph, raw] of texts) {
    for (const scored of scoreMentions(dateMatchForm(raw), paragraph, reference, monthFirst)) {
      const entry = byDay.get(scored.mention.day);
      if (!entry) byDay.set(scored.mention.day, { best: scored, total: scored.weight });
      else {
        entry.total += scored.weight;
        if (scored.weight > entry.best.weight) entry.best = scored;
      }
    }
  }

  let winner: { day: number; score: number; evidence: string } | null = null;
  for (const [day, { best, total }] of byDay) {
    const score = best.weight + SUPPORT_RATE * (total - best.weight);
    if (!winner || score > winner.score) winner = { day, score, evidence: best.mention.text };
  }
  const minimum = reference ? MIN_SCORE : MIN_SCORE_WITHOUT_REFERENCE;
  if (winner && winner.score >= minimum) return { date: isoDay(winner.day), evidence: winner.evidence };
  if (reference) return { date: isoDay(reference.day), evidence: 'reference' };
  return { date: null, evidence: null };
}

// ---------------------------------------------------------------------------
// parseDate

const MAX_DATE_CHARS = 200;
const ZONE = '((?:utc|gmt)\\s*[+-]\\d{1,2}(?::?\\d{2})?|z|utc|gmt|ut|[+-]\\d{1,2}(?::?\\d{2})?|[ecmp][sd]t)';
const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const ISO_COMPACT = /^(\d{4})(\d{2})(\d{2})(?:t(\d{2})(\d{2})(\d{2})?(z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_DATETIME = new RegExp(
  `^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:t|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?\\s*${ZONE}?$`,
);
const EPOCH = /^(\d{9,13})(?:\.\d+)?$/;
// A clock time in written dates, with its zone: "14:12:00 GMT", "2:12 PM", "02:12 م", "10:05 +0300".
const TIME = new RegExp(
  `(?<!\\d)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:[.,]\\d+)?\\s*(am|pm|a\\.m\\.|p\\.m\\.|ص|م|صباحا|مساء)?(?![\\p{L}\\d])\\s*(?:\\(?${ZONE}\\)?(?![\\p{L}\\d]))?`,
  'u',
);
const US_ZONES: Record<string, number> = { est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7 };

/** Offset of a zone in minutes east of UTC; 0 for UTC and when absent. */
function zoneMinutes(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.replace(/^(?:utc|gmt)\s*/, '');
  if (z === '' || z === 'z' || z === 'ut' || z === 'utc' || z === 'gmt') return 0;
  const us = US_ZONES[z];
  if (us !== undefined) return us * 60;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}

function isoSeconds(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 2200) return null;
  return `${date.toISOString().slice(0, 19)}Z`;
}

function dateTime(
  day: number | null,
  hour: number,
  minute: number,
  second: number,
  zone: string | undefined,
): string | null {
  const offset = zoneMinutes(zone);
  if (day === null || offset === null || hour > 24 || minute > 59 || second > 60) return null;
  return isoSeconds(day + ((hour * 60 + minute - offset) * 60 + second) * 1000);
}

/**
 * Normalizes a date from markup, JSON or metadata: `YYYY-MM-DDTHH:mm:ssZ` (UTC)
 * when a time is known, `YYYY-MM-DD` when only the day is. Times without a
 * zone are taken as UTC, as crawlers usually store them. Null when unreadable.
 */
export function parseDate(value: string): string | null {
  if (typeof value !== 'string' || value.length > MAX_DATE_CHARS * 2) return null;
  const text = asciiDigits(value).trim().toLowerCase().replace(/\s+/g, ' ');
  if (!text || text.length > MAX_DATE_CHARS) return null;

  const epoch = EPOCH.exec(text);
  if (epoch) {
    const digits = epoch[1] ?? '';
    const n = Number(text);
    return isoSeconds(digits.length >= 12 ? n : n * 1000);
  }
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const day = utcDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return day === null ? null : isoDay(day);
  }
  const compact = ISO_COMPACT.exec(text);
  if (compact) {
    const day = utcDay(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    if (compact[4] === undefined) return day === null ? null : isoDay(day);
    return dateTime(day, Number(compact[4]), Number(compact[5]), Number(compact[6] ?? 0), compact[7]);
  }
  const isoTime = ISO_DATETIME.exec(text);
  if (isoTime) {
    const day = utcDay(Number(isoTime[1]), Number(isoTime[2]), Number(isoTime[3]));
    return dateTime(day, Number(isoTime[4]), Number(isoTime[5]), Number(isoTime[6] ?? 0), isoTime[7]);
  }
  return writtenDate(text);
}

/** Written dates, with an optional time: "Tue, 07 Jan 2020 14:12:00 GMT", "الثلاثاء 7 يناير 2020 - 02:12 م". */
function writtenDate(text: string): string | null {
  const time = TIME.exec(text);
  const rest = time
    ? text.slice(0, time.index) + ' '.repeat(time[0].length) + text.slice(time.index + time[0].length)
    : text;
  const meridiem = time?.[4];
  const form = dateMatchForm(rest);
  const mention = findDateMentions(form, null, { monthFirst: meridiem !== undefined && /^[ap]/.test(meridiem) }).find(
    (m) => m.kind === 'full-date',
  );
  if (!mention || !writtenDateOnly(form, mention)) return null;
  if (!time) return isoDay(mention.day);
  let hour = Number(time[1]);
  if (meridiem) {
    const pm = /^(?:p|م|مساء)/.test(meridiem);
    if (hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return dateTime(mention.day, hour, Number(time[2]), Number(time[3] ?? 0), time[5]);
}

// What may surround a written date in a metadata value: weekday names, labels, separators.
const FILLER_WORDS = new Set(
  'at on le a à في الساعه نشر تاريخ النشر اخر تحديث published updated posted الموافق م بتوقيت sun mon tue wed thu fri sat'.split(
    ' ',
  ),
);

function writtenDateOnly(form: string, mention: DateMention): boolean {
  const outside = `${form.slice(0, mention.start)} ${form.slice(mention.end)}`;
  if (/[^\p{L}\s,،.:|\-–—/()]/u.test(outside)) return false;
  const words = outside.match(/\p{L}+/gu) ?? [];
  return words.every((w) => FILLER_WORDS.has(w) || weekdayNumber(w) !== undefined || /^\p{L}+day$/u.test(w));
}
