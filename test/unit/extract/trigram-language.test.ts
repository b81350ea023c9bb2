import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { franc } from 'franc-min';
import { describe, expect, it } from 'vitest';
import { detectTrigramLanguage } from '../../../functions/core/extract/trigram-language.ts';

/** Texts of every script franc-min knows, cut at several lengths around its limits. */
const repo = path.resolve(import.meta.dirname, '../../..');
const texts = [
  ...readdirSync(path.join(repo, 'samples')).map((f) => readFileSync(path.join(repo, 'samples', f), 'utf8')),
  'The government said the meeting would be held in the capital next week to discuss the crisis.',
  'Le gouvernement a déclaré que la réunion se tiendrait dans la capitale la semaine prochaine.',
  'El gobierno dijo que la reunión se celebraría en la capital la próxima semana.',
  'Die Regierung sagte, das Treffen werde nächste Woche in der Hauptstadt stattfinden.',
  'Правительство заявило, что встреча состоится в столице на следующей неделе.',
  'دولت ایران گفت که این نشست در پایتخت برگزار می‌شود',
  'Η κυβέρνηση δήλωσε ότι η συνάντηση θα γίνει στην πρωτεύουσα την επόμενη εβδομάδα.',
  'सरकार ने कहा कि बैठक अगले सप्ताह राजधानी में होगी।',
  '政府表示，会议将于下周在首都举行。',
  'รัฐบาลกล่าวว่าการประชุมจะจัดขึ้นที่เมืองหลวงในสัปดาห์หน้า',
  '12345 67890 !!! ??? 2024-06-01',
  'OK',
  '',
];

describe('detectTrigramLanguage', () => {
  it('decides as franc-min does on articles and on texts of many scripts', () => {
    for (const text of texts)
      for (const length of [0, 10, 19, 20, 21, 60, 300, 2048, 2100, 4000]) {
        const sample = text.slice(0, length);
        expect(detectTrigramLanguage(sample, 20), JSON.stringify(sample)).toBe(franc(sample, { minLength: 20 }));
      }
  });

  it('decides as franc-min does on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(detectTrigramLanguage(text, 20)).toBe(franc(text, { minLength: 20 }));
      }),
      { numRuns: 300 },
    );
    const words = fc.constantFrom('the', 'la', 'de', 'und', 'of', 'el', 'и', 'в', 'ও', 'is', 'na', 'ya', 'een', 'che');
    fc.assert(
      fc.property(fc.array(words, { minLength: 3, maxLength: 60 }), (list) => {
        const text = list.join(' ');
        expect(detectTrigramLanguage(text, 20)).toBe(franc(text, { minLength: 20 }));
      }),
      { numRuns: 300 },
    );
  });
});
