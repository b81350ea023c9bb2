import { agencyName } from './agencies.ts';

/**
 * Datelines: the agency and place a wire story opens with, in the shapes
 * newsrooms use: "DAMASCUS (Reuters) -", "بيروت - رويترز:", "ا ف ب (دمشق)",
 * "PARIS, Jan 5 (AFP) -", "القدس المحتلة/ وفا-", "(AP) — WASHINGTON —".
 * A dateline is removed from the body; it is only recognized when one side
 * is a known agency, so an ordinary sentence start is never taken for one.
 */

export interface Dateline {
  agency: string | null;
  place: string | null;
}

const DASH = '[-–—ـ]';
const SEPARATOR = `(?:\\s*(?:${DASH}+|:)\\s*|\\s*$)`;
// PLACE (AGENCY) -   or   AGENCY (PLACE) -
const PARENTHESIZED = new RegExp(`^\\s*([^()\\n]{1,60}?)\\s*\\(([^()\\n]{1,40})\\)${SEPARATOR}`, 'u');
// PLACE - AGENCY:   PLACE/ AGENCY-   AGENCY - PLACE
const DASHED = new RegExp(
  `^\\s*([^()\\n\\-–—ـ/:]{1,40}?)\\s*(?:${DASH}+|/)\\s*([^()\\n\\-–—ـ/:]{1,40}?)${SEPARATOR}`,
  'u',
);
// (AGENCY) — PLACE —
const AGENCY_FIRST = new RegExp(
  `^\\s*\\(([^()\\n]{1,40})\\)\\s*${DASH}+\\s*([^\\n\\-–—ـ]{1,40}?)\\s*${DASH}+\\s*`,
  'u',
);

const MAX_PLACE_WORDS = 5;

function cleanPlace(raw: string): string | null {
  // "PARIS, Jan 5" / "ALEXANDRIA, Egypt": the city is the first part.
  const first = (raw.split(/[,،]/)[0] ?? '').trim();
  if (!first || first.split(/\s+/).length > MAX_PLACE_WORDS || /[.!?؟]/.test(first) || /\d/.test(first)) return null;
  // Wire datelines shout the city: DAMASCUS → Damascus.
  if (/^[A-Z\s'-]+$/.test(first) && /[A-Z]{2}/.test(first)) {
    return first
      .toLowerCase()
      .replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
  }
  return first;
}

function pair(a: string, b: string): Dateline | null {
  const agencyB = agencyName(b);
  if (agencyB) {
    const place = cleanPlace(a);
    return place || !a.trim() ? { agency: agencyB, place } : null;
  }
  const agencyA = agencyName(a);
  if (agencyA) {
    const place = cleanPlace(b);
    return place ? { agency: agencyA, place } : null;
  }
  return null;
}

/** Finds a dateline at the start of `text`; returns it with the rest of the text. */
export function parseDateline(text: string): { dateline: Dateline; rest: string } | null {
  const whole = agencyName(
    text
      .trim()
      .replace(/^\(|\)$/g, '')
      .replace(/[-–—ـ:]+$/, ''),
  );
  if (whole) return { dateline: { agency: whole, place: null }, rest: '' };

  for (const pattern of [AGENCY_FIRST, PARENTHESIZED, DASHED]) {
    const match = pattern.exec(text);
    if (!match) continue;
    const found =
      pattern === AGENCY_FIRST ? pair(match[2] ?? '', match[1] ?? '') : pair(match[1] ?? '', match[2] ?? '');
    if (found) return { dateline: found, rest: text.slice(match[0].length).trim() };
  }
  return null;
}

/** Looks for the dateline in the first paragraphs and removes it from the body. */
export function extractDateline(paragraphs: string[]): { dateline: Dateline | null; paragraphs: string[] } {
  for (let i = 0; i < Math.min(2, paragraphs.length); i++) {
    const found = parseDateline(paragraphs[i] ?? '');
    if (!found) continue;
    const rest = [...paragraphs];
    if (found.rest) rest[i] = found.rest;
    else rest.splice(i, 1);
    return { dateline: found.dateline, paragraphs: rest };
  }
  return { dateline: null, paragraphs };
}
