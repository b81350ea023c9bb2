import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compare, type Pass, STAGES } from './compare-figures.ts';

/**
 * `npm run bench:compare -- [revision] [--rounds N] [--articles N] [--inputs DIR]`: the three stages' cold
 * pass (what `npm run bench` reports as `stageArticlesPerSecond`, or over the files of DIR) of the working
 * tree against a revision (HEAD by default), each pass in a fresh process, the two trees taking turns round after round. A shared machine's
 * speed moves by up to 2× within a day; a change is judged on the same rounds, not on two bench runs hours
 * apart. Prints best and median CPU time per stage and whether both trees give the same records; the last
 * line is JSON.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '8' },
    articles: { type: 'string', default: '2000' },
    inputs: { type: 'string' },
  },
});
const revision = positionals[0] ?? 'HEAD';
const rounds = Number(args.rounds);
const articles = Number(args.articles);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, not ${args.rounds}`);
if (!Number.isInteger(articles) || articles < 1) {
  throw new Error(`--articles must be a positive integer, not ${args.articles}`);
}

// The revision's sources, unpacked apart; its packages are the working tree's (same lockfile assumed).
const base = mkdtempSync(path.join(tmpdir(), 'akhbar-compare-'));
try {
  const commit = execFileSync('git', ['rev-parse', '--short', `${revision}^{commit}`], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const archive = execFileSync('git', ['archive', '--format=tar', commit], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', base], { input: archive });
  symlinkSync(path.join(root, 'node_modules'), path.join(base, 'node_modules'), 'dir');
  const lockfileChanged =
    spawnSync('git', ['diff', '--quiet', commit, '--', 'package-lock.json'], { cwd: root }).status !== 0;
  if (lockfileChanged) {
    process.stderr.write(`warning: package-lock.json differs from ${commit}; both trees run this tree's packages\n`);
  }

  const pass = (tree: string): Pass => {
    const out = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'bench/stage-pass.ts'),
        '--tree',
        tree,
        '--articles',
        String(articles),
        ...(args.inputs ? ['--inputs', path.resolve(args.inputs)] : []),
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (out.status !== 0) throw new Error(`the stage pass of ${tree} failed: ${out.stderr.trim().slice(-2_000)}`);
    return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as Pass;
  };
  const passes = { base: [] as Pass[], head: [] as Pass[] };
  for (let round = 0; round < rounds; round++) {
    // Alternate which tree goes first, so neither always follows the other.
    for (const tree of round % 2 ? (['head', 'base'] as const) : (['base', 'head'] as const)) {
      passes[tree].push(pass(tree === 'base' ? base : root));
    }
    process.stderr.write(`round ${round + 1}/${rounds}\n`);
  }

  const result = compare(passes.base, passes.head);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const pct = (value: number) => `${value > 0 ? '+' : ''}${(100 * value).toFixed(1)} %`;
  const what = `${result.articles} ${args.inputs ? `files of ${args.inputs}` : 'articles'}`;
  console.log(`working tree against ${commit}: ${rounds} rounds of ${what}, CPU time per cold pass`);
  console.log(
    `${'stage'.padEnd(9)}${'base best / median'.padStart(22)}${'head best / median'.padStart(22)}${'change'.padStart(22)}`,
  );
  for (const stage of STAGES) {
    const { base: b, head: h, change } = result.stages[stage];
    console.log(
      `${stage.padEnd(9)}${`${ms(b.best)} / ${ms(b.median)}`.padStart(22)}${`${ms(h.best)} / ${ms(h.median)}`.padStart(22)}${`${pct(change.best)} / ${pct(change.median)}`.padStart(22)}`,
    );
  }
  console.log(
    result.sameRecords
      ? 'records: the same in both trees'
      : result.unstable.length
        ? `records: passes of the same tree disagree (${result.unstable.join(', ')})`
        : 'records: DIFFER between the trees',
  );
  console.log(JSON.stringify({ revision: commit, ...result }));
} finally {
  rmSync(base, { recursive: true, force: true });
}
