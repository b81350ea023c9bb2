import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DETAIL_SCHEMAS, type DetailType } from '../../../functions/contract/events.ts';
import { createMemoryIndex, type DedupeIndex } from '../../../functions/core/dedupe/index.ts';
import type { StageMessage } from '../../../functions/handlers/stage-message.ts';
import { fixtureBytes } from '../../support/fixtures.ts';
import { FakeDynamo, FakeS3, type Item, lambdaContext, objectCreatedRecord, sqsEvent } from './fakes.ts';

/**
 * The three stage handlers end to end on in-memory S3 and DynamoDB: what they
 * read, what they write, what they log. Idempotency is covered by
 * runtime.test.ts and switched off here.
 */

let index: DedupeIndex = createMemoryIndex();
vi.mock('../../../functions/adapters/dynamodb/dedupe-index.ts', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  createDynamoIndex: () => index,
}));

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
let clean: Handler;
let extract: Handler;
let dedupe: Handler;
let s3: FakeS3;
let dynamo: FakeDynamo;
let logLines: string[];

beforeAll(async () => {
  Object.assign(process.env, {
    RAW_BUCKET: 'raw',
    PROCESSED_BUCKET: 'processed',
    TABLE_NAME: 'table',
    IDEMPOTENCY_TABLE_NAME: 'idempotency',
    POWERTOOLS_IDEMPOTENCY_DISABLED: 'true',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  const clients = await import('../../../functions/adapters/aws-clients.ts');
  vi.spyOn(clients.s3, 'send').mockImplementation(((command: unknown) => s3.send(command)) as never);
  vi.spyOn(clients.dynamodb, 'send').mockImplementation(((command: unknown) => dynamo.send(command)) as never);
  clean = (await import('../../../functions/handlers/clean.ts')).handler;
  extract = (await import('../../../functions/handlers/extract.ts')).handler;
  dedupe = (await import('../../../functions/handlers/dedupe.ts')).handler;
});

beforeEach(() => {
  s3 = new FakeS3();
  dynamo = new FakeDynamo();
  index = createMemoryIndex();
  logLines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    logLines.push(String(chunk));
    return true;
  }) as never);
});

afterEach(() => {
  vi.mocked(process.stdout.write).mockRestore();
});

/** Runs one stage on one object, as its queue would deliver it. */
async function run(handler: Handler, bucket: string, key: string) {
  const object = s3.get(bucket, key);
  if (!object) throw new Error(`no object ${bucket}/${key}`);
  const record = objectCreatedRecord(bucket, key, { versionId: object.versionId, size: object.body.byteLength });
  return handler(sqsEvent(record), lambdaContext);
}

const keysUnder = (prefix: string) =>
  [...s3.objects.keys()].filter((k) => k.startsWith(`processed/${prefix}`)).map((k) => k.slice('processed/'.length));

const eventItems = () =>
  dynamo.transactions.flat().filter((item) => String(item.sk).startsWith('EVENT#')) as (Item & {
    detailType: DetailType;
    detail: Record<string, unknown>;
  })[];

const recordItems = () => dynamo.transactions.flat().filter((item) => item.sk === 'RECORD');

