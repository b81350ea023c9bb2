/**
 * Content sniffing: what the bytes are, whatever the file is called.
 * Binary formats by magic number and control-byte ratio, gzip and WARC by
 * their signatures, and the text formats (HTML, crawler JSON) by their start.
 */

import { sniffUtf16 } from './charset.ts';

type Magic = [name: string, offset: number, bytes: number[]];

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const MAGIC: Magic[] = [
  ['PNG image', 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]],
  ['JPEG image', 0, [0xff, 0xd8, 0xff]],
  ['GIF image', 0, ascii('GIF8')],
  ['TIFF image', 0, [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF image', 0, [0x4d, 0x4d, 0x00, 0x2a]],
  ['ICO image', 0, [0x00, 0x00, 0x01, 0x00]],
  ['PDF document', 0, ascii('%PDF-')],
  ['ZIP archive (or Office/EPUB document)', 0, [0x50, 0x4b, 0x03, 0x04]],
  ['ZIP archive', 0, [0x50, 0x4b, 0x05, 0x06]],
  ['ZIP archive', 0, [0x50, 0x4b, 0x07, 0x08]],
  ['RAR archive', 0, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ['7-Zip archive', 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['bzip2 archive', 0, [0x42, 0x5a, 0x68]],
  ['xz archive', 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['Zstandard archive', 0, [0x28, 0xb5, 0x2f, 0xfd]],
  ['tar archive', 257, ascii('ustar')],
  ['RIFF media (WebP, WAV or AVI)', 0, ascii('RIFF')],
  ['MP4/QuickTime/HEIF media', 4, ascii('ftyp')],
  ['Ogg media', 0, ascii('OggS')],
  ['FLAC audio', 0, ascii('fLaC')],
  ['Matroska/WebM media', 0, [0x1a, 0x45, 0xdf, 0xa3]],
  ['OLE2 document (old Office format)', 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]],
  ['SQLite database', 0, ascii('SQLite format 3\u0000')],
  ['WOFF font', 0, ascii('wOFF')],
  ['WOFF2 font', 0, ascii('wOF2')],
  ['TrueType font', 0, [0x00, 0x01, 0x00, 0x00, 0x00]],
  ['ELF executable', 0, [0x7f, 0x45, 0x4c, 0x46]],
  ['Windows executable', 0, [0x4d, 0x5a, 0x90, 0x00]],
  ['Mach-O executable', 0, [0xcf, 0xfa, 0xed, 0xfe]],
  ['Mach-O executable', 0, [0xce, 0xfa, 0xed, 0xfe]],
  ['Java class or Mach-O universal binary', 0, [0xca, 0xfe, 0xba, 0xbe]],
  ['WebAssembly module', 0, [0x00, 0x61, 0x73, 0x6d]],
];

function hasMagic(bytes: Uint8Array, [, offset, magic]: Magic): boolean {
  if (bytes.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[offset + i] !== magic[i]) return false;
  return true;
}

/** Bytes inspected for control characters. */
const CONTROL_WINDOW = 8192;

/**
 * The kind of binary file the bytes are, or null for text. Text in any
 * charset this stage reads has almost no C0 control bytes besides tab,
 * newlines, form feed and escape; NULs are left to the UTF-16 sniffer and to
 * NUL stripping, so they count only at rates text never shows.
 */
export function binaryKind(bytes: Uint8Array): string | null {
  for (const magic of MAGIC) if (hasMagic(bytes, magic)) return magic[0];
  // MP3 with an ID3 tag: "ID3" then a small version byte.
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33 && (bytes[3] ?? 0xff) < 0x0a) return 'MP3 audio';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return null;
  if (sniffUtf16(bytes)) return null;
  const n = Math.min(bytes.length, CONTROL_WINDOW);
  if (n === 0) return null;
  let control = 0;
  let nul = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) nul++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  if (control / n > 0.05) return 'binary file (control bytes)';
  // Half the bytes NUL is UTF-16 (caught above); a NUL every few bytes and nothing else is binary.
  if (nul / n > 0.05 && nul / n < 0.3) return 'binary file (scattered NUL bytes)';
  return null;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** WARC files start with their version line. */
export function isWarc(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < 16 && (bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  return (
    Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(5, bytes.byteLength - i)).toString('latin1') === 'WARC/'
  );
}

/** Skips whitespace, a BOM, an XML declaration and comments at the start of markup; bounded by `limit`. */
function markupStart(text: string, limit: number): number {
  let at = 0;
  for (;;) {
    while (at < limit && /[\s\uFEFF]/.test(text[at] ?? '')) at++;
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end < 0 || end > limit) return at;
      at = end + 3;
    } else if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2);
      if (end < 0 || end > limit) return at;
      at = end + 2;
    } else {
      return at;
    }
  }
}

const HTML_START =
  /^<(?:!doctype\s+html|html|head|body|meta|title|link|base|article|main|section|header|nav|div|p|br|h[1-6]|table|ul|ol|figure|blockquote|span|font|center|b|strong|a|img|script|style|noscript)[\s>/]/i;
const HTML_TAG =
  /<\/?(?:p|div|br|hr|article|section|main|header|footer|nav|aside|h[1-6]|span|a|img|figure|figcaption|ul|ol|li|table|tr|td|strong|em|b|i|blockquote|body|html|head|title)[\s>/]/gi;

/** Markup, not prose: a known tag opening the text, or several common tags near the start. */
export function hasMarkup(text: string): boolean {
  const at = markupStart(text, Math.min(text.length, 4096));
  if (HTML_START.test(text.slice(at, at + 32))) return true;
  let tags = 0;
  for (const _ of text.slice(0, 20_000).matchAll(HTML_TAG)) if (++tags >= 3) return true;
  return false;
}

/**
 * HTML documents: markup as `hasMarkup` sees it, or, when the content-type or
 * the file name says HTML (`hinted`), any tag at all.
 */
export function looksLikeHtml(text: string, hinted = false): boolean {
  return hasMarkup(text) || (hinted && /<\/?[a-z][a-z0-9]*[\s>/]/i.test(text.slice(0, 20_000)));
}

/** RTF starts with its group and control word; it is a word-processor format, not an article file. */
export function isRtf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 5)).toString('latin1') === '{\\rtf';
}

/**
 * Crawler JSON: an object opening with a key, or an array opening with an
 * object. A text that merely starts with a bracket (`[AFP] …`) is not JSON
 * unless the content-type or the file name says so.
 */
export function looksLikeJson(text: string, hinted: boolean): boolean {
  const head = text.slice(0, 256).trimStart();
  if (/^\{\s*(?:"|\}|$)/.test(head) || /^\[\s*(?:\{|\]|$)/.test(head)) return true;
  return hinted && (head.startsWith('{') || head.startsWith('['));
}
