import type { SQSRecord } from 'aws-lambda';
import type { S3Pointer } from '../contract/events.ts';
import * as z from '../core/zod.ts';
import { MessageFormatError } from './errors.ts';

/**
 * The messages the stage queues carry: S3 "Object Created" events as
 * EventBridge delivers them (rule target: the whole event as the body).
 */

/**
 * How S3 writes object keys into its events. What AWS documents and shows:
 * - S3 event notifications: "the object key name value is URL encoded. For example, 'red flower.jpg' becomes
 *   'red+flower.jpg'" (application/x-www-form-urlencoded), in the S3 User Guide, "Event message structure"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html);
 * - EventBridge "Object Created" events carry the same `detail.object.key` field, in the S3 User Guide,
 *   "EventBridge event message structure" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html);
 *   its example key ("example-key") has nothing to encode, so it settles nothing by itself;
 * - AWS's own Powertools for Lambda (Python) reads `detail.object.key` of S3 EventBridge events with
 *   `unquote_plus` (S3EventBridgeNotificationObject.key in aws_lambda_powertools/utilities/data_classes/s3_event.py,
 *   github.com/aws-powertools/powertools-lambda-python): form-style decoding, as here;
 * - an event EventBridge delivered (eu-west-1, 2023, reason CompleteMultipartUpload, published at
 *   https://gist.github.com/vincentclaes/7a5eb53acc05b316c86769fed25d4e1a) has the key
 *   "raw/health-check/2023-08-08T14:03:40.532432.zip": slashes and colons are not encoded;
 * - LocalStack's emulation percent-encodes EventBridge keys with spaces as %20
 *   (localstack-core/localstack/services/s3/notifications.py, `quote(key)`): decoded the same here.
 * So: a space is "+", a literal "+" is %2B, "%" is %25, other bytes are %XX of their UTF-8 encoding; "/" and
 * ":" stay as they are. `a+b %.html` arrives as `a%2Bb+%25.html`, `خبر.html` as `%D8%AE%D8%A8%D8%B1.html`.
 * Decoding form-style gives the key back whichever of the safe characters the encoder left alone.
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

/** The key as S3 writes it into an event (see decodeS3Key): what the local stack and the tests emit. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%20/g, '+');
}

const ObjectCreatedSchema = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    /** Set by `akhbar replay`: a new processing revision of an object already processed. */
    'akhbar-revision': z.optional(z.int().check(z.positive())),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      size: z.optional(z.number().check(z.nonnegative())),
      etag: z.optional(z.string()),
      'version-id': z.optional(z.string()),
      sequencer: z.optional(z.string()),
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
