import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Readability } from '@mozilla/readability';

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

import { parseHTML } from 'linkedom';
import { createDynamoIndex } from '../functions/adapters/dynamodb/dedupe-index.ts';
import { createMemoryIndex } from '../functions/core/dedupe/index.ts';
import { cleanStage, dedupeStage, extractStage, processInput } from '../functions/core/pipeline.ts';
import type { ArticleRecord } from '../functions/core/record.ts';
import { buildFunctions } from '../infra/build-functions.ts';
import { FUNCTIONS, PIPE_SOURCE, PUBLISHER, QUEUES } from '../infra/definitions.ts';
import { startDynamoDbLocal } from '../local/services.ts';
import { createTables } from '../local/tables.ts';
import { benchInput, coldPass } from './cold-pass.ts';
import { generateCorpus } from './corpus.ts';
import { costAt, type DedupeCost } from './dedupe-cost.ts';
import { percentile, runLoad } from './load.ts';
import { type RealPagesFigures, realPagesComparison, type SnippetScore } from './real-pages.ts';
import { recordTransactionUnits } from './record-cost.ts';

/**
 * `npm run bench`: figures measured on this machine, printed as a table and,
 * on the last line, as one JSON object with fixed keys (docs/performance.md).
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    'skip-local': { type: 'boolean', default: false },
    trafilatura: { type: 'string' },
    'update-digest': { type: 'boolean', default: false },
  },
});
const FULL = args.full;

const rows: [string, string][] = [];
const row = (label: string, value: string) => {
  rows.push([label, value]);
  process.stderr.write(`  ${label.padEnd(48)} ${value}\n`);
};
const seconds = (start: number) => (performance.now() - start) / 1000;
// 1. Stage speed, one core, on 5 KB text articles (the goal case) and end to end on the mixed corpus.
process.stderr.write('stage speed\n');
const textCorpus = generateCorpus({ count: FULL ? 5_000 : 2_000, fixedSize: 5_000, seed: 7 });
const textBytes = textCorpus.reduce((n, a) => n + a.bytes.length, 0);
const pass = await coldPass({ cleanStage, extractStage, dedupeStage }, textCorpus.map(benchInput), {
  index: createMemoryIndex(),
  now: () => new Date(),
  clock: () => performance.now() / 1000,
});
const { clean: cleanSeconds, extract: extractSeconds, dedupe: dedupeSeconds, outcomes: textOutcomes } = pass;
const textRecords: ArticleRecord[] = textOutcomes.map((o) => o.record);
const perStage = {
  clean: textCorpus.length / cleanSeconds,
  extract: textCorpus.length / extractSeconds,
  dedupe: textCorpus.length / dedupeSeconds,
  all: textCorpus.length / (cleanSeconds + extractSeconds + dedupeSeconds),
};
const mbps = (s: number) => textBytes / 1024 / 1024 / s;
row('clean (5 KB text)', `${perStage.clean.toFixed(0)} articles/s, ${mbps(cleanSeconds).toFixed(2)} MB/s`);
row('extract (5 KB text)', `${perStage.extract.toFixed(0)} articles/s, ${mbps(extractSeconds).toFixed(2)} MB/s`);
row(
  'dedupe, in memory (5 KB text)',
  `${perStage.dedupe.toFixed(0)} articles/s, ${mbps(dedupeSeconds).toFixed(2)} MB/s`,
);
row('clean + extract + dedupe (5 KB text)', `${perStage.all.toFixed(0)} articles/s (goal ≥ 1,000)`);

const mixed = generateCorpus({ count: FULL ? 3_000 : 1_000, seed: 11 });
const mixedBytes = mixed.reduce((n, a) => n + a.bytes.length, 0);
let start = performance.now();
const processIndex = createMemoryIndex();
const mixedRecords: ArticleRecord[] = [];
for (const [i, a] of mixed.entries()) {
  const records = await processInput(benchInput(a, i), { index: processIndex, now: () => new Date() });
  if (i < 1_000) mixedRecords.push(...records);
}
const processSeconds = seconds(start);
row(
  'process, mixed formats 2–50 KB',
  `${(mixed.length / processSeconds).toFixed(0)} articles/s, ${(mixedBytes / 1024 / 1024 / processSeconds).toFixed(2)} MB/s`,
);

// The same inputs as files through `akhbar process`, as a user runs it: in one thread, then with worker threads
// that clean and extract (one per core, which the CLI does by default from 2,000 files on). Both must print the
// same records.
const mixedDir = mkdtempSync(path.join(tmpdir(), 'akhbar-bench-files-'));
for (const [i, a] of mixed.entries()) {
  const file = path.join(mixedDir, `${String(i).padStart(5, '0')}-${a.name}`);
  writeFileSync(file, a.bytes);
  if (Object.keys(a.metadata).length) writeFileSync(`${file}.meta.json`, JSON.stringify(a.metadata));
}
const cliRun = (jobs: string[]) => {
  const began = performance.now();
  const out = spawnSync(
    process.execPath,
    [path.join(root, 'bin/akhbar.mjs'), 'process', mixedDir, '--reference-date', '2024-06-01', ...jobs],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  if (out.status !== 0) throw new Error(`akhbar process failed: ${out.stderr}`);
  return { seconds: seconds(began), records: out.stdout.replace(/"processedAt":"[^"]*"/g, '') };
};
const cliOne = cliRun(['--jobs', '1']);
const cliDefault = cliRun(['--jobs', String(availableParallelism())]);
rmSync(mixedDir, { recursive: true, force: true });
const cliFigures = {
  oneThread: Math.round(mixed.length / cliOne.seconds),
  threads: Math.round(mixed.length / cliDefault.seconds),
  sameRecords: cliOne.records === cliDefault.records,
};
row(
  '`akhbar process` on the mixed files',
  `${cliFigures.oneThread} articles/s in one thread, ${cliFigures.threads} with worker threads (${cliFigures.sameRecords ? 'same records' : 'RECORDS DIFFER'})`,
);

// Record identity: the records of both corpora, minus processedAt, hashed and compared with bench/records-digest.json.
// The first 2,000 text and 1,000 mixed articles are the same with --full (seeded generator, records in order).
const digestFile = path.join(root, 'bench', 'records-digest.json');
const digestHash = createHash('sha256');
const digestRecords = [...textRecords.slice(0, 2_000), ...mixedRecords];
for (const { processedAt: _, ...record } of digestRecords) digestHash.update(`${JSON.stringify(record)}\n`);
const recordsDigest = {
  digest: digestHash.digest('hex'),
  records: digestRecords.length,
  expected: null as string | null,
  matches: false,
};
if (args['update-digest']) {
  writeFileSync(
    digestFile,
    `${JSON.stringify({ digest: recordsDigest.digest, records: recordsDigest.records }, null, 2)}\n`,
  );
}
if (existsSync(digestFile)) recordsDigest.expected = JSON.parse(readFileSync(digestFile, 'utf8')).digest;
recordsDigest.matches = recordsDigest.digest === recordsDigest.expected;
row(
  'records digest (bench/records-digest.json)',
  `${recordsDigest.digest.slice(0, 16)}… over ${recordsDigest.records} records: ${recordsDigest.matches ? 'matches' : `DIFFERS from ${recordsDigest.expected?.slice(0, 16) ?? 'nothing'}…`}`,
);

// 2. Against Readability on a DOM, same HTML pages, same run.
process.stderr.write('against Readability + linkedom\n');
const html = generateCorpus({ count: 400, seed: 13, formats: ['html'] });
start = performance.now();
for (const [i, a] of html.entries()) cleanStage(benchInput(a, i));
const oursHtml = seconds(start);
start = performance.now();
for (const a of html)
  new Readability(parseHTML(a.bytes.toString('utf8')).document as unknown as ReadabilityDocument).parse();
const readabilityHtml = seconds(start);
row('HTML pages: akhbar clean', `${(html.length / oursHtml).toFixed(0)} pages/s`);
row('HTML pages: Readability + linkedom', `${(html.length / readabilityHtml).toFixed(0)} pages/s`);
row('speed ratio (goal ≥ 10×)', `${(readabilityHtml / oursHtml).toFixed(1)}×`);

const shared = path.resolve(root, '..', 'shared', 'corpus');
let goldOurs: string | null = null;
let goldReadability: string | null = null;
if (existsSync(path.join(shared, 'score.mjs'))) {
  const score = (records: string) =>
    spawnSync(
      process.execPath,
      [path.join(shared, 'score.mjs'), '--gold', path.join(shared, 'gold'), '--records', records, '--only', 'clean'],
      {
        encoding: 'utf8',
      },
    )
      .stdout.trim()
      .split('\n')
      .at(-1) ?? '';
  const dir = mkdtempSync(path.join(tmpdir(), 'akhbar-bench-'));
  const ours = spawnSync(process.execPath, [path.join(root, 'bin/akhbar.mjs'), 'process', path.join(shared, 'raw')], {
    encoding: 'utf8',
  });
  writeFileSync(path.join(dir, 'ours.jsonl'), ours.stdout);
  const theirs: string[] = [];
  for (const file of readdirSync(path.join(shared, 'raw')).filter((f) => !f.endsWith('.meta.json'))) {
    const raw = readFileSync(path.join(shared, 'raw', file), 'utf8');
    // Readability needs markup: plain text gets one <p> per line, as a browser would show it.
    const page = file.endsWith('.html')
      ? raw
      : `<html><body><article>${raw
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
          .join('')}</article></body></html>`;
    const article = new Readability(parseHTML(page).document as unknown as ReadabilityDocument).parse();
    const content = article?.content ? parseHTML(`<html><body>${article.content}</body></html>`).document : null;
    const paragraphs = content
      ? [...content.querySelectorAll('p')].map((p) => (p.textContent ?? '').trim()).filter(Boolean)
      : [];
    theirs.push(JSON.stringify({ input: file, title: article?.title ?? null, paragraphs }));
  }
  writeFileSync(path.join(dir, 'readability.jsonl'), `${theirs.join('\n')}\n`);
  goldOurs = score(path.join(dir, 'ours.jsonl'));
  goldReadability = score(path.join(dir, 'readability.jsonl'));
  row('shared gold `clean` checks: akhbar', goldOurs);
  row('shared gold `clean` checks: Readability', goldReadability);
} else {
  row('shared gold `clean` checks', 'skipped (../shared/corpus not found)');
}

// 2b. Real pages nobody here wrote: Trafilatura's evaluation set (990 annotated pages in many languages), when
// unpacked (../shared/devsets/prepare.sh, or --trafilatura DIR pointing at a checkout's tests/ folder).
const trafilaturaDir =
  args.trafilatura ?? path.join(process.env.TMPDIR ?? tmpdir(), 'akhbar-dev', 'trafilatura', 'tests');
let realPages: RealPagesFigures | null = null;
if (existsSync(path.join(trafilaturaDir, 'evaldata.json'))) {
  process.stderr.write(`real pages: ${trafilaturaDir}\n`);
  realPages = realPagesComparison(trafilaturaDir);
  const { ours, readability } = realPages;
  const line = (f: SnippetScore) =>
    `F1 ${f.f1.toFixed(3)} (precision ${f.precision.toFixed(3)}, recall ${f.recall.toFixed(3)}), ${f.empty} empty`;
  row(`real pages (${realPages.pages}): akhbar`, line(ours));
  row(`real pages (${realPages.pages}): Readability + linkedom`, line(readability));
  row(
    'real pages: clean stage vs Readability speed',
    `${realPages.oursMsPerPage.toFixed(1)} vs ${realPages.readabilityMsPerPage.toFixed(1)} ms/page: ${(realPages.readabilityMsPerPage / realPages.oursMsPerPage).toFixed(1)}× (goal ≥ 3×)`,
  );
  row('real pages: density fallback fired', `${realPages.densityFallbacks} of ${realPages.pages} pages`);
} else {
  row('real pages (Trafilatura evaluation set)', 'skipped (not unpacked; see docs/performance.md)');
}

// 3. Dedupe cost against archive size: requests per article must stay flat.
process.stderr.write('dedupe cost vs archive size\n');
const memoryCheckpoints = [1_000, 10_000, 100_000];
const memoryCost = await costAt(createMemoryIndex(), memoryCheckpoints);
for (const [n, c] of Object.entries(memoryCost)) {
  row(`in memory, archive ${n}`, `${c.requests.toFixed(1)} requests/article`);
  row(
    `  story decision, archive ${n}`,
    `${c.story.keyReads.toFixed(1)} key reads, ${c.story.storyReads.toFixed(1)} story reads, ${c.story.writes.toFixed(1)} writes / article`,
  );
}
let dynamoCost: Record<string, DedupeCost> = {};
let recordUnits: { records: number; writeUnits: number; items: number } | null = null;
const dynamo = await startDynamoDbLocal(4890, null).catch(() => null);
if (dynamo) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  await createTables(client, { table: 'bench' });
  const dynamoIndex = createDynamoIndex({ client, tableName: 'bench', now: () => new Date() });
  dynamoCost = await costAt(dynamoIndex, FULL ? [1_000, 10_000] : [1_000, 3_000]);
  for (const [n, c] of Object.entries(dynamoCost)) {
    row(
      `DynamoDB Local, archive ${n}`,
      `${c.requests.toFixed(1)} requests, ${c.readUnits?.toFixed(1) ?? '?'} read + ${c.writeUnits?.toFixed(1) ?? '?'} write units / article`,
    );
    row(
      `  story decision, archive ${n}`,
      `${c.story.keyReads.toFixed(1)} key reads, ${c.story.storyReads.toFixed(1)} story reads, ${c.story.writes.toFixed(1)} writes / article`,
    );
  }
  recordUnits = await recordTransactionUnits(client, 'bench', textOutcomes.slice(0, 300));
  row(
    'record transaction (5 KB text)',
    `${recordUnits.writeUnits.toFixed(1)} write units / article (${recordUnits.items.toFixed(1)} items, billed twice)`,
  );
  await dynamo.stop();
} else {
  row('DynamoDB Local', 'skipped (Java not found)');
}

// 4. Bundles: size and cold init in a fresh Node process.
process.stderr.write('bundles\n');
const bundles = await buildFunctions(root);
const env = {
  ...process.env,
  RAW_BUCKET: 'b',
  PROCESSED_BUCKET: 'b',
  TABLE_NAME: 't',
  IDEMPOTENCY_TABLE_NAME: 'i',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_TRACE_ENABLED: 'false',
  // As deployed: the functions set no Node.js options (their bundles map stack traces themselves, on first use).
  NODE_OPTIONS: '',
};
const bundleFigures: Record<string, { kb: number; initMs: number }> = {};
// Each bundle imported in a fresh process, the bundles taken in turn round after round: a slow spell of
// the machine then lands on every bundle alike instead of on the one being measured.
const INIT_ROUNDS = 9;
const initTimes = new Map<string, number[]>(bundles.map((bundle) => [bundle.name, []]));
for (let round = 0; round < INIT_ROUNDS; round++) {
  for (const bundle of bundles) {
    const out = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(`file://${bundle.file}`)}); console.log(performance.now() - t);`,
      ],
      { encoding: 'utf8', env },
    );
    const ms = Number(out.stdout.trim());
    if (out.status !== 0 || !Number.isFinite(ms) || ms <= 0) {
      throw new Error(`the ${bundle.name} bundle failed to import: ${out.stderr.trim().slice(-2_000)}`);
    }
    initTimes.get(bundle.name)?.push(ms);
  }
}
for (const bundle of bundles) {
  const initMs = Math.round(percentile(initTimes.get(bundle.name) ?? [], 50));
  bundleFigures[bundle.name] = { kb: Math.round(bundle.bytes / 1024), initMs };
  row(
    `bundle ${bundle.name}`,
    `${bundleFigures[bundle.name]?.kb} KB, init ${initMs} ms, median of ${INIT_ROUNDS} (goals ≤ 500 KB, ≤ 150 ms)`,
  );
}

// 5. Local end to end: drop-to-event latency through the local stack (the load run of the reliability suite), with
// the functions logging and writing metrics as deployed, so their output per article is measured. Without the
// end-to-end run, a short one measures the output alone.
let e2e: { articles: number; perSecond: number; p50Ms: number; p95Ms: number } | null = null;
let functionOutput: { bytesPerArticle: number; invocationsPerArticle: number } | null = null;
if (dynamo) {
  const endToEnd = !args['skip-local'];
  process.stderr.write(endToEnd ? 'local stack end to end\n' : 'local stack: function output\n');
  const load = await runLoad({
    articles: endToEnd ? (FULL ? 1_000 : 200) : 60,
    seed: 17,
    portBase: 4900,
    logLevel: 'INFO',
  });
  const dropped = load.articles + load.idleArticles;
  const functions = Object.values(load.functions);
  functionOutput = {
    bytesPerArticle: functions.reduce((n, f) => n + f.outputBytes, 0) / dropped,
    invocationsPerArticle: functions.reduce((n, f) => n + f.invocations, 0) / dropped,
  };
  row(
    'function output per article (logs, metrics)',
    `${Math.round(functionOutput.bytesPerArticle)} bytes over ${functionOutput.invocationsPerArticle.toFixed(2)} invocations`,
  );
  if (endToEnd) {
    e2e = {
      articles: load.articles - load.lost.length,
      perSecond: load.articlesPerSecond,
      p50Ms: load.latencyMs.p50,
      p95Ms: load.latencyMs.p95,
    };
    row('local stack: articles with an event', `${e2e.articles} of ${load.articles}`);
    row('local stack: throughput', `${e2e.perSecond.toFixed(1)} articles/s`);
    row('local stack: drop → event latency', `p50 ${e2e.p50Ms.toFixed(0)} ms, p95 ${e2e.p95Ms.toFixed(0)} ms`);
  }
}

// 6. Cost per million articles, from measured time and counted requests, at list prices.
// Lambda's own lines per invocation, in its text log format: START and END (about 125 bytes with their request
// id), REPORT (about 180: durations, memory, an init duration on cold starts) and, traced, the XRAY line (about 95).
const PLATFORM_LOG_BYTES_PER_INVOCATION = 400;
// Share of invocations X-Ray records under load (its default sampling rule, which Lambda applies).
const XRAY_SAMPLED_SHARE = 0.05;
// The functions' output per article when the local stack cannot run (no Java), as measured on 2026-12-06.
const FUNCTION_OUTPUT_BYTES_20261206 = 2_100;
// One invocation per full batch: the three stages at their queues' batch sizes, the publisher per stream batch
// (two event items per article). The measuring run above has smaller batches, so more invocations per article.
const invocationsAtFullBatches =
  Object.values(QUEUES).reduce((n, queue) => n + 1 / queue.batchSize, 0) + 2 / PIPE_SOURCE.batchSize;
const prices = JSON.parse(readFileSync(path.join(root, 'bench', 'prices.json'), 'utf8'));
const gbSeconds =
  (FUNCTIONS.clean.memoryMb / 1024) * (1 / perStage.clean) +
  (FUNCTIONS.extract.memoryMb / 1024) * (1 / perStage.extract) +
  (FUNCTIONS.dedupe.memoryMb / 1024) * (1 / perStage.dedupe + 0.02) + // + DynamoDB round trips
  (PUBLISHER.memoryMb / 1024) * 0.005;
// Measured dedupe read and write units, plus what the handlers write besides the index: the record transaction
// (measured on the items of the text corpus's records; without DynamoDB Local, 5 items under 1 KB billed
// twice), Powertools idempotency (a put and an update per stage) and the write-order claim.
const measured = Object.values(dynamoCost).at(-1);
const dedupeReadUnits = measured?.readUnits ?? 60;
const dedupeWriteUnits = measured?.writeUnits ?? 40;
const handlerWriteUnits = (recordUnits?.writeUnits ?? 5 * 2) + 3 * 2 + 1;
const perArticle = {
  lambdaCompute: gbSeconds * prices.lambda.perGbSecondArm,
  lambdaRequests: invocationsAtFullBatches * (prices.lambda.perMillionRequests / 1e6),
  // PUTs: the raw upload, clean's and extract's claim-check objects; GETs: each stage reads its input once.
  // (Rejected inputs add a tagging PUT; they are not articles.)
  s3: 3 * (prices.s3.perThousandPut / 1000) + 3 * (prices.s3.perThousandGet / 1000),
  // Per stage queue: the message EventBridge sends for the object, and its share of the receive and the delete
  // that Lambda's poller makes per batch (a batch of S3 event messages stays under SQS's 64 KB billing chunk).
  sqs:
    Object.values(QUEUES).reduce((n, queue) => n + 1 + 2 / queue.batchSize, 0) * (prices.sqs.perMillionRequests / 1e6),
  dynamodb:
    dedupeReadUnits * (prices.dynamodb.perMillionReadUnits / 1e6) +
    (dedupeWriteUnits + handlerWriteUnits) * (prices.dynamodb.perMillionWriteUnits / 1e6),
  pipes: 2 * (prices.pipes.perMillionRequests / 1e6),
  eventbridge: 2 * (prices.eventbridge.perMillionCustomEvents / 1e6),
  // CloudWatch Logs ingests what the functions write (measured above; without Java, the figure of 2026-12-06) and
  // the lines Lambda adds to each invocation (START, END, REPORT and, traced, its X-Ray line).
  logs:
    (((functionOutput?.bytesPerArticle ?? FUNCTION_OUTPUT_BYTES_20261206) +
      invocationsAtFullBatches * PLATFORM_LOG_BYTES_PER_INVOCATION) /
      1e9) *
    prices.cloudwatchLogs.perGbIngested,
  // Active tracing: Lambda records a trace for the first invocation each second and 5 % of the others; under
  // load the 5 % is what counts (at a trickle nearly every invocation is traced: at most 20× this figure).
  xray: invocationsAtFullBatches * XRAY_SAMPLED_SHARE * (prices.xray.perMillionTracesRecorded / 1e6),
};
const perMillion = Object.values(perArticle).reduce((a, b) => a + b, 0) * 1e6;
row('cost per million articles (goal ≤ $30)', `$${perMillion.toFixed(2)} (prices of ${prices.date})`);

const summary = {
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  stageArticlesPerSecond: Object.fromEntries(Object.entries(perStage).map(([k, v]) => [k, Math.round(v)])),
  processArticlesPerSecond: Math.round(mixed.length / processSeconds),
  cliProcessArticlesPerSecond: cliFigures,
  readability: {
    speedRatio: Number((readabilityHtml / oursHtml).toFixed(1)),
    goldCleanOurs: goldOurs,
    goldCleanReadability: goldReadability,
  },
  recordsDigest,
  realPages,
  dedupeRequestsPerArticle: { memory: memoryCost, dynamodb: dynamoCost },
  recordTransactionWriteUnits: recordUnits ? Number(recordUnits.writeUnits.toFixed(2)) : null,
  bundles: bundleFigures,
  localEndToEnd: e2e,
  functionOutputPerArticle: functionOutput,
  costPerMillionUsd: Number(perMillion.toFixed(2)),
  costBreakdownPerMillionUsd: Object.fromEntries(
    Object.entries(perArticle).map(([k, v]) => [k, Number((v * 1e6).toFixed(2))]),
  ),
};
process.stdout.write(`\n${rows.map(([l, v]) => `${l.padEnd(48)} ${v}`).join('\n')}\n\n${JSON.stringify(summary)}\n`);
