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
