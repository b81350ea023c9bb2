import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { queryPartition } from '../../functions/adapters/dynamodb/article-store.ts';
import { listItems } from '../../functions/adapters/dynamodb/listing.ts';
import { EVENT_SOURCE } from '../../functions/contract/events.ts';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { BusEnvelope } from '../../local/bus.ts';
import { type EventPattern, matchesPattern } from '../../local/pattern.ts';
import { consoleTarget } from '../../local/targets.ts';
import { type CliTarget, resolveTarget, TARGET_OPTIONS } from '../target.ts';

export const eventsUsage =
  'akhbar events tail [--pattern JSON] [--from-start] [--json] [--data DIR | --profile NAME --region REGION]';

type Print = (event: BusEnvelope) => void | Promise<void>;

/**
 * Follows events. Locally: the bus archive, every event as delivered. On a
 * deployed stack: the article history in the table (the outbox the pipe
 * publishes from), newest articles first polled every two seconds.
 */
export async function eventsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pattern: { type: 'string' },
      'from-start': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ...TARGET_OPTIONS,
    },
  });
  if (positionals[0] !== 'tail') {
    process.stderr.write(`${eventsUsage}\n`);
    return 2;
  }
  const pattern = values.pattern ? (JSON.parse(values.pattern) as EventPattern) : {};
  const output: Print = values.json ? (e) => void process.stdout.write(`${JSON.stringify(e)}\n`) : consoleTarget();
  const print: Print = (event) => (matchesPattern(pattern, event) ? output(event) : undefined);
  let stop = false;
  process.once('SIGINT', () => {
    stop = true;
  });
  const target = await resolveTarget(values);
  if (target.kind === 'aws') return tailTable(target, print, values['from-start'], () => stop);
  return tailArchive(
    path.resolve(values.data, `bus-${LOCAL_NAMES.bus}-archive.jsonl`),
    print,
    values['from-start'],
    () => stop,
  );
}

async function tailArchive(archive: string, print: Print, fromStart: boolean, stopped: () => boolean): Promise<number> {
  let offset = !fromStart && existsSync(archive) ? statSync(archive).size : 0;
  let partial = '';
  process.stderr.write(`following ${archive} (Ctrl-C to stop)\n`);
  while (!stopped()) {
    if (existsSync(archive) && statSync(archive).size > offset) {
      const fd = openSync(archive, 'r');
      const buffer = Buffer.alloc(statSync(archive).size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      closeSync(fd);
      offset += buffer.length;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) await print(JSON.parse(line) as BusEnvelope);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return 0;
}

async function tailTable(target: CliTarget, print: Print, fromStart: boolean, stopped: () => boolean): Promise<number> {
  process.stderr.write(`following article events of the ${target.description} (Ctrl-C to stop)\n`);
  let cursor = fromStart ? '' : new Date().toISOString();
  while (!stopped()) {
    const items = await listItems(target.dynamodb, target.tableName, 'articles', { limit: 100, after: cursor });
    for (const item of items) {
      cursor = String(item.sk);
      for (const event of await queryPartition(
        target.dynamodb,
        target.tableName,
        `ART#${item.articleId}`,
        20,
        'EVENT#',
      )) {
        await print({
          version: '0',
          id: String(event.sk),
          'detail-type': String(event.detailType),
          source: EVENT_SOURCE,
          account: '',
          time: String(event.sk).split('#')[1] ?? '',
          region: '',
          resources: [],
          detail: event.detail as Record<string, unknown>,
        });
      }
    }
    if (!items.length) await new Promise((r) => setTimeout(r, 2_000));
  }
  return 0;
}
