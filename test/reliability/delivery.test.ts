import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../cli/inputs.ts';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { BusEnvelope } from '../../local/bus.ts';
import { requestRedrive, serveControlRequests } from '../../local/control.ts';
import { uploadFile } from '../../local/ingest.ts';
import { javaAvailable } from '../../local/services.ts';
import { type DeadLetterAlarm, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { repoRoot } from '../support/fixtures.ts';
import { measureSuite } from '../support/measure.ts';

/**
 * Delivery faults on the local stack: functions killed in the middle of a
 * record (after their write took effect), the pipe's PutEvents throttled past
 * its retries, an S3 event delivered twice, events for one key out of order,
 * and the same file uploaded twice at once. Afterwards every object version
 * ends as exactly one record with exactly one final event, and once the dead
 * letters are redriven, nothing is left behind and nothing was doubled.
 */
const java = javaAvailable();
if (!java) console.warn('java not found: the delivery-fault tests are skipped');

/** Short English articles on unrelated subjects, so no two are near-duplicates of each other. */
const ARTICLES: Record<string, string[]> = {
  ferry: [
    'Harbour authority opens new ferry terminal',
    'The harbour authority opened a new ferry terminal on Monday, doubling the number of daily crossings to the islands.',
    'Officials said the terminal, built over three years, would serve about twelve thousand passengers a day in summer.',
  ],
  orchard: [
    'Frost damages apricot orchards across the valley',
    'Growers counted their losses after two nights of frost destroyed much of the apricot blossom in the upper valley.',
    'The farmers union asked the ministry for emergency loans and a delay on water charges until the autumn harvest.',
  ],
  library: [
    'City library reopens after restoration of its reading room',
    'The municipal library reopened its domed reading room after a restoration that uncovered painted ceilings from 1931.',
    'Librarians moved forty thousand volumes back onto the shelves and extended opening hours to ten in the evening.',
  ],
  marathon: [
    'Record field runs the coastal marathon despite heat',
    'More than six thousand runners finished the coastal marathon on Sunday as temperatures climbed past thirty degrees.',
    'Organisers added water stations every two kilometres and moved the start forward by an hour because of the heat.',
  ],
};
const article = (subject: keyof typeof ARTICLES) => (ARTICLES[subject] ?? []).join('\n\n');

describe.skipIf(!java)('delivery faults', () => {
  let stack: LocalStack;
  const delivered: BusEnvelope[] = [];
  const alarms: DeadLetterAlarm[] = [];
  let pipeDeadLettersBeforeRedrive = 0;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'akhbar-delivery-'));
  const put = (key: string, body: string) =>
    stack.s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.rawBucket, Key: key, Body: body }));

  const measured = measureSuite('delivery faults');

  beforeAll(async () => {
    stack = await startLocalStack({
      dataDir,
      portBase: 5600 + (process.pid % 40) * 6,
      ephemeral: true,
      logLevel: 'ERROR',
      // No random faults; the proxies are there to swallow answers.
      faults: { s3: 0, dynamodb: 0, busPutFailures: 4 },
      functionTimeoutSeconds: 3,
      onDeadLetter: (alarm) => alarms.push(alarm),
      targets: [(event) => void delivered.push(event)],
    });
    // The first two record transactions commit, and their functions never hear so: they hang until killed.
    stack.faults[1]?.swallowAnswers('TransactWriteItems', 2);

    for (const file of await expandInputs([path.join(repoRoot, 'samples')]))
      await uploadFile(stack.s3, LOCAL_NAMES.rawBucket, file);
    // The same file, uploaded twice at once under two names.
    await Promise.all([put('incoming/twin-a.txt', article('ferry')), put('incoming/twin-b.txt', article('ferry'))]);
    // Two writes to one key whose events arrive newest first.
    stack.holdNotifications();
    await put('incoming/overwritten.txt', article('orchard'));
    await put('incoming/overwritten.txt', article('library'));
    stack.releaseNotifications({ reversed: true });
    // One upload whose event is delivered twice.
    stack.holdNotifications();
    await put('incoming/twice.txt', article('marathon'));
    stack.releaseNotifications({ times: 2 });

    await stack.waitForIdle(300_000);
    pipeDeadLettersBeforeRedrive = stack.pipe.listDeadLetters().length;
    // The fault is gone: `akhbar dlq redrive` (a request the running stack serves) sends the dead letters again.
    const serving = setInterval(() => void serveControlRequests(dataDir, stack), 100);
    try {
      for (let round = 0; round < 3; round++) {
        await requestRedrive(dataDir);
        await stack.waitForIdle(300_000);
      }
    } finally {
      clearInterval(serving);
    }
  }, 600_000);

  afterAll(async () => {
    measured.report();
    await stack?.stop();
  });

  const finals = () => delivered.filter((e) => e['detail-type'] !== 'StoryUpdated');
  const finalsFor = (key: string) => finals().filter((e) => (e.detail.raw as { key: string }).key === key);

  it('killed functions mid-record after their write committed, and redelivered their messages', () => {
    expect(stack.faults[1]?.swallowed).toBe(2);
    const timeouts = Object.values(stack.functions).reduce((n, f) => n + f.stats.timeouts, 0);
    expect(timeouts).toBeGreaterThanOrEqual(2);
  });

  it('parked the events the throttled pipe could not publish, raised the alarm, and published them on redrive', () => {
    expect(stack.busPutFailuresInjected()).toBe(4);
    expect(pipeDeadLettersBeforeRedrive).toBeGreaterThan(0);
    expect(alarms.map((a) => a.store)).toContain('pipe');
    expect(stack.pipe.listDeadLetters()).toEqual([]);
  });

  it('ends every article as exactly one final event, none doubled', () => {
    const ids = finals().map((e) => String(e.detail.articleId));
    expect(new Set(ids).size).toBe(ids.length);
    // 8 sample files (one holds two articles) + the twins + two versions of one key + one file delivered twice.
    expect(ids.length).toBe(9 + 2 + 2 + 1);
    expect(finalsFor('incoming/twice.txt')).toHaveLength(1);
  });

  it('applies the two writes of one key in the order S3 made them, whatever order their events came in', () => {
    const outcomes = finalsFor('incoming/overwritten.txt').map((e) => ({
      type: e['detail-type'],
      reason: (e.detail.rejection as { reason?: string } | undefined)?.reason,
      title: (e.detail.summary as { title?: string } | undefined)?.title,
    }));
    expect(outcomes).toHaveLength(2);
    expect(outcomes).toContainEqual({ type: 'ArticleRejected', reason: 'superseded', title: undefined });
    expect(outcomes).toContainEqual({
      type: 'ArticleIngested',
      reason: undefined,
      title: 'City library reopens after restoration of its reading room',
    });
  });

  it('makes one of two identical uploads at once canonical and the other its duplicate', () => {
    const [a] = finalsFor('incoming/twin-a.txt');
    const [b] = finalsFor('incoming/twin-b.txt');
    const types = [a?.['detail-type'], b?.['detail-type']].sort();
    expect(types).toEqual(['ArticleDuplicateDetected', 'ArticleIngested']);
    const [canonical, copy] = a?.['detail-type'] === 'ArticleIngested' ? [a, b] : [b, a];
    expect(copy?.detail.duplicateOf).toBe(canonical?.detail.articleId);
  });

  it('leaves every dead-letter store empty after the redrive', () => {
    for (const queue of Object.values(stack.queues)) expect(queue.listDeadLetters()).toEqual([]);
    expect(stack.bus.listDeadLetters()).toEqual([]);
  });
});
