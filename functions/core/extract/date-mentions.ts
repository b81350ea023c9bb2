import { matchKey } from '../text/normalize.ts';
import {
  DAY_MS,
  LATIN_MONTH_PATTERN,
  MONTH_PATTERN,
  monthNumber,
  ORDINAL_PATTERN,
  ordinalNumber,
  utcDay,
  WEEKDAY_PATTERN,
  WEEKDAY_WORDS,
  weekdayAfter,
  weekdayNumber,
  weekdayOnOrBefore,
} from './calendar.ts';

/**
 * Date expressions in a text, each resolved to a calendar day: absolute dates
 * (Arabic with both month systems, English, French, numeric) and, when a
 * reference day is known, relative ones (today, yesterday, weekday names).
 * Works on the date match form (see `dateMatchForm`); offsets refer to it.
 */

export type MentionKind =
  | 'full-date' // day, month and year
  | 'day-month' // year inferred from the reference
  | 'today-weekday' // "اليوم (الثلاثاء)", "today, Tuesday"
  | 'weekday'
  | 'today'
  | 'yesterday'
  | 'day-before-yesterday'
  | 'last-night'
  | 'tonight'
  | 'tomorrow'
  | 'this-week';

export interface DateMention {
  start: number;
  end: number;
  /** UTC midnight in ms. */
  day: number;
  kind: MentionKind;
  /** The expression itself says the day is after the reference ("tomorrow", "next Tuesday"). */
  future: boolean;
  /** The expression talks about a span up to now ("until today", "to this day"). */
  durative: boolean;
  /** A weekday or "today" was written right before the date ("Tuesday, Jan. 7", "اليوم 7 يناير"). */
  confirmed: boolean;
  /** For a bare weekday name: its number (0 = Sunday), so that a future context can read it forward. */
  weekday: number | null;
  text: string;
}

export interface ReferenceDay {
  /** UTC midnight of the reference day. */
  day: number;
  /**
   * The reference time is late in the UTC day, when it is already the next
   * day where most of the covered newsrooms are (UTC+2…+4).
   */
  late: boolean;
}

// Word boundaries for Arabic and Latin (JavaScript's \b is ASCII-only).
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const YEAR = `(\\d{4})(?:\\s*م${E})?`;

const DAY_MONTH = new RegExp(
  `${B}(?:(\\d{1,2})(?:st|nd|rd|th|er|eme)?|(${ORDINAL_PATTERN})\\s+من)\\s+(?:(?:of|de|من)\\s+)?(?:شهر\\s+)?(${MONTH_PATTERN})\\.?${E}` +
    `(?:\\s*[/(]\\s*(?:${MONTH_PATTERN})\\.?\\s*\\)?)?` +
    `(?:\\s*[,،]?\\s*(?:(?:من\\s+)?(?:عام|العام|سنه)\\s+)?${YEAR}${E})?`,
  'gu',
);
const MONTH_DAY = new RegExp(
  `${B}(${LATIN_MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?${E}(?:\\s*,?\\s*(\\d{4})${E})?`,
  'gu',
);
const YEAR_FIRST = /(?<![\d./-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d./-])/gu;
const DAY_FIRST = /(?<![\d./-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\d./-])/gu;

const WEEKDAY = new RegExp(
  `${B}(?:(يوم|ليله|ليل|صباح|مساء|ظهر|عصر|فجر|نهار|on|last|this|next|late|early|ce|le)\\s+)?(?:[وف])?(${WEEKDAY_PATTERN})${E}` +
    `(?:\\s+(الماضي|الماضيه|المنصرم|الفايت|المقبل|المقبله|القادم|القادمه|dernier|prochain|next))?`,
  'gu',
);
// A weekday name that means something else: "كلا الاثنين" (both), "بين الاثنين".
const NOT_A_WEEKDAY_BEFORE = /(?:كلا|بين|هذين|هاذين)\s+(?:[وف])?$/u;
const STRICT_PAST = new Set(['last', 'الماضي', 'الماضيه', 'المنصرم', 'الفايت', 'dernier']);
const NEXT = new Set(['next', 'المقبل', 'المقبله', 'القادم', 'القادمه', 'prochain']);

