import { TextDecoder } from 'node:util';

/** Encodes text in a single-byte code page by inverting Node's decoder table (Node only ships decoders). */
export function encodeSingleByte(text: string, charset: string): Buffer {
  const decoder = new TextDecoder(charset);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const char = decoder.decode(Uint8Array.of(b));
    if (char !== '\uFFFD' && !table.has(char)) table.set(char, b);
  }
  return Buffer.from(
    [...text].map((char) => {
      const byte = table.get(char);
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
