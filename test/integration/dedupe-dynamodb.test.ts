import { type AttributeValue, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoIndex } from '../../functions/adapters/dynamodb/dedupe-index.ts';
import { type DedupeArticle, dedupe } from '../../functions/core/dedupe/index.ts';
import { DedupeRaceError, MAX_STORIES_PER_KEY } from '../../functions/core/dedupe/port.ts';
import { javaAvailable, type RunningService, startDynamoDbLocal } from '../../local/services.ts';
import { createTables } from '../../local/tables.ts';

/** The DynamoDB adapter of the dedupe index against DynamoDB Local: first writer wins, costs are counted. */
const java = javaAvailable();
if (!java) console.warn('java not found: the DynamoDB dedupe-index tests are skipped');

const WORDS = 'river bridge council budget harbour school museum station orchard library ferry market'.split(' ');

/** A distinct article per seed (deterministic), sharing no paragraph with another seed. */
function article(id: string, seed: number): DedupeArticle {
  let state = seed * 7919 + 17;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const body = Array.from(
    { length: 150 },
    () => `${WORDS[Math.floor(next() * WORDS.length)]}${Math.floor(next() * 90)}`,
  );
  return {
    id,
    language: 'en',
    title: null,
    paragraphs: [body.join(' ')],
    eventDate: `2024-03-${String(1 + (seed % 28)).padStart(2, '0')}`,
    publishedAt: null,
    entities: { persons: [`Person ${seed % 40}`], places: [`Town ${seed % 25}`], organizations: [] },
  };
}