const TODAY = new RegExp(
  `${B}(?:(?:[وفبل]|وب|ول)?اليوم|today|this\\s+(?:morning|afternoon|evening)|aujourd['’]hui|ce\\s+matin|cet\\s+apres-midi)${E}`,
  'gu',
);
// "اليوم" that is not today: "اليوم التالي" (the next day), "اليوم العالمي" (a world day), "ذلك اليوم", newspaper names.
const NOT_TODAY_AFTER = new RegExp(
  `^\\s+(?:التالي|نفسه|ذاته|الذي|الذى|الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|الاخير|الوطني|العالمي|الدولي|المفتوح|الدراسي|الموعود|المحدد|المشهود|الاخر|الواحد|كله|بيوم)${E}`,
  'u',
);
const NOT_TODAY_BEFORE = /(?:usa|ذلك|تلك|مثل|هذا|اخبار|صحيفه|جريده)\s*$/u;
const DURATIVE_BEFORE = /(?:حتى|الى|لغايه|لحد|until|till|to|as\s+of|jusqu['’]a)\s*$/u;
// Today then the weekday or the date it names: "اليوم (الثلاثاء)", "اليوم السبت", "today, Tuesday".
const TODAY_THEN_WEEKDAY = new RegExp(`^\\s*[(،,]?\\s*(${WEEKDAY_PATTERN})${E}`, 'u');

const YESTERDAY = new RegExp(`${B}(?:(?:[وفبل]|وب|ول)?(?:امس|الامس|البارحه)|yesterday|hier)${E}`, 'gu');
const DAY_BEFORE_YESTERDAY = new RegExp(
  `${B}(?:(?:[وف])?اول\\s+(?:من\\s+)?امس|امس\\s+الاول|the\\s+day\\s+before\\s+yesterday|avant[-\\s]hier)${E}`,
  'gu',
);
const LAST_NIGHT = new RegExp(
  `${B}(?:(?:[وف])?الليله\\s+(?:الماضيه|المنصرمه|الفايته)|ليله\\s+امس|last\\s+night|overnight|la\\s+nuit\\s+derniere)${E}`,
  'gu',
);
const TONIGHT = new RegExp(`${B}(?:(?:[وف])?الليله|tonight|ce\\s+soir)${E}`, 'gu');
const TOMORROW = new RegExp(
  `${B}(?:(بعد\\s+غدا?)|(?:[وفبل])?(?:غدا|الغد)|(?:يوم|صباح|مساء|ظهر)\\s+غد|(the\\s+day\\s+after\\s+)?tomorrow|(apres-)?demain)${E}`,
  'gu',
);
const THIS_WEEK = new RegExp(
  `${B}(?:هذا\\s+الاسبوع|الاسبوع\\s+(?:الجاري|الحالي)|this\\s+week|cette\\s+semaine)${E}`,
  'gu',
);

// The look-behind at every position makes these patterns slow on the long paragraphs that hold none of their
// words. The same pattern without its boundary look-arounds matches wherever the full one can, several times
// faster: a text it does not match skips the full pattern.
const loose = (pattern: RegExp) => new RegExp(pattern.source.replaceAll(B, '').replaceAll(E, ''), 'u');
const MAY_DAY_MONTH = loose(DAY_MONTH);
const MAY_MONTH_DAY = loose(MONTH_DAY);
// Every weekday expression has a weekday name.
const MAY_WEEKDAY = new RegExp(WEEKDAY_PATTERN, 'u');
const MAY_TODAY = loose(TODAY);
const MAY_YESTERDAY = loose(YESTERDAY);
const MAY_DAY_BEFORE_YESTERDAY = loose(DAY_BEFORE_YESTERDAY);
const MAY_LAST_NIGHT = loose(LAST_NIGHT);
const MAY_TONIGHT = loose(TONIGHT);
const MAY_TOMORROW = loose(TOMORROW);
const MAY_THIS_WEEK = loose(THIS_WEEK);
/** The loose relative patterns, each the prefilter of its own expressions below. */
export const RELATIVE_PREFILTERS: readonly RegExp[] = [
  MAY_WEEKDAY,
  MAY_DAY_BEFORE_YESTERDAY,
  MAY_LAST_NIGHT,
  MAY_YESTERDAY,
  MAY_TODAY,
  MAY_TONIGHT,
  MAY_TOMORROW,
  MAY_THIS_WEEK,
];
/** A word every relative expression holds: a weekday name, or one of these (a unit test checks the patterns against them). */
const RELATIVE_WORDS = [
  ...WEEKDAY_WORDS,
  ...['امس', 'البارحه', 'اليوم', 'ليله', 'غد', 'الاسبوع'],
  ...['yesterday', 'hier', 'today', 'aujourd', 'morning', 'afternoon', 'evening', 'matin', 'midi'],
  ...['night', 'nuit', 'soir', 'tomorrow', 'demain', 'week', 'semaine'],
];
/**
 * Any relative expression at all: most paragraphs hold none, and one scan of their words rules them all out.
 * The words that start with the article are written after one "ال": the alternation of the patterns themselves
 * tried each of them at every ال of a text, three times slower.
 */
export const MAY_ANY_RELATIVE = new RegExp(
  `ال(?:${RELATIVE_WORDS.filter((w) => w.startsWith('ال'))
    .map((w) => w.slice(2))
    .join('|')})|${RELATIVE_WORDS.filter((w) => !w.startsWith('ال')).join('|')}`,
);
/** Both numeric patterns need a four-digit year. */
const FOUR_DIGITS = /\d{4}/;

/**
 * The match form dates are read from: `matchKey` plus August written آب, told
 * apart before the hamza forms are unified (as bare اب it is also "father").
 */
export function dateMatchForm(text: string): string {
  // Each replacement needs words most texts lack: they are tested for first.
  const marked = text.includes('آب') ? text.replace(/(?<![\p{L}\p{N}])([وبل]?)آب(?![\p{L}\p{N}])/gu, '$1اغسطس') : text;
  let form = matchKey(marked);
  if (!form.includes('اب')) return form;
  if (FOUR_DIGITS.test(form)) form = form.replace(/(?<=(?<![\p{L}\p{N}])\d{1,2}\s+)اب(?=\s+\d{4}(?!\d))/gu, 'اغسطس');
  if (!form.includes('اغسطس')) return form;
  return form
    .replace(/(?<![\p{L}\p{N}])اب(?=\s*[/(]\s*اغسطس)/gu, 'اغسطس')
    .replace(/(?<=اغسطس\s*[/(]\s*)اب(?![\p{L}\p{N}])/gu, 'اغسطس');
}

/** The year that puts month/day closest to the reference without going more than a week past it. */
function inferYear(month: number, day: number, reference: number | null): number | null {
  if (reference === null) return null;
  const year = new Date(reference).getUTCFullYear();
  for (const y of [year + 1, year, year - 1]) {
    const t = utcDay(y, month, day);
    if (t !== null && t <= reference + 7 * DAY_MS) return y;
  }
  return null;
}

const LAST_YEAR_AFTER =
  /^\s*[,،]?\s*(?:(?:من\s+)?(?:العام|عام|السنه)\s+(?:الماضي|المنصرم|الفايت)|last\s+year|de\s+l['’]annee\s+derniere)(?![\p{L}\p{N}])/u;

/** "7 يناير من العام الماضي", "Oct. 3 last year": the year before the reference's. */
function lastYear(text: string, end: number, reference: number | null): number | null {
  if (reference === null || !LAST_YEAR_AFTER.test(text.slice(end, end + 30))) return null;
  return new Date(reference).getUTCFullYear() - 1;
}

/** Numeric dates: day first as in Arabic and European use, unless only the other reading exists or is nearer the reference. */
function numericDay(a: number, b: number, year: number, reference: number | null, monthFirst: boolean): number | null {
  const dayFirst = utcDay(year, b, a);
  const other = utcDay(year, a, b);
  if (dayFirst === null || other === null) return dayFirst ?? other;
  if (reference !== null) {
    const cost = (t: number) => (t > reference + DAY_MS ? Number.POSITIVE_INFINITY : Math.abs(reference - t));
    if (cost(other) < cost(dayFirst)) return other;
    return dayFirst;
  }
  return monthFirst ? other : dayFirst;
}

export interface MentionOptions {
  /** Prefer month-first for ambiguous numeric dates (US English). */
  monthFirst?: boolean;
}

/** Every date expression in `text` (match form), without overlaps, in order of appearance. */
export function findDateMentions(
  text: string,
  reference: ReferenceDay | null,
  options: MentionOptions = {},
): DateMention[] {
  const found: DateMention[] = [];
  const refDay = reference?.day ?? null;
  const overlaps = (start: number, end: number) => found.some((m) => start < m.end && end > m.start);
  const add = (
    start: number,
    end: number,
    day: number | null,
    kind: MentionKind,
    options: { future?: boolean; durative?: boolean; weekday?: number } = {},
  ) => {
    if (day === null || overlaps(start, end)) return;
    const { future = false, durative = false, weekday = null } = options;
    const mentionText = text.slice(start, end).replace(/[.\s]+$/, '');
    found.push({ start, end, day, kind, future, durative, confirmed: false, weekday, text: mentionText });
  };

  if (MAY_DAY_MONTH.test(text))
    for (const m of text.matchAll(DAY_MONTH)) {
      const month = monthNumber(m[3] ?? '');
      const day = m[1] ? Number(m[1]) : ordinalNumber(m[2] ?? '');
      const year = m[4]
        ? Number(m[4])
        : (lastYear(text, m.index + m[0].length, refDay) ?? inferYear(month, day, refDay));
      add(m.index, m.index + m[0].length, year ? utcDay(year, month, day) : null, m[4] ? 'full-date' : 'day-month');
    }
  if (MAY_MONTH_DAY.test(text))
    for (const m of text.matchAll(MONTH_DAY)) {
      const month = monthNumber(m[1] ?? '');
      const day = Number(m[2]);
      const year = m[3]
        ? Number(m[3])
        : (lastYear(text, m.index + m[0].length, refDay) ?? inferYear(month, day, refDay));
      add(m.index, m.index + m[0].length, year ? utcDay(year, month, day) : null, m[3] ? 'full-date' : 'day-month');
    }
  if (FOUR_DIGITS.test(text))
    for (const m of text.matchAll(YEAR_FIRST)) {
      add(m.index, m.index + m[0].length, utcDay(Number(m[1]), Number(m[3]), Number(m[4])), 'full-date');
    }
  if (FOUR_DIGITS.test(text))
    for (const m of text.matchAll(DAY_FIRST)) {
      const day = numericDay(Number(m[1]), Number(m[3]), Number(m[4]), refDay, options.monthFirst === true);
      add(m.index, m.index + m[0].length, day, 'full-date');
    }
  const absolute = found.length;
  const dateRightAfter = (end: number) =>
    found
      .slice(0, absolute)
      .find((a) => a.start >= end && a.start - end <= 3 && /^[\s,،(-]*$/.test(text.slice(end, a.start)));

  if (reference !== null && refDay !== null && MAY_ANY_RELATIVE.test(text)) {
    // Weekdays before "today", so that "اليوم (الثلاثاء)" is read as one expression.
    if (MAY_WEEKDAY.test(text))
      for (const m of text.matchAll(WEEKDAY)) {
        const weekday = weekdayNumber(m[2] ?? '');
        if (weekday === undefined) continue;
        const before = text.slice(Math.max(0, m.index - 16), m.index);
        if (NOT_A_WEEKDAY_BEFORE.test(before)) continue;
        const end = m.index + m[0].length;
        // "Tuesday, Jan. 7", "الثلاثاء 7 يناير": the written date says which Tuesday.
        const dated = dateRightAfter(end);
        if (dated) {
          dated.confirmed = true;
          continue;
        }
        const modifier = m[1] ?? '';
        const after = m[3] ?? '';
        const today = /(?:اليوم|today|aujourd['’]hui)\s*[(،,]?\s*$/u.test(before);
        const kind = today ? 'today-weekday' : 'weekday';
        if (NEXT.has(modifier) || NEXT.has(after)) {
          add(m.index, end, weekdayAfter(refDay, weekday), kind, { future: true });
        } else if (STRICT_PAST.has(modifier) || STRICT_PAST.has(after)) {
          add(m.index, end, weekdayOnOrBefore(refDay, weekday, true), kind);
        } else if (reference.late && weekday === new Date(refDay + DAY_MS).getUTCDay()) {
          add(m.index, end, refDay + DAY_MS, kind);
        } else {
          add(m.index, end, weekdayOnOrBefore(refDay, weekday), kind, { weekday: today ? undefined : weekday });
        }
      }
    if (MAY_DAY_BEFORE_YESTERDAY.test(text))
      for (const m of text.matchAll(DAY_BEFORE_YESTERDAY)) {
        add(m.index, m.index + m[0].length, refDay - 2 * DAY_MS, 'day-before-yesterday');
      }
    if (MAY_LAST_NIGHT.test(text))
      for (const m of text.matchAll(LAST_NIGHT)) add(m.index, m.index + m[0].length, refDay - DAY_MS, 'last-night');
    if (MAY_YESTERDAY.test(text))
      for (const m of text.matchAll(YESTERDAY)) add(m.index, m.index + m[0].length, refDay - DAY_MS, 'yesterday');
    if (MAY_TODAY.test(text))
      for (const m of text.matchAll(TODAY)) {
        const end = m.index + m[0].length;
        const after = text.slice(end, end + 24);
        const before = text.slice(Math.max(0, m.index - 16), m.index);
        if (NOT_TODAY_AFTER.test(after) || NOT_TODAY_BEFORE.test(before)) continue;
        // The weekday or date that follows was read on its own.
        if (TODAY_THEN_WEEKDAY.test(after)) continue;
        const dated = dateRightAfter(end);
        if (dated) {
          dated.confirmed = true;
          continue;
        }
        add(m.index, end, refDay, 'today', { durative: DURATIVE_BEFORE.test(before) });
      }
    if (MAY_TONIGHT.test(text))
      for (const m of text.matchAll(TONIGHT)) add(m.index, m.index + m[0].length, refDay, 'tonight');
    if (MAY_TOMORROW.test(text))
      for (const m of text.matchAll(TOMORROW)) {
        const plusTwo = Boolean(m[1] || m[2] || m[3]);
        add(m.index, m.index + m[0].length, refDay + (plusTwo ? 2 : 1) * DAY_MS, 'tomorrow', { future: true });
      }
    if (MAY_THIS_WEEK.test(text))
      for (const m of text.matchAll(THIS_WEEK)) add(m.index, m.index + m[0].length, refDay, 'this-week');
  }
  return found.sort((a, b) => a.start - b.start);
}
