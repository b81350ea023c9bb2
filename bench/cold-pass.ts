/**
 * The stages' cold pass that `npm run bench` reports as `stageArticlesPerSecond`: every input cleaned, then
 * every article extracted, then every one deduped against a fresh in-memory index, each stage timed as a
 * whole. `bench/run.ts` runs it on this tree; `bench/stage-pass.ts` on any revision's, for `bench:compare`.
 */

/** A bench input as the pipeline takes it. */
export interface PassInput {
  name: string;
  sourceId: string;
  bytes: Uint8Array;
  metadata: Record<string, string>;
  receivedAt: string;
}

/** The bench's inputs: the `i`th article of a corpus, arriving on one fixed day. */
export function benchInput(article: { name: string; bytes: Uint8Array; metadata: Record<string, string> }, i: number) {
  return {
    name: article.name,
    sourceId: `bench/${i}/${article.name}`,
    bytes: article.bytes,
    metadata: article.metadata,
    receivedAt: '2024-06-01T00:00:00Z',
  } satisfies PassInput;
}

/** The stages the pass runs: those of any revision whose pipeline has them. */
export interface PassStages<Cleaned, Extracted, Outcome, Index> {
  cleanStage(input: PassInput): ({ ok: true; article: Cleaned } | { ok: false })[];
  extractStage(article: Cleaned): Extracted;
  dedupeStage(article: Extracted, ports: { index: Index; now: () => Date }): Promise<Outcome>;
}

export interface PassResult<Outcome> {
  /** Each stage's time, in the unit of `clock`. */
  clean: number;
  extract: number;
  dedupe: number;
  outcomes: Outcome[];
}

export async function coldPass<Cleaned, Extracted, Outcome, Index>(
  stages: PassStages<Cleaned, Extracted, Outcome, Index>,
  inputs: PassInput[],
  ports: { index: Index; now: () => Date; clock: () => number },
): Promise<PassResult<Outcome>> {
  const { clock } = ports;
  let at = clock();
  const cleaned: Cleaned[] = [];
  for (const input of inputs)
    for (const outcome of stages.cleanStage(input)) if (outcome.ok) cleaned.push(outcome.article);
  const clean = clock() - at;
  at = clock();
  const extracted = cleaned.map((article) => stages.extractStage(article));
  const extract = clock() - at;
  at = clock();
  const outcomes: Outcome[] = [];
  for (const article of extracted) outcomes.push(await stages.dedupeStage(article, ports));
  const dedupe = clock() - at;
  return { clean, extract, dedupe, outcomes };
}
