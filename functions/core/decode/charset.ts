/**
 * Bytes → text. Priority: byte-order mark, then a declaration inside the
 * content, then the object's content-type, then detection. Detection tries
 * strict UTF-8 first and otherwise scores the single-byte code pages common
 * for news (windows-1256 and ISO-8859-6 for Arabic, windows-1252 for Western).
 */

import { TextDecoder } from 'node:util';

export type CharsetSource = 'bom' | 'declared' | 'metadata' | 'detected';

export interface DecodedText {
  text: string;
  charset: string;
  source: CharsetSource;
}

const SUPPORTED: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1256': 'windows-1256',
  cp1256: 'windows-1256',
  'x-cp1256': 'windows-1256',
  'iso-8859-6': 'iso-8859-6',
  'iso8859-6': 'iso-8859-6',
  arabic: 'iso-8859-6',
  'asmo-708': 'iso-8859-6',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-1': 'windows-1252', // as browsers do: Latin-1 labels decode as 1252
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
};

export function canonicalCharset(label: string | undefined | null): string | null {
  if (!label) return null;
  return (
    SUPPORTED[
      label
        .trim()
        .toLowerCase()
        .replace(/^["']|["']$/g, '')
    ] ?? null
  );
}

export function charsetFromContentType(contentType: string | undefined): string | null {
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return canonicalCharset(match?.[1]);
}

/** A charset declared in the first bytes of HTML or XML (read as ASCII). */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return canonicalCharset(meta?.[1]);
}

function bomCharset(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

/** True when the bytes carry a UTF-16 byte-order mark or the UTF-16 pattern of NULs and high bytes. */
export function hasUtf16Shape(bytes: Uint8Array): boolean {
  const bom = bomCharset(bytes);
  return bom ? bom.charset.startsWith('utf-16') : sniffUtf16(bytes) !== null;
}

/** UTF-16 without a BOM: mostly-ASCII or Arabic text has NULs or a constant high byte at every other position. */
function sniffUtf16(bytes: Uint8Array): string | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  // Arabic in UTF-16: high byte 0x06 in most pairs.
  let evenSix = 0;
  let oddSix = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0x06) evenSix++;
    if (bytes[i + 1] === 0x06) oddSix++;
  }
  if (oddSix / pairs > 0.3 && (oddSix + oddZero) / pairs > 0.6) return 'utf-16le';
  if (evenSix / pairs > 0.3 && (evenSix + evenZero) / pairs > 0.6) return 'utf-16be';
  return null;
}

const decoders = new Map<string, TextDecoder>();
function decoder(charset: string, fatal = false): TextDecoder {
  const key = `${charset}:${fatal}`;
  let d = decoders.get(key);
  if (!d) {
    d = new TextDecoder(charset, { fatal, ignoreBOM: true });
    decoders.set(key, d);
  }
  return d;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  return decoder(charset).decode(bytes);
}

/** Share of invalid sequences when read as UTF-8 (0 when valid). */
function utf8ErrorRate(bytes: Uint8Array): number {
  try {
    decoder('utf-8', true).decode(bytes);
    return 0;
  } catch {
    const text = decodeWith(bytes, 'utf-8');
    const bad = text.match(/\uFFFD/g)?.length ?? 0;
    const high = bytes.reduce((sum, b) => sum + (b >= 0x80 ? 1 : 0), 0);
    return high === 0 ? 0 : bad / high;
  }
}

const ARABIC = /[\u0621-\u064A]/;
const LATIN_EXTRA = /[\u00C0-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E]/;
const ARABIC_WORDS = new Set(['في', 'من', 'على', 'إلى', 'أن', 'التي', 'الذي', 'عن', 'مع', 'هذا', 'كان', 'قال', 'وقال']);
const LATIN_WORDS = new Set(['le', 'la', 'les', 'des', 'est', 'et', 'à', 'été', 'dans', 'pour', 'qui', 'the', 'é']);

/** Higher is more plausible: coherent single-script words, known function words, no undefined characters. */
function plausibility(text: string): number {
  let score = 0;
  const sample = text.slice(0, 20_000);
  for (const word of sample.split(/[\s\p{P}\p{S}\d]+/u)) {
    if (!word) continue;
    const arabic = ARABIC.test(word);
    const latinExtra = LATIN_EXTRA.test(word);
    if (arabic && /[A-Za-z\u00C0-\u00FF]/.test(word))
      score -= 5; // scripts mixed inside a word
    else if (arabic) score += ARABIC_WORDS.has(word) ? 4 : 1;
    else if (latinExtra) score += LATIN_WORDS.has(word.toLowerCase()) ? 4 : 0.5;
    if (/[\u0080-\u009F\uFFFD]/.test(word)) score -= 10;
  }
  return score;
}

export function decodeBytes(bytes: Uint8Array, metadataContentType?: string): DecodedText {
  const bom = bomCharset(bytes);
  if (bom) return { text: decodeWith(bytes.subarray(bom.skip), bom.charset), charset: bom.charset, source: 'bom' };

  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: decodeWith(bytes, utf16), charset: utf16, source: 'detected' };

  const declared = declaredCharset(bytes);
  if (declared && !declared.startsWith('utf-16')) {
    return { text: decodeWith(bytes, declared), charset: declared, source: 'declared' };
  }
  const fromMetadata = charsetFromContentType(metadataContentType);
  if (fromMetadata) return { text: decodeWith(bytes, fromMetadata), charset: fromMetadata, source: 'metadata' };

  // Mostly valid UTF-8 with a few broken sequences is still UTF-8: keep replacement characters.
  if (utf8ErrorRate(bytes) < 0.2) return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'detected' };

  let best: DecodedText | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const charset of ['windows-1256', 'iso-8859-6', 'windows-1252']) {
    const text = decodeWith(bytes, charset);
    const score = plausibility(text);
    if (score > bestScore) {
      bestScore = score;
      best = { text, charset, source: 'detected' };
    }
  }
  return best ?? { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'detected' };
}
