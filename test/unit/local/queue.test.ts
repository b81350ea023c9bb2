import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalQueue } from '../../../local/queue.ts';

const queue = (overrides: Partial<ConstructorParameters<typeof LocalQueue>[0]> = {}) =>
  new LocalQueue({ name: 'q', visibilityTimeoutMs: 1_000, maxReceiveCount: 3, batchSize: 2, file: null, ...overrides });

describe('LocalQueue', () => {
  it('delivers in batches and deletes what the consumer handled', async () => {
    const q = queue();
    for (const body of ['a', 'b', 'c']) q.send(body);
    const seen: string[] = [];
    await q.deliver(async (event) => {
      seen.push(...event.Records.map((r) => r.body));
      return { batchItemFailures: [] };
    });
    expect(seen).toEqual(['a', 'b']);
    expect(q.depth()).toBe(1);
  });

  it('redelivers only the items reported as failures, after the visibility delay', async () => {
    const q = queue();
    q.send('ok');
    q.send('bad');
    await q.deliver(async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })),
    }));
    expect(q.depth()).toBe(1);
    expect(await q.deliver(async () => undefined)).toBe(0); // still invisible
    expect(await q.deliver(async () => undefined, Date.now() + 5_000)).toBe(1);
    expect(q.depth()).toBe(0);
  });

  it('moves a message that keeps failing to the dead-letter store after maxReceiveCount', async () => {
    const q = queue({ maxReceiveCount: 2 });
    q.send('poison');
    const failing = async () => {
      throw new Error('boom');
    };
    await q.deliver(failing, Date.now());
    await q.deliver(failing, Date.now() + 10_000);
    await q.deliver(failing, Date.now() + 20_000);
    expect(q.depth()).toBe(0);
    expect(q.listDeadLetters()).toMatchObject([{ body: 'poison', receiveCount: 2, lastError: 'boom' }]);
    expect(q.redrive()).toBe(1);
    expect(q.depth()).toBe(1);
  });
});

describe('LocalQueue journal', () => {
  const journalFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'akhbar-queue-')), 'q.jsonl');

  it('keeps waiting messages, receive counts and dead letters across a restart', async () => {
    const file = journalFile();
    const first = queue({ file, maxReceiveCount: 2, batchSize: 1 });
    first.send('kept');
    first.send('poison');
    first.send('done');
    const failing = async () => {
      throw new Error('boom');
    };
    await first.deliver(async () => ({ batchItemFailures: [] }), Date.now()); // 'kept' is deleted
    await first.deliver(failing, Date.now()); // 'poison' received once
    const second = queue({ file, maxReceiveCount: 2, batchSize: 1 });
    expect(second.depth()).toBe(2);
    // The in-flight message is visible again at once after the restart, with its receive count kept.
    await second.deliver(failing, Date.now());
    await second.deliver(async () => undefined, Date.now() + 60_000);
    const third = queue({ file, maxReceiveCount: 2, batchSize: 1 });
    expect(third.listDeadLetters()).toMatchObject([{ body: 'poison', receiveCount: 2, lastError: 'boom' }]);
    expect(third.depth()).toBe(0);
  });

  it('appends one short line per change instead of rewriting the queue', () => {
    const file = journalFile();
    const q = queue({ file });
    for (let i = 0; i < 1_000; i++) q.send(`message ${i}`);
    const before = statSync(file).size;
    q.send('one more');
    expect(statSync(file).size - before).toBeLessThan(300);
    expect(queue({ file }).depth()).toBe(1_001);
  });

  it('lets another process read the dead letters without rewriting the journal', async () => {
    const file = journalFile();
    const alarms: string[] = [];
    const q = queue({ file, maxReceiveCount: 1, onDeadLetter: (m) => alarms.push(m.body) });
    q.send('poison');
    await q.deliver(async () => {
      throw new Error('boom');
    });
    await q.deliver(async () => undefined, Date.now() + 60_000);
    expect(alarms).toEqual(['poison']);
    const before = readFileSync(file, 'utf8');
    expect(LocalQueue.readDeadLetters(file)).toMatchObject([{ body: 'poison', lastError: 'boom' }]);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
