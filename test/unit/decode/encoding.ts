import { TextDecoder } from 'node:util';

/**
 * Encoders for the test inputs (Node ships decoders only). Tables are built by
 * decoding every byte; windows-1252's 0x80–0x9F row is spelled out because some
 * Node releases decode that row as ISO-8859-1 controls.
 */

const CP1252_HIGH = [
  '€',
  '\u0081',
  '‚',
  'ƒ',
  '„',
  '…',
  '†',
  '‡',
  'ˆ',
  '‰',
  'Š',
  '‹',
  'Œ',
  '\u008D',
  'Ž',
  '\u008F',
  '\u0090',
  '‘',
  '’',
  '“',
  '”',
  '•',
  '–',
  '—',
  '˜',
  '™',
  'š',
  '›',
  'œ',
  '\u009D',
  'ž',
  'Ÿ',
];

const tables = new Map<string, Map<string, number>>();

function table(charset: string): Map<string, number> {
  let map = tables.get(charset);
  if (map) return map;
  map = new Map();
  const decoder = new TextDecoder(charset);
  for (let b = 0; b < 256; b++) {
    const char =
      charset === 'windows-1252' && b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : decoder.decode(Uint8Array.of(b));
    if (char && char !== '\uFFFD' && !map.has(char)) map.set(char, b);
  }
  tables.set(charset, map);
  return map;
}

/** Encodes text in a single-byte code page; throws on a character the code page lacks. */
export function encodeSingleByte(text: string, charset: string): Buffer {
  const map = table(charset);
  return Buffer.from(
    [...text].map((char) => {
      const byte = map.get(char);
      if (byte === undefined) throw new Error(`${charset} cannot encode ${JSON.stringify(char)}`);
      return byte;
    }),
  );
}

export function encodeUtf16(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const body = endian === 'le' ? le : le.swap16();
  const mark = endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), body]) : body;
}
