import { describe, expect, it } from 'vitest';
import type { Block } from '../../../functions/core/clean/blocks.ts';
import { classifyBlock } from '../../../functions/core/clean/boilerplate.ts';

const line = (text: string): Block => ({ text, kind: 'other', linkChars: 0, zone: null, inMain: true, links: [] });
const reasonOf = (text: string) => classifyBlock(line(text), { index: 0, count: 1 });

describe('bare date and byline lines', () => {
  it.each([
    'Dienstag, 4. Juni 2019',
    '23.10.2018 | 19:49',
    'الأحد 12 مارس 2024',
    'March 12, 2024 at 3:05 pm',
    'mardi 12 mars 2024',
    'Veröffentlicht am 16.08.2019',
    'Publicado el 21 de abril de 2022 a las 22:04h',
  ])('removes "%s" as byline furniture', (text) => {
    expect(reasonOf(text)).toBe('byline');
  });

  it.each([
    '1.',
    '2010',
    '+81 158-23-2012',
    '286,35 €',
    'Faro',
    'The council met on 12 March 2024 to vote the budget.',
  ])('keeps "%s"', (text) => {
    expect(reasonOf(text)).toBeNull();
  });
});

describe('promotions and labels', () => {
  it.each([
    'Follow The Ledger on Twitter and Instagram for the latest news.',
    'For the latest stories download the Ledger apps for iOS and Android.',
    'Síguenos en Telegram y Twitter para recibir las noticias.',
    'Advertisement:',
  ])('removes "%s"', (text) => {
    expect(reasonOf(text)).not.toBeNull();
  });
});

describe('figure captions and source lines', () => {
  it.each([
    ['Abbildung 4: klassische Schwachschicht im Schneeprofil.', 'caption'],
    ['Figure 2: Snow depth over the glacier in March.', 'caption'],
    ['Foto: Archiv', 'caption'],
    ['Quelle: Landesregierung', 'photo-credit'],
    ['المصدر: وكالات', 'photo-credit'],
  ])('removes "%s" as %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('keeps a sentence that mentions a figure or a source', () => {
    expect(reasonOf('The figure of 6,000 masks was confirmed by the source close to the ministry.')).toBeNull();
  });
});

describe('widgets and prompts in more languages', () => {
  it.each([
    ['Publikacja: 04.05.2021', 'byline'],
    ['Aktualisiert: 11.04.2020, 10:27', 'byline'],
    ['You must be logged in to post a comment.', 'form'],
    ['Sie müssen sich einloggen, um sich an einer Diskussion beteiligen zu können.', 'form'],
    ['Pour lire la suite', 'follow-us'],
    ['Immediate online access to all issues from 2019. Subscription will auto renew annually.', 'follow-us'],
    ['Keine Kommentare', 'comments'],
    ['4 Min Read', 'cms-leftover'],
    ['Lesezeit: 3 Minuten', 'cms-leftover'],
    ['(Noch keine Bewertungen)', 'cms-leftover'],
    ['3.65 von 1990 Bewertungen', 'cms-leftover'],
    ['Rezept drucken Bei Pinterest speichern', 'share'],
  ])('removes "%s" as %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it.each([
    'Kapitel 121 ist nun auch online, die Bilder sehen nur eingeloggte Nutzer.',
    'The ministry said the reading of the law would take 4 minutes per article.',
    'Stand der Dinge: Die Verhandlungen laufen weiter.',
  ])('keeps "%s"', (text) => {
    expect(reasonOf(text)).toBeNull();
  });
});
