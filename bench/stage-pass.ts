import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { expandInputs, readLocalInput } from '../cli/inputs.ts';
import { generateCorpus } from './corpus.ts';

/**
 * One cold pass of the three stages, as `npm run bench` measures them (the 5 KB text corpus, in a fresh
 * process), over the pipeline of the source tree given by `--tree`: the comparer (`compare.ts`) runs it once
 * per tree and round. Prints one JSON line: CPU milliseconds per stage and the digest of the records.
 * The inputs come from this tree's generator, or with `--inputs DIR` from files (the first `--articles` of
 * them, in `akhbar process` order, read before the clock starts), so two trees read the same articles.
 */

const { values: args } = parseArgs({
  options: { tree: { type: 'string' }, articles: { type: 'string', default: '2000' }, inputs: { type: 'string' } },
});
if (!args.tree) throw new Error('stage-pass: --tree <source tree> is required');
const tree = path.resolve(args.tree);
const count = Number(args.articles);

// Any revision whose pipeline has these three stages and the in-memory index can be measured.
interface Stages {
  cleanStage(input: unknown): { ok: boolean; article?: unknown }[];
  extractStage(article: unknown): unknown;
  dedupeStage(article: unknown, ports: { index: unknown; now: () => Date }): Promise<{ record: unknown }>;
}
const stages = (await import(path.join(tree, 'functions/core/pipeline.ts'))) as Stages;
const { createMemoryIndex } = (await import(path.join(tree, 'functions/core/dedupe/index.ts'))) as {
  createMemoryIndex(): unknown;
};

interface Input {
  name: string;
  bytes: Uint8Array;
  metadata: Record<string, string>;
}
const corpus: Input[] = args.inputs
  ? await Promise.all(
      (await expandInputs([args.inputs])).slice(0, count).map(async (file) => {
        const read = await readLocalInput(file);
        return { name: path.basename(file), bytes: read.bytes, metadata: read.metadata };
      }),
    )
  : generateCorpus({ count, fixedSize: 5_000, seed: 7 });
const cpu = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

let at = cpu();
const cleaned: unknown[] = [];
corpus.forEach((a, i) => {
  const input = { name: a.name, sourceId: `bench/${i}/${a.name}`, bytes: a.bytes, metadata: a.metadata };
  for (const outcome of stages.cleanStage({ ...input, receivedAt: '2024-06-01T00:00:00Z' })) {
    if (outcome.ok) cleaned.push(outcome.article);
  }
});
const clean = cpu() - at;
at = cpu();
const extracted = cleaned.map((article) => stages.extractStage(article));
const extract = cpu() - at;
at = cpu();
const index = createMemoryIndex();
const records: unknown[] = [];
for (const article of extracted)
  records.push((await stages.dedupeStage(article, { index, now: () => new Date(0) })).record);
const dedupe = cpu() - at;

const digest = createHash('sha256');
for (const record of records) digest.update(`${JSON.stringify(record)}\n`);
process.stdout.write(
  `${JSON.stringify({ articles: corpus.length, clean, extract, dedupe, digest: digest.digest('hex') })}\n`,
);
