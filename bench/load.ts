import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { forEachLimited } from '../functions/adapters/concurrency.ts';
import { LOCAL_NAMES, PREFIXES } from '../infra/definitions.ts';
import type { BusEnvelope } from '../local/bus.ts';
import { type LocalStackOptions, startLocalStack } from '../local/stack.ts';
import { generateCorpus } from './corpus.ts';

/**
 * A load run through the local stack: N generated articles in mixed formats
 * (a fifth of them exact duplicates) dropped into the raw bucket, counted
 * through to their final events. Used by `npm run load` and by the
 * reliability suite, which asserts what it returns.
 */

export interface LoadOptions {
  articles: number;
  seed?: number;
  portBase: number;
  concurrency?: LocalStackOptions['concurrency'];
  /**
   * The functions' log level: ERROR by default, their output printed. With INFO they log and write metrics as
   * deployed, and their output is counted (`functions[name].outputBytes`) instead of printed.
   */
  logLevel?: 'INFO' | 'ERROR';
  /** Called every few seconds with the events seen so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface LoadResult {
  articles: number;
  seconds: number;
  articlesPerSecond: number;
  /** Drop (upload finished) to final event delivered, in ms, for the flood (every file dropped at once). */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Articles dropped one at a time into the idle stack after the flood. */
  idleArticles: number;
  /** Their drop-to-event latency. */
  idleLatencyMs: { p50: number; p95: number; max: number };
  /** Keys that never got a final event. */
  lost: string[];
  /** Final events delivered more than once for one article. */
  doubled: number;
  finalEvents: Record<string, number>;
  deadLetters: number;
  /**
   * Per function: invocations, the share of the flood its environments were busy (1 = always), and the bytes it
   * wrote (its log lines and metrics), over the whole run.
   */
  functions: Record<string, { invocations: number; utilisation: number; outputBytes: number }>;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const UPLOADS_IN_FLIGHT = 8;
const IDLE_ARTICLES = 20;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const files = generateCorpus({
    count: options.articles,
    seed: options.seed ?? 7,
    duplicateShare: 0.2,
    nearDuplicateShare: 0.05,
    rewriteShare: 0.05,
  });
  const sent = new Map<string, number>();
  const firstFinal = new Map<string, number>();
  const perArticle = new Map<string, number>();
  const finalEvents: Record<string, number> = {};
  const onEvent = (event: BusEnvelope) => {
    if (event['detail-type'] === 'StoryUpdated') return;
    finalEvents[event['detail-type']] = (finalEvents[event['detail-type']] ?? 0) + 1;
    const id = String(event.detail.articleId);
    perArticle.set(id, (perArticle.get(id) ?? 0) + 1);
    const key = (event.detail.raw as { key: string }).key;
    if (!firstFinal.has(key)) firstFinal.set(key, performance.now());
  };
  const stack = await startLocalStack({
    dataDir: mkdtempSync(path.join(tmpdir(), 'akhbar-load-')),
    portBase: options.portBase,
    ephemeral: true,
    logLevel: options.logLevel ?? 'ERROR',
    ...(options.logLevel === 'INFO' ? { metrics: true, functionOutput: () => {} } : {}),
    targets: [onEvent],
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  const progress = setInterval(() => options.onProgress?.(firstFinal.size, files.length), 5_000);
  try {
    const begin = performance.now();
    await forEachLimited(files, UPLOADS_IN_FLIGHT, async (file) => {
      const key = `${PREFIXES.incoming}load/${file.name}`;
      await stack.s3.send(
        new PutObjectCommand({ Bucket: LOCAL_NAMES.rawBucket, Key: key, Body: file.bytes, Metadata: file.metadata }),
      );
      sent.set(key, performance.now());
    });
    await stack.waitForIdle(6 * 3_600_000);
    const seconds = (performance.now() - begin) / 1000;
    const floodDone = firstFinal.size;
    const busyMs = Object.fromEntries(Object.entries(stack.functions).map(([name, fn]) => [name, fn.stats.busyMs]));
    const latencies = [...sent].flatMap(([key, at]) => {
      const done = firstFinal.get(key);
      return done === undefined ? [] : [done - at];
    });
    // Then a trickle: one article at a time into the idle stack, each waited for.
    const idle: number[] = [];
    for (const file of generateCorpus({ count: IDLE_ARTICLES, seed: (options.seed ?? 7) + 1_000 })) {
      const key = `${PREFIXES.incoming}load/idle/${file.name}`;
      await stack.s3.send(
        new PutObjectCommand({ Bucket: LOCAL_NAMES.rawBucket, Key: key, Body: file.bytes, Metadata: file.metadata }),
      );
      const dropped = performance.now();
      while (!firstFinal.has(key) && performance.now() - dropped < 60_000) await new Promise((r) => setTimeout(r, 10));
      idle.push((firstFinal.get(key) ?? Number.NaN) - dropped);
    }
    await stack.waitForIdle(600_000);
    const deadLetters =
      Object.values(stack.queues).reduce((n, q) => n + q.listDeadLetters().length, 0) +
      stack.pipe.listDeadLetters().length +
      stack.bus.listDeadLetters().length;
    return {
      articles: files.length,
      seconds,
      articlesPerSecond: floodDone / seconds,
      idleArticles: IDLE_ARTICLES,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: percentile(latencies, 100),
      },
      idleLatencyMs: { p50: percentile(idle, 50), p95: percentile(idle, 95), max: percentile(idle, 100) },
      lost: [...sent.keys()].filter((key) => !firstFinal.has(key)),
      doubled: [...perArticle.values()].filter((n) => n > 1).length,
      finalEvents,
      deadLetters,
      functions: Object.fromEntries(
        Object.entries(stack.functions).map(([name, fn]) => [
          name,
          {
            invocations: fn.stats.invocations,
            utilisation: Number(((busyMs[name] ?? 0) / (seconds * 1000 * fn.concurrency)).toFixed(2)),
            outputBytes: fn.stats.outputBytes,
          },
        ]),
      ),
    };
  } finally {
    clearInterval(progress);
    await stack.stop();
  }
}
