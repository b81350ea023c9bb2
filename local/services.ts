import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** The two real servers of the local stack: s3rver (S3 API) and DynamoDB Local (the official emulator, with Streams). */

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found.\n' +
        'Install it with:  sudo apt-get install -y openjdk-17-jre-headless   (Debian/Ubuntu)\n' +
        '             or:  brew install openjdk@17                            (macOS)',
    );
  }
}

export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return probe.status === 0;
}

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Fails early when a port is taken: a second server would otherwise seem to start by answering from the first. */
export async function ensurePortFree(port: number): Promise<void> {
  if (await portInUse(port)) throw new Error(`port ${port} is in use (is another akhbar dev running? try --port-base)`);
}

async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`the server exited with code ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

export interface RunningService {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local; with a data directory its tables persist between runs, else it runs in memory. */
export async function startDynamoDbLocal(port: number, dataDir: string | null): Promise<RunningService> {
  if (!javaAvailable()) throw new JavaMissingError();
  await ensurePortFree(port);
  const dir = emulatorDir();
  const storage = dataDir ? ['-sharedDb', '-dbPath', dataDir] : ['-inMemory'];
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      // Measured: serial GC serves about a fifth more requests per second than the default on a small machine.
      '-XX:+UseSerialGC',
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-port',
      String(port),
      '-disableTelemetry',
      // DynamoDB Local cannot bind to loopback only, and allows every web origin by default: allow only a domain
      // that cannot exist, so no page open in a browser can reach the tables (CORS does not apply to the stack).
      '-cors',
      'https://akhbar.invalid',
    ],
    // The emulator writes a metadata file into its working directory: keep it out of the user's.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: dataDir ?? tmpdir() },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForPort(port, 30_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${stderr}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface S3Server extends RunningService {
  onObjectCreated(listener: (object: { bucket: string; key: string; size: number; etag: string }) => void): void;
}

/** Starts s3rver on a directory; object-created events are surfaced for the notification stand-in. */
export async function startS3(port: number, directory: string): Promise<S3Server> {
  mkdirSync(directory, { recursive: true });
  await ensurePortFree(port);
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory,
    silent: true,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
  });
  await server.run();
  const listeners: ((object: { bucket: string; key: string; size: number; etag: string }) => void)[] = [];
  server.on(
    'event',
    (event: {
      Records: {
        eventName: string;
        s3: { bucket: { name: string }; object: { key: string; size: number; eTag: string } };
      }[];
    }) => {
      for (const record of event.Records) {
        if (!record.eventName.startsWith('ObjectCreated')) continue;
        const { bucket, object } = record.s3;
        for (const listener of listeners)
          listener({ bucket: bucket.name, key: object.key, size: object.size, etag: object.eTag });
      }
    },
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    onObjectCreated: (listener) => listeners.push(listener),
    stop: () => server.close(),
  };
}