describe('the clean handler', () => {
  it('writes one claim-check object per article and records the rejected ones', async () => {
    s3.put('raw', 'incoming/wire feed+1.jsonl', fixtureBytes('handlers/feed.jsonl'));
    const response = await run(clean, 'raw', 'incoming/wire feed+1.jsonl');
    expect(response.batchItemFailures).toEqual([]);

    const [cleanKey, ...more] = keysUnder('clean/');
    expect(more).toEqual([]);
    const message = s3.json<StageMessage<'clean'>>('processed', cleanKey!);
    expect(message.raw).toEqual({ bucket: 'raw', key: 'incoming/wire feed+1.jsonl', versionId: 'v1' });
    expect(message.articlesInInput).toBe(2);
    expect(message.revision).toBe(1);
    expect(cleanKey).toBe(`clean/${message.article.id}.json`);

    expect(recordItems()).toMatchObject([{ status: 'rejected', rejection: { reason: 'malformed-json' } }]);
    const [event] = eventItems();
    expect(event?.detailType).toBe('ArticleRejected');
    expect(DETAIL_SCHEMAS.ArticleRejected.parse(event?.detail)).toMatchObject({ index: 1 });
    expect(s3.get('raw', 'incoming/wire feed+1.jsonl')?.tags).toEqual({
      'akhbar-status': 'partly-rejected',
      'akhbar-reason': 'malformed-json',
      'akhbar-rejected': '1/2',
    });
  });

  it('rejects an oversized upload from the size in its event, without downloading it', async () => {
    s3.put('raw', 'incoming/huge.txt', 'small body, but the event says otherwise');
    const record = objectCreatedRecord('raw', 'incoming/huge.txt', { versionId: 'v1', size: 64 * 1024 * 1024 });
    expect((await clean(sqsEvent(record), lambdaContext)).batchItemFailures).toEqual([]);
    expect(s3.calls.filter((c) => c.startsWith('GetObject'))).toEqual([]);
    expect(recordItems()).toMatchObject([{ status: 'rejected', rejection: { reason: 'too-large' } }]);
    expect(s3.get('raw', 'incoming/huge.txt')?.tags).toMatchObject({ 'akhbar-status': 'rejected' });
  });

  it('rejects an oversized object whose event gives no size, without reading its body', async () => {
    s3.put('raw', 'incoming/big.html', new Uint8Array(17 * 1024 * 1024));
    const record = objectCreatedRecord('raw', 'incoming/big.html', { versionId: 'v1', size: null });
    expect((await clean(sqsEvent(record), lambdaContext)).batchItemFailures).toEqual([]);
    expect(recordItems()).toMatchObject([
      { status: 'rejected', rejection: { reason: 'too-large' }, source: { bytes: 17 * 1024 * 1024 } },
    ]);
    expect(s3.bodyReads).toBe(0);
    expect(keysUnder('clean/')).toEqual([]);
  });

  it('logs the object key on every line and the article id on article lines, never article text', async () => {
    s3.put('raw', 'incoming/أخبار/library.jsonl', fixtureBytes('handlers/single.jsonl'));
    await run(clean, 'raw', 'incoming/أخبار/library.jsonl');
    const lines = logLines.filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.objectKey).toBe('incoming/أخبار/library.jsonl');
    expect(lines.find((l) => l.message === 'article cleaned')?.articleId).toMatch(/^art_/);
    expect(logLines.join('')).not.toContain('عشرين ألف كتاب');
  });

  it('logs one line per article, and a line for the input only when it held several articles', async () => {
    const messages = () =>
      logLines.filter((l) => l.trim().startsWith('{')).map((l) => (JSON.parse(l) as { message: string }).message);
    s3.put('raw', 'incoming/one.jsonl', fixtureBytes('handlers/single.jsonl'));
    await run(clean, 'raw', 'incoming/one.jsonl');
    expect(messages()).toEqual(['article cleaned']);
    logLines.length = 0;
    s3.put('raw', 'incoming/two.jsonl', fixtureBytes('handlers/feed.jsonl'));
    await run(clean, 'raw', 'incoming/two.jsonl');
    expect(messages().sort()).toEqual(['article cleaned', 'article recorded', 'input cleaned']);
    const summary = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'input cleaned');
    expect(summary).toMatchObject({ articles: 2, rejected: 1 });
  });

  it('fails only the message whose object S3 cannot give, for a retry', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as never);
    const stored = s3.put('raw', 'incoming/single.jsonl', fixtureBytes('handlers/single.jsonl'));
    const missing = objectCreatedRecord('raw', 'incoming/missing.txt', { versionId: 'v1' });
    const present = objectCreatedRecord('raw', 'incoming/single.jsonl', { versionId: stored.versionId });
    const response = await clean(sqsEvent(missing, present), lambdaContext);
    vi.mocked(process.stderr.write).mockRestore();
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: missing.messageId }]);
    expect(keysUnder('clean/')).toHaveLength(1);
    expect(dynamo.transactions).toEqual([]);
  });
});

