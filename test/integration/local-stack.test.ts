import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../cli/inputs.ts';
import { listItems } from '../../functions/adapters/dynamodb/listing.ts';
import { DETAIL_SCHEMAS, EnvelopeSchema } from '../../functions/contract/events.ts';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { BusEnvelope } from '../../local/bus.ts';
import { requestReplay, serveControlRequests } from '../../local/control.ts';
import { uploadFile } from '../../local/ingest.ts';
import { objectCreatedEvent } from '../../local/notifications.ts';
import { javaAvailable } from '../../local/services.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { repoRoot } from '../support/fixtures.ts';

/** The whole pipeline on real s3rver and DynamoDB Local, with the deployed handler modules. */
const java = javaAvailable();
if (!java)
  console.warn(
    'java not found: the local-stack integration tests are skipped (apt-get install -y openjdk-17-jre-headless)',
  );

describe.skipIf(!java)('local stack, end to end', () => {
  let stack: LocalStack;
  const events: BusEnvelope[] = [];
  const articleEvents = () => events.filter((e) => e['detail-type'] !== 'StoryUpdated');
  const byKey = (suffix: string) =>
    articleEvents().filter((e) => String((e.detail.raw as { key: string }).key).endsWith(suffix));

  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'akhbar-local-'));
    stack = await startLocalStack({
      dataDir,
      portBase: 4700 + (process.pid % 50) * 4,
      targets: [(event) => void events.push(event)],
      logLevel: 'ERROR',
      ephemeral: true,
    });
    for (const file of await expandInputs([path.join(repoRoot, 'samples')]))
      await uploadFile(stack.s3, LOCAL_NAMES.rawBucket, file);
    // A key with spaces, "+", "%" and Arabic: S3 notifications encode it, handlers must decode it.
    const odd = path.join(dataDir, 'تقرير خاص + 100%.txt');
    writeFileSync(
      odd,
      'Rain closes schools\n\nHeavy rain closed schools across the region on Monday, officials said, as rivers rose.\n',
    );
    await uploadFile(stack.s3, LOCAL_NAMES.rawBucket, odd);
    await stack.waitForIdle();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('publishes exactly one final event per article, in the EventBridge envelope, valid against the contract', () => {
    const ids = articleEvents().map((e) => String(e.detail.articleId));
    expect(ids.length).toBe(10); // 8 sample files, one of them JSON Lines with 2 articles, plus the odd key
    expect(new Set(ids).size).toBe(ids.length);
    for (const event of events) {
      EnvelopeSchema.parse(event);
      DETAIL_SCHEMAS[event['detail-type'] as keyof typeof DETAIL_SCHEMAS].parse(event.detail);
    }
  });

  it('points the exact and near duplicates at the first copy, never chaining', () => {
    // The text sample, its exact copy in crawler JSON and its windows-1256 re-crawl: the stages run in parallel,
    // so any of them may be seen first; whichever is becomes the canonical, and both others point to it.
    const copies = ['01-beirut-vaccination.txt', '02-mirror-copy.json.gz', '03-recrawl-cp1256.txt'].map(
      (key) => byKey(key)[0],
    );
    const canonicals = copies.filter((e) => e?.['detail-type'] === 'ArticleIngested');
    expect(canonicals).toHaveLength(1);
    const canonical = canonicals[0];
    for (const copy of copies.filter((e) => e !== canonical)) {
      expect(copy).toMatchObject({
        'detail-type': 'ArticleDuplicateDetected',
        detail: { duplicateOf: canonical?.detail.articleId },
      });
    }
  });

  it('puts two outlets reporting the same meeting in one story', () => {
    const [a] = byKey('04-paris-summit.html');
    const [b] = byKey('05-paris-summit-other-outlet.json');
    expect(a?.detail.storyId).toBeDefined();
    expect(b?.detail.storyId).toBe(a?.detail.storyId);
  });

  it('rejects the binary file with a reason and keeps going', () => {
    expect(byKey('08-not-an-article.png')[0]).toMatchObject({
      'detail-type': 'ArticleRejected',
      detail: { rejection: { reason: 'binary' } },
    });
  });

  it('lists every article once, newest first, from the sharded list in DynamoDB Local', async () => {
    const listed = await listItems(stack.dynamodb, LOCAL_NAMES.table, 'articles', { limit: 1000 });
    const ids = listed.map((item) => String(item.articleId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(articleEvents().map((e) => String(e.detail.articleId))));
    const keys = listed.map((item) => String(item.sk));
    expect(keys).toEqual([...keys].sort().reverse());
    expect(new Set(listed.map((item) => String(item.pk))).size).toBeGreaterThan(1);
    const stories = await listItems(stack.dynamodb, LOCAL_NAMES.table, 'stories', { limit: 1000 });
    expect(stories.length).toBeGreaterThan(0);
  });

  it('decodes URL-encoded keys with spaces, plus signs, percent signs and Arabic', () => {
    expect(byKey('تقرير خاص + 100%.txt')).toHaveLength(1);
  });

  it('ignores a duplicate delivery of the same S3 event', async () => {
    const before = articleEvents().length;
    stack.queues.clean!.send(
      JSON.stringify(
        objectCreatedEvent({
          bucket: LOCAL_NAMES.rawBucket,
          key: 'incoming/06-alexandria-storm.html',
          size: 1,
          etag: md5(path.join(repoRoot, 'samples', '06-alexandria-storm.html')),
        }),
      ),
    );
    await stack.waitForIdle();
    expect(articleEvents().length).toBe(before);
  });

  it('replays every stored object once more as a new revision, one final event each', async () => {
    const before = articleEvents().length;
    const serving = setInterval(() => void serveControlRequests(dataDir, stack), 100);
    try {
      await expect(requestReplay(dataDir)).resolves.toMatchObject({ revision: 2, objects: 9 });
      await stack.waitForIdle();
    } finally {
      clearInterval(serving);
    }
    const replayed = articleEvents().slice(before);
    expect(replayed).toHaveLength(before);
    expect(new Set(replayed.map((e) => e.detail.articleId))).toEqual(
      new Set(
        articleEvents()
          .slice(0, before)
          .map((e) => e.detail.articleId),
      ),
    );
  });

  it('keeps serving after a malformed multipart upload to the local S3 (the crash a vulnerable dicer had)', async () => {
    const boundary = 'akhbar-boundary';
    // A part whose first header line is a folded continuation: dicer 0.3.0 threw on it and took the process down.
    const body = `--${boundary}\r\n folded: header\r\n\r\nbody\r\n--${boundary}--\r\n`;
    await fetch(`${stack.s3Endpoint}/${LOCAL_NAMES.rawBucket}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      signal: AbortSignal.timeout(1_000),
    }).catch(() => undefined);
    const alive = await stack.s3.send(new HeadBucketCommand({ Bucket: LOCAL_NAMES.rawBucket }));
    expect(alive.$metadata.httpStatusCode).toBe(200);
  });

  it('lets no web page reach the local DynamoDB (CORS limited to no real origin)', async () => {
    const preflight = await fetch(stack.dynamodbEndpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).not.toBe('*');
    expect(preflight.headers.get('access-control-allow-origin')).not.toBe('http://example.com');
  });

  it('leaves every dead-letter store empty', () => {
    for (const queue of Object.values(stack.queues)) expect(queue.listDeadLetters()).toEqual([]);
    expect(stack.pipe.listDeadLetters()).toEqual([]);
    expect(stack.bus.listDeadLetters()).toEqual([]);
  });
});

/** S3 (and s3rver) ETag of a single-part upload: the MD5 of the content. */
function md5(file: string): string {
  return createHash('md5').update(readFileSync(file)).digest('hex');
}
