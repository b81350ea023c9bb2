import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { BusEnvelope } from '../../local/bus.ts';
import { type EventPattern, matchesPattern } from '../../local/pattern.ts';
import { consoleTarget } from '../../local/targets.ts';

export const eventsUsage = 'akhbar events tail [--pattern JSON] [--data DIR] [--from-start] [--json]';

/** Follows the local bus's archive, printing the events that match an EventBridge pattern. */
export async function eventsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pattern: { type: 'string' },
      data: { type: 'string', default: '.data' },
      'from-start': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] !== 'tail') {
    process.stderr.write(`${eventsUsage}\n`);
    return 2;
  }
  const pattern = values.pattern ? (JSON.parse(values.pattern) as EventPattern) : {};
  const archive = path.resolve(values.data, `bus-${LOCAL_NAMES.bus}-archive.jsonl`);
  const print = values.json ? (e: BusEnvelope) => process.stdout.write(`${JSON.stringify(e)}\n`) : consoleTarget();
  let offset = !values['from-start'] && existsSync(archive) ? statSync(archive).size : 0;
  let partial = '';
  let stop = false;
  process.once('SIGINT', () => {
    stop = true;
  });
  process.stderr.write(`following ${archive} (Ctrl-C to stop)\n`);
  while (!stop) {
    if (existsSync(archive) && statSync(archive).size > offset) {
      const fd = openSync(archive, 'r');
      const buffer = Buffer.alloc(statSync(archive).size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      closeSync(fd);
      offset += buffer.length;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as BusEnvelope;
        if (matchesPattern(pattern, event)) await print(event);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return 0;
}
