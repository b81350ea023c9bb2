import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { getRecord, getStorySummary, queryPartition } from '../../functions/adapters/dynamodb/article-store.ts';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import { requestRedrive } from '../../local/control.ts';
import { LOCAL_CREDENTIALS } from '../../local/stack.ts';
import { bidi, bold, dim } from '../terminal.ts';

/** Read-only views of a running local stack: articles, stories and dead letters. */

export const articlesUsage =
  'akhbar articles list [--limit N] [--port-base N] | akhbar articles get ID [--port-base N]';
export const storiesUsage = 'akhbar stories list [--limit N] [--port-base N] | akhbar stories get ID [--port-base N]';
export const dlqUsage = 'akhbar dlq list|redrive [--data DIR]';

function client(portBase: string): DynamoDBClient {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${Number(portBase) + 2}`,
    credentials: { accessKeyId: LOCAL_CREDENTIALS, secretAccessKey: LOCAL_CREDENTIALS },
  });
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: 'string', default: '50' },
      'port-base': { type: 'string', default: '4560' },
      data: { type: 'string', default: '.data' },
    },
  });
}

export async function articlesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [action, id] = positionals;
  const db = client(values['port-base']);
  if (action === 'list') {
    for (const item of await queryPartition(db, LOCAL_NAMES.table, 'LIST#ARTICLES', Number(values.limit))) {
      process.stdout.write(
        `${dim(String(item.sk).slice(0, 19))}  ${String(item.articleId)}  ${String(item.status).padEnd(9)} ${String(item.language ?? '–').padEnd(3)} ${bidi(String(item.title ?? ''))}\n`,
      );
    }
    return 0;
  }
  if (action === 'get' && id) {
    const record = await getRecord(db, LOCAL_NAMES.table, id);
    if (!record) {
      process.stderr.write(`no article ${id}\n`);
      return 1;
    }
    const history = await queryPartition(db, LOCAL_NAMES.table, `ART#${id}`, 50, 'EVENT#');
    process.stdout.write(
      `${JSON.stringify({ record, events: history.map((e) => ({ detailType: e.detailType, detail: e.detail })) }, null, 2)}\n`,
    );
    return 0;
  }
  process.stderr.write(`${articlesUsage}\n`);
  return 2;
}

export async function storiesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [action, id] = positionals;
  const db = client(values['port-base']);
  if (action === 'list') {
    for (const item of await queryPartition(db, LOCAL_NAMES.table, 'LIST#STORIES', Number(values.limit))) {
      process.stdout.write(
        `${String(item.storyId)}  size ${String(item.size).padEnd(3)} ${dim(String(item.lastDate ?? ''))}  ${bidi(String(item.title ?? ''))}\n`,
      );
    }
    return 0;
  }
  if (action === 'get' && id) {
    const story = await getStorySummary(db, LOCAL_NAMES.table, id);
    if (!story) {
      process.stderr.write(`no story ${id}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(story, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(`${storiesUsage}\n`);
  return 2;
}

export async function dlqCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const dir = path.resolve(values.data);
  if (positionals[0] === 'redrive') {
    const result = await requestRedrive(dir);
    process.stdout.write(`redriven: ${JSON.stringify(result)}\n`);
    return 0;
  }
  if (positionals[0] !== 'list') {
    process.stderr.write(`${dlqUsage}\n`);
    return 2;
  }
  const read = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
  let total = 0;
  const queues = path.join(dir, 'queues');
  for (const file of existsSync(queues) ? readdirSync(queues).filter((f) => f.endsWith('.json')) : []) {
    const letters = (read(path.join(queues, file))?.deadLetters ?? []) as {
      messageId: string;
      receiveCount: number;
      lastError?: string;
    }[];
    total += letters.length;
    process.stdout.write(`${bold(file.replace('.json', ''))} queue: ${letters.length} dead letter(s)\n`);
    for (const l of letters)
      process.stdout.write(`  ${l.messageId} after ${l.receiveCount} deliveries: ${l.lastError ?? ''}\n`);
  }
  for (const [label, file] of [
    ['pipe', 'pipe-dlq.json'],
    ['bus', `bus-${LOCAL_NAMES.bus}-dlq.json`],
  ] as const) {
    const letters = (read(path.join(dir, file)) ?? []) as { error: string }[];
    total += letters.length;
    process.stdout.write(`${bold(label)}: ${letters.length} dead letter(s)\n`);
    for (const l of letters) process.stdout.write(`  ${l.error}\n`);
  }
  return total === 0 ? 0 : 3;
}
