import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { expandInputs, readLocalInput } from '../cli/inputs.ts';
import { benchInput, coldPass, type PassStages } from './cold-pass.ts';
import { generateCorpus } from './corpus.ts';

/**
 * One cold pass of the three stages (`coldPass`, as `npm run bench` measures them: the 5 KB text corpus), in a
 * fresh process, over the pipeline of the source tree given by `--tree`: the comparer (`compare.ts`) runs it once
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

// Any revision whose pipeline has the three stages and the in-memory index can be measured.
const stages = (await import(path.join(tree, 'functions/core/pipeline.ts'))) as PassStages<
  unknown,
  unknown,
  { record: unknown },
  unknown
>;
const { createMemoryIndex } = (await import(path.join(tree, 'functions/core/dedupe/index.ts'))) as {
  createMemoryIndex(): unknown;
};

const articles = args.inputs
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

const { clean, extract, dedupe, outcomes } = await coldPass(stages, articles.map(benchInput), {
  index: createMemoryIndex(),
  now: () => new Date(0),
  clock: cpu,
});
const digest = createHash('sha256');
for (const { record } of outcomes) digest.update(`${JSON.stringify(record)}\n`);
process.stdout.write(
  `${JSON.stringify({ articles: articles.length, clean, extract, dedupe, digest: digest.digest('hex') })}\n`,
);
