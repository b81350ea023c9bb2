import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import type { S3Pointer } from '../contract/events.ts';
import { MessageFormatError } from './errors.ts';

/**
 * The messages the stage queues carry: S3 "Object Created" events as
 * EventBridge delivers them (rule target: the whole event as the body).
 */

/**
 * S3 event notifications URL-encode keys, form style: a space is "+", other
 * bytes are %XX of their UTF-8 encoding (a literal "+" arrives as %2B).
 */
export function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch (error) {
    throw new MessageFormatError(`object key ${JSON.stringify(key.slice(0, 200))} is not URL-encoded UTF-8`, {
      cause: error,
    });
  }
}

const ObjectCreatedSchema = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    /** Set by `akhbar replay`: a new processing revision of an object already processed. */
    'akhbar-revision': z.number().int().positive().optional(),
    object: z.object({
      key: z.string().min(1),
      size: z.number().nonnegative().optional(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});

export interface ObjectVersion extends S3Pointer {
  etag: string | null;
  /** Size announced by the event, when it gives one. */
  size: number | null;
  sequencer: string | null;
  /** The identity of this version for idempotency: versionId, else etag. */
  version: string;
  /** Processing revision: 1 for an upload, higher for each replay. */
  revision: number;
}

/** Parses one SQS record carrying an EventBridge "Object Created" event. Null for S3's test event. */
export function parseObjectCreated(record: Pick<SQSRecord, 'body'>): ObjectVersion | null {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (error) {
    throw new MessageFormatError('the message body is not JSON', { cause: error });
  }
  if (body && typeof body === 'object' && (body as Record<string, unknown>).Event === 's3:TestEvent') return null;
  const parsed = ObjectCreatedSchema.safeParse(body);
  if (!parsed.success) {
    throw new MessageFormatError('the message is not an S3 "Object Created" event', { cause: parsed.error });
  }
  const { bucket, object } = parsed.data.detail;
  const versionId = object['version-id'] ?? null;
  const etag = object.etag ?? null;
  const key = decodeS3Key(object.key);
  return {
    bucket: bucket.name,
    key,
    versionId,
    etag,
    size: object.size ?? null,
    sequencer: object.sequencer ?? null,
    // Without a version id or etag nothing identifies the version; the sequencer orders writes to one key.
    version: versionId ?? etag ?? object.sequencer ?? 'unversioned',
    revision: parsed.data.detail['akhbar-revision'] ?? 1,
  };
}
