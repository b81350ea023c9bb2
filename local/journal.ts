import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * An append-only journal of state changes, one JSON line each: every change
 * costs one small append whatever the size of the state (a queue holding
 * 10,000 messages must not rewrite them all on each send). On open the lines
 * are replayed, and the journal is compacted to the lines that rebuild the
 * current state; it is compacted again when it grows far past them.
 */
export class Journal<Entry> {
  private appended = 0;

  constructor(
    private readonly file: string | null,
    /** The entries that rebuild the current state, for compaction. */
    private readonly snapshot: () => Entry[],
  ) {}

  /** Replays the journal through `apply`, then compacts it. */
  open(apply: (entry: Entry) => void): void {
    if (!this.file) return;
    Journal.replay(this.file, apply);
    this.compact();
  }

  /** Replays a journal without writing to it (another process may own it). */
  static replay<Entry>(file: string, apply: (entry: Entry) => void): void {
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        // A line cut short by a crash mid-append: everything before it stands.
        continue;
      }
      apply(entry);
    }
  }

  append(entry: Entry): void {
    if (!this.file) return;
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    if (++this.appended > 10_000) this.compact();
  }

  /** Rewrites the journal as the snapshot's entries, atomically (temp file + rename). */
  compact(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(
      temp,
      this.snapshot()
        .map((entry) => `${JSON.stringify(entry)}\n`)
        .join(''),
    );
    renameSync(temp, this.file);
    this.appended = 0;
  }
}
