import { describe, expect, it } from 'vitest';
import { createMemoryIndex, type StorySummary } from '../../../functions/core/dedupe/index.ts';

function story(version: number, seed: Record<string, number>): StorySummary {
  return {
    storyId: 'sty_1',
    version,
    size: version,
    firstDate: '2024-01-01',
    lastDate: '2024-01-01',
    title: 'قمة',
    entities: { الرياض: 1 },
    sites: [],
    terms: { قمه: 1 },
    members: ['a'],
    centroid: { قمه: 1 },
    seed,
    recent: [seed],
  };
}

describe('in-memory dedupe index', () => {
  it('hands out stored stories that no reader can change, parts shared between versions included', async () => {
    const index = createMemoryIndex();
    const seed = { قمه: 0.8, رياض: 0.6 };
    expect(await index.putStory(story(1, seed), null)).toBe(true);
    // The next version shares the first one's vector, as a merge does.
    const [first] = (await index.getStories(['sty_1'], 'strong')).values();
    const next = { ...story(2, seed), entities: { ...first?.entities, جده: 1 }, seed: first?.seed };
    expect(await index.putStory(next, 1)).toBe(true);

    const [read] = (await index.getStories(['sty_1'], 'strong')).values();
    expect(read?.version).toBe(2);
    expect(() => {
      (read as StorySummary).members.push('b');
    }).toThrow(TypeError);
    expect(() => {
      (read?.entities as Record<string, number>).جده = 5;
    }).toThrow(TypeError);
    expect(() => {
      (read?.seed as Record<string, number>).قمه = 0;
    }).toThrow(TypeError);
    expect(() => {
      (read?.recent?.[0] as Record<string, number>).new = 1;
    }).toThrow(TypeError);
    expect(read?.seed).toEqual({ قمه: 0.8, رياض: 0.6 });
  });

  it('refuses a story write whose expected version is not the stored one', async () => {
    const index = createMemoryIndex();
    expect(await index.putStory(story(1, { قمه: 1 }), null)).toBe(true);
    expect(await index.putStory(story(2, { قمه: 1 }), null)).toBe(false);
    expect(await index.putStory(story(2, { قمه: 1 }), 1)).toBe(true);
  });
});
