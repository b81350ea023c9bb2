import { describe, expect, it } from 'vitest';
import { compare, type Pass } from '../../../bench/compare-figures.ts';

const pass = (clean: number, extract: number, dedupe: number, digest = 'd'): Pass => ({
  articles: 2000,
  clean,
  extract,
  dedupe,
  digest,
});

describe('the figures of a stage comparison', () => {
  it('gives each tree its best and median time per stage and in all, and the change against the base', () => {
    const result = compare(
      [pass(100, 200, 300), pass(120, 260, 280), pass(110, 240, 400), pass(130, 220, 320)],
      [pass(90, 200, 250), pass(80, 210, 260), pass(95, 190, 240), pass(85, 230, 270)],
    );
    expect(result.rounds).toBe(4);
    expect(result.stages.clean.base).toEqual({ best: 100, median: 115 });
    expect(result.stages.clean.head).toEqual({ best: 80, median: 87.5 });
    expect(result.stages.clean.change).toEqual({ best: -0.2, median: -0.2391 });
    // "all" is the sum of each pass's stages, not the sum of the stages' figures.
    expect(result.stages.all.base).toEqual({ best: 600, median: 665 });
    expect(result.stages.all.head).toEqual({ best: 525, median: 545 });
    expect(result.sameRecords).toBe(true);
  });

  it('tells records that differ between the trees from passes of one tree that disagree', () => {
    const differ = compare([pass(1, 1, 1, 'a'), pass(1, 1, 1, 'a')], [pass(1, 1, 1, 'b'), pass(1, 1, 1, 'b')]);
    expect(differ).toMatchObject({ sameRecords: false, unstable: [] });
    const unstable = compare([pass(1, 1, 1, 'a'), pass(1, 1, 1, 'a')], [pass(1, 1, 1, 'a'), pass(1, 1, 1, 'c')]);
    expect(unstable).toMatchObject({ sameRecords: false, unstable: ['head'] });
  });

  it('refuses passes that do not pair up', () => {
    expect(() => compare([pass(1, 1, 1)], [])).toThrow(/same number of passes/);
    expect(() => compare([], [])).toThrow(/same number of passes/);
  });
});
