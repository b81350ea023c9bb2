import { describe, expect, it } from 'vitest';
import { parseSidecar } from '../../../functions/core/decode/index.ts';
import { encodeSingleByte } from './encoding.ts';
import { ARABIC, ENGLISH, FRENCH, only, utf8 } from './helpers.ts';

describe('object metadata', () => {
  it('fills fields of a plain file from the metadata', () => {
    const doc = only(utf8(FRENCH), {
      'published-at': '2024-01-02',
      'crawled-at': '2024-01-03T05:00:00Z',
      'source-url': 'https://x.example/a',
      lang: 'fr',
    });
    expect(doc.fields).toEqual({
      publishedAt: '2024-01-02',
      crawledAt: '2024-01-03T05:00:00Z',
      url: 'https://x.example/a',
      language: 'fr',
    });
  });

  it('lets explicit JSON fields win and fills only what they leave open', () => {
    const json = JSON.stringify({ text: ENGLISH, url: 'https://x.example/json', date_publish: '2024-02-01' });
    const doc = only(utf8(json), { 'source-url': 'https://x.example/meta', 'published-at': '2023-01-01', lang: 'en' });
    expect(doc.fields).toEqual({ url: 'https://x.example/json', publishedAt: '2024-02-01', language: 'en' });
  });

  it('uses the charset of the metadata content-type', () => {
    const bytes = encodeSingleByte(ARABIC, 'iso-8859-6');
    const doc = only(bytes, { 'content-type': 'text/plain; charset=iso-8859-6' });
    expect(doc).toMatchObject({ charset: 'iso-8859-6', charsetSource: 'metadata', body: ARABIC });
  });

  it('uses an HTML content-type as a format hint only', () => {
    expect(only(utf8(ENGLISH), { 'content-type': 'text/html' }).format).toBe('text');
  });
});

describe('parseSidecar', () => {
  it('lower-cases keys, strips the x-amz-meta- prefix and keeps values as strings', () => {
    const sidecar =
      '{"X-Amz-Meta-Crawled-At": "2020-01-01T00:00:00Z", "Lang": "ar", "Content-Type": "text/html", "priority": 3, "ok": true}';
    expect(parseSidecar(sidecar)).toEqual({
      'crawled-at': '2020-01-01T00:00:00Z',
      lang: 'ar',
      'content-type': 'text/html',
      priority: '3',
      ok: 'true',
    });
  });

  it('leaves nested values and nulls out', () => {
    expect(parseSidecar('{"a": {"b": 1}, "c": [1], "d": null, "e": "x"}')).toEqual({ e: 'x' });
  });

  it('keeps a __proto__ key as data', () => {
    const metadata = parseSidecar('{"__proto__": "x", "lang": "fr"}');
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.hasOwn(metadata, '__proto__')).toBe(true);
    expect(metadata.lang).toBe('fr');
  });

  it('throws a clear error on anything but a JSON object', () => {
    expect(() => parseSidecar('[1,2]')).toThrow(/JSON object/);
    expect(() => parseSidecar('"text"')).toThrow(/JSON object/);
    expect(() => parseSidecar('null')).toThrow(/JSON object/);
    expect(() => parseSidecar('{"lang": ')).toThrow(/valid JSON/);
  });
});
