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
