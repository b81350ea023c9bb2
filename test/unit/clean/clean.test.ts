import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../../functions/core/clean/index.ts';
import { wordKey } from '../../../functions/core/text/normalize.ts';
import { fixtureText } from '../../support/fixtures.ts';

const options = { maxHtmlDepth: 5_000 };
const cleanText = (body: string) => cleanDocument({ format: 'text', body }, options);
const cleanHtml = (body: string, baseUrl?: string) => cleanDocument({ format: 'html', body }, { ...options, baseUrl });
const texts = (result: ReturnType<typeof cleanDocument>) => result.blocks.map((b) => b.text);

describe('cleaning an English news page', () => {
  const result = cleanHtml(fixtureText('clean/en-wire.html'), 'https://ledger.example.com/world/x');
  const body = texts(result).join('\n');

  it('keeps the article paragraphs in order', () => {
    const paragraphs = result.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toMatch(/^ALEXANDRIA, Egypt \(Reuters\)/);
    expect(paragraphs[4]).toMatch(/^Egypt's second city/);
  });

  it('drops navigation, share widgets, captions, related links, comments, sidebar and footer', () => {
    for (const chrome of [
      'World',
      'Facebook',
      'Waves break',
      'Egypt braces',
      'Great article',
      'Most read',
      'All rights',
      'Tags:',
      'Click here',
    ]) {
      expect(body).not.toContain(chrome);
    }
    expect(result.removedCounts.share).toBe(1);
    expect(result.removedCounts.caption).toBe(1);
    expect(result.removedCounts.comments).toBeGreaterThanOrEqual(1);
  });

  it('never keeps script content or event handlers', () => {
    expect(JSON.stringify(result)).not.toMatch(/injected|steal|alert|tracking/);
  });

  it('reads the headline, dek and publication time from the markup', () => {
    expect(result.meta.h1).toBe('Flooding closes port of Alexandria as storm hits coast');
    expect(result.meta.siteName).toBe('The Daily Ledger');
    expect(result.meta.publishedAt).toBe('2024-03-12T09:30:00Z');
    expect(result.dek).toMatch(/^Ships were diverted/);
  });

  it('collects http links from the content, never javascript: links', () => {
    expect(result.links).toContain('https://www.example.org/weather');
    expect(result.links.some((l) => l.startsWith('javascript'))).toBe(false);
  });
});

describe('cleaning an Arabic portal text', () => {
  const result = cleanText(fixtureText('clean/ar-portal.txt'));
  const body = texts(result);

  it('keeps the headline and the body, once each', () => {
    expect(body[0]).toBe('ارتفاع أسعار القمح في الأسواق المحلية للشهر الثالث');
    expect(body.filter((p) => p.startsWith('قالت وزارة التجارة'))).toHaveLength(1);
    expect(body).toHaveLength(5);
  });

  it('removes the breadcrumb, javascript notice, font widget, read-also, share, follow-us and comments lines', () => {
    expect(result.removedCounts).toMatchObject({
      breadcrumb: 1,
      'javascript-notice': 1,
      'font-size-widget': 1,
      'read-more': 2,
      share: 1,
      'follow-us': 1,
      comments: 1,
      'repeated-paragraph': 1,
    });
  });
});

describe('repetition', () => {
  it('cuts a body pasted twice inside one paragraph and drops the teaser-style read-also line', () => {
    const result = cleanText(fixtureText('clean/fr-doubled.txt'));
    const body = texts(result);
    expect(body[1]).toBe(
      "Le Premier ministre a présenté mardi un plan de soutien de 400 millions d'euros destiné aux agriculteurs touchés par la sécheresse, après plusieurs semaines de mobilisation dans les campagnes.",
    );
    expect(result.removedCounts['repeated-body']).toBe(1);
    expect(body.join(' ')).not.toMatch(/lire aussi|droits réservés/i);
  });

  it('drops paragraphs equal after diacritics and alef normalization', () => {
    const result = cleanText(
      'وقال الرّئيس إنّ الاتفاق سيوقع في الأسبوع المقبل بعد مفاوضات طويلة.\nوقال الرئيس ان الاتفاق سيوقع في الاسبوع المقبل بعد مفاوضات طويلة.',
    );
    expect(result.blocks).toHaveLength(1);
    expect(result.blocks[0]?.text).toContain('الرّئيس');
  });

  it('drops a paragraph contained in a longer one', () => {
    const teaser = 'The central bank raised interest rates by half a point on Thursday';
    const result = cleanText(`${teaser}\n${teaser}, its largest increase in two decades, citing persistent inflation.`);
    expect(result.blocks).toHaveLength(1);
    expect(result.removedCounts['contained-paragraph']).toBe(1);
  });
});

describe('hard-wrapped text', () => {
  it('joins wrapped lines into paragraphs', () => {
    const wrapped = [
      'The city council voted on Monday to expand the',
      'bus network with twelve new routes, a plan that',
      'officials say will serve forty thousand people.',
      '',
      'Opponents said the money would be better spent',
      'on repairing roads, many of which have not been',
      'resurfaced in more than a decade, they argued.',
    ].join('\n');
    const result = cleanText(wrapped);
    expect(result.blocks).toHaveLength(2);
    expect(result.blocks[0]?.text).toMatch(/^The city council .* forty thousand people\.$/);
  });
});

describe('robustness', () => {
  it('keeps text as written: NFC and whitespace only', () => {
    const result = cleanText('  Le  ministre   a déclaré\u00A0mardi que la réforme serait votée avant l’été.  ');
    expect(result.blocks[0]?.text).toBe('Le ministre a déclaré mardi que la réforme serait votée avant l’été.');
  });

  it('flattens HTML nested deeper than the limit, as browsers do, and still yields its paragraph', () => {
    const paragraph = 'The council approved the budget on Monday after a long debate about schools and roads.';
    const deep = `<html><body>${'<div>'.repeat(100_000)}<p>${paragraph}</p>${'</div>'.repeat(100_000)}</body></html>`;
    expect(texts(cleanHtml(deep))).toEqual([paragraph]);
  });

  it('handles a 5 MB single-line text', () => {
    const line = 'word '.repeat(1_000_000);
    const result = cleanText(line);
    expect(result.blocks).toHaveLength(1);
  });

  it('never throws on arbitrary text and never adds words', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (input) => {
        const source = wordKey(input);
        for (const block of cleanText(input).blocks) expect(source).toContain(wordKey(block.text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary HTML-ish input', () => {
    const tag = fc.constantFrom(
      '<p>',
      '</p>',
      '<div class="share">',
      '</div>',
      '<nav>',
      '<a href="x">',
      '</a>',
      '<br>',
      '<script>',
      '</script>',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(tag, fc.string({ maxLength: 30 })), { maxLength: 60 }), (parts) => {
        cleanHtml(parts.join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent on its own output', () => {
    const sentence = fc
      .array(fc.constantFrom('الحكومة', 'أعلنت', 'the', 'minister', 'said', 'اليوم', 'وزارة', 'plan', 'budget', 'في'), {
        minLength: 3,
        maxLength: 25,
      })
      .map((words) => `${words.join(' ')}.`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(sentence, fc.constantFrom('اقرأ أيضاً', 'Read more', 'التعليقات', '-A +A')), {
          maxLength: 12,
        }),
        (lines) => {
          const once = texts(cleanText(lines.join('\n')));
          const twice = texts(cleanText(once.join('\n')));
          expect(twice).toEqual(once);
        },
      ),
      { numRuns: 300 },
    );
  });
});
