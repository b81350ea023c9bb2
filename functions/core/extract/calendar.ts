/**
 * Calendar vocabulary and day arithmetic for date extraction. Names are in the
 * `matchKey` form (no diacritics, alef unified, ة→ه, ى→ي, lowercase, unaccented),
 * so one entry covers every usual spelling of a name.
 */

export const DAY_MS = 86_400_000;

/**
 * Month names: Egyptian/Gulf (يناير…), Levantine/Iraqi (كانون الثاني…),
 * Maghrebi (جانفي…, Moroccan يوليوز…), English with abbreviations, French.
 * August written آب is handled apart (as a bare word it collides with أب).
 */
const MONTH_NAMES: [number, string[]][] = [
  [1, ['يناير', 'كانون الثاني', 'كانون ثاني', 'جانفي', 'january', 'jan', 'janvier', 'janv']],
  [2, ['فبراير', 'شباط', 'فيفري', 'فبرير', 'february', 'feb', 'fevrier', 'fevr', 'fev']],
  [3, ['مارس', 'اذار', 'march', 'mar', 'mars']],
  [4, ['ابريل', 'افريل', 'نيسان', 'april', 'apr', 'avril', 'avr']],
  [5, ['مايو', 'ماي', 'ايار', 'may', 'mai']],
  [6, ['يونيو', 'يونيه', 'جوان', 'حزيران', 'june', 'jun', 'juin']],
  [7, ['يوليو', 'يوليه', 'يوليوز', 'جويليه', 'تموز', 'july', 'jul', 'juillet', 'juil']],
  [8, ['اغسطس', 'اغسطوس', 'غشت', 'اوت', 'august', 'aug', 'aout']],
  [9, ['سبتمبر', 'شتنبر', 'ايلول', 'september', 'sept', 'sep', 'septembre']],
  [10, ['اكتوبر', 'تشرين الاول', 'تشرين اول', 'october', 'oct', 'octobre']],
  [11, ['نوفمبر', 'نونبر', 'تشرين الثاني', 'تشرين ثاني', 'november', 'nov', 'novembre']],
  [12, ['ديسمبر', 'دجنبر', 'كانون الاول', 'كانون اول', 'december', 'dec', 'decembre']],
];

/** Every single word of a month name above (for recognizing bare date lines). */
export const MONTH_NAME_WORDS: readonly string[] = MONTH_NAMES.flatMap(([, names]) =>
  names.flatMap((n) => n.split(' ')),
);

const MONTH_BY_NAME = new Map<string, number>();
for (const [month, names] of MONTH_NAMES) for (const name of names) MONTH_BY_NAME.set(name, month);

/** Month number (1-12) of a month name in match form, spaces collapsed; 0 when unknown. */
export function monthNumber(name: string): number {
  return MONTH_BY_NAME.get(name.replace(/\s+/g, ' ').replace(/\.$/, '')) ?? 0;
}

function alternation(names: Iterable<string>): string {
  return [...names]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/ /g, '\\s+'))
    .join('|');
}

/** Regex source matching any month name (longest first, so كانون الثاني wins over a shorter name). */
export const MONTH_PATTERN = alternation(MONTH_BY_NAME.keys());

/** Latin month names only: month-first dates ("Jan. 7") are a Latin-script habit. */
export const LATIN_MONTH_PATTERN = alternation([...MONTH_BY_NAME.keys()].filter((n) => /^[a-z]/.test(n)));

/** Weekdays, 0 = Sunday as `Date.getUTCDay`. */
const WEEKDAY_NAMES: [number, string[]][] = [
  [0, ['الاحد', 'sunday', 'dimanche']],
  [1, ['الاثنين', 'الاتنين', 'monday', 'lundi']],
  [2, ['الثلاثاء', 'الثلاثا', 'tuesday', 'mardi']],
  [3, ['الاربعاء', 'الاربعا', 'wednesday', 'mercredi']],
  [4, ['الخميس', 'thursday', 'jeudi']],
  [5, ['الجمعه', 'friday', 'vendredi']],
  [6, ['السبت', 'saturday', 'samedi']],
];

const WEEKDAY_BY_NAME = new Map<string, number>();
for (const [day, names] of WEEKDAY_NAMES) for (const name of names) WEEKDAY_BY_NAME.set(name, day);

export const WEEKDAY_PATTERN = alternation(WEEKDAY_BY_NAME.keys());

/** Every weekday name, in match form. */
export const WEEKDAY_WORDS: readonly string[] = [...WEEKDAY_BY_NAME.keys()];

/** Weekday number of a weekday name in match form, or undefined. */
export function weekdayNumber(name: string): number | undefined {
  return WEEKDAY_BY_NAME.get(name);
}

const UNITS = ['', 'الحادي', 'الثاني', 'الثالث', 'الرابع', 'الخامس', 'السادس', 'السابع', 'الثامن', 'التاسع'];
const FIRST_TEN = ['', 'الاول', ...UNITS.slice(2), 'العاشر'];

/** Arabic ordinal day numbers ("السابع", "الحادي عشر", "الثاني والعشرين") in match form. */
const ORDINAL_BY_NAME = new Map<string, number>();
FIRST_TEN.forEach((name, n) => {
  if (name) ORDINAL_BY_NAME.set(name, n);
});
for (let n = 11; n <= 19; n++) ORDINAL_BY_NAME.set(`${UNITS[n - 10]} عشر`, n);
ORDINAL_BY_NAME.set('العشرين', 20);
ORDINAL_BY_NAME.set('الثلاثين', 30);
for (let n = 21; n <= 31; n++) {
  if (n === 30) continue;
  ORDINAL_BY_NAME.set(`${UNITS[n % 10]} و${n < 30 ? 'العشرين' : 'الثلاثين'}`, n);
}

export const ORDINAL_PATTERN = alternation(ORDINAL_BY_NAME.keys());

export function ordinalNumber(name: string): number {
  return ORDINAL_BY_NAME.get(name.replace(/\s+/g, ' ')) ?? 0;
}

/** UTC midnight of a calendar day in ms, or null when the day does not exist or is out of range. */
export function utcDay(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) {
    return null;
  }
  const time = Date.UTC(year, month - 1, day);
  return new Date(time).getUTCDate() === day ? time : null;
}

export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The latest `weekday` on or before `day` (strictly before when `strict`). */
export function weekdayOnOrBefore(day: number, weekday: number, strict = false): number {
  let offset = (new Date(day).getUTCDay() - weekday + 7) % 7;
  if (strict && offset === 0) offset = 7;
  return day - offset * DAY_MS;
}

/** The earliest `weekday` after `day` (or on it, unless `strict`). */
export function weekdayAfter(day: number, weekday: number, strict = true): number {
  let offset = (weekday - new Date(day).getUTCDay() + 7) % 7;
  if (strict && offset === 0) offset = 7;
  return day + offset * DAY_MS;
}
