import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The SDK clients, created once per process. Endpoints come from the SDK's
 * standard variables (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB), which
 * is how the local stack points the very same code at s3rver and DynamoDB Local.
 */

// s3rver serves path-style URLs only; real S3 accepts both.
const forcePathStyle = Boolean(process.env.AWS_ENDPOINT_URL_S3);

export const s3 = new S3Client({ forcePathStyle });
export const dynamodb = new DynamoDBClient({});
