import { GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Pointer } from '../contract/events.ts';

/** S3 access for the handlers: raw objects with their metadata, and the JSON claim-check objects between stages. */

export interface RawObject {
  bytes: Uint8Array;
  metadata: Record<string, string>;
  versionId: string | null;
  etag: string | null;
  lastModified: Date | null;
}

export async function getRawObject(client: S3Client, pointer: S3Pointer, maxBytes: number): Promise<RawObject> {
  const out = await client.send(
    new GetObjectCommand({
      Bucket: pointer.bucket,
      Key: pointer.key,
      ...(pointer.versionId ? { VersionId: pointer.versionId } : {}),
    }),
  );
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.Metadata ?? {})) metadata[k.toLowerCase()] = v;
  if (out.ContentType && !metadata['content-type']) metadata['content-type'] = out.ContentType;
  // A body over the limit is not read at all: decode rejects it from its declared length.
  const bytes =
    (out.ContentLength ?? 0) > maxBytes
      ? new Uint8Array(out.ContentLength ?? 0)
      : await out.Body!.transformToByteArray();
  return {
    bytes,
    metadata,
    versionId: out.VersionId ?? null,
    etag: out.ETag?.replaceAll('"', '') ?? null,
    lastModified: out.LastModified ?? null,
  };
}

export async function getJson<T>(client: S3Client, pointer: S3Pointer): Promise<T> {
  const out = await client.send(new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
  return JSON.parse(await out.Body!.transformToString('utf-8')) as T;
}

export async function putJson(client: S3Client, bucket: string, key: string, value: unknown): Promise<S3Pointer> {
  const out = await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: 'application/json; charset=utf-8',
    }),
  );
  return { bucket, key, versionId: out.VersionId ?? null };
}

/** Marks a raw object with its outcome (e.g. rejected), keeping the object itself. */
export async function tagObject(client: S3Client, pointer: S3Pointer, tags: Record<string, string>): Promise<void> {
  await client.send(
    new PutObjectTaggingCommand({
      Bucket: pointer.bucket,
      Key: pointer.key,
      ...(pointer.versionId ? { VersionId: pointer.versionId } : {}),
      Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: Value.slice(0, 256) })) },
    }),
  );
}
