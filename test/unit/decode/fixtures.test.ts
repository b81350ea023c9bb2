import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeInput } from '../../../functions/core/decode/index.ts';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/decode/${name}`, import.meta.url)));
const decodeFile = (name: string) => decodeInput({ name, bytes: fixture(name), metadata: {} });

describe('fixture files', () => {
  it.each([
    ['arabic-1256-meta.html', 'windows-1256', 'declared', 'html', 'محطة جديدة لتحلية مياه البحر'],
    ['arabic-1256-bare.txt', 'windows-1256', 'detected', 'text', 'تسعمئة دار نشر من ثلاثين دولة'],
    ['arabic-iso-8859-6.txt', 'iso-8859-6', 'detected', 'text', 'أكثر من عشرين ألف زائر'],
    ['french-1252.txt', 'windows-1252', 'detected', 'text', '« Nous demandons des garanties sur l’emploi »'],
    ['english-utf16le-nobom.txt', 'utf-16le', 'detected', 'text', 'Rescue teams reached three villages'],
    ['arabic-utf16be-bom.txt', 'utf-16be', 'bom', 'text', 'مهرجان الكتاب يستقبل آلاف الزوار'],
  ])('decodes %s', (name, charset, charsetSource, format, phrase) => {
    const [doc, ...rest] = decodeFile(name);
    expect(rest).toHaveLength(0);
    expect(doc).toMatchObject({ charset, charsetSource, format });
    expect(doc?.body).toContain(phrase);
    expect(doc?.body).not.toMatch(/[\u0080-\u009F\uFFFD]/);
  });

  it('decodes gzipped JSON Lines with a broken line', () => {
    const docs = decodeFile('articles.jsonl.gz');
    expect(docs.map((d) => d.rejected?.reason ?? d.fields.url)).toEqual([
      'https://news.example.com/port',
      'malformed-json',
      'https://news.example.com/wheat',
    ]);
    expect(docs[0]).toMatchObject({
      containers: ['gzip', 'jsonl'],
      fields: {
        title: 'Port reopens after storm',
        publishedAt: '2023-11-06 08:15:00',
        language: 'en',
        authors: ['Sam Reed'],
      },
    });
    expect(docs[2]?.fields).toMatchObject({ title: 'ارتفاع أسعار القمح', language: 'ar' });
  });
});