describe.skipIf(!java)('DynamoDB dedupe index', () => {
  let service: RunningService;
  let client: DynamoDBClient;
  const now = () => new Date('2024-03-15T00:00:00Z');

  beforeAll(async () => {
    service = await startDynamoDbLocal(6300 + (process.pid % 40), null);
    client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: service.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await createTables(client, { table: 'dedupe-test' });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  /** A client that notes the writes to items of one partition, with the units each consumed. */
  function watchedClient(writes: { sk: string; units: number }[], partition: string): DynamoDBClient {
    const watched = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: service.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    watched.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { Item?: Record<string, AttributeValue>; Key?: Record<string, AttributeValue> };
        const key = input.Item ?? input.Key;
        const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number } };
        if (key?.pk?.S === partition && context.commandName !== 'BatchGetItemCommand')
          writes.push({ sk: key.sk?.S ?? '', units: output.ConsumedCapacity?.CapacityUnits ?? 0 });
        return result;
      },
      { step: 'initialize' },
    );
    return watched;
  }

  it('lets only one of two identical articles arriving at once become canonical', async () => {
    const index = createDynamoIndex({ client, tableName: 'dedupe-test', now });
    // The loser may find the winner not indexed yet: a transient fault, retried as SQS redelivers.
    const withRetries = async (id: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await dedupe(article(id, 1_001), { index, now });
        } catch (error) {
          if (!(error instanceof DedupeRaceError) || attempt >= 5) throw error;
          await new Promise((r) => setTimeout(r, 50 * attempt));
        }
      }
    };
    const [a, b] = await Promise.all([withRetries('art_twin_a'), withRetries('art_twin_b')]);
    const statuses = [a.outcome.status, b.outcome.status].sort();
    expect(statuses).toEqual(['duplicate', 'unique']);
    const [canonical, copy] = a.outcome.status === 'unique' ? [a, b] : [b, a];
    expect(copy.outcome.duplicateOf).toBe(canonical === a ? 'art_twin_a' : 'art_twin_b');
    expect(copy.outcome.storyId).toBe(canonical.outcome.storyId);
  });

  it('lets only one of several near-duplicates arriving at once become canonical, short or long', async () => {
    // One index per worker, as parallel function instances; each base text is a fresh group.
    const withRetries = async (item: DedupeArticle) => {
      const index = createDynamoIndex({ client, tableName: 'dedupe-test', now });
      for (let attempt = 1; ; attempt++) {
        try {
          return await dedupe(item, { index, now });
        } catch (error) {
          if (!(error instanceof DedupeRaceError) || attempt >= 20) throw error;
          await new Promise((r) => setTimeout(r, 20 * attempt));
        }
      }
    };
    for (let group = 0; group < 4; group++) {
      // Groups 2 and 3 are long enough (about 750 shingles) for fingerprints of a shingle item and a state item.
      const short = article('base', 2_001 + group);
      const base =
        group < 2
          ? short
          : { ...short, paragraphs: [0, 1, 2, 3, 4].map((k) => article('x', 3_000 + 10 * group + k).paragraphs[0]!) };
      const copies = ['a', 'b', 'c', 'd'].map((suffix) => ({
        ...base,
        id: `art_near_${group}_${suffix}`,
        paragraphs: [...base.paragraphs, `outlet ${suffix} closing line ${group}`],
      }));
      const results = await Promise.all(copies.map(withRetries));
      const canonicals = results.filter((r) => r.outcome.status === 'unique');
      expect(canonicals).toHaveLength(1);
      const canonicalId = copies[results.indexOf(canonicals[0]!)]!.id;
      for (const r of results.filter((r) => r.outcome.status !== 'unique')) {
        expect(r.outcome).toMatchObject({ status: 'near-duplicate', duplicateOf: canonicalId });
      }
    }
  }, 60_000);

  it('starts one story for two reports of one occurrence arriving at once', async () => {
    const report = (id: string, paragraphs: string[], eventDate: string): DedupeArticle => ({
      id,
      language: 'ar',
      title: null,
      paragraphs,
      eventDate,
      publishedAt: null,
      entities: {
        persons: ['إيمانويل ماكرون', 'عبد الفتاح السيسي'],
        places: ['باريس', 'غزة', 'فرنسا', 'مصر'],
        organizations: [],
      },
    });
    // Both first look-ups of story keys answer once both are made: neither report finds a story yet.
    const waiting: (() => void)[] = [];
    let lookups = 0;
    const worker = async (item: DedupeArticle) => {
      const base = createDynamoIndex({ client, tableName: 'dedupe-test', now });
      const index = {
        ...base,
        async lookupStoryKeys(storyKeys: string[]) {
          if (++lookups <= 2) {
            const met = new Promise<void>((resolve) => waiting.push(resolve));
            if (waiting.length === 2) for (const resolve of waiting.splice(0)) resolve();
            await met;
          }
          return base.lookupStoryKeys(storyKeys);
        },
      };
      for (let attempt = 1; ; attempt++) {
        try {
          return await dedupe(item, { index, now });
        } catch (error) {
          if (!(error instanceof DedupeRaceError) || attempt >= 20) throw error;
          await new Promise((r) => setTimeout(r, 20 * attempt));
        }
      }
    };
    const [a, b] = await Promise.all([
      worker(
        report(
          'art_meeting_1',
          [
            'استقبل الرئيس الفرنسي إيمانويل ماكرون نظيره المصري عبد الفتاح السيسي في قصر الإليزيه في باريس، حيث بحثا الأوضاع في غزة وسبل إيصال المساعدات.',
            'وقال ماكرون في مؤتمر صحافي مشترك إن فرنسا تدعم جهود مصر للتوصل إلى وقف لإطلاق النار.',
          ],
          '2024-02-05',
        ),
      ),
      worker(
        report(
          'art_meeting_2',
          [
            'بحث الرئيسان المصري عبد الفتاح السيسي والفرنسي إيمانويل ماكرون خلال لقائهما في العاصمة الفرنسية باريس ملف المساعدات الإنسانية إلى غزة ووقف إطلاق النار.',
            'وأشاد السيسي بموقف فرنسا، فيما أكد ماكرون أن باريس ستواصل العمل مع القاهرة لتخفيف معاناة المدنيين في القطاع.',
          ],
          '2024-02-06',
        ),
      ),
    ]);
    expect(b.outcome.storyId).toBe(a.outcome.storyId);
    expect(Math.max(a.story?.size ?? 0, b.story?.size ?? 0)).toBe(2);
  }, 60_000);

  it('counts requests and read and write units, and the cost per article does not grow with the archive', async () => {
    const index = createDynamoIndex({ client, tableName: 'dedupe-test', now });
    const perArticle = async (from: number, count: number) => {
      const before = index.stats();
      for (let i = from; i < from + count; i++) await dedupe(article(`art_${i}`, i), { index, now });
      const after = index.stats();
      return {
        requests: (after.requests - before.requests) / count,
        readUnits: ((after.readUnits ?? 0) - (before.readUnits ?? 0)) / count,
        writeUnits: ((after.writeUnits ?? 0) - (before.writeUnits ?? 0)) / count,
      };
    };
    const early = await perArticle(0, 40);
    await perArticle(40, 160);
    const late = await perArticle(200, 40);
    for (const cost of [early, late]) {
      expect(cost.readUnits).toBeGreaterThan(0);
      expect(cost.writeUnits).toBeGreaterThan(0);
    }
    expect(late.requests).toBeLessThanOrEqual(early.requests * 1.2);
    expect(late.readUnits + late.writeUnits).toBeLessThanOrEqual((early.readUnits + early.writeUnits) * 1.25);
  }, 120_000);

  it("writes a long canonical's shingles once: its pending, claimed and settled states cost one unit each", async () => {
    const writes: { sk: string; units: number }[] = [];
    const watched = watchedClient(writes, 'FP#art_long');
    const index = createDynamoIndex({ client: watched, tableName: 'dedupe-test', now });
    // About 1,500 distinct shingles: 6 KB of hashes, six write units each time the item is written.
    const long = {
      ...article('art_long', 4_242),
      paragraphs: Array.from({ length: 10 }, (_, i) => article('x', 5_000 + i).paragraphs.join(' ')),
    };
    const result = await dedupe(long, { index, now });
    expect(result.outcome.status).toBe('unique');
    const shingleWrites = writes.filter((w) => w.sk === 'FP');
    const stateWrites = writes.filter((w) => w.sk === 'STATE');
    expect(shingleWrites).toHaveLength(1);
    expect(shingleWrites[0]?.units).toBeGreaterThanOrEqual(5);
    // pending, claimed, settled with its story
    expect(stateWrites.map((w) => w.units)).toEqual([1, 1, 1]);
    const read = (await index.getFingerprints(['art_long'])).get('art_long');
    expect(read).toMatchObject({ canonicalOf: null, storyId: result.outcome.storyId });
    expect(read?.state).toBeUndefined();
    expect(read?.shingles.length).toBeGreaterThan(1_000);
  });

  it('keeps a fingerprint of under 1 KB of shingles in one item, written three times at one unit', async () => {
    const writes: { sk: string; units: number }[] = [];
    const watched = watchedClient(writes, 'FP#art_short');
    const index = createDynamoIndex({ client: watched, tableName: 'dedupe-test', now });
    // 150 words: about 150 shingles, 600 bytes of hashes.
    const result = await dedupe(article('art_short', 4_244), { index, now });
    expect(result.outcome.status).toBe('unique');
    expect(writes.map((w) => w.sk)).toEqual(['FP', 'FP', 'FP']);
    expect(writes.map((w) => w.units)).toEqual([1, 1, 1]);
    const read = (await index.getFingerprints(['art_short'])).get('art_short');
    expect(read).toMatchObject({ canonicalOf: null, storyId: result.outcome.storyId });
    expect(read?.state).toBeUndefined();
  });

  it('reads fingerprints written before the state had its own item', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'dedupe-test',
        Item: marshall({
          pk: 'FP#art_legacy',
          sk: 'FP',
          articleId: 'art_legacy',
          sh: new Uint8Array(Uint32Array.of(3, 5, 8).buffer),
          canonicalOf: 'art_first',
          storyId: 'sty_legacy',
        }),
      }),
    );
    const index = createDynamoIndex({ client, tableName: 'dedupe-test', now });
    const read = (await index.getFingerprints(['art_legacy'])).get('art_legacy');
    expect(read).toMatchObject({ canonicalOf: 'art_first', storyId: 'sty_legacy' });
    expect([...(read?.shingles ?? [])]).toEqual([3, 5, 8]);
  });

  it('keeps the most recent stories behind a story key, newest first, even when two writers race', async () => {
    const index = createDynamoIndex({ client, tableName: 'dedupe-test', now });
    const other = createDynamoIndex({ client, tableName: 'dedupe-test', now });
    const key = 'recency#1';
    for (let i = 0; i < MAX_STORIES_PER_KEY + 2; i++) {
      await index.lookupStoryKeys([key]);
      await index.addStoryKeys([key], `sty_${i}`);
    }
    // Both read the same version; the second rewrite finds it changed, reads again and keeps the first one's id.
    await index.lookupStoryKeys([key]);
    await other.lookupStoryKeys([key]);
    await Promise.all([index.addStoryKeys([key], 'sty_x'), other.addStoryKeys([key], 'sty_y')]);
    const ids = (await index.lookupStoryKeys([key])).get(key) ?? [];
    expect(ids).toHaveLength(MAX_STORIES_PER_KEY);
    expect(ids.slice(0, 2).sort()).toEqual(['sty_x', 'sty_y']);
    expect(ids).toContain(`sty_${MAX_STORIES_PER_KEY + 1}`);
    expect(ids).not.toContain('sty_0');
  });
});
