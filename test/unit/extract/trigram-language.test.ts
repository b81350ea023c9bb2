import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { franc } from 'franc-min';
import { describe, expect, it } from 'vitest';
import { detectTrigramLanguage } from '../../../functions/core/extract/trigram-language.ts';

const samples = path.resolve(import.meta.dirname, '../../../samples');

describe('detectTrigramLanguage', () => {
  it('answers as franc on the samples, whole and cut', () => {
    for (const file of readdirSync(samples)) {
      const text = readFileSync(path.join(samples, file), 'utf8');
      for (const cut of [0, 15, 40, 200, 1000, 3000]) {
        const part = text.slice(cut, cut + 4000);
        expect(detectTrigramLanguage(part, 20)).toBe(franc(part, { minLength: 20 }));
      }
    }
  });

  it('answers as franc on any mix of words, scripts, digits and punctuation', () => {
    const words = [
      'the',
      'and',
      'of',
      'government',
      'said',
      'le',
      'la',
      'des',
      'gouvernement',
      'a',
      'dit',
      'der',
      'die',
      'und',
      'regierung',
      'el',
      'los',
      'gobierno',
      'dijo',
      'il',
      'governo',
      'ha',
      'detto',
      'o',
      'não',
      'e',
      'het',
      'een',
      've',
      'bir',
      'hükümet',
      'dan',
      'yang',
      'правительство',
      'и',
      'в',
      'الحكومة',
      'قال',
      'दिल्ली',
      'है',
      '中国',
      'の',
      '2024',
      '12:30',
      '—',
      '«',
      '»',
      ',',
      '.',
      '!',
      '  ',
      '\n',
      'ÉTÉ',
      'Straße',
      // scripts counted by a shared table, a character of two scripts (Han: Chinese and Japanese), and an
      // astral character, which sends the text back to franc's own count
      'κυβέρνηση',
      '정부',
      'รัฐบาล',
      'ሰላም',
      '漢字',
      '𠀀𠀁',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 400 }), (parts) => {
        const text = parts.join(' ');
        expect(detectTrigramLanguage(text, 20)).toBe(franc(text, { minLength: 20 }));
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(detectTrigramLanguage(text, 20)).toBe(franc(text, { minLength: 20 }));
      }),
      { numRuns: 500 },
    );
  });
});
