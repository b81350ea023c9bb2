import { parseArgs } from 'node:util';
import { runLoad } from '../bench/load.ts';

/**
 * `npm run load -- [--articles N] [--dedupe-concurrency N]`: N generated
 * articles (default 10,000; mixed formats, a fifth duplicates) through the
 * local stack. Prints what was lost or doubled, throughput and drop-to-event
 * latency, then the same as one JSON line.
 */
const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    'dedupe-concurrency': { type: 'string' },
    'port-base': { type: 'string', default: '5800' },
  },
});
const articles = Number(values.articles);
if (!Number.isInteger(articles) || articles < 1) throw new Error(`--articles must be a positive integer`);
const dedupe = values['dedupe-concurrency'] ? Number(values['dedupe-concurrency']) : undefined;

const result = await runLoad({
  articles,
  portBase: Number(values['port-base']),
  ...(dedupe ? { concurrency: { dedupe } } : {}),
  onProgress: (done, total) => process.stderr.write(`  ${done} of ${total} articles have their final event\n`),
});
const { p50, p95, p99, max } = result.latencyMs;
console.log(`articles            ${result.articles}`);
console.log(`lost                ${result.lost.length}`);
console.log(`events doubled      ${result.doubled}`);
console.log(`dead letters        ${result.deadLetters}`);
console.log(
  `final events        ${Object.entries(result.finalEvents)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ')}`,
);
console.log(
  `functions busy      ${Object.entries(result.functions)
    .map(([name, f]) => `${name} ${Math.round(f.utilisation * 100)}%`)
    .join(', ')}`,
);
console.log(`time                ${result.seconds.toFixed(0)} s, ${result.articlesPerSecond.toFixed(1)} articles/s`);
console.log(
  `drop → event        flood of ${result.articles}: p50 ${(p50 / 1000).toFixed(1)} s, p95 ${(p95 / 1000).toFixed(1)} s, p99 ${(p99 / 1000).toFixed(1)} s, max ${(max / 1000).toFixed(1)} s`,
);
console.log(
  `one at a time       p50 ${(result.idleLatencyMs.p50 / 1000).toFixed(2)} s, p95 ${(result.idleLatencyMs.p95 / 1000).toFixed(2)} s (into the idle stack)`,
);
console.log(JSON.stringify({ ...result, lost: result.lost.length }));
