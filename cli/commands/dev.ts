import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { Target } from '../../local/bus.ts';
import { serveControlRequests } from '../../local/control.ts';
import { uploadFile } from '../../local/ingest.ts';
import { startInspector } from '../../local/inspector/server.ts';
import { JavaMissingError } from '../../local/services.ts';
import { startLocalStack } from '../../local/stack.ts';
import { consoleTarget, fileTarget, moduleTarget, webhookTarget } from '../../local/targets.ts';
import { expandInputs } from '../inputs.ts';
import { bold, dim, green, red } from '../terminal.ts';

export const devUsage = `akhbar dev [--inbox DIR] [--data DIR] [--once] [--events-out FILE] [--port-base N]
           [--webhook URL] [--target-module FILE] [--samples DIR] [--verbose]

Runs the whole pipeline locally (s3rver + DynamoDB Local + local queues, bus
and pipe), ingests the samples, prints each event as it is published, then
watches the inbox for new files. --once processes what is there and exits.`;

const SAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'samples');

export async function devCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      inbox: { type: 'string' },
      data: { type: 'string', default: '.data' },
      once: { type: 'boolean', default: false },
      'events-out': { type: 'string' },
      'port-base': { type: 'string', default: '4560' },
      webhook: { type: 'string' },
      'target-module': { type: 'string' },
      samples: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${devUsage}\n`);
    return 0;
  }
  const portBase = Number(values['port-base']);
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65_000) {
    process.stderr.write(`--port-base must be a port number, got ${values['port-base']}\n`);
    return 2;
  }
  const inbox = path.resolve(values.inbox ?? 'inbox');
  const samples = values.samples ? path.resolve(values.samples) : values.inbox && values.once ? null : SAMPLES;
  mkdirSync(inbox, { recursive: true });

  const counts: Record<string, number> = {};
  // The inspector starts after the stack; its event feed joins the bus targets then.
  let inspectorFeed: Target = () => undefined;
  const targets: Target[] = [
    (event) => inspectorFeed(event),
    (event) => {
      counts[event['detail-type']] = (counts[event['detail-type']] ?? 0) + 1;
    },
    consoleTarget(),
  ];
  if (values['events-out']) targets.push(fileTarget(values['events-out']));
  if (values.webhook) targets.push(webhookTarget(values.webhook));
  if (values['target-module']) targets.push(await moduleTarget(values['target-module']));

  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(dim('starting s3rver and DynamoDB Local…'));
  const started = Date.now();
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  try {
    stack = await startLocalStack({
      dataDir: path.resolve(values.data),
      portBase,
      targets,
      logLevel: values.verbose ? 'INFO' : 'ERROR',
      onDeadLetter: ({ store, error }) =>
        log(red(`ALARM: a message reached the ${store} dead-letter store (${error}); see \`akhbar dlq list\``)),
    });
  } catch (error) {
    if (error instanceof JavaMissingError) {
      log(red(error.message));
      return 1;
    }
    throw error;
  }
  const inspector = await startInspector(stack, portBase, path.resolve(values.data));
  inspectorFeed = inspector.target;
  log(`${green('local stack up')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  log(`  inspector ${bold(inspector.url)}`);
  log(`  S3        ${stack.s3Endpoint}  (buckets ${LOCAL_NAMES.rawBucket}, ${LOCAL_NAMES.processedBucket})`);
  log(`  DynamoDB  ${stack.dynamodbEndpoint}  (table ${LOCAL_NAMES.table})`);
  log(`  inbox     ${inbox}`);
  log(dim(`  e.g. aws s3 cp article.txt s3://${LOCAL_NAMES.rawBucket}/incoming/ --endpoint-url ${stack.s3Endpoint}`));

  const seen = new Map<string, string>();
  const ingest = async (files: string[], label: string) => {
    let done = 0;
    for (const file of files) {
      const stamp = `${statSync(file).mtimeMs}:${statSync(file).size}`;
      if (seen.get(file) === stamp) continue;
      seen.set(file, stamp);
      await uploadFile(stack.s3, LOCAL_NAMES.rawBucket, file);
      done++;
      process.stderr.write(`\r${dim(`uploading ${label}: ${done}/${files.length}`)}`);
    }
    if (done) process.stderr.write('\n');
    return done;
  };
  const inboxFiles = async () => (existsSync(inbox) ? expandInputs([inbox]) : []);

  if (samples) await ingest(await expandInputs([samples]), 'samples');
  await ingest(await inboxFiles(), 'inbox');
  await stack.waitForIdle();

  if (values.once) {
    const dlq = Object.values(stack.queues).reduce((n, q) => n + q.listDeadLetters().length, 0);
    log(bold('\nsummary'));
    for (const [type, n] of Object.entries(counts).sort()) log(`  ${type.padEnd(26)} ${n}`);
    log(
      `  dead letters               ${dlq + stack.pipe.listDeadLetters().length + stack.bus.listDeadLetters().length}`,
    );
    await inspector.close();
    await stack.stop();
    return 0;
  }

  log(bold(`\nwatching ${inbox} for new files (Ctrl-C to stop)`));
  const dataDir = path.resolve(values.data);
  const watcher = setInterval(() => {
    void serveControlRequests(dataDir, stack).catch((error) => log(red(String(error))));
    void inboxFiles()
      .then((files) =>
        ingest(
          files.filter((f) => readdirSync(path.dirname(f)).length > 0),
          'inbox',
        ),
      )
      .catch((error) => log(red(String(error))));
  }, 1_000);
  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  clearInterval(watcher);
  log(dim('\nshutting down…'));
  await inspector.close();
  await stack.stop();
  return 0;
}
