import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './bus.ts';

/**
 * S3 "Object Created" events in the shape S3 sends to EventBridge. s3rver
 * reports raw keys; real notifications URL-encode them (spaces as "+"), so
 * the local stack encodes them the same way, and handlers decode them.
 */

export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

let sequence = 0;

/** A sequencer that grows with every event, as S3's does for one key. */
function nextSequencer(): string {
  sequence++;
  return `${Date.now().toString(16).toUpperCase()}${sequence.toString(16).padStart(6, '0').toUpperCase()}`;
}

export interface CreatedObject {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  versionId?: string | null;
  reason?: string;
}

export function objectCreatedEvent(object: CreatedObject) {
  return {
    version: '0' as const,
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: LOCAL_ACCOUNT,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      object: {
        key: encodeS3Key(object.key),
        size: object.size,
        etag: object.etag.replaceAll('"', ''),
        ...(object.versionId ? { 'version-id': object.versionId } : {}),
        sequencer: nextSequencer(),
      },
      'request-id': randomUUID(),
      requester: LOCAL_ACCOUNT,
      'source-ip-address': '127.0.0.1',
      reason: object.reason ?? 'PutObject',
    },
  };
}
