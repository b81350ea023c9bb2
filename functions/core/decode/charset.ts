/**
 * Bytes → text.
 *
 * Priority: byte-order mark, then a declaration inside the content (HTML
 * `<meta>`, XML declaration), then the charset of the object's content-type,
 * then detection. A label the bytes flatly refute is not followed: `utf-8` on
 * bytes that are mostly invalid UTF-8; a legacy code page on clean multi-byte
 * UTF-8 (a site converted to UTF-8 that kept its old `<meta>` is common, real
 * windows-1256 or -1252 text is practically never valid UTF-8); one of the
 * news code pages whose reading is garbage while another reads as words (an
 * Arabic page served as ISO-8859-1 by a server default).
 *
 * Detection: UTF-16 by its NUL / high-byte pattern, then UTF-8 when the bytes
 * are valid or mostly valid UTF-8 (a few broken sequences become U+FFFD rather
 * than turning the whole file into mojibake), otherwise the reading that looks
 * most like real words among windows-1256, ISO-8859-6 and windows-1252 (and
 * UTF-8 when it has good sequences among its broken ones).
 */

import { TextDecoder } from 'node:util';

export type CharsetSource = 'bom' | 'declared' | 'metadata' | 'detected';

export interface DecodedText {
  text: string;
  charset: string;
  source: CharsetSource;
}

/** Bytes scanned for an HTML `<meta>` or XML declaration (browsers scan 1 KB; news sites often put it later). */
const DECLARATION_WINDOW = 32 * 1024;
/** Bytes of the input decoded to score single-byte candidates. */
const SCORE_WINDOW = 64 * 1024;
/** Bytes inspected for the UTF-16 pattern. */
const UTF16_WINDOW = 4096;

const decoders = new Map<string, TextDecoder>();
function decoder(charset: string): TextDecoder {
  let d = decoders.get(charset);
  if (!d) {
    d = new TextDecoder(charset, { ignoreBOM: true });
    decoders.set(charset, d);
  }
  return d;
}

// windows-1252 row 0x80–0x9F. Node's decoder returns the C1 controls there (the ISO-8859-1 mapping),
// which would turn curly quotes and dashes into invisible characters; the five unassigned bytes stay C1.
const CP1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Decodes with a supported charset, never throwing: invalid sequences become U+FFFD. */
export function decodeWith(bytes: Uint8Array, charset: string): string {
  const text = decoder(charset).decode(bytes);
  if (charset !== 'windows-1252' || !/[\u0080-\u009F]/.test(text)) return text;
  return text.replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * The WHATWG name of a charset label (`latin1` → `windows-1252`, `cp1256` →
 * `windows-1256`), or null when Node cannot decode it.
 */
export function canonicalCharset(label: string | undefined | null): string | null {
  const cleaned = label?.trim().replace(/^["']+|["']+$/g, '');
  if (!cleaned) return null;
  try {
    const encoding = new TextDecoder(cleaned).encoding;
    return encoding === 'replacement' ? null : encoding;
  } catch {
    return null;
  }
}

/** The charset parameter of a MIME content-type, canonicalized. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  const match = /(?:^|;)\s*charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})/i.exec(contentType ?? '');
  return canonicalCharset(match?.[1]);
}

/** A charset declared by an XML declaration or an HTML `<meta>` in the first bytes (read as ASCII). */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, DECLARATION_WINDOW)).toString(
    'latin1',
  );
  const xml = /^\s*<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head.slice(0, 300));
  if (xml) return asciiCompatible(canonicalCharset(xml[1]));
  const lower = head.toLowerCase();
  for (let at = lower.indexOf('<meta'); at >= 0; at = lower.indexOf('<meta', at + 5)) {
    // Bounded: a tag is read up to its `>` or 1 KB, so a head full of unclosed `<meta` stays linear.
    const window = lower.slice(at, at + 1024);
    const end = window.indexOf('>');
    const tag = end < 0 ? window : window.slice(0, end);
    // Both `<meta charset="…">` and `<meta http-equiv="content-type" content="text/html; charset=…">`.
    const match = /charset\s*=\s*["']?\s*([a-z0-9._:-]{1,40})/.exec(tag);
    if (match) {
      const charset = asciiCompatible(canonicalCharset(match[1]));
      if (charset) return charset;
    }
  }
  return null;
}

/** A UTF-16 label on bytes readable as ASCII is wrong by construction; HTML treats it as UTF-8. */
function asciiCompatible(charset: string | null): string | null {
  return charset?.startsWith('utf-16') ? 'utf-8' : charset;
}

