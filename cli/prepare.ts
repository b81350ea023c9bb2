import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { loadGazetteer } from '../functions/core/extract/entities/index.ts';
import { type PreparedArticle, prepareInput } from '../functions/core/pipeline.ts';
import { readLocalInput } from './inputs.ts';
import { PREPARE_WORKER } from './worker-role.ts';

/**
 * Clean and extract of local files for `akhbar process`, in the calling thread or in worker threads. Dedupe
 * stays in the main thread and takes the files in their order, so records are the same however many threads
 * prepare them: which article of a pair is canonical depends only on the order of the files.
 */

export interface PrepareOptions {
  /** YYYY-MM-DD: the arrival day of every file; else each file's modification time. */
  referenceDate?: string;
  /** A gazetteer JSON file that replaces the built-in one. */
  gazetteerFile?: string;
}

export type PrepareFile = (file: string) => Promise<PreparedArticle[]>;

/** Below this many files, worker threads cost more to start (about 0.2 s each) than they save. */
export const WORKERS_FROM_FILES = 100;

/** Threads that prepare files when `--jobs` is not given: one per core for large runs, none for small ones. */
export function defaultJobs(files: number): number {
  return files >= WORKERS_FROM_FILES ? Math.max(1, availableParallelism()) : 1;
}

export async function createPreparer(options: PrepareOptions): Promise<PrepareFile> {
  const gazetteer = options.gazetteerFile
    ? loadGazetteer(JSON.parse(await readFile(options.gazetteerFile, 'utf8')))
    : undefined;
  return async (file) => {
    const local = await readLocalInput(file);
    return prepareInput(
      {
        name: file,
        sourceId: file,
        bytes: local.bytes,
        metadata: local.metadata,
        receivedAt: options.referenceDate ? `${options.referenceDate}T00:00:00.000Z` : local.modifiedAt.toISOString(),
      },
      { gazetteer },
    );
  };
}

/** The prepared articles of each file, in the order of `files`, from `jobs` worker threads (in this thread for 1). */
export async function* preparedInOrder(
  files: string[],
  options: PrepareOptions,
  jobs: number,
): AsyncGenerator<{ file: string; prepared: PreparedArticle[] }> {
  if (jobs <= 1) {
    const prepare = await createPreparer(options);
    for (const file of files) yield { file, prepared: await prepare(file) };
    return;
  }
  const pool = new PreparePool(jobs, options);
  try {
    // Files ahead per thread: enough to keep every thread busy while dedupe takes them in order (a long file
    // holds back the ones after it), few enough that prepared articles do not pile up in memory.
    const ahead = jobs * 8;
    const pending: (Promise<PreparedArticle[]> | undefined)[] = [];
    let sent = 0;
    for (let i = 0; i < files.length; i++) {
      for (; sent < files.length && sent < i + ahead; sent++) {
        const task = pool.prepare(files[sent] as string);
        // Awaited in order below; a failure further ahead must not count as unhandled meanwhile.
        task.catch(() => {});
        pending[sent] = task;
      }
      const prepared = await (pending[i] as Promise<PreparedArticle[]>);
      pending[i] = undefined;
      yield { file: files[i] as string, prepared };
    }
  } finally {
    await pool.close();
  }
}

type Request = { id: number; file: string } | { close: true };
type Reply = { id: number; prepared: PreparedArticle[] } | { id: number; error: { message: string; stack?: string } };

/** The worker side: prepares each file it is sent until it is told to close. */
export async function serveWorker(): Promise<number> {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs only in a worker thread');
  const prepare = await createPreparer((workerData as { options: PrepareOptions }).options);
  await new Promise<void>((resolve) => {
    port.on('message', (request: Request) => {
      if ('close' in request) {
        port.close();
        resolve();
        return;
      }
      prepare(request.file).then(
        (prepared) => port.postMessage({ id: request.id, prepared } satisfies Reply),
        (error: unknown) => {
          const { message, stack } = error instanceof Error ? error : new Error(String(error));
          port.postMessage({ id: request.id, error: { message, stack } } satisfies Reply);
        },
      );
    });
  });
  return 0;
}

interface Task {
  id: number;
  file: string;
  resolve: (prepared: PreparedArticle[]) => void;
  reject: (error: Error) => void;
}

/** Worker threads running the CLI's own entry (bundle or sources, as this process runs), each one file at a time. */
class PreparePool {
  private readonly all: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<Worker, Task>();
  private readonly exited: Promise<unknown>[] = [];
  private failure: Error | null = null;
  private nextId = 0;

  constructor(size: number, options: PrepareOptions) {
    const entry = new URL('../bin/akhbar.mjs', import.meta.url);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(entry, { workerData: { role: PREPARE_WORKER, options }, stdout: false });
      worker.on('message', (reply: Reply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(error));
      this.exited.push(
        new Promise((resolve) =>
          worker.once('exit', (code) => {
            if (code !== 0) this.fail(new Error(`a prepare worker exited with code ${code}`));
            resolve(code);
          }),
        ),
      );
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  prepare(file: string): Promise<PreparedArticle[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, file, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    for (const worker of this.all) worker.postMessage({ close: true } satisfies Request);
    await Promise.all(this.exited);
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop() as Worker;
      const task = this.queue.shift() as Task;
      this.running.set(worker, task);
      worker.postMessage({ id: task.id, file: task.file } satisfies Request);
    }
  }

  private settle(worker: Worker, reply: Reply): void {
    const task = this.running.get(worker);
    if (!task || task.id !== reply.id) return;
    this.running.delete(worker);
    this.idle.push(worker);
    if ('prepared' in reply) task.resolve(reply.prepared);
    else task.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
    this.dispatch();
  }

  /** A worker that fails outside a file (its start, a crash) ends the run: every waiting file fails with it. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const task of [...this.running.values(), ...this.queue.splice(0)]) task.reject(this.failure);
    this.running.clear();
  }
}
