import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../functions/core/decode/types.ts';
import { encodeSingleByte } from './encoding.ts';
import { ARABIC, decode, ENGLISH, FRENCH, only, rejectionOf, utf8 } from './helpers.ts';

describe('gzip', () => {
  it('inflates gzip and records it', () => {
    expect(only(gzipSync(utf8(ARABIC)))).toMatchObject({ body: ARABIC, containers: ['gzip'], format: 'text' });
  });

  it('inflates a gzip inside a gzip once', () => {
    expect(only(gzipSync(gzipSync(utf8(FRENCH))))).toMatchObject({ body: FRENCH, containers: ['gzip', 'gzip'] });
  });

  it('refuses a third level of gzip', () => {
    expect(rejectionOf(() => decode(gzipSync(gzipSync(gzipSync(utf8(FRENCH)))))).reason).toBe('unsupported-format');
  });

  it('sniffs gzip whatever the file is called', () => {
    expect(only(gzipSync(utf8(ENGLISH)), {}, 'article.txt').body).toBe(ENGLISH);
  });

  it('decodes the charset of the inflated bytes', () => {
    const doc = only(gzipSync(encodeSingleByte(ARABIC, 'windows-1256')));
    expect(doc).toMatchObject({ body: ARABIC, charset: 'windows-1256' });
  });

  it('rejects a gzip bomb at the decompression cap', () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(rejectionOf(() => decode(bomb)).reason).toBe('decompression-limit');
    const limits = { ...DEFAULT_LIMITS, maxDecompressedBytes: 1024 };
    expect(rejectionOf(() => decode(gzipSync(utf8(FRENCH.repeat(20))), {}, 'x', limits)).reason).toBe(
      'decompression-limit',
    );
  });

  it('rejects a truncated gzip stream as undecodable', () => {
    const gz = gzipSync(utf8(ARABIC.repeat(50)));
    expect(rejectionOf(() => decode(gz.subarray(0, gz.length / 2))).reason).toBe('undecodable');
  });

  it('rejects a gzip of nothing as empty', () => {
    expect(rejectionOf(() => decode(gzipSync(Buffer.alloc(0)))).reason).toBe('empty');
  });
});

describe('format', () => {
  it.each([
    ['a doctype', `<!DOCTYPE html><html><body><p>${FRENCH}</p></body></html>`],
    ['an XML declaration and a comment first', `<?xml version="1.0"?>\n<!-- saved -->\n<html><p>${FRENCH}</p></html>`],
    ['a fragment of paragraphs', `${FRENCH}\n<p>${ENGLISH}</p><p>${FRENCH}</p><br>`],
  ])('sees HTML with %s', (_, html) => {
    expect(only(utf8(html)).format).toBe('html');
  });

  it('keeps text that mentions a tag as text', () => {
    expect(only(utf8(`The <p> element marks a paragraph. ${ENGLISH}`)).format).toBe('text');
  });

  it('takes one tag as HTML when the content-type says HTML', () => {
    expect(only(utf8(`${ENGLISH}<br>${FRENCH}`), { 'content-type': 'text/html' }).format).toBe('html');
    expect(only(utf8(`${ENGLISH}<br>${FRENCH}`)).format).toBe('text');
  });

  it('keeps text opening with a bracket as text', () => {
    const text = `[Reuters] ${ENGLISH}`;
    expect(only(utf8(text))).toMatchObject({ format: 'text', body: text, containers: [] });
    expect(only(utf8(`{Update} ${ENGLISH}`)).format).toBe('text');
  });
});

