import {
  QueryCommand,
  TransactionCanceledException,
  TransactionConflictException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { listItems } from '../../../functions/adapters/dynamodb/listing.ts';
import { keys, LIST_SHARDS, listShard } from '../../../functions/adapters/dynamodb/table.ts';
import { TransactionRetriesExhaustedError, transactWrite } from '../../../functions/adapters/dynamodb/transactions.ts';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A client whose transactions fail with the given errors, in turn, then succeed. */
function flaky(...failures: Error[]) {
  const sent: unknown[] = [];
  return {
    sent,
    send: async (command: unknown) => {
      if (!(command instanceof TransactWriteItemsCommand)) throw new Error('transactions only');
      sent.push(command);
      const failure = failures.shift();
      if (failure) throw failure;
      return {};
    },
  };
}

const retry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4, sleep: async () => undefined };
const input = { TransactItems: [] };

describe('record transactions', () => {
  it('are tried again when DynamoDB cancels them for throttling or a conflict', async () => {
    const client = flaky(
      cancelled('None', 'ThrottlingError', 'None'),
      cancelled('ProvisionedThroughputExceeded'),
      new TransactionConflictException({ message: 'conflict', $metadata: {} }),
    );
    await transactWrite(client as never, input, retry);
    expect(client.sent).toHaveLength(4);
  });

  it('give up after the last attempt with a typed error holding the cancellation', async () => {
    const last = cancelled('TransactionConflict');
    const client = flaky(
      cancelled('ThrottlingError'),
      cancelled('ThrottlingError'),
      cancelled('ThrottlingError'),
      last,
    );
    const error = await transactWrite(client as never, input, retry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRetriesExhaustedError);
    expect((error as Error).cause).toBe(last);
    expect(client.sent).toHaveLength(4);
  });

  it('are not tried again when a condition failed: that is an answer, not a fault', async () => {
    const failed = cancelled('ConditionalCheckFailed', 'None');
    const client = flaky(failed);
    await expect(transactWrite(client as never, input, retry)).rejects.toBe(failed);
    const mixed = flaky(cancelled('ConditionalCheckFailed', 'ThrottlingError'));
    await expect(transactWrite(mixed as never, input, retry)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(client.sent).toHaveLength(1);
    expect(mixed.sent).toHaveLength(1);
  });
});

describe('the article list', () => {
  it('spreads articles over its shards, so no partition key takes every write', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) {
      const { pk } = keys.articleList('2026-12-04T00:00:00.000Z', `art_${i.toString(16).padStart(20, '0')}`);
      counts.set(String(pk), (counts.get(String(pk)) ?? 0) + 1);
    }
    expect(counts.size).toBe(LIST_SHARDS);
    for (const count of counts.values()) expect(count).toBeLessThan((4_000 / LIST_SHARDS) * 1.5);
    expect(listShard('art_0')).toMatch(/^[0-9a-f]{2}$/);
  });

  it('lists newest first across shards and the partition older versions wrote, and follows new ones oldest first', async () => {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      const time = new Date(Date.UTC(2026, 11, 4, 0, 0, i)).toISOString();
      items.push({ ...keys.articleList(time, `art_${i}`), articleId: `art_${i}` });
    }
    items.push({ pk: 'LIST#ARTICLES', sk: '2026-12-03T23:59:59.000Z#art_legacy', articleId: 'art_legacy' });
    const client = {
      send: async (command: unknown) => {
        if (!(command instanceof QueryCommand)) throw new Error('queries only');
        const values = unmarshall(command.input.ExpressionAttributeValues ?? {});
        const forward = command.input.ScanIndexForward !== false;
        const found = items
          .filter(
            (item) =>
              item.pk === values[':pk'] && (values[':after'] === undefined || String(item.sk) > values[':after']),
          )
          .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1) * (forward ? 1 : -1))
          .slice(0, command.input.Limit);
        return { Items: found.map((item) => marshall(item)) };
      },
    };
    const newest = await listItems(client as never, 'table', 'articles', { limit: 5 });
    expect(newest.map((i) => i.articleId)).toEqual(['art_39', 'art_38', 'art_37', 'art_36', 'art_35']);
    const all = await listItems(client as never, 'table', 'articles', { limit: 100 });
    expect(all.at(-1)?.articleId).toBe('art_legacy');
    const following = await listItems(client as never, 'table', 'articles', {
      limit: 3,
      after: String(items[10]?.sk),
    });
    expect(following.map((i) => i.articleId)).toEqual(['art_11', 'art_12', 'art_13']);
  });
});
