import { existsSync } from 'node:fs';
import { LOCAL_NAMES, QUEUES } from '../infra/definitions.ts';
import { LocalQueue } from './queue.ts';
import { DATA_FILES, DeadLetterFile } from './store.ts';

/** The dead-letter stores of the local stack, read from its data directory (without taking them over). */
export function readLocalDeadLetters(dataDir: string): { source: string; count: number; details: string[] }[] {
  const out: { source: string; count: number; details: string[] }[] = [];
  for (const queue of Object.keys(QUEUES)) {
    const journal = DATA_FILES.queueJournal(dataDir, queue);
    const letters = existsSync(journal) ? LocalQueue.readDeadLetters(journal) : [];
    out.push({
      source: `${queue} queue`,
      count: letters.length,
      details: letters.map((l) => `${l.messageId} after ${l.receiveCount} deliveries: ${l.lastError ?? ''}`),
    });
  }
  for (const [source, file] of [
    ['pipe', DATA_FILES.pipeDeadLetters(dataDir)],
    ['bus', DATA_FILES.busDeadLetters(dataDir, LOCAL_NAMES.bus)],
    ['default bus', DATA_FILES.busDeadLetters(dataDir, 'default')],
  ] as const) {
    const letters = new DeadLetterFile<{ error: string }>(file).list();
    out.push({ source, count: letters.length, details: letters.map((l) => l.error) });
  }
  return out;
}
