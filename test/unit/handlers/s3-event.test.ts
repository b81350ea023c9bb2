import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageFormatError } from '../../../functions/handlers/errors.ts';
import { decodeS3Key, parseObjectCreated } from '../../../functions/handlers/s3-event.ts';
import { objectCreatedRecord, sqsRecord } from './fakes.ts';

/** How S3 writes keys into its notifications: form-style URL encoding, slashes kept. */
const encodeLikeS3 = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

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
