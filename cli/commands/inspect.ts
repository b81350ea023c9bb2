import { parseArgs } from 'node:util';
import { getRecord, getStorySummary, queryPartition } from '../../functions/adapters/dynamodb/article-store.ts';
import { listItems } from '../../functions/adapters/dynamodb/listing.ts';
import { resolveTarget, TARGET_OPTIONS } from '../target.ts';
import { bidi, bold, dim } from '../terminal.ts';

/** Read-only views of articles, stories and dead letters, on the local stack or a deployed one. */

const TARGET_HELP = '[--port-base N | --profile NAME --region REGION [--stack NAME]]';
export const articlesUsage = `akhbar articles list [--limit N] ${TARGET_HELP} | akhbar articles get ID`;
export const storiesUsage = `akhbar stories list [--limit N] ${TARGET_HELP} | akhbar stories get ID`;
export const dlqUsage = `akhbar dlq list|redrive [--data DIR] ${TARGET_HELP}`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { limit: { type: 'string', default: '50' }, ...TARGET_OPTIONS },
  });
}

export async function articlesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [action, id] = positionals;
  const target = await resolveTarget(values);
  if (action === 'list') {
    const page = { limit: Number(values.limit) };
    for (const item of await listItems(target.dynamodb, target.tableName, 'articles', page)) {
      process.stdout.write(
        `${dim(String(item.sk).slice(0, 19))}  ${String(item.articleId)}  ${String(item.status).padEnd(9)} ${String(item.language ?? '–').padEnd(3)} ${bidi(String(item.title ?? item.rejection ?? ''))}\n`,
      );
    }
    return 0;
  }
  if (action === 'get' && id) {
    const record = await getRecord(target.dynamodb, target.tableName, id);
    if (!record) {
      process.stderr.write(`no article ${id} in the ${target.description}\n`);
      return 1;
    }
    const history = await queryPartition(target.dynamodb, target.tableName, `ART#${id}`, 50, 'EVENT#');
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
  const target = await resolveTarget(values);
  if (action === 'list') {
    for (const item of await listItems(target.dynamodb, target.tableName, 'stories', { limit: Number(values.limit) })) {
      process.stdout.write(
        `${String(item.storyId)}  size ${String(item.size).padEnd(3)} ${dim(String(item.lastDate ?? ''))}  ${bidi(String(item.title ?? ''))}\n`,
      );
    }
    return 0;
  }
  if (action === 'get' && id) {
    const story = await getStorySummary(target.dynamodb, target.tableName, id);
    if (!story) {
      process.stderr.write(`no story ${id} in the ${target.description}\n`);
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
  const target = await resolveTarget(values);
  if (positionals[0] === 'redrive') {
    const redriven = await target.redrive();
    process.stdout.write(`redriven: ${JSON.stringify(redriven)}\n`);
    // Pipe dead letters left behind (expired, refused, off the contract): say so, and exit non-zero for scripts.
    const pipe = redriven.pipe;
    if (typeof pipe === 'object' && (pipe.failed.length > 0 || pipe.expired > 0)) {
      for (const failure of pipe.failed)
        process.stderr.write(`pipe dead letter ${failure.messageId} kept: ${failure.reason}\n`);
      if (pipe.expired > 0)
        process.stderr.write(
          `${pipe.expired} pipe dead letter(s) older than the stream's 24 hours kept: their events are the EVENT# items of their articles\n`,
        );
      return 3;
    }
    return 0;
  }
  if (positionals[0] !== 'list') {
    process.stderr.write(`${dlqUsage}\n`);
    return 2;
  }
  let total = 0;
  for (const store of await target.deadLetters()) {
    total += store.count;
    process.stdout.write(`${bold(store.source)}: ${store.count} dead letter(s)\n`);
    for (const detail of store.details) process.stdout.write(`  ${detail}\n`);
  }
  // A non-zero exit lets scripts and cron jobs notice dead letters.
  return total === 0 ? 0 : 3;
}
