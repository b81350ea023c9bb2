import { describe, expect, it } from 'vitest';
import { detectLanguage, languageSample, normalizeLanguageTag } from '../../../functions/core/extract/language.ts';
import { linksInText } from '../../../functions/core/extract/links.ts';
import { extractQuotes } from '../../../functions/core/extract/quotes.ts';

describe('detectLanguage', () => {
  it('recognizes Arabic, English and French text', () => {
    expect(detectLanguage('قالت الحكومة إن الاجتماع سيعقد في العاصمة الأسبوع المقبل لبحث الأزمة.')).toBe('ar');
    expect(
      detectLanguage('The government said the meeting would be held in the capital next week to discuss the crisis.'),
    ).toBe('en');
    expect(
      detectLanguage('Le gouvernement a déclaré que la réunion se tiendrait dans la capitale la semaine prochaine.'),
    ).toBe('fr');
  });

  it('tells Persian from Arabic by its letters', () => {
    expect(detectLanguage('دولت ایران گفت که این نشست در پایتخت برگزار می‌شود و گفتگو ادامه دارد')).toBe('fa');
  });

  it('falls back to the hint when the text is too short to tell', () => {
    expect(detectLanguage('OK', 'en-GB')).toBe('en');
    expect(normalizeLanguageTag('ara')).toBe('ar');
    expect(normalizeLanguageTag('')).toBeNull();
  });
});

describe('languageSample', () => {
  it('starts with the first 4,000 characters of the whole article joined, and stops soon after them', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `${'كلمة '.repeat(20 + i)}${i}`);
    for (const title of [null, 'عنوان الخبر']) {
      for (const count of [0, 1, 5, 40]) {
        const whole = [title ?? '', ...paragraphs.slice(0, count)].join('\n');
        const sample = languageSample(title, paragraphs.slice(0, count));
        expect(sample.slice(0, 4_000)).toBe(whole.slice(0, 4_000));
        expect(whole.startsWith(sample)).toBe(true);
      }
    }
    expect(languageSample('t', paragraphs).length).toBeLessThan(4_300);
  });
});

describe('extractQuotes', () => {
  it('finds Arabic quotes in guillemets with the speaker after a speech verb', () => {
    const quotes = extractQuotes(
      ['وقال بيسكوف إن «الرئيسين ناقشا الوضع في مختلف مناطق البلاد» خلال اللقاء.'],
      ['ديمتري بيسكوف'],
    );
    expect(quotes).toEqual([{ text: 'الرئيسين ناقشا الوضع في مختلف مناطق البلاد', speaker: 'ديمتري بيسكوف' }]);
  });

  it('finds English quotes with the speaker after the quote', () => {
    const quotes = extractQuotes(['"We will not stop until the job is done," Jane Doe said on Monday.'], []);
    expect(quotes[0]?.text).toBe('We will not stop until the job is done,');
    expect(quotes[0]?.speaker).toBe('Jane Doe');
  });

  it('ignores short quoted names', () => {
    expect(extractQuotes(['وهاجم تنظيم "داعش" مواقع الجيش.'], [])).toEqual([]);
  });
});

describe('linksInText', () => {
  it('finds URLs and strips trailing punctuation', () => {
    expect(linksInText(['See https://example.org/report.pdf, and www.example.com.'])).toEqual([
      'https://example.org/report.pdf',
      'https://www.example.com',
    ]);
  });

  it('finds links written in capitals, in any paragraph, and none in paragraphs without one', () => {
    expect(
      linksInText([
        'لا روابط هنا، فقط نص عربي.',
        'Read HTTPS://EXAMPLE.ORG/A or WWW.Example.net/b;',
        'http: // is no link, nor is www dot com',
        'المصدر: Www.example.com/ar',
      ]),
    ).toEqual(['HTTPS://EXAMPLE.ORG/A', 'https://WWW.Example.net/b', 'https://Www.example.com/ar']);
  });
});
