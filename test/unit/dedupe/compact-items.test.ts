import { describe, expect, it } from 'vitest';
import {
  decodeShingleItem,
  decodeStory,
  encodeShingleBytes,
  encodeStory,
} from '../../../functions/adapters/dynamodb/compact.ts';
import { encodeShingles, shingleSet } from '../../../functions/core/dedupe/fingerprint.ts';
import type { StorySummary } from '../../../functions/core/dedupe/port.ts';
import { wordForm } from '../../../functions/core/text/normalize.ts';

/** A story summary of the size real ones reach: 60 centroid terms, 50 members, Arabic terms. */
function largeStory(): StorySummary {
  const terms = (n: number, salt: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`مصطلح${i}_${salt}`, 1 / (i + salt + 0.37)]));
  return {
    storyId: 'sty_0123456789abcdef',
    version: 7,
    size: 61,
    firstDate: '2015-07-21',
    lastDate: '2015-07-22',
    title: 'خادم الحرمين الشريفين يستقبل ولي عهد أبوظبي',
    entities: { 'الملك سلمان': 12, 'محمد بن زايد': 9 },
    state: 'pending',
    sites: ['جدة'],
    terms: terms(30, 1),
    members: Array.from({ length: 50 }, (_, i) => `art_${i.toString(16).padStart(20, '0')}`),
    centroid: terms(60, 2),
    seed: terms(40, 3),
    seedTitle: ['خادم', 'الحرمين'],
    seedLead: Object.keys(terms(80, 4)),
    seedTitleNames: ['زايد'],
    recent: [terms(40, 5), terms(40, 6)],
    names: { زايد: 3 },
    titleNames: ['زايد'],
    places: ['جدة'],
  };
}

describe('compact dedupe items', () => {
  it('round-trips a story summary exactly and stores it in a fraction of its JSON size', () => {
    const story = largeStory();
    const encoded = encodeStory(story);
    expect(decodeStory({ sz: encoded })).toEqual(story);
    expect(encoded.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify(story)) / 2);
  });

  it('still reads story items written as JSON text', () => {
    const story = largeStory();
    expect(decodeStory({ summary: JSON.stringify(story) })).toEqual(story);
  });

  it('stores shingles as raw bytes, a quarter smaller than base64, and reads both forms', () => {
    const shingles = shingleSet(wordForm('one two three four five six seven eight nine ten eleven twelve'));
    const bytes = encodeShingleBytes(shingles);
    expect(bytes.byteLength).toBe(shingles.length * 4);
    expect(bytes.byteLength).toBeLessThan(encodeShingles(shingles).length);
    expect(decodeShingleItem({ sh: Uint8Array.from(bytes) })).toEqual(shingles);
    expect(decodeShingleItem({ shingles: encodeShingles(shingles) })).toEqual(shingles);
  });
});
