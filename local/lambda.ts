import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A Lambda stand-in: each execution environment is a worker thread that loads
 * the function's bundle once and then serves one invocation at a time, with
 * its own module state and environment, as a Lambda instance does. Up to
 * `concurrency` environments run at once. An invocation that outlives the
 * function's timeout, or an environment that crashes or runs out of memory,
 * is killed for real (the worker is terminated mid-record) and the invocation
 * fails, so the caller retries it as SQS and Pipes retry a failed Lambda.
 */

export interface LocalFunctionOptions {
  name: string;
  /** The bundled handler module (dist/functions/<name>/index.mjs). */
  bundle: string;
  environment: Record<string, string>;
  timeoutMs: number;
  memoryMb: number;
  concurrency: number;
  /**
   * Where the function's output goes: what it writes to stdout and stderr, which Lambda sends to the function's
   * log group. By default this process's stdout and stderr.
   */
  output?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export class FunctionError extends Error {
  override readonly name = 'FunctionError';
  constructor(
    readonly functionName: string,
    /** As Lambda reports it: Unhandled (the handler threw), Timeout, or Runtime.ExitError (the environment died). */
    readonly errorType: 'Unhandled' | 'Timeout' | 'Runtime.ExitError',
    message: string,
  ) {
    super(`${functionName}: ${message}`);
  }
}

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  dead: boolean;
}

type Reply = { ok: true; result: unknown } | { ok: false; error: { name: string; message: string } };

const runtimeModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lambda-runtime.mjs');

export class LocalFunction {
  private readonly idle: Environment[] = [];
  private readonly waiting: ((environment: Environment) => void)[] = [];
  private readonly all = new Set<Environment>();
  /**
   * `busyMs`: time spent in invocations, summed over environments (utilisation = busyMs / (wall time × concurrency)).
   * `outputBytes`: UTF-8 bytes the function wrote, its log lines as CloudWatch Logs would ingest them.
   */
  readonly stats = { invocations: 0, coldStarts: 0, timeouts: 0, crashes: 0, busyMs: 0, outputBytes: 0 };

  /** The function as deployed: what both its invocation context and its environment variables name. */
  private readonly deployed: { name: string; memory: string; logGroup: string; logStream: string };

  constructor(private readonly options: LocalFunctionOptions) {
    const name = `akhbar-${options.name}`;
    this.deployed = { name, memory: String(options.memoryMb), logGroup: `/aws/lambda/${name}`, logStream: 'local' };
  }

  get name(): string {
    return this.options.name;
  }

  get concurrency(): number {
    return this.options.concurrency;
  }

  /** Invokes the function (RequestResponse); rejects with a FunctionError when the invocation fails. */
  async invoke<Result>(event: unknown): Promise<Result> {
    const environment = await this.acquire();
    this.stats.invocations++;
    const started = performance.now();
    try {
      await environment.ready;
      return (await this.run(environment, event)) as Result;
    } finally {
      this.stats.busyMs += performance.now() - started;
      this.release(environment);
    }
  }

  /** Kills every environment (the stack is stopping). */
  async stop(): Promise<void> {
    const workers = [...this.all].map((e) => e.worker);
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private run(environment: Environment, event: unknown): Promise<unknown> {
    const { worker } = environment;
    const deadline = Date.now() + this.options.timeoutMs;
    return new Promise((resolve, reject) => {
      let killed = false;
      const finish = (error: FunctionError | null, result?: unknown) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (error) reject(error);
        else resolve(result);
      };
      const kill = (errorType: 'Timeout' | 'Runtime.ExitError', message: string) => {
        killed = true;
        environment.dead = true;
        void worker.terminate();
        finish(new FunctionError(this.name, errorType, message));
      };
      const timer = setTimeout(() => {
        this.stats.timeouts++;
        kill('Timeout', `Task timed out after ${(this.options.timeoutMs / 1000).toFixed(2)} seconds`);
      }, this.options.timeoutMs);
      const onMessage = (reply: Reply) => {
        if (reply.ok) finish(null, reply.result);
        else finish(new FunctionError(this.name, 'Unhandled', `${reply.error.name}: ${reply.error.message}`));
      };
      const onError = (error: Error) => {
        this.stats.crashes++;
        kill('Runtime.ExitError', `the runtime crashed: ${error.message}`);
      };
      const onExit = (code: number) => {
        if (killed) return;
        this.stats.crashes++;
        kill('Runtime.ExitError', `the runtime exited with code ${code}`);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({
        event,
        context: {
          functionName: this.deployed.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${this.deployed.name}`,
          memoryLimitInMB: this.deployed.memory,
          awsRequestId: randomUUID(),
          logGroupName: this.deployed.logGroup,
          logStreamName: this.deployed.logStream,
          deadline,
        },
      });
    });
  }

  private acquire(): Promise<Environment> {
    const environment = this.idle.pop();
    if (environment) return Promise.resolve(environment);
    if (this.all.size < this.options.concurrency) return Promise.resolve(this.start());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(environment: Environment): void {
    const usable = environment.dead ? null : environment;
    if (!usable) this.all.delete(environment);
    const next = this.waiting.shift();
    if (next) next(usable ?? this.start());
    else if (usable) this.idle.push(usable);
  }

  /**
   * Variables Lambda's runtime sets in every execution environment. Powertools reads the initialization type:
   * without it, no invocation counts as a cold start (no `cold_start` in log lines, no ColdStart metric).
   */
  private runtimeEnvironment(): Record<string, string> {
    return {
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_FUNCTION_NAME: this.deployed.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: this.deployed.memory,
      AWS_LAMBDA_LOG_GROUP_NAME: this.deployed.logGroup,
      AWS_LAMBDA_LOG_STREAM_NAME: this.deployed.logStream,
      _HANDLER: 'index.handler',
    };
  }

  /** A cold start: a new worker that loads the bundle. */
  private start(): Environment {
    this.stats.coldStarts++;
    const worker = new Worker(runtimeModule, {
      workerData: { bundle: this.options.bundle },
      env: { ...process.env, ...this.runtimeEnvironment(), ...this.options.environment },
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      stdout: true,
      stderr: true,
    });
    const output = this.options.output ?? ((text, stream) => process[stream].write(text));
    for (const stream of ['stdout', 'stderr'] as const) {
      worker[stream].setEncoding('utf8');
      worker[stream].on('data', (text: string) => {
        this.stats.outputBytes += Buffer.byteLength(text);
        output(text, stream);
      });
    }
    const environment: Environment = { worker, dead: false, ready: Promise.resolve() };
    environment.ready = new Promise<void>((resolve, reject) => {
      const onReady = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        worker.off('message', onReady);
        worker.off('error', onInitError);
        resolve();
      };
      const onInitError = (error: Error) => {
        environment.dead = true;
        worker.off('message', onReady);
        reject(new FunctionError(this.name, 'Runtime.ExitError', `init failed: ${error.message}`));
      };
      worker.on('message', onReady);
      worker.once('error', onInitError);
    });
    // An environment that dies between invocations is not handed out again.
    worker.once('exit', () => {
      environment.dead = true;
      const at = this.idle.indexOf(environment);
      if (at >= 0) this.idle.splice(at, 1);
      this.all.delete(environment);
    });
    this.all.add(environment);
    return environment;
  }
}
