import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { recordTransactionUnits } from '../../../bench/record-cost.ts';
import { sampleRecord } from '../../support/records.ts';

describe('record transaction cost', () => {
  it("puts each of an outcome's items and bills the transaction twice their units", async () => {
    const put: string[] = [];
    const client = {
      send: async (command: unknown) => {
        if (!(command instanceof PutItemCommand)) throw new Error('only puts are expected');
        put.push(String(command.input.Item?.sk?.S));
        // A unit per started kilobyte, as DynamoDB bills a standard write.
        return { ConsumedCapacity: { CapacityUnits: Math.ceil(JSON.stringify(command.input.Item).length / 1024) } };
      },
    } as unknown as DynamoDBClient;
    const cost = await recordTransactionUnits(client, 'table', [
      { record: sampleRecord(), story: null },
      { record: sampleRecord({ id: 'art_other' }), story: null },
    ]);
    expect(cost.records).toBe(2);
    // the record, its list entry and its final event, for each of the two records
    expect(put).toHaveLength(6);
    expect(cost.items).toBe(3);
    expect(cost.writeUnits).toBeGreaterThanOrEqual(2 * 3);
    expect(cost.writeUnits % 2).toBe(0);
  });
});
