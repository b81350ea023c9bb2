import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { keys, PK, TTL } from './table.ts';

/**
 * Writes to one S3 key are applied in the order S3 made them, whatever order
 * their events arrive in: each key keeps the sequencer of the newest write
 * applied, and an event whose sequencer is older than that is stale. One
 * conditional put, first writer of the newest sequencer wins; a stale event
 * learns the newer write from ALL_OLD, without a read.
 */

/**
 * How sequencers of one key compare, per the S3 User Guide ("Event message structure",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html): the greater
 * hexadecimal value is the later event, and sequencers can be of different lengths, so the shorter one is
 * right-padded with zeros before a lexicographical comparison. (An older edition, under AmazonS3/latest/dev/,
 * said left-pad; earlier versions of this module did that.) Their shape agrees with right-padding: the leading
 * digits are the write's epoch second ("00" + 8 hex digits: 0064D3901D00059242 in an event of 2023-08-09T13:09:50Z,
 * 0x64D3901D being 13:09:49), and a counter of varying length follows, so padding on the right keeps the seconds
 * aligned. Stored right-padded to
 * one width and in upper case, DynamoDB's string comparison (by UTF-8 bytes) is exactly that comparison.
 */
const SEQUENCER_WIDTH = 64;

export function sortableSequencer(sequencer: string): string {
  if (!/^[0-9A-Fa-f]{1,64}$/.test(sequencer)) throw new Error(`not an S3 sequencer: ${sequencer.slice(0, 80)}`);
  return sequencer.toUpperCase().padEnd(SEQUENCER_WIDTH, '0');
}

/** Negative when `a` is the earlier write, positive when it is the later one, 0 for the same write. */
export function compareSequencers(a: string, b: string): number {
  const left = sortableSequencer(a);
  const right = sortableSequencer(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Days a key's newest sequencer is kept: longer than any event can wait (14 days in a stage queue, then up
 * to 14 in its dead-letter queue before a redrive), so a stale event is always recognized, while nothing
 * stored lives for ever.
 */
export const WRITE_ORDER_TTL_DAYS = 35;

export interface ObjectWrite {
  bucket: string;
  key: string;
  sequencer: string;
  version: string;
}

export type WriteOrder = { latest: true } | { latest: false; newer: { sequencer: string; version: string } };

export async function claimLatestWrite(
  client: DynamoDBClient,
  tableName: string,
  write: ObjectWrite,
  now: Date = new Date(),
): Promise<WriteOrder> {
  const sequencer = sortableSequencer(write.sequencer);
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({
          ...keys.objectHead(write.bucket, write.key),
          sequencer,
          received: write.sequencer,
          version: write.version,
          [TTL]: Math.floor(now.getTime() / 1000) + WRITE_ORDER_TTL_DAYS * 86_400,
        }),
        // Equal passes: a redelivered event of the newest write goes on (idempotency handles the rest).
        // An item with no expiry was stored by an earlier version (left-padded, or a replay's clock-made
        // sequencer that outranked every real one): the next event replaces it.
        ConditionExpression: 'attribute_not_exists(#pk) OR attribute_not_exists(#ttl) OR #sequencer <= :sequencer',
        ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL, '#sequencer': 'sequencer' },
        ExpressionAttributeValues: marshall({ ':sequencer': sequencer }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { latest: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const newer = error.Item ? unmarshall(error.Item) : {};
    return {
      latest: false,
      newer: { sequencer: String(newer.received ?? newer.sequencer ?? ''), version: String(newer.version ?? '') },
    };
  }
}
