import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_NAMES } from '../infra/definitions.ts';
import { LocalQueue } from './queue.ts';

/** The dead-letter stores of the local stack, read from its data directory. */
export function readLocalDeadLetters(dataDir: string): { source: string; count: number; details: string[] }[] {
  const read = (file: string): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
  const out: { source: string; count: number; details: string[] }[] = [];
  const queues = path.join(dataDir, 'queues');
  for (const file of existsSync(queues) ? readdirSync(queues).filter((f) => f.endsWith('.jsonl')) : []) {
    const letters = LocalQueue.readDeadLetters(path.join(queues, file));
    out.push({
      source: `${file.replace('.jsonl', '')} queue`,
      count: letters.length,
      details: letters.map((l) => `${l.messageId} after ${l.receiveCount} deliveries: ${l.lastError ?? ''}`),
    });
  }
  for (const [source, file] of [
    ['pipe', 'pipe-dlq.json'],
    ['bus', `bus-${LOCAL_NAMES.bus}-dlq.json`],
  ] as const) {
    const letters = (read(path.join(dataDir, file)) ?? []) as { error: string }[];
    out.push({ source, count: letters.length, details: letters.map((l) => l.error) });
  }
  return out;
}
