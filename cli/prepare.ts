import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { loadGazetteer } from '../functions/core/extract/entities/index.ts';
import { type PreparedArticle, prepareInput } from '../functions/core/pipeline.ts';
import { type LocalInput, readLocalInput } from './inputs.ts';
import { PREPARE_WORKER } from './worker-role.ts';

/**
 * Clean and extract of local files for `akhbar process`, in the calling thread or in worker threads. Dedupe
 * stays in the main thread and takes the files in their order, so records are the same however many threads
 * prepare them: which article of a pair is canonical depends only on the order of the files.
 */

export interface PrepareOptions {
  /** YYYY-MM-DD: the arrival day of every file; else each file's modification time. */
  referenceDate?: string;
  /** The parsed JSON of a gazetteer file (`--gazetteer`), read once by the main thread; each thread builds its own. */
  gazetteer?: unknown;
}

/** Reads a file, then prepares what was read: apart, so that the next files can be read while one is prepared. */
export interface Preparer {
  read(file: string): Promise<LocalInput>;
  prepare(file: string, local: LocalInput): PreparedArticle[];
}

/**
 * Below this many files, worker threads cost more than they save: each starts the CLI again and warms up on
 * its own first files. On the project machine (2 cores) they broke even at about 1,000 to 1,500 files of the
 * bench's mixed corpus; `--jobs` overrides.
 */
export const WORKERS_FROM_FILES = 2_000;

/** Threads that prepare files when `--jobs` is not given: one per core for large runs, none for small ones. */
export function defaultJobs(files: number): number {
  return files >= WORKERS_FROM_FILES ? Math.max(1, availableParallelism()) : 1;
}

export function createPreparer(options: PrepareOptions): Preparer {
  const gazetteer = options.gazetteer === undefined ? undefined : loadGazetteer(options.gazetteer);
  return {
    read: readLocalInput,
    prepare: (file, local) =>
      prepareInput(
        {
          name: file,
          sourceId: file,
          bytes: local.bytes,
          metadata: local.metadata,
          receivedAt: options.referenceDate ? `${options.referenceDate}T00:00:00.000Z` : local.modifiedAt.toISOString(),
        },
        { gazetteer },
      ),
  };
}

/**
 * `start(file)` for each file, up to `ahead` files before the one awaited, and the results in the order of
 * `files`. A failure surfaces when its file's turn comes, as it would one file at a time.
 */
async function* inOrder<T>(
  files: string[],
  start: (file: string) => Promise<T>,
  ahead: number,
): AsyncGenerator<[file: string, value: T]> {
  const pending: (Promise<T> | undefined)[] = [];
  let started = 0;
  for (let i = 0; i < files.length; i++) {
    for (; started < files.length && started < i + ahead; started++) {
      const task = start(files[started] as string);
      // Awaited in turn below; a failure further ahead must not count as unhandled meanwhile.
      task.catch(() => {});
      pending[started] = task;
    }
    const value = await (pending[i] as Promise<T>);
    pending[i] = undefined;
    yield [files[i] as string, value];
  }
}

/** The prepared articles of each file, in the order of `files`, from `jobs` worker threads (in this thread for 1). */
export async function* preparedInOrder(
  files: string[],
  options: PrepareOptions,
  jobs: number,
): AsyncGenerator<{ file: string; prepared: PreparedArticle[] }> {
  if (jobs <= 1) {
    const preparer = createPreparer(options);
    // Reading ahead: the next files are read while this one is prepared.
    for await (const [file, local] of inOrder(files, preparer.read, READ_AHEAD))
      yield { file, prepared: preparer.prepare(file, local) };
    return;
  }
  const pool = new PreparePool(jobs, options);
  try {
    // Files ahead per thread: enough to keep every thread busy while dedupe takes them in order (a long file
    // holds back the ones after it), few enough that prepared articles do not pile up in memory.
    for await (const [file, prepared] of inOrder(files, (next) => pool.prepare(next), jobs * 8))
      yield { file, prepared };
  } finally {
    await pool.close();
  }
}

/** Files read before their turn when one thread prepares them all. */
const READ_AHEAD = 4;

// A worker has one file at a time: a reply is its running file's.
type Request = { file: string } | { close: true };
type Reply = { prepared: PreparedArticle[] } | { error: { message: string; stack?: string } };

/** The worker side: prepares each file it is sent until it is told to close. */
export async function serveWorker(): Promise<number> {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs only in a worker thread');
  const preparer = createPreparer((workerData as { options: PrepareOptions }).options);
  await new Promise<void>((resolve) => {
    port.on('message', (request: Request) => {
      if ('close' in request) {
        port.close();
        resolve();
        return;
      }
      preparer
        .read(request.file)
        .then((local) => preparer.prepare(request.file, local))
        .then(
          (prepared) => port.postMessage({ prepared } satisfies Reply),
          (error: unknown) => {
            const { message, stack } = error instanceof Error ? error : new Error(String(error));
            port.postMessage({ error: { message, stack } } satisfies Reply);
          },
        );
    });
  });
  return 0;
}

interface Task {
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
      this.queue.push({ file, resolve, reject });
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
      worker.postMessage({ file: task.file } satisfies Request);
    }
  }

  private settle(worker: Worker, reply: Reply): void {
    // None after a failure ended the run.
    const task = this.running.get(worker);
    if (!task) return;
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
