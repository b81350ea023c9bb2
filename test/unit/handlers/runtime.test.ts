import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ObjectVersion } from '../../../functions/handlers/s3-event.ts';
import { lambdaContext, objectCreatedRecord, sqsEvent, sqsRecord } from './fakes.ts';

type Runtime = typeof import('../../../functions/handlers/runtime.ts');
let runtime: Runtime;
let CachePersistenceLayer: typeof import('@aws-lambda-powertools/idempotency/cache').CachePersistenceLayer;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  runtime = await import('../../../functions/handlers/runtime.ts');
  ({ CachePersistenceLayer } = await import('@aws-lambda-powertools/idempotency/cache'));
});

/** Idempotency records in memory, behind Powertools' own cache persistence layer. */
function memoryStore(): BasePersistenceLayer {
  const values = new Map<string, string>();
  const client = {
    get: async (name: string) => values.get(name) ?? null,
    set: async (name: string, value: unknown, options?: unknown) => {
      if ((options as { NX?: boolean } | undefined)?.NX && values.has(name)) return null;
      values.set(name, String(value));
      return 'OK';
    },
    del: async (keys: string[]) => keys.filter((k) => values.delete(k)).length,
  };
  return new CachePersistenceLayer({ client });
}

function recorder(fail: (object: ObjectVersion) => boolean = () => false) {
  const seen: string[] = [];
  const handler = runtime.objectHandler({ name: 'clean' }, memoryStore(), async (object) => {
    seen.push(`${object.key}@${object.version}#${object.revision}`);
    if (fail(object)) throw new Error('S3 is unavailable');
  });
  return { seen, handler };
}

describe('the stage handler runtime', () => {
  it('reports only the failed messages of a batch', async () => {
    const { seen, handler } = recorder((o) => o.key.includes('bad'));
    const good = objectCreatedRecord('raw', 'incoming/good.txt', { versionId: 'v1' });
    const bad = objectCreatedRecord('raw', 'incoming/bad.txt', { versionId: 'v1' });
    const other = objectCreatedRecord('raw', 'incoming/other.txt', { versionId: 'v1' });
    const response = await handler(sqsEvent(good, bad, other), lambdaContext);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
    expect(seen).toEqual(['incoming/good.txt@v1#1', 'incoming/bad.txt@v1#1', 'incoming/other.txt@v1#1']);
  });

  it('processes an object version once, whatever message carries it', async () => {
    const { seen, handler } = recorder();
    const first = objectCreatedRecord('raw', 'incoming/a b.txt', { versionId: 'v1' });
    const again = objectCreatedRecord('raw', 'incoming/a b.txt', { versionId: 'v1' });
    expect(first.messageId).not.toBe(again.messageId);
    await handler(sqsEvent(first, again), lambdaContext);
    await handler(sqsEvent(again), lambdaContext);
    expect(seen).toEqual(['incoming/a b.txt@v1#1']);
  });

  it('processes a new version of the object, and a replay revision, again', async () => {
    const { seen, handler } = recorder();
    const replay = objectCreatedRecord('raw', 'incoming/a.txt', { versionId: 'v1' });
    const body = JSON.parse(replay.body);
    body.detail['akhbar-revision'] = 2;
    await handler(
      sqsEvent(
        objectCreatedRecord('raw', 'incoming/a.txt', { versionId: 'v1' }),
        objectCreatedRecord('raw', 'incoming/a.txt', { versionId: 'v2' }),
        sqsRecord(JSON.stringify(body)),
      ),
      lambdaContext,
    );
    expect(seen).toEqual(['incoming/a.txt@v1#1', 'incoming/a.txt@v2#1', 'incoming/a.txt@v1#2']);
  });

  it('runs a failed object version again on redelivery', async () => {
    let attempts = 0;
    const { seen, handler } = recorder(() => ++attempts === 1);
    const record = objectCreatedRecord('raw', 'incoming/flaky.txt', { versionId: 'v1' });
    expect(
      (await handler(sqsEvent(record, objectCreatedRecord('raw', 'x', {})), lambdaContext)).batchItemFailures,
    ).toHaveLength(1);
    expect((await handler(sqsEvent(record), lambdaContext)).batchItemFailures).toEqual([]);
    expect(seen.filter((s) => s.startsWith('incoming/flaky.txt'))).toHaveLength(2);
  });

  it("skips S3's test event and fails a malformed message without touching the others", async () => {
    const { seen, handler } = recorder();
    const test = sqsRecord(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }));
    const malformed = sqsRecord('{"detail-type": "Object Created"');
    const good = objectCreatedRecord('raw', 'incoming/ok.txt', { versionId: 'v1' });
    const response = await handler(sqsEvent(test, malformed, good), lambdaContext);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: malformed.messageId }]);
    expect(seen).toEqual(['incoming/ok.txt@v1#1']);
  });
});
