import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../cli/inputs.ts';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { BusEnvelope } from '../../local/bus.ts';
import { uploadFile } from '../../local/ingest.ts';
import { javaAvailable } from '../../local/services.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { repoRoot } from '../support/fixtures.ts';
import { measureSuite } from '../support/measure.ts';

/**
 * Faults on every hop of the local stack: a fifth of the functions' S3 and
 * DynamoDB requests fail as AWS fails under load, and a subscriber fails its
 * first deliveries. Afterwards, once the faults are gone and the dead letters
 * are redriven, every input has exactly one final event, delivered once.
 */
const java = javaAvailable();
if (!java) console.warn('java not found: the fault-injection tests are skipped');

describe.skipIf(!java)('faults on every hop', () => {
  let stack: LocalStack;
  const delivered: BusEnvelope[] = [];
  let subscriberFailures = 0;

  const measured = measureSuite('faults on every hop');

  beforeAll(async () => {
    stack = await startLocalStack({
      dataDir: mkdtempSync(path.join(tmpdir(), 'akhbar-faults-')),
      portBase: 5300 + (process.pid % 40) * 6,
      ephemeral: true,
      logLevel: 'ERROR',
      faults: { s3: 0.2, dynamodb: 0.2 },
      targets: [
        (event) => {
          // A subscriber that is down for its first deliveries.
          if (subscriberFailures < 8) {
            subscriberFailures++;
            throw new Error('subscriber unavailable');
          }
          delivered.push(event);
        },
      ],
    });
    for (const file of await expandInputs([path.join(repoRoot, 'samples')]))
      await uploadFile(stack.s3, LOCAL_NAMES.rawBucket, file);
    await stack.waitForIdle(240_000);
    // The faults go away; whatever ended in a dead-letter store is sent through again.
    for (const proxy of stack.faults) proxy.rate = 0;
    for (let round = 0; round < 3; round++) {
      for (const queue of Object.values(stack.queues)) queue.redrive();
      await stack.pipe.redrive();
      await stack.bus.redrive();
      await stack.waitForIdle(240_000);
    }
  }, 600_000);

  afterAll(async () => {
    measured.report();
    await stack?.stop();
  });

  it('really injected faults into S3, DynamoDB and the subscriber', () => {
    expect(stack.faults.map((f) => f.injected).every((n) => n > 0)).toBe(true);
    expect(subscriberFailures).toBe(8);
  });

  it('ends every input as exactly one final event, delivered once', () => {
    const finals = delivered.filter((e) => e['detail-type'] !== 'StoryUpdated');
    const ids = finals.map((e) => String(e.detail.articleId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(9); // 8 sample files, one of them with two articles
    const rejected = finals.filter((e) => e['detail-type'] === 'ArticleRejected');
    expect(rejected.map((e) => (e.detail.rejection as { reason: string }).reason)).toEqual(['binary']);
  });

  it('leaves no dead letters once redriven', () => {
    for (const queue of Object.values(stack.queues)) expect(queue.listDeadLetters()).toEqual([]);
    expect(stack.pipe.listDeadLetters()).toEqual([]);
    expect(stack.bus.listDeadLetters()).toEqual([]);
  });
});
