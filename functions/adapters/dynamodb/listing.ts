import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type ListName, listPartitions, PK, SK } from './table.ts';

/**
 * Reading the sharded lists (table.ts): one query per shard, in parallel,
 * merged by sort key. Each shard is asked for the whole page, so the merge is
 * exact: the newest N items overall are among the newest N of each shard.
 */

export interface ListPage {
  /** At most this many items. */
  limit: number;
  /** Only items whose sort key is after this one, oldest first (following new articles); newest first without it. */
  after?: string;
}

export async function listItems(
  client: DynamoDBClient,
  tableName: string,
  list: ListName,
  page: ListPage,
): Promise<Record<string, unknown>[]> {
  const forward = page.after !== undefined;
  const shards = await Promise.all(
    listPartitions(list).map(async (pk) => {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: forward ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
          ExpressionAttributeNames: forward ? { '#pk': PK, '#sk': SK } : { '#pk': PK },
          ExpressionAttributeValues: marshall(forward ? { ':pk': pk, ':after': page.after } : { ':pk': pk }),
          ScanIndexForward: forward,
          Limit: page.limit,
        }),
      );
      return (out.Items ?? []).map((item) => unmarshall(item));
    }),
  );
  const order = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const [x, y] = [String(a[SK]), String(b[SK])];
    return x === y ? 0 : (x < y ? -1 : 1) * (forward ? 1 : -1);
  };
  return shards.flat().sort(order).slice(0, page.limit);
}
