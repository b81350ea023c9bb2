import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { BucketAccess, EnvironmentVariable, FunctionEnvironment } from '../definitions.ts';

/**
 * The value of each environment variable and the IAM statements that give a
 * function exactly the access its definition asks for: named actions only,
 * on the named resource or on object ARNs under one key prefix.
 */

export interface EnvironmentResources {
  raw: IBucket;
  processed: IBucket;
  table: ITable;
  idempotencyTable: ITable;
}

export interface EnvironmentSetting {
  value: string;
  statements: iam.PolicyStatement[];
}

const BUCKET_ACTIONS: Record<keyof BucketAccess, string[]> = {
  // Reads name a version (the one the event announced), hence GetObjectVersion.
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  write: ['s3:PutObject'],
  tag: ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'],
};

const TABLE_ACTIONS = {
  write: ['dynamodb:PutItem'],
  'read-write': ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
} as const;

const IDEMPOTENCY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

function bucketStatements(bucket: IBucket, access: BucketAccess): iam.PolicyStatement[] {
  return (Object.keys(BUCKET_ACTIONS) as (keyof BucketAccess)[]).flatMap((kind) => {
    const prefixes = access[kind] ?? [];
    if (prefixes.length === 0) return [];
    return [
      new iam.PolicyStatement({
        actions: BUCKET_ACTIONS[kind],
        resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
      }),
    ];
  });
}

export function environmentSetting(
  name: EnvironmentVariable,
  environment: FunctionEnvironment,
  resources: EnvironmentResources,
): EnvironmentSetting {
  switch (name) {
    case 'RAW_BUCKET':
      return {
        value: resources.raw.bucketName,
        statements: bucketStatements(resources.raw, environment.RAW_BUCKET ?? {}),
      };
    case 'PROCESSED_BUCKET':
      return {
        value: resources.processed.bucketName,
        statements: bucketStatements(resources.processed, environment.PROCESSED_BUCKET ?? {}),
      };
    case 'TABLE_NAME': {
      const access = environment.TABLE_NAME ?? 'write';
      return {
        value: resources.table.tableName,
        statements: [
          new iam.PolicyStatement({ actions: [...TABLE_ACTIONS[access]], resources: [resources.table.tableArn] }),
        ],
      };
    }
    case 'IDEMPOTENCY_TABLE_NAME':
      return {
        value: resources.idempotencyTable.tableName,
        statements: [
          new iam.PolicyStatement({ actions: IDEMPOTENCY_ACTIONS, resources: [resources.idempotencyTable.tableArn] }),
        ],
      };
  }
}
