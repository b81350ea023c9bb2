import { describe, expect, it } from 'vitest';
import {
  binaryKind,
  hasMarkup,
  isGzip,
  isRtf,
  isWarc,
  looksLikeHtml,
  looksLikeJson,
} from '../../../functions/core/decode/sniff.ts';
import { encodeSingleByte, encodeUtf16 } from './encoding.ts';

const ARABIC = 'افتتحت البلدية صباح اليوم المكتبة العامة الجديدة بحضور عدد من الكتاب والطلاب.';
const ENGLISH = 'The ferry service resumed on Friday after a week of storms kept boats in the harbour.';

const withTail = (head: number[], tail = 64) => Buffer.from([...head, ...Array.from({ length: tail }, () => 0x41)]);

describe('binary formats', () => {
  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe1]],
    ['GIF', [...Buffer.from('GIF89a')]],
    ['PDF', [...Buffer.from('%PDF-1.4')]],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04]],
    ['RAR', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]],
    ['7-Zip', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
    ['ELF', [0x7f, 0x45, 0x4c, 0x46, 0x02]],
    ['SQLite', [...Buffer.from('SQLite format 3\u0000')]],
    ['WOFF2', [...Buffer.from('wOF2')]],
    ['MP3', [...Buffer.from('ID3'), 0x04, 0x00]],
    ['OLE2', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ])('names a %s file by its magic number', (name, head) => {
    expect(binaryKind(withTail(head))).toContain(name);
  });

  it('finds signatures that sit past the first byte (MP4 ftyp, tar ustar)', () => {
    expect(binaryKind(withTail([0, 0, 0, 0x20, ...Buffer.from('ftypisom')]))).toMatch(/MP4/);
    const tar = Buffer.alloc(600, 0x61);
    tar.write('ustar', 257, 'latin1');
    expect(binaryKind(tar)).toMatch(/tar/);
  });

  it('calls control-byte noise binary', () => {
    const noise = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 37 + 11) % 256));
    expect(binaryKind(noise)).toMatch(/control bytes/);
  });

  it('lets text through in every charset the stage reads', () => {
    expect(binaryKind(Buffer.from(`${ARABIC}\n${ENGLISH}`))).toBeNull();
    expect(binaryKind(encodeSingleByte(ARABIC, 'windows-1256'))).toBeNull();
    expect(binaryKind(encodeSingleByte(ARABIC, 'iso-8859-6'))).toBeNull();
    for (const endian of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        expect(binaryKind(encodeUtf16(ARABIC, endian, bom))).toBeNull();
        expect(binaryKind(encodeUtf16(ENGLISH, endian, bom))).toBeNull();
      }
    }
  });

  it('tolerates a few NULs and form feeds in text, and text that merely starts like a signature', () => {
    expect(binaryKind(Buffer.from(`${ENGLISH}\u0000\f${ENGLISH}`))).toBeNull();
    expect(binaryKind(Buffer.from(`ID3 tags are read by most players. ${ENGLISH}`))).toBeNull();
    expect(binaryKind(Buffer.from(`RIF${ENGLISH}`))).toBeNull();
  });

  it('recognizes gzip, WARC and RTF by their first bytes', () => {
    expect(isGzip(Buffer.from([0x1f, 0x8b, 0x08]))).toBe(true);
    expect(isGzip(Buffer.from('1f8b'))).toBe(false);
    expect(isWarc(Buffer.from('\r\nWARC/1.1\r\nWARC-Type: warcinfo\r\n'))).toBe(true);
    expect(isWarc(Buffer.from('WARC records are described in ISO 28500.'))).toBe(false);
    expect(isRtf(Buffer.from('{\\rtf1\\ansi hello}'))).toBe(true);
    expect(isRtf(Buffer.from('{"rtf": 1}'))).toBe(false);
  });
});

describe('text formats', () => {
  it('takes objects opening with a key and arrays opening with an object as JSON', () => {
    expect(looksLikeJson('{"title": "x"}', false)).toBe(true);
    expect(looksLikeJson('  \n[ {"text": "x"} ]', false)).toBe(true);
    expect(looksLikeJson('[]', false)).toBe(true);
    expect(looksLikeJson('{"title": "cut', false)).toBe(true);
  });

  it('does not take prose that opens with a bracket as JSON unless the name or type says JSON', () => {
    expect(looksLikeJson('[AFP] Paris — The ferry service resumed.', false)).toBe(false);
    expect(looksLikeJson('{Editorial} The council met.', false)).toBe(false);
    expect(looksLikeJson('{title: "x"}', true)).toBe(true);
    expect(looksLikeJson('The council met.', true)).toBe(false);
  });

  it('recognizes HTML by its opening, after comments, XML declarations and a BOM', () => {
    expect(looksLikeHtml('<!DOCTYPE html><html><body>x</body></html>')).toBe(true);
    expect(looksLikeHtml('\uFEFF<?xml version="1.0"?>\n<!-- saved page -->\n<html lang="ar">')).toBe(true);
    expect(looksLikeHtml('  <div class="article"><p>x</p></div>')).toBe(true);
  });

  it('recognizes HTML fragments by several common tags', () => {
    expect(looksLikeHtml(`${ENGLISH}<br>\n${ENGLISH}<br>\n${ENGLISH}<br>`)).toBe(true);
    expect(looksLikeHtml(`${ENGLISH} <b>bold</b> only once`)).toBe(false);
  });

  it('takes any tag as HTML once the type or the name says HTML', () => {
    expect(looksLikeHtml(`${ENGLISH} <b>bold</b> only once`, true)).toBe(true);
    expect(looksLikeHtml('if a < b and c > d then nothing', true)).toBe(false);
  });

  it('does not take prose with comparisons or arrows for markup', () => {
    expect(hasMarkup('Rates rose from 3% to <4% while costs stayed > 2%.')).toBe(false);
    expect(hasMarkup('<- back to the list')).toBe(false);
  });

  it('takes a crawler body that is one paragraph element for markup', () => {
    expect(hasMarkup(`<p>${ARABIC}</p>`)).toBe(true);
  });

  it('goes through a 5 MB single line without quadratic work', () => {
    const line = `${'<!--'.repeat(1000)}${'x <a'.repeat(1_250_000)}`;
    expect(line.length).toBeGreaterThan(5_000_000);
    expect(looksLikeHtml(line)).toBe(false);
    expect(binaryKind(Buffer.from(line))).toBeNull();
    expect(looksLikeJson(line, true)).toBe(false);
  });
});
