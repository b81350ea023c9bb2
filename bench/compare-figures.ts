/** The figures `npm run bench:compare` prints: each stage's CPU time over rounds, for the base and the working tree. */

export const STAGES = ['clean', 'extract', 'dedupe', 'all'] as const;
export type Stage = (typeof STAGES)[number];

/** One cold pass of one tree (`stage-pass.ts`), CPU milliseconds per stage. */
export interface Pass {
  articles: number;
  clean: number;
  extract: number;
  dedupe: number;
  digest: string;
}

export interface StageFigures {
  base: { best: number; median: number };
  head: { best: number; median: number };
  /** Relative change of the working tree against the base, negative when faster. */
  change: { best: number; median: number };
}

export interface Comparison {
  rounds: number;
  articles: number;
  stages: Record<Stage, StageFigures>;
  /** Every pass of a tree gave the same records, and both trees gave the same. */
  sameRecords: boolean;
  /** A tree whose passes disagreed with each other (a nondeterministic pipeline), if any. */
  unstable: ('base' | 'head')[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const stageTime = (pass: Pass, stage: Stage) =>
  stage === 'all' ? pass.clean + pass.extract + pass.dedupe : pass[stage];

export function compare(base: Pass[], head: Pass[]): Comparison {
  if (!base.length || base.length !== head.length)
    throw new Error('compare: both trees need the same number of passes');
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  const figures = (passes: Pass[], stage: Stage) => {
    const times = passes.map((pass) => stageTime(pass, stage));
    return { best: round(Math.min(...times), 1), median: round(median(times), 1) };
  };
  const stages = Object.fromEntries(
    STAGES.map((stage) => {
      const b = figures(base, stage);
      const h = figures(head, stage);
      const change = { best: round(h.best / b.best - 1, 4), median: round(h.median / b.median - 1, 4) };
      return [stage, { base: b, head: h, change }];
    }),
  ) as Record<Stage, StageFigures>;
  const unstable = (['base', 'head'] as const).filter((tree) => {
    const passes = tree === 'base' ? base : head;
    return new Set(passes.map((pass) => pass.digest)).size > 1;
  });
  return {
    rounds: base.length,
    articles: base[0]?.articles ?? 0,
    stages,
    sameRecords: unstable.length === 0 && base[0]?.digest === head[0]?.digest,
    unstable,
  };
}
