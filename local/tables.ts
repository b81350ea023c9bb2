import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_TABLE, TABLE } from '../infra/definitions.ts';

/**
 * Creates the tables with the key schemas, stream and TTL the CDK stack
 * gives them (from infra/definitions.ts); a table that exists is left alone.
 */
export async function createTables(
  dynamodb: DynamoDBClient,
  names: { table: string; idempotencyTable?: string },
): Promise<void> {
  const tables: (Omit<CreateTableCommandInput, 'BillingMode'> & { ttl: string })[] = [
    {
      TableName: names.table,
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamView },
      ttl: TABLE.ttlAttribute,
    },
  ];
  if (names.idempotencyTable) {
    tables.push({
      TableName: names.idempotencyTable,
      AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
      ttl: IDEMPOTENCY_TABLE.ttlAttribute,
    });
  }
  for (const { ttl, ...table } of tables) {
    try {
      await dynamodb.send(new CreateTableCommand({ ...table, BillingMode: 'PAY_PER_REQUEST' }));
      await dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: table.TableName,
          TimeToLiveSpecification: { AttributeName: ttl, Enabled: true },
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
}