describe('the clean handler on writes to one key', () => {
  it('applies writes in sequencer order: an event older than a write already processed is superseded', async () => {
    const older = s3.put('raw', 'incoming/story.jsonl', fixtureBytes('handlers/single.jsonl'));
    const newer = s3.put('raw', 'incoming/story.jsonl', fixtureBytes('handlers/single.jsonl'));
    const event = (versionId: string, sequencer: string) =>
      sqsEvent(objectCreatedRecord('raw', 'incoming/story.jsonl', { versionId, sequencer }));
    // The newer write's event arrives first.
    expect((await clean(event(newer.versionId, '0062A1F0B6C2D3E401'), lambdaContext)).batchItemFailures).toEqual([]);
    expect(keysUnder('clean/')).toHaveLength(1);
    expect((await clean(event(older.versionId, '0062A1F0B6C2D3E3FF'), lambdaContext)).batchItemFailures).toEqual([]);
    expect(keysUnder('clean/')).toHaveLength(1);
    expect(recordItems()).toMatchObject([
      {
        status: 'rejected',
        rejection: { reason: 'superseded', message: expect.stringContaining('62A1F0B6C2D3E401') },
        source: { name: 'incoming/story.jsonl' },
      },
    ]);
    expect(DETAIL_SCHEMAS.ArticleRejected.parse(eventItems()[0]?.detail)).toMatchObject({
      rejection: { reason: 'superseded' },
      raw: { versionId: older.versionId },
    });
    // The key holds a good object: it is not marked rejected.
    expect(s3.get('raw', 'incoming/story.jsonl')?.tags).toBeNull();
  });

  it('processes every write of a key that arrives in order, and a redelivered event again', async () => {
    const first = s3.put('raw', 'incoming/a.jsonl', fixtureBytes('handlers/single.jsonl'));
    await clean(
      sqsEvent(objectCreatedRecord('raw', 'incoming/a.jsonl', { versionId: first.versionId, sequencer: '0A' })),
      lambdaContext,
    );
    const second = s3.put('raw', 'incoming/a.jsonl', fixtureBytes('handlers/feed.jsonl'));
    const later = objectCreatedRecord('raw', 'incoming/a.jsonl', { versionId: second.versionId, sequencer: '0B' });
    await clean(sqsEvent(later), lambdaContext);
    await clean(sqsEvent(later), lambdaContext);
    expect(recordItems().filter((r) => (r.rejection as { reason?: string } | null)?.reason === 'superseded')).toEqual(
      [],
    );
    expect(keysUnder('clean/')).toHaveLength(2);
  });

  it('orders sequencers of different lengths as AWS documents: the shorter right-padded with zeros', async () => {
    const older = s3.put('raw', 'incoming/c.jsonl', fixtureBytes('handlers/single.jsonl'));
    const newer = s3.put('raw', 'incoming/c.jsonl', fixtureBytes('handlers/feed.jsonl'));
    const event = (versionId: string, sequencer: string) =>
      sqsEvent(objectCreatedRecord('raw', 'incoming/c.jsonl', { versionId, sequencer }));
    // Left-padded, the shorter one would be the older; right-padded (AWS's rule), it is the newer.
    await clean(event(newer.versionId, '0064D3901D000593'), lambdaContext);
    await clean(event(older.versionId, '0064D3901D00059242'), lambdaContext);
    const superseded = recordItems().filter(
      (r) => (r.rejection as { reason?: string } | null)?.reason === 'superseded',
    );
    expect(superseded).toMatchObject([
      { rejection: { message: expect.stringContaining('0064D3901D000593') }, source: { name: 'incoming/c.jsonl' } },
    ]);
    expect(
      DETAIL_SCHEMAS.ArticleRejected.parse(
        eventItems().find(
          (e) => e.detailType === 'ArticleRejected' && JSON.stringify(e.detail).includes(older.versionId),
        )?.detail,
      ),
    ).toMatchObject({ rejection: { reason: 'superseded' } });
  });

  it('lets a replay through without a sequencer, and the next genuine upload of the key after it', async () => {
    const first = s3.put('raw', 'incoming/d.jsonl', fixtureBytes('handlers/single.jsonl'));
    await clean(
      sqsEvent(
        objectCreatedRecord('raw', 'incoming/d.jsonl', { versionId: first.versionId, sequencer: '0064D3901D00000001' }),
      ),
      lambdaContext,
    );
    const replay = objectCreatedRecord('raw', 'incoming/d.jsonl', { versionId: first.versionId, sequencer: null });
    const body = JSON.parse(replay.body);
    body.detail['akhbar-revision'] = 2;
    await clean(sqsEvent({ ...replay, body: JSON.stringify(body) }), lambdaContext);
    const second = s3.put('raw', 'incoming/d.jsonl', fixtureBytes('handlers/feed.jsonl'));
    await clean(
      sqsEvent(
        objectCreatedRecord('raw', 'incoming/d.jsonl', {
          versionId: second.versionId,
          sequencer: '0064D3902000000001',
        }),
      ),
      lambdaContext,
    );
    expect(recordItems().filter((r) => (r.rejection as { reason?: string } | null)?.reason === 'superseded')).toEqual(
      [],
    );
    expect(dynamo.items.get('OBJ#raw/incoming/d.jsonl|HEAD')).toMatchObject({ received: '0064D3902000000001' });
  });

  it('replaces a newest-write mark left without an expiry by an earlier version (a replay clock sequencer)', async () => {
    // What `akhbar replay` used to store: Date.now() in hex, outranking every real sequencer, for ever.
    dynamo.items.set('OBJ#raw/incoming/e.jsonl|HEAD', {
      pk: 'OBJ#raw/incoming/e.jsonl',
      sk: 'HEAD',
      sequencer: '18C2F3A4B5D000001'.padEnd(64, '0'),
      version: 'old',
    });
    const upload = s3.put('raw', 'incoming/e.jsonl', fixtureBytes('handlers/single.jsonl'));
    await clean(
      sqsEvent(
        objectCreatedRecord('raw', 'incoming/e.jsonl', {
          versionId: upload.versionId,
          sequencer: '0064D3901D00000001',
        }),
      ),
      lambdaContext,
    );
    expect(recordItems()).toEqual([]);
    expect(keysUnder('clean/')).toHaveLength(1);
    expect(dynamo.items.get('OBJ#raw/incoming/e.jsonl|HEAD')?.ttl).toEqual(expect.any(Number));
  });

  it('rejects as superseded an unversioned object overwritten before it was read', async () => {
    s3.put('raw', 'incoming/b.txt', 'a newer body than the event announced');
    const record = objectCreatedRecord('raw', 'incoming/b.txt', { etag: 'etag-of-the-first-write', sequencer: '01' });
    expect((await clean(sqsEvent(record), lambdaContext)).batchItemFailures).toEqual([]);
    expect(recordItems()).toMatchObject([{ status: 'rejected', rejection: { reason: 'superseded' } }]);
    expect(keysUnder('clean/')).toEqual([]);
  });
});

