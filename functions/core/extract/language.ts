import { arabicShare } from '../text/normalize.ts';
import { detectTrigramLanguage } from './trigram-language.ts';

/**
 * Language of the article as an ISO 639-1 code. Script decides Arabic-script
 * languages directly (franc needs more text than a short Arabic brief has);
 * Latin-script text goes to franc's trigram model.
 */

const ISO_639_3_TO_1: Record<string, string> = {
  arb: 'ar',
  eng: 'en',
  fra: 'fr',
  spa: 'es',
  deu: 'de',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  tur: 'tr',
  ind: 'id',
  rus: 'ru',
  pes: 'fa',
  urd: 'ur',
  swh: 'sw',
  pol: 'pl',
  ron: 'ro',
  hin: 'hi',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  ukr: 'uk',
  swe: 'sv',
  dan: 'da',
  nob: 'no',
  fin: 'fi',
  ces: 'cs',
  hun: 'hu',
  ell: 'el',
  heb: 'he',
  vie: 'vi',
  tha: 'th',
  msa: 'ms',
  zlm: 'ms',
};

// Letters Persian and Urdu use that Arabic does not.
const PERSIAN_LETTERS = /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/g;
const URDU_LETTERS = /[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2]/g;
const SAMPLE_CHARS = 4_000;

/**
 * The title and paragraphs joined by line breaks, only as far as `detectLanguage` reads (its first `SAMPLE_CHARS`
 * characters are those of the whole article joined): a long article is not copied whole to be cut.
 */
export function languageSample(title: string | null, paragraphs: readonly string[]): string {
  const parts = [title ?? ''];
  let length = parts[0]?.length ?? 0;
  for (const paragraph of paragraphs) {
    if (length >= SAMPLE_CHARS) break;
    parts.push(paragraph);
    length += 1 + paragraph.length;
  }
  return parts.join('\n');
}

export function detectLanguage(text: string, hint?: string | null): string | null {
  const sample = text.slice(0, SAMPLE_CHARS);
  const hinted = normalizeLanguageTag(hint);
  if (arabicShare(sample) > 0.5) {
    const letters = sample.length;
    const urdu = sample.match(URDU_LETTERS)?.length ?? 0;
    const persian = sample.match(PERSIAN_LETTERS)?.length ?? 0;
    if (urdu / letters > 0.005) return 'ur';
    if (persian / letters > 0.005) return 'fa';
    return 'ar';
  }
  const code = detectTrigramLanguage(sample, 20);
  const detected = ISO_639_3_TO_1[code];
  if (detected) return detected;
  return hinted;
}

/** `en-US`, `EN`, `ara` → `en`, `en`, `ar`; null for anything unrecognizable. */
export function normalizeLanguageTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (/^[a-z]{2}$/.test(primary)) return primary;
  if (primary === 'ara') return 'ar';
  return ISO_639_3_TO_1[primary] ?? null;
}