export function bomCharset(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

/**
 * UTF-16 without a BOM. Latin-script text has a NUL at every other byte;
 * Arabic text has the high byte 0x06 there (or NUL for spaces and digits).
 * The side holding the NULs / 0x06 gives the byte order.
 */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), UTF16_WINDOW);
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  let evenSix = 0;
  let oddSix = 0;
  for (let i = 0; i < n; i += 2) {
    const even = bytes[i];
    const odd = bytes[i + 1];
    if (even === 0) evenZero++;
    else if (even === 0x06) evenSix++;
    if (odd === 0) oddZero++;
    else if (odd === 0x06) oddSix++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  if (oddSix / pairs > 0.3 && (oddSix + oddZero) / pairs > 0.6 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenSix / pairs > 0.3 && (evenSix + evenZero) / pairs > 0.6 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

export interface Utf8Stats {
  /** Well-formed sequences of two to four bytes. */
  multibyte: number;
  /** Bytes that are not part of a well-formed sequence. */
  invalid: number;
}

/** One linear pass over the bytes, with the exact well-formedness rules of the UTF-8 decoder. */
export function utf8Stats(bytes: Uint8Array): Utf8Stats {
  let multibyte = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && i + need < n;
    if (ok) {
      const second = bytes[i + 1] as number;
      ok = second >= lo && second <= hi;
      for (let k = 2; ok && k <= need; k++) {
        const next = bytes[i + k] as number;
        ok = next >= 0x80 && next <= 0xbf;
      }
    }
    if (ok) {
      multibyte++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

/**
 * UTF-8 with at most a few broken bytes (one per four good sequences): a
 * damaged UTF-8 file keeps its text with U+FFFD marks. Legacy single-byte
 * Arabic or Western text has an invalid byte for nearly every non-ASCII letter.
 */
export function isMostlyUtf8(stats: Utf8Stats): boolean {
  return stats.invalid === 0 || stats.invalid * 4 <= stats.multibyte;
}

// Letters of the Arabic block proper (hamza … yeh) and the extended letters of other languages in Arabic script.
const ARABIC_LETTER = /[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]/;
const ARABIC_MARKS = /[\u064B-\u0652]/g;
const TANWEEN_INSIDE = /[\u064B-\u064D](?=\p{L})/u;
const LATIN_LETTER = /[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]/;
const LATIN_ACCENTED = /[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]/g;
// A lower-case then an upper-case accented letter inside one word: the shape of Arabic read as windows-1252.
const CASE_FLIP = /[a-z\u00DF-\u00F6\u00F8-\u00FF][\u00C0-\u00D6\u00D8-\u00DE]/;
const UNDEFINED = /[\u0080-\u009F\uFFFD]/g;
const WORD = /[\p{L}\p{M}\u0080-\u009F\uFFFD]+/gu;

// No two-letter word that another code page's reading of `ال` could produce (8859-6 `ال` reads `ان` in 1256).
const ARABIC_FUNCTION_WORDS = new Set(
  'في من على إلى الى عن مع أن إن أو او ما لا لم لن قد بين بعد قبل هذا هذه ذلك التي الذي الذين كان كانت قال وقال وفي ومن كما حيث منذ خلال عند حتى ضد'.split(
    ' ',
  ),
);
// The definite article (with a clitic) opens a large share of Arabic words.
const DEFINITE_ARTICLE = /^(?:[وفبك]?ال|لل)\p{L}{2}/u;
const LATIN_FUNCTION_WORDS = new Set('à où là été déjà très après être même ça début année première'.split(' '));

/**
 * How much a decoding reads like real words: words are scored only when they
 * hold non-ASCII characters (ASCII reads the same in every candidate).
 * Undefined or C1 control characters, words mixing Arabic and Latin letters,
 * tanween inside a word and Latin words made of alternating-case accented
 * letters are penalized; coherent words and frequent function words rewarded.
 */
export function plausibility(text: string): number {
  let score = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (!/[^\u0000-\u007F]/.test(word)) continue;
    const undefinedChars = word.match(UNDEFINED)?.length ?? 0;
    if (undefinedChars > 0) {
      score -= 10 * undefinedChars;
      continue;
    }
    const arabic = ARABIC_LETTER.test(word);
    const latin = LATIN_LETTER.test(word);
    if (arabic && latin) {
      score -= 6;
    } else if (arabic) {
      if (/^[\u064B-\u0652]/.test(word) || TANWEEN_INSIDE.test(word)) score -= 4;
      // A lone Arabic letter (other than the conjunction و) is what one stray byte reads as.
      else if (word.length === 1 && word !== '\u0648') score -= 2;
      else {
        const bare = word.replace(ARABIC_MARKS, '');
        score += ARABIC_FUNCTION_WORDS.has(bare) ? 4 : DEFINITE_ARTICLE.test(bare) ? 2 : 1;
      }
    } else if (latin) {
      const accented = word.match(LATIN_ACCENTED)?.length ?? 0;
      if (CASE_FLIP.test(word) || (word.length >= 4 && accented / word.length > 0.6)) score -= 4;
      else score += LATIN_FUNCTION_WORDS.has(word.toLowerCase()) ? 4 : 0.5;
    }
  }
  return score;
}

/** windows-1252 first: on a tie (text without Arabic) the Western label is the honest one. */
const SINGLE_BYTE_CANDIDATES = ['windows-1252', 'windows-1256', 'iso-8859-6'];

/**
 * The stretch of bytes that tells code pages apart: from just before the first
 * non-ASCII byte (a page can open with kilobytes of ASCII scripts and styles).
 */
function scoringSample(bytes: Uint8Array): Uint8Array {
  let first = 0;
  while (first < bytes.length && (bytes[first] as number) < 0x80) first++;
  const start = Math.max(0, first - 256);
  return bytes.subarray(start, start + SCORE_WINDOW);
}

/** What a single-byte reading pays for each well-formed UTF-8 sequence it splits into mojibake (`Ã©`, `Ø§`). */
const MOJIBAKE_COST = 3;

/**
 * Plausibility of each candidate reading of the sample. When the bytes hold
 * well-formed UTF-8 sequences (but too many broken ones for the fast path),
 * UTF-8 competes too, on even terms: each broken byte costs the UTF-8 reading
 * what each good sequence costs a single-byte reading (which turns it into
 * mojibake such as `Ã©` or `Ø§`).
 */
function scoreCandidates(bytes: Uint8Array): Map<string, number> {
  const sample = scoringSample(bytes);
  const { multibyte, invalid } = utf8Stats(sample);
  const scores = new Map<string, number>();
  for (const charset of SINGLE_BYTE_CANDIDATES) {
    scores.set(charset, plausibility(decodeWith(sample, charset)) - MOJIBAKE_COST * multibyte);
  }
  if (multibyte > 0) {
    const reading = decodeWith(sample, 'utf-8').replaceAll('\uFFFD', ' ');
    scores.set('utf-8', plausibility(reading) - MOJIBAKE_COST * invalid);
  }
  return scores;
}

function bestCandidate(scores: Map<string, number>): { charset: string; score: number } {
  let best = { charset: SINGLE_BYTE_CANDIDATES[0] as string, score: Number.NEGATIVE_INFINITY };
  for (const [charset, score] of scores) if (score > best.score) best = { charset, score };
  return best;
}

/** How far below the best reading a labelled code page may score before the label counts as refuted. */
const REFUTING_MARGIN = 10;

/**
 * True when the bytes refute the label (see the module comment): UTF-8 on
 * bytes that are not mostly UTF-8 and read better in a single-byte code
 * page, UTF-16 on bytes without a NUL, a legacy code page on clean multi-byte
 * UTF-8, or one of the news code pages whose reading is garbage while another
 * one reads as words (an Arabic page served as ISO-8859-1 by a server default).
 */
function refutes(bytes: Uint8Array, charset: string, stats: Utf8Stats): boolean {
  if (charset === 'utf-8') return !isMostlyUtf8(stats) && bestCandidate(scoreCandidates(bytes)).charset !== 'utf-8';
  if (charset.startsWith('utf-16')) return !bytes.subarray(0, UTF16_WINDOW).includes(0);
  if (stats.multibyte > 0 && isMostlyUtf8(stats)) return true;
  if (!SINGLE_BYTE_CANDIDATES.includes(charset) || stats.invalid === 0) return false;
  const scores = scoreCandidates(bytes);
  const own = scores.get(charset) ?? 0;
  const best = bestCandidate(scores);
  return own < 0 && best.score > 0 && best.score - own >= REFUTING_MARGIN;
}

/**
 * Decodes raw bytes to text. `contentType` is the content-type of the object
 * (or of an HTTP response inside a WARC record).
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const bom = bomCharset(bytes);
  if (bom) return { text: decodeWith(bytes.subarray(bom.skip), bom.charset), charset: bom.charset, source: 'bom' };

  // Before declarations: a declaration cannot be read in UTF-16 bytes anyway.
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: decodeWith(bytes, utf16), charset: utf16, source: 'detected' };

  const stats = utf8Stats(bytes);
  const labelled: [string | null, CharsetSource][] = [
    [declaredCharset(bytes), 'declared'],
    [charsetFromContentType(contentType), 'metadata'],
  ];
  for (const [charset, source] of labelled) {
    if (charset && !refutes(bytes, charset, stats)) return { text: decodeWith(bytes, charset), charset, source };
  }
  const charset = isMostlyUtf8(stats) ? 'utf-8' : bestCandidate(scoreCandidates(bytes)).charset;
  return { text: decodeWith(bytes, charset), charset, source: 'detected' };
}
