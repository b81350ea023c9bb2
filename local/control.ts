import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

const requestFile = (dataDir: string) => path.join(dataDir, 'control', 'redrive.request');
const resultFile = (dataDir: string) => path.join(dataDir, 'control', 'redrive.result.json');

/** Polled by `akhbar dev`: performs a pending redrive request. */
export async function serveControlRequests(dataDir: string, stack: LocalStack): Promise<void> {
  if (!existsSync(requestFile(dataDir))) return;
  rmSync(requestFile(dataDir));
  const result: RedriveResult = { queues: {}, pipe: await stack.pipe.redrive(), bus: await stack.bus.redrive() };
  for (const [name, queue] of Object.entries(stack.queues)) result.queues[name] = queue.redrive();
  writeFileSync(resultFile(dataDir), JSON.stringify(result));
}

/** Asks the running `akhbar dev` to redrive every dead-letter store; resolves with what it moved. */
export async function requestRedrive(dataDir: string, timeoutMs = 15_000): Promise<RedriveResult> {
  mkdirSync(path.dirname(requestFile(dataDir)), { recursive: true });
  rmSync(resultFile(dataDir), { force: true });
  writeFileSync(requestFile(dataDir), new Date().toISOString());
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(resultFile(dataDir))) {
      const result = JSON.parse(readFileSync(resultFile(dataDir), 'utf8')) as RedriveResult;
      rmSync(resultFile(dataDir));
      return result;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  rmSync(requestFile(dataDir), { force: true });
  throw new Error(`no running akhbar dev answered for ${dataDir} (start it with npm start)`);
}
