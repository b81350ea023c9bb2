import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readLocalInput } from '../cli/inputs.ts';
import { PREFIXES } from '../infra/definitions.ts';

/** Uploads a local file as a user would: under incoming/, with its sidecar as object metadata. */

/** S3 metadata travels in HTTP headers: non-ASCII values are percent-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7E]*$/.test(value) ? value : encodeURIComponent(value);
}

export async function uploadFile(
  s3: S3Client,
  bucket: string,
  file: string,
  keyPrefix = PREFIXES.incoming,
): Promise<string> {
  const local = await readLocalInput(file);
  const { 'content-type': contentType, ...metadata } = local.metadata;
  const key = `${keyPrefix}${path.basename(file)}`;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: local.bytes,
      ...(contentType ? { ContentType: contentType } : {}),
      Metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, headerSafe(v)])),
    }),
  );
  return key;
}
