import { randomUUID } from 'node:crypto';
import { encodeS3Key } from '../functions/handlers/s3-event.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './bus.ts';

/**
 * S3 "Object Created" events in the shape S3 sends to EventBridge (see
 * `decodeS3Key` in functions/handlers/s3-event.ts for AWS's documents and
 * samples). s3rver reports raw keys; the local stack encodes them as S3 does,
 * and handlers decode them.
 */

export { encodeS3Key };

let sequence = 0;

/**
 * A sequencer shaped as S3's: "00", the epoch second in 8 hex digits, then a counter (0064D3901D00059242
 * in a published event; the second matches its time). Later writes compare higher once right-padded.
 */
export function nextSequencer(now = Date.now()): string {
  sequence = (sequence + 1) % 0x1_0000_0000;
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `00${seconds}${sequence.toString(16).padStart(8, '0')}`.toUpperCase();
}

export interface CreatedObject {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  versionId?: string | null;
  reason?: string;
  /**
   * False for an event that announces no new write (a replay): it carries no sequencer, so it can neither
   * be superseded nor supersede a later upload of the key.
   */
  sequenced?: boolean;
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
        ...(object.sequenced === false ? {} : { sequencer: nextSequencer() }),
      },
      'request-id': randomUUID(),
      requester: LOCAL_ACCOUNT,
      'source-ip-address': '127.0.0.1',
      reason: object.reason ?? 'PutObject',
    },
  };
}
