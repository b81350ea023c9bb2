import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LOCAL_NAMES, PREFIXES } from '../infra/definitions.ts';
import { objectCreatedEvent } from './notifications.ts';
import type { LocalStack } from './stack.ts';

/**
 * Requests from other `akhbar` commands to a running `akhbar dev`, through
 * files in the data directory (the queues and stores live in its process).
 */

export interface RedriveResult {
  queues: Record<string, number>;
  pipe: number;
  bus: number;
}

export interface ReplayResult {
  revision: number;
  objects: number;
}

type Action = 'redrive' | 'replay';
const requestFile = (dataDir: string, action: Action) => path.join(dataDir, 'control', `${action}.request`);
const resultFile = (dataDir: string, action: Action) => path.join(dataDir, 'control', `${action}.result.json`);

async function redrive(stack: LocalStack): Promise<RedriveResult> {
  const result: RedriveResult = { queues: {}, pipe: await stack.pipe.redrive(), bus: await stack.bus.redrive() };
  for (const [name, queue] of Object.entries(stack.queues)) result.queues[name] = queue.redrive();
  return result;
}

/**
 * Sends every stored raw object through the pipeline again under a new
 * revision (after the cleaners improved, say): records are replaced and their
 * events published again, once per object and revision.
 */
async function replay(dataDir: string, stack: LocalStack): Promise<ReplayResult> {
  const counter = path.join(dataDir, 'control', 'revision.json');
  const revision = (existsSync(counter) ? (JSON.parse(readFileSync(counter, 'utf8')) as number) : 1) + 1;
  writeFileSync(counter, JSON.stringify(revision));
  let objects = 0;
  let token: string | undefined;
  do {
    const page = await stack.s3.send(
      new ListObjectsV2Command({ Bucket: LOCAL_NAMES.rawBucket, Prefix: PREFIXES.incoming, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      const event = objectCreatedEvent({
        bucket: LOCAL_NAMES.rawBucket,
        key: object.Key,
        size: object.Size ?? 0,
        etag: object.ETag ?? '',
        reason: 'Replay',
        sequenced: false,
      });
      stack.queues.clean?.send(JSON.stringify({ ...event, detail: { ...event.detail, 'akhbar-revision': revision } }));
      objects++;
    }
    token = page.NextContinuationToken;
  } while (token);
  return { revision, objects };
}

/** Polled by `akhbar dev`: performs pending requests. */
export async function serveControlRequests(dataDir: string, stack: LocalStack): Promise<void> {
  for (const action of ['redrive', 'replay'] as const) {
    if (!existsSync(requestFile(dataDir, action))) continue;
    rmSync(requestFile(dataDir, action));
    const result = action === 'redrive' ? await redrive(stack) : await replay(dataDir, stack);
    writeFileSync(resultFile(dataDir, action), JSON.stringify(result));
  }
}

async function request<T>(dataDir: string, action: Action, timeoutMs: number): Promise<T> {
  mkdirSync(path.dirname(requestFile(dataDir, action)), { recursive: true });
  rmSync(resultFile(dataDir, action), { force: true });
  writeFileSync(requestFile(dataDir, action), new Date().toISOString());
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(resultFile(dataDir, action))) {
      const result = JSON.parse(readFileSync(resultFile(dataDir, action), 'utf8')) as T;
      rmSync(resultFile(dataDir, action));
      return result;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  rmSync(requestFile(dataDir, action), { force: true });
  throw new Error(`no running akhbar dev answered for ${dataDir} (start it with npm start)`);
}

/** Asks the running `akhbar dev` to redrive every dead-letter store; resolves with what it moved. */
export function requestRedrive(dataDir: string, timeoutMs = 15_000): Promise<RedriveResult> {
  return request(dataDir, 'redrive', timeoutMs);
}

/** Asks the running `akhbar dev` to replay every stored raw object. */
export function requestReplay(dataDir: string, timeoutMs = 30_000): Promise<ReplayResult> {
  return request(dataDir, 'replay', timeoutMs);
}
