import { gzipSync } from 'node:zlib';

/**
 * Hostile and broken inputs, each with the outcome a user must get: an
 * accepted record or a rejection with a reason code. Shared by the
 * reliability tests and `npm run reliability` (which measures each case).
 */

export interface BadInputCase {
  name: string;
  make: () => Buffer;
  key?: string;
  expect: { status: 'accepted' } | { status: 'rejected'; reason: string };
  /** Extra check on the accepted records' text (e.g. nothing executable kept). */
  mustNotContain?: string[];
}

const ARTICLE =
  'The council approved the new budget on Tuesday after a long debate, officials said.\nOpponents said the money should go to road repairs instead.\n';

export const BAD_INPUTS: BadInputCase[] = [
  { name: 'empty file', make: () => Buffer.alloc(0), expect: { status: 'rejected', reason: 'empty' } },
  {
    name: 'PNG image',
    make: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]),
    expect: { status: 'rejected', reason: 'binary' },
  },
  {
    name: 'PDF document',
    make: () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'),
    expect: { status: 'rejected', reason: 'binary' },
  },
  {
    name: 'gzip bomb (256 MiB of zeros in 250 KB)',
    make: () => gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 }),
    expect: { status: 'rejected', reason: 'decompression-limit' },
  },
  {
    name: '50 MB text file',
    make: () => Buffer.alloc(50 * 1024 * 1024, 'news text '),
    expect: { status: 'rejected', reason: 'too-large' },
  },
  {
    name: 'single 5 MB line',
    make: () => Buffer.from(`${'word '.repeat(1_000_000)}.`),
    expect: { status: 'accepted' },
  },
  {
    name: '100,000-deep nested HTML',
    make: () =>
      Buffer.from(`<html><body>${'<div>'.repeat(100_000)}<p>${ARTICLE}</p>${'</div>'.repeat(100_000)}</body></html>`),
    expect: { status: 'accepted' },
  },
  {
    name: 'invalid UTF-8 bytes',
    make: () => Buffer.concat([Buffer.from(ARTICLE), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(ARTICLE)]),
    expect: { status: 'accepted' },
  },
  {
    name: 'NUL bytes',
    make: () => Buffer.from(`${ARTICLE}\u0000\u0000${ARTICLE}`),
    expect: { status: 'accepted' },
    mustNotContain: ['\u0000'],
  },
  {
    name: 'mixed encodings (UTF-8 and windows-1256 bytes)',
    make: () =>
      Buffer.concat([
        Buffer.from(`${ARTICLE}قال الوزير إن الخطة ستنفذ.\n`),
        Buffer.from([0xc7, 0xe1, 0xd3, 0xc7, 0xe3, 0x20, 0xda, 0xe1, 0xed, 0xdf, 0xe3]),
      ]),
    expect: { status: 'accepted' },
  },
  {
    name: 'truncated JSON',
    make: () => Buffer.from('{"title": "Budget", "maintext": "The council appro'),
    expect: { status: 'rejected', reason: 'malformed-json' },
  },
  {
    name: 'JSON with __proto__ and constructor keys',
    make: () =>
      Buffer.from(
        `{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "text": ${JSON.stringify(ARTICLE)}}`,
      ),
    expect: { status: 'accepted' },
  },
  {
    name: 'HTML with scripts, iframes, event handlers and javascript: links',
    make: () =>
      Buffer.from(
        `<html><body onload="steal()"><script>document.cookie</script><iframe src="https://evil.example"></iframe><article><p onclick="alert(1)">${ARTICLE}</p><p><a href="javascript:alert(2)">Click here for more of this story</a></p><img src=x onerror="alert(3)"></article></body></html>`,
      ),
    expect: { status: 'accepted' },
    mustNotContain: ['steal', 'cookie', 'alert', 'javascript:', 'evil.example'],
  },
  {
    name: 'right-to-left override and zero-width characters',
    make: () => Buffer.from(`\u202Eالخبر\u202C: ${ARTICLE.replace('budget', 'bud\u200Bget\u2066')}`),
    expect: { status: 'accepted' },
    mustNotContain: ['\u202E', '\u200B', '\u2066'],
  },
];
