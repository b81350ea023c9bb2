import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A JSON file that survives restarts, written atomically (temp file + rename). */
export class JsonFile<T> {
  constructor(
    private readonly file: string | null,
    private readonly empty: () => T,
  ) {}

  read(): T {
    if (!this.file || !existsSync(this.file)) return this.empty();
    return JSON.parse(readFileSync(this.file, 'utf8')) as T;
  }

  write(value: T): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, this.file);
  }
}

/**
 * A dead-letter store in a JSON file: what keeps failing is parked here, and
 * each arrival raises the alarm, until a redrive takes everything out again.
 */
export class DeadLetterFile<T> {
  private readonly store: JsonFile<T[]>;

  constructor(
    file: string | null,
    private readonly onAdd?: (item: T) => void,
  ) {
    this.store = new JsonFile(file, () => []);
  }

  add(item: T): void {
    this.store.write([...this.store.read(), item]);
    this.onAdd?.(item);
  }

  list(): T[] {
    return this.store.read();
  }

  /** Empties the store and returns what it held (a redrive). */
  take(): T[] {
    const items = this.store.read();
    this.store.write([]);
    return items;
  }
}

/** Where the local stack keeps each piece of state in its data directory. */
export const DATA_FILES = {
  queueJournal: (dataDir: string, queue: string) => path.join(dataDir, 'queues', `${queue}.jsonl`),
  busDeadLetters: (dataDir: string, bus: string) => path.join(dataDir, `bus-${bus}-dlq.json`),
  pipeDeadLetters: (dataDir: string) => path.join(dataDir, 'pipe-dlq.json'),
  streamPositions: (dataDir: string) => path.join(dataDir, 'stream-positions.json'),
};
