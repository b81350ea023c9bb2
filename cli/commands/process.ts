import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createMemoryIndex } from '../../functions/core/dedupe/index.ts';
import { finishPrepared } from '../../functions/core/pipeline.ts';
import type { ArticleRecord } from '../../functions/core/record.ts';
import { expandInputs } from '../inputs.ts';
import { defaultJobs, preparedInOrder, WORKERS_FROM_FILES } from '../prepare.ts';
import { bidi, bold, cyan, dim, green, red, yellow } from '../terminal.ts';

export const processUsage = `akhbar process <file-or-dir>... [--reference-date YYYY-MM-DD] [--format jsonl|pretty] [--gazetteer FILE] [--jobs N]

Runs decode, clean, extract and dedupe offline on local files and prints one
record per article (JSON Lines on stdout). Directories are read in name order;
a sidecar X.meta.json holds the object metadata of X.

--jobs N   threads that decode, clean and extract (default: one per core from
           ${WORKERS_FROM_FILES.toLocaleString('en')} files on, else 1, this thread); dedupe takes the files in
           order, so the records do not depend on N.`;

export async function processCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'reference-date': { type: 'string' },
      format: { type: 'string' },
      gazetteer: { type: 'string' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    (values.help ? process.stdout : process.stderr).write(`${processUsage}\n`);
    return values.help ? 0 : 2;
  }
  const format = values.format ?? (process.stdout.isTTY ? 'pretty' : 'jsonl');
  if (format !== 'jsonl' && format !== 'pretty') {
    process.stderr.write(`unknown --format ${format}: use jsonl or pretty\n`);
    return 2;
  }
  const referenceDate = values['reference-date'];
  if (referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) {
    process.stderr.write(`--reference-date must be YYYY-MM-DD, got ${referenceDate}\n`);
    return 2;
  }
  if (values.jobs !== undefined && !/^[1-9]\d{0,2}$/.test(values.jobs)) {
    process.stderr.write(`--jobs must be a whole number from 1 to 999, got ${values.jobs}\n`);
    return 2;
  }
  const gazetteerFile = values.gazetteer ?? process.env.AKHBAR_GAZETTEER;
  const gazetteer: unknown = gazetteerFile ? JSON.parse(await readFile(gazetteerFile, 'utf8')) : undefined;

  const files = await expandInputs(positionals);
  const jobs = values.jobs === undefined ? defaultJobs(files.length) : Number(values.jobs);
  const index = createMemoryIndex();
  const now = () => new Date();
  const counts = { ingested: 0, duplicate: 0, rejected: 0 };
  for await (const { file, prepared } of preparedInOrder(files, { referenceDate, gazetteer }, jobs)) {
    const records = await finishPrepared(prepared, { index, now });
    for (const record of records) {
      counts[record.status]++;
      if (record.rejection)
        process.stderr.write(`${file}: rejected (${record.rejection.reason}) ${record.rejection.message}\n`);
      process.stdout.write(format === 'jsonl' ? `${JSON.stringify(record)}\n` : prettyRecord(record));
    }
  }
  process.stderr.write(
    `${files.length} file(s): ${counts.ingested} ingested, ${counts.duplicate} duplicate, ${counts.rejected} rejected\n`,
  );
  return 0;
}

export function prettyRecord(record: ArticleRecord): string {
  const lines: string[] = [];
  const status =
    record.status === 'rejected'
      ? red(record.status)
      : record.status === 'duplicate'
        ? yellow(record.status)
        : green(record.status);
  lines.push(`${bold(record.input)}  ${status}  ${dim(record.id)}`);
  if (record.rejection) {
    lines.push(`  ${red(record.rejection.reason)}: ${record.rejection.message}`, '');
    return `${lines.join('\n')}\n`;
  }
  const field = (name: string, value: string | null) =>
    lines.push(`  ${dim(name.padEnd(10))} ${value ? bidi(value) : dim('—')}`);
  field('title', record.title);
  field('subtitle', record.subtitle);
  field('language', record.language);
  field('published', record.publishedAt);
  field('event', record.eventDate);
  field(
    'dateline',
    record.dateline ? [record.dateline.agency, record.dateline.place].filter(Boolean).join(', ') : null,
  );
  field('persons', record.entities.persons.join('، ') || null);
  field('places', record.entities.places.join('، ') || null);
  field('orgs', record.entities.organizations.join('، ') || null);
  if (record.dedupe) {
    const d = record.dedupe;
    field(
      'dedupe',
      `${d.status}${d.duplicateOf ? ` of ${d.duplicateOf} (${(d.similarity ?? 0).toFixed(2)})` : ''}, story ${d.storyId}`,
    );
  }
  const removed = Object.entries(record.removed)
    .map(([reason, n]) => `${reason}×${n}`)
    .join(' ');
  field('removed', removed || null);
  lines.push('');
  for (const paragraph of record.paragraphs) lines.push(`  ${bidi(paragraph)}`, '');
  for (const quote of record.quotes)
    lines.push(`  ${cyan('“')}${bidi(quote.text)}${cyan('”')} ${dim(quote.speaker ?? '')}`);
  lines.push(dim('─'.repeat(60)), '');
  return `${lines.join('\n')}\n`;
}
