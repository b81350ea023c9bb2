import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { keys, PK } from './table.ts';

/**
 * Writes to one S3 key are applied in the order S3 made them, whatever order
 * their events arrive in: each key keeps the sequencer of the newest write
 * applied, and an event whose sequencer is older than that is stale. One
 * conditional put, first writer of the newest sequencer wins; a stale event
 * learns the newer write from ALL_OLD, without a read.
 */

/** S3 sequencers of one key compare as hex strings once padded to one length. */
const SEQUENCER_WIDTH = 64;

export function sortableSequencer(sequencer: string): string {
  return sequencer.toUpperCase().padStart(SEQUENCER_WIDTH, '0');
}

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
): Promise<WriteOrder> {
  const sequencer = sortableSequencer(write.sequencer);
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({ ...keys.objectHead(write.bucket, write.key), sequencer, version: write.version }),
        // Equal passes: a redelivered event of the newest write goes on (idempotency handles the rest).
        ConditionExpression: 'attribute_not_exists(#pk) OR #sequencer <= :sequencer',
        ExpressionAttributeNames: { '#pk': PK, '#sequencer': 'sequencer' },
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
      newer: { sequencer: String(newer.sequencer ?? '').replace(/^0+/, ''), version: String(newer.version ?? '') },
    };
  }
}
