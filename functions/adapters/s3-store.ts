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

/** The object is larger than the caller accepts: its body was not downloaded. */
export class ObjectTooLargeError extends Error {
  override readonly name = 'ObjectTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
    readonly metadata: Record<string, string>,
  ) {
    super(`the object is ${size} bytes; the limit is ${limit}`);
  }
}

const versionOf = (pointer: S3Pointer) => (pointer.versionId ? { VersionId: pointer.versionId } : {});

/** Reads a raw upload with its metadata (keys lower-cased). Throws ObjectTooLargeError above `maxBytes`. */
export async function getRawObject(client: S3Client, pointer: S3Pointer, maxBytes: number): Promise<RawObject> {
  const out = await client.send(
    new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key, ...versionOf(pointer) }),
  );
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.Metadata ?? {})) metadata[k.toLowerCase()] = v;
  if (out.ContentType && !metadata['content-type']) metadata['content-type'] = out.ContentType;
  const size = out.ContentLength ?? 0;
  if (size > maxBytes) {
    // Drop the connection instead of downloading what will be rejected anyway.
    (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new ObjectTooLargeError(size, maxBytes, metadata);
  }
  return {
    bytes: out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0),
    metadata,
    versionId: out.VersionId ?? null,
    etag: out.ETag?.replaceAll('"', '') ?? null,
    lastModified: out.LastModified ?? null,
  };
}

/** Reads a JSON object the previous stage wrote: the version the event announced, when it names one. */
export async function getJson<T>(client: S3Client, pointer: S3Pointer): Promise<T> {
  const out = await client.send(
    new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key, ...versionOf(pointer) }),
  );
  if (!out.Body) throw new Error(`s3://${pointer.bucket}/${pointer.key} has no body`);
  return JSON.parse(await out.Body.transformToString('utf-8')) as T;
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
      ...versionOf(pointer),
      Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: Value.slice(0, 256) })) },
    }),
  );
}