describe('the extract and dedupe handlers', () => {
  async function cleaned(file: string, key = `incoming/${file}`) {
    s3.put('raw', key, fixtureBytes(`handlers/${file}`));
    await run(clean, 'raw', key);
    return keysUnder('clean/');
  }

  it('carry an article through extracted/ to one transaction: record and final events, no text', async () => {
    const [cleanKey] = await cleaned('single.jsonl');
    expect((await run(extract, 'processed', cleanKey!)).batchItemFailures).toEqual([]);
    const [extractedKey] = keysUnder('extracted/');
    const message = s3.json<StageMessage<'extract'>>('processed', extractedKey!);
    expect(message.clean).toMatchObject({ bucket: 'processed', key: cleanKey });
    expect(message.article.paragraphs.length).toBeGreaterThan(0);

    expect((await run(dedupe, 'processed', extractedKey!)).batchItemFailures).toEqual([]);
    expect(dynamo.transactions).toHaveLength(1);
    const [record] = recordItems();
    expect(record).toMatchObject({ status: 'ingested', paragraphCount: message.article.paragraphs.length });
    expect(record).not.toHaveProperty('paragraphs');
    const events = eventItems();
    expect(events.map((e) => e.detailType)).toEqual(['ArticleIngested', 'StoryUpdated']);
    for (const event of events) DETAIL_SCHEMAS[event.detailType].parse(event.detail);
    expect(events[0]?.detail).toMatchObject({
      raw: { bucket: 'raw', key: 'incoming/single.jsonl' },
      clean: { bucket: 'processed', key: cleanKey },
      extracted: { bucket: 'processed', key: extractedKey },
    });
    expect(JSON.stringify(events)).not.toContain('عشرين ألف كتاب');
  });

  it("say on the article's one dedupe line how it was recorded and what the decision cost", async () => {
    const [cleanKey] = await cleaned('single.jsonl');
    await run(extract, 'processed', cleanKey!);
    const [extractedKey] = keysUnder('extracted/');
    logLines.length = 0;
    await run(dedupe, 'processed', extractedKey!);
    const lines = logLines.filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.message)).toEqual(['article recorded']);
    expect(lines[0]).toMatchObject({
      status: 'ingested',
      events: ['ArticleIngested', 'StoryUpdated'],
      dedupeCost: { articles: 1, requests: expect.any(Number), writes: expect.any(Number) },
    });
    expect((lines[0]?.dedupeCost as { requests: number } | undefined)?.requests).toBeGreaterThan(0);
  });

  it('record a redelivered article once', async () => {
    const [cleanKey] = await cleaned('single.jsonl');
    await run(extract, 'processed', cleanKey!);
    const [extractedKey] = keysUnder('extracted/');
    await run(dedupe, 'processed', extractedKey!);
    // The same extracted object written again (a retried extract): a new version, the same article.
    const again = s3.get('processed', extractedKey!)!;
    s3.put('processed', extractedKey!, again.body);
    expect((await run(dedupe, 'processed', extractedKey!)).batchItemFailures).toEqual([]);
    expect(recordItems()).toHaveLength(1);
    expect(eventItems().filter((e) => e.detailType.startsWith('Article'))).toHaveLength(1);
  });

  it('record an article with a headline and no body as rejected, and mark its raw object', async () => {
    const [cleanKey] = await cleaned('single.jsonl');
    const message = s3.json<StageMessage<'clean'>>('processed', cleanKey!);
    message.article.clean.blocks = [];
    s3.put('processed', cleanKey!, JSON.stringify(message));
    expect((await run(extract, 'processed', cleanKey!)).batchItemFailures).toEqual([]);
    expect(keysUnder('extracted/')).toEqual([]);
    expect(recordItems()).toMatchObject([{ status: 'rejected', rejection: { reason: 'no-content' } }]);
    expect(eventItems()[0]?.detail).toMatchObject({ rejection: { reason: 'no-content' } });
    expect(s3.get('raw', 'incoming/single.jsonl')?.tags).toMatchObject({ 'akhbar-status': 'rejected' });
  });

  it('leave the raw object of a multi-article input to the clean stage to mark', async () => {
    const [cleanKey] = await cleaned('feed.jsonl');
    const tagsAfterClean = s3.get('raw', 'incoming/feed.jsonl')?.tags;
    const message = s3.json<StageMessage<'clean'>>('processed', cleanKey!);
    message.article.clean.blocks = [];
    s3.put('processed', cleanKey!, JSON.stringify(message));
    await run(extract, 'processed', cleanKey!);
    expect(recordItems().map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(s3.get('raw', 'incoming/feed.jsonl')?.tags).toEqual(tagsAfterClean);
  });
});
