/**
 * `akhbar <command>`: each command is a module under ./commands taking its own arguments.
 * A command's module is imported only when that command runs, so `akhbar process` does not
 * load the local stack (s3rver, koa, the AWS SDK clients) that `dev` needs.
 */

import { isMainThread, workerData } from 'node:worker_threads';
import { PREPARE_WORKER } from './worker-role.ts';

type Run = (argv: string[]) => Promise<number>;
type Command = { load: () => Promise<Run>; summary: string };

const commands: Record<string, Command> = {
  process: {
    load: async () => (await import('./commands/process.ts')).processCommand,
    summary: 'clean, extract and dedupe local files offline',
  },
  dev: {
    load: async () => (await import('./commands/dev.ts')).devCommand,
    summary: 'run the whole pipeline locally and watch ./inbox',
  },
  ingest: {
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
    summary: 'upload files to the running local stack',
  },
  events: {
    load: async () => (await import('./commands/events.ts')).eventsCommand,
    summary: 'follow the events of the local stack',
  },
  articles: {
    load: async () => (await import('./commands/inspect.ts')).articlesCommand,
    summary: 'list or show articles of the running local stack',
  },
  stories: {
    load: async () => (await import('./commands/inspect.ts')).storiesCommand,
    summary: 'list or show stories of the running local stack',
  },
  replay: {
    load: async () => (await import('./commands/replay.ts')).replayCommand,
    summary: 'send every stored raw object through the pipeline again',
  },
  dlq: {
    load: async () => (await import('./commands/inspect.ts')).dlqCommand,
    summary: 'list or redrive the dead letters of the local stack',
  },
};

function help(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: akhbar <command> [options]\n\ncommands:\n${rows.join('\n')}\n\nakhbar <command> --help for details\n`;
}

export async function main(argv: string[]): Promise<number> {
  // A thread that `akhbar process` started to clean and extract files runs the same entry.
  if (!isMainThread && (workerData as { role?: unknown } | null)?.role === PREPARE_WORKER)
    return (await import('./prepare.ts')).serveWorker();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command ${name}\n\n${help()}`);
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest);
  } catch (error) {
    process.stderr.write(`akhbar ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.AKHBAR_DEBUG) console.error(error);
    return 1;
  }
}
