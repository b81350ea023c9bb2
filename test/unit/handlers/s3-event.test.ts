import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageFormatError } from '../../../functions/handlers/errors.ts';
import { decodeS3Key, encodeS3Key, parseObjectCreated } from '../../../functions/handlers/s3-event.ts';
import { objectCreatedRecord, sqsRecord } from './fakes.ts';

/** How S3 writes keys into its events (the documented shape, see s3-event.ts). */
const encodeLikeS3 = encodeS3Key;

describe('S3 event keys', () => {
  it('decodes "+" as a space and %2B as a plus sign', () => {
    expect(decodeS3Key('incoming/my+file%2B%2B.txt')).toBe('incoming/my file++.txt');
  });

  it('decodes percent-encoded UTF-8 (Arabic, accents, emoji)', () => {
    expect(decodeS3Key(encodeLikeS3('incoming/أخبار اليوم/été 🗞.html'))).toBe('incoming/أخبار اليوم/été 🗞.html');
  });

  it('gives back every key S3 could have encoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (key) => {
        expect(decodeS3Key(encodeLikeS3(key))).toBe(key);
      }),
    );
  });

  it('writes `a+b %.html` and an Arabic key as S3 documents it: space "+", plus %2B, percent %25, UTF-8 %XX', () => {
    expect(encodeS3Key('incoming/a+b %.html')).toBe('incoming/a%2Bb+%25.html');
    expect(encodeS3Key('incoming/خبر.html')).toBe('incoming/%D8%AE%D8%A8%D8%B1.html');
    // As in a published EventBridge event: slashes and colons left as they are.
    expect(encodeS3Key('raw/health-check/2023-08-08T14:03:40.532432.zip')).toBe(
      'raw/health-check/2023-08-08T14:03:40.532432.zip',
    );
  });

  it('reads each documented shape of `a+b %.html` back to the same key', () => {
    // Form style (S3's documented "red+flower.jpg"), spaces as %20 (LocalStack's emulation), safe characters
    // encoded or not.
    for (const shape of ['incoming/a%2Bb+%25.html', 'incoming/a%2Bb%20%25.html', 'incoming%2Fa%2Bb+%25.html'])
      expect(decodeS3Key(shape)).toBe('incoming/a+b %.html');
    expect(decodeS3Key('incoming/%D8%AE%D8%A8%D8%B1+%D8%B9%D8%A7%D8%AC%D9%84.html')).toBe('incoming/خبر عاجل.html');
  });

  it('rejects a key that is not valid percent-encoding as a malformed message', () => {
    expect(() => decodeS3Key('incoming/%E0%A4%A.txt')).toThrow(MessageFormatError);
  });
});

describe('Object Created messages', () => {
  it('reads bucket, decoded key, version id and etag', () => {
    const object = parseObjectCreated(
      objectCreatedRecord('raw', 'incoming/a b+c.txt', { versionId: 'v7', etag: 'e1', size: 42 }),
    );
    expect(object).toMatchObject({
      bucket: 'raw',
      key: 'incoming/a b+c.txt',
      versionId: 'v7',
      etag: 'e1',
      size: 42,
      version: 'v7',
      revision: 1,
    });
  });

  it('identifies an unversioned object by its etag', () => {
    const object = parseObjectCreated(objectCreatedRecord('raw', 'incoming/a.txt', { etag: 'abc' }));
    expect(object?.version).toBe('abc');
    expect(object?.versionId).toBeNull();
  });

  it('carries the replay revision', () => {
    const record = objectCreatedRecord('raw', 'incoming/a.txt', { versionId: 'v1' });
    const body = JSON.parse(record.body);
    body.detail['akhbar-revision'] = 3;
    expect(parseObjectCreated({ body: JSON.stringify(body) })?.revision).toBe(3);
  });

  it("ignores S3's test event", () => {
    const body = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'raw' });
    expect(parseObjectCreated(sqsRecord(body))).toBeNull();
  });

  it('fails on a body that is not JSON, or not an Object Created event', () => {
    expect(() => parseObjectCreated(sqsRecord('not json'))).toThrow(MessageFormatError);
    const other = JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Deleted', detail: {} });
    expect(() => parseObjectCreated(sqsRecord(other))).toThrow(MessageFormatError);
  });
});
