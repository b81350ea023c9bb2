import { describe, expect, it } from 'vitest';
import { costAt, synthetic } from '../../../bench/dedupe-cost.ts';
import { createMemoryIndex, dedupe } from '../../../functions/core/dedupe/index.ts';

describe('the bench dedupe cost run', () => {
  it('feeds reports that gather three by three into stories without being near-duplicates', async () => {
    const index = createMemoryIndex();
    const stories = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const { outcome } = await dedupe(synthetic(i), { index, now: () => new Date('2024-06-01T00:00:00Z') });
      expect(outcome.status).toBe('unique');
      stories.set(outcome.storyId, (stories.get(outcome.storyId) ?? 0) + 1);
    }
    expect([...stories.values()]).toEqual(Array(10).fill(3));
  });

  it('measures a story decision that reads keys and candidate stories', async () => {
    const cost = await costAt(createMemoryIndex(), [400]);
    const story = cost['400']?.story;
    expect(story?.keyReads).toBeGreaterThan(10);
    expect(story?.storyReads).toBeGreaterThan(1);
    expect(story?.writes).toBeGreaterThan(1);
  });
});