describe('crawler JSON', () => {
  it('reads one article with its fields', () => {
    const json = JSON.stringify({
      title: 'Storm closes port',
      maintext: ENGLISH,
      description: 'Ships wait offshore',
      date_publish: '2024-03-12 09:30:00',
      date_download: '2024-03-12 11:00:00',
      url: 'https://example.com/a',
      language: 'en',
      authors: ['Ana Ruiz', { name: 'Omar Haddad' }],
    });
    expect(only(utf8(json))).toEqual({
      index: 0,
      format: 'text',
      body: ENGLISH,
      charset: 'utf-8',
      charsetSource: 'json',
      containers: ['json'],
      fields: {
        title: 'Storm closes port',
        subtitle: 'Ships wait offshore',
        publishedAt: '2024-03-12 09:30:00',
        crawledAt: '2024-03-12 11:00:00',
        url: 'https://example.com/a',
        language: 'en',
        authors: ['Ana Ruiz', 'Omar Haddad'],
      },
    });
  });

  it('understands the other usual field names', () => {
    const json = JSON.stringify({
      headline: 'عنوان الخبر',
      content: ARABIC,
      subtitle: 'سطر تمهيدي',
      datePublished: '2024-05-01',
      crawled_at: '2024-05-02',
      source_url: 'https://example.org/x',
      lang: 'ar',
      author: 'مراسلنا',
    });
    expect(only(utf8(json)).fields).toEqual({
      title: 'عنوان الخبر',
      subtitle: 'سطر تمهيدي',
      publishedAt: '2024-05-01',
      crawledAt: '2024-05-02',
      url: 'https://example.org/x',
      language: 'ar',
      authors: ['مراسلنا'],
    });
  });

  it('takes an HTML body as HTML', () => {
    const doc = only(utf8(JSON.stringify({ title: 'x', raw_html: `<html><body><p>${FRENCH}</p></body></html>` })));
    expect(doc).toMatchObject({ format: 'html', containers: ['json'] });
    expect(doc.body).toContain(FRENCH);
  });

  it('takes a text field holding markup as HTML', () => {
    expect(only(utf8(JSON.stringify({ text: `<p>${FRENCH}</p><p>${ENGLISH}</p><p>${FRENCH}</p>` }))).format).toBe(
      'html',
    );
  });

  it('prefers the extracted text over the raw HTML', () => {
    const doc = only(utf8(JSON.stringify({ html: '<html><body>menu</body></html>', maintext: FRENCH })));
    expect(doc).toMatchObject({ format: 'text', body: FRENCH });
  });

  it('removes NULs that JSON escapes put in the body', () => {
    expect(only(utf8(JSON.stringify({ text: `${FRENCH}\u0000${ENGLISH}` }))).body).toBe(`${FRENCH}${ENGLISH}`);
  });

  it('joins a body given as a list of paragraphs', () => {
    expect(only(utf8(JSON.stringify({ paragraphs: [FRENCH, ENGLISH] }))).body).toBe(`${FRENCH}\n\n${ENGLISH}`);
  });

  it('reads an article inside an export wrapper, with the wrapper fields as fallback', () => {
    const json = JSON.stringify({ _id: '1', url: 'https://example.com/w', _source: { title: 'T', text: ENGLISH } });
    expect(only(utf8(json))).toMatchObject({ body: ENGLISH, fields: { title: 'T', url: 'https://example.com/w' } });
  });

  it('reads an array of articles and reports entries without text', () => {
    const docs = decode(utf8(JSON.stringify([{ text: FRENCH }, { note: 'no body' }, { content: ARABIC }])));
    expect(docs.map((d) => [d.index, d.body, d.rejected?.reason])).toEqual([
      [0, FRENCH, undefined],
      [1, '', 'no-content'],
      [2, ARABIC, undefined],
    ]);
    expect(docs[0]?.containers).toEqual(['json']);
  });

  it('reads the article list of an API envelope', () => {
    const json = JSON.stringify({
      status: 'ok',
      articles: [
        { title: 'A', content: FRENCH },
        { title: 'B', content: ENGLISH },
      ],
    });
    expect(decode(utf8(json)).map((d) => d.fields.title)).toEqual(['A', 'B']);
  });

  it('keeps the first maxDocuments entries', () => {
    const many = JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ text: `${ENGLISH} ${i}` })));
    const docs = decode(utf8(many), {}, 'x', { ...DEFAULT_LIMITS, maxDocuments: 5 });
    expect(docs.map((d) => d.body)).toEqual(Array.from({ length: 5 }, (_, i) => `${ENGLISH} ${i}`));
  });

  it('rejects JSON without any article text', () => {
    expect(rejectionOf(() => decode(utf8(JSON.stringify({ title: 'only a title' })))).reason).toBe('no-content');
    expect(rejectionOf(() => decode(utf8('[]'))).reason).toBe('no-content');
  });

  it('rejects truncated JSON', () => {
    expect(rejectionOf(() => decode(utf8('{"title": "x", "text": "abc'))).reason).toBe('malformed-json');
    const pretty = JSON.stringify({ title: 'x', text: FRENCH }, null, 2);
    expect(rejectionOf(() => decode(utf8(pretty.slice(0, -3)))).reason).toBe('malformed-json');
  });

  it('treats __proto__ and constructor keys as data', () => {
    const json = `{"__proto__": {"polluted": "yes", "text": "not this"}, "constructor": {"prototype": {"polluted": "yes"}}, "title": "T", "text": ${JSON.stringify(FRENCH)}}`;
    const doc = only(utf8(json));
    expect(doc).toMatchObject({ body: FRENCH, fields: { title: 'T' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(doc.fields)).toBe(Object.prototype);
  });

  it('does not take a body from an inherited property', () => {
    expect(rejectionOf(() => decode(utf8('{"__proto__": {"text": "inherited"}}'))).reason).toBe('no-content');
  });
});

describe('JSON Lines', () => {
  it('reads one article per line and reports a broken line without losing the others', () => {
    const lines = [
      JSON.stringify({ text: FRENCH, url: 'https://example.com/1' }),
      '{"text": "broken',
      '',
      JSON.stringify({ text: ARABIC, title: 'عنوان' }),
    ].join('\r\n');
    const docs = decode(utf8(lines));
    expect(docs.map((d) => d.body)).toEqual([FRENCH, '', ARABIC]);
    expect(docs.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(docs[1]?.rejected?.reason).toBe('malformed-json');
    expect(docs[1]?.rejected?.message).toMatch(/line 2/);
    expect(docs[2]).toMatchObject({ containers: ['jsonl'], fields: { title: 'عنوان' } });
  });

  it('rejects JSON Lines where no line parses', () => {
    expect(rejectionOf(() => decode(utf8('{"text": "a\n{"text": "b\n'))).reason).toBe('malformed-json');
  });

  it('rejects JSON Lines where no line has article text', () => {
    expect(rejectionOf(() => decode(utf8('{"id": 1}\n{"id": 2}\n'))).reason).toBe('no-content');
  });

  it('keeps the first maxDocuments lines', () => {
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({ text: `${FRENCH} ${i}` })).join('\n');
    expect(decode(utf8(lines), {}, 'x', { ...DEFAULT_LIMITS, maxDocuments: 3 })).toHaveLength(3);
  });

  it('reads gzipped JSON Lines', () => {
    const lines = `${JSON.stringify({ text: FRENCH })}\n${JSON.stringify({ text: ENGLISH })}\n`;
    expect(decode(gzipSync(utf8(lines))).map((d) => d.containers)).toEqual([
      ['gzip', 'jsonl'],
      ['gzip', 'jsonl'],
    ]);
  });
});
