import { devCommand, devUsage } from './commands/dev.ts';
import { eventsCommand, eventsUsage } from './commands/events.ts';
import { ingestCommand, ingestUsage } from './commands/ingest.ts';
import {
  articlesCommand,
  articlesUsage,
  dlqCommand,
  dlqUsage,
  storiesCommand,
  storiesUsage,
} from './commands/inspect.ts';
import { processCommand, processUsage } from './commands/process.ts';
import { replayCommand, replayUsage } from './commands/replay.ts';

/** `akhbar <command>`: each command is a module under ./commands taking its own arguments. */

type Command = { run: (argv: string[]) => Promise<number>; summary: string; usage: string };

const commands: Record<string, Command> = {
  process: { run: processCommand, summary: 'clean, extract and dedupe local files offline', usage: processUsage },
  dev: { run: devCommand, summary: 'run the whole pipeline locally and watch ./inbox', usage: devUsage },
  ingest: { run: ingestCommand, summary: 'upload files to the running local stack', usage: ingestUsage },
  events: { run: eventsCommand, summary: 'follow the events of the local stack', usage: eventsUsage },
  articles: { run: articlesCommand, summary: 'list or show articles of the running local stack', usage: articlesUsage },
  stories: { run: storiesCommand, summary: 'list or show stories of the running local stack', usage: storiesUsage },
  replay: {
    run: replayCommand,
    summary: 'send every stored raw object through the pipeline again',
    usage: replayUsage,
  },
  dlq: { run: dlqCommand, summary: 'list or redrive the dead letters of the local stack', usage: dlqUsage },
};

function help(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: akhbar <command> [options]\n\ncommands:\n${rows.join('\n')}\n\nakhbar <command> --help for details\n`;
}

export async function main(argv: string[]): Promise<number> {
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
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(`akhbar ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.AKHBAR_DEBUG) console.error(error);
    return 1;
  }
}
