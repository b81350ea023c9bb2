import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadResult, runLoad } from '../../bench/load.ts';
import { javaAvailable } from '../../local/services.ts';
import { measureSuite } from '../support/measure.ts';

/**
 * Load: generated articles (text, HTML, crawler JSON and gzip, Arabic and
 * English, a fifth exact duplicates) through the local stack. Nothing may be
 * lost, no event doubled, no dead letter left. `npm test` runs 300 articles
 * (under two minutes on 2 cores); AKHBAR_LOAD_ARTICLES sets another size, and
 * `npm run load` is the 10,000-article run whose figures are in
 * docs/reliability.md (about 25 minutes on 2 cores: the local DynamoDB is the
 * bottleneck).
 */
const java = javaAvailable();
if (!java) console.warn('java not found: the load test is skipped');
const ARTICLES = Number(process.env.AKHBAR_LOAD_ARTICLES ?? 300);

describe.skipIf(!java)(`load: ${ARTICLES} articles through the local stack`, () => {
  let result: LoadResult;

  beforeAll(async () => {
    const measured = measureSuite('load');
    result = await runLoad({ articles: ARTICLES, portBase: 5900 + (process.pid % 30) * 6 });
    const { p50, p95, p99 } = result.latencyMs;
    console.log(
      `load: ${result.articles} articles in ${result.seconds.toFixed(0)} s (${result.articlesPerSecond.toFixed(1)}/s); ` +
        `drop → event p50 ${(p50 / 1000).toFixed(1)} s, p95 ${(p95 / 1000).toFixed(1)} s, p99 ${(p99 / 1000).toFixed(1)} s; ` +
        `one at a time p50 ${(result.idleLatencyMs.p50 / 1000).toFixed(2)} s; events ${JSON.stringify(result.finalEvents)}`,
    );
    measured.report();
  }, 3 * 3_600_000);

  it('loses nothing: every dropped file has its final event', () => {
    expect(result.lost).toEqual([]);
    // The trickle after the flood: each of those articles reached its event too.
    expect(Number.isFinite(result.idleLatencyMs.max)).toBe(true);
  });

  it('doubles nothing: one final event per article', () => {
    expect(result.doubled).toBe(0);
    const total = Object.values(result.finalEvents).reduce((a, b) => a + b, 0);
    expect(total).toBe(ARTICLES + result.idleArticles);
  });

  it('finds the duplicates the corpus holds and leaves the dead-letter stores empty', () => {
    // A fifth of the corpus are exact copies; near-duplicates add a few more.
    expect(result.finalEvents.ArticleDuplicateDetected ?? 0).toBeGreaterThanOrEqual(Math.floor(ARTICLES * 0.15));
    expect(result.deadLetters).toBe(0);
  });
});
