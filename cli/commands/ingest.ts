import { parseArgs } from 'node:util';
import { uploadFile } from '../../local/ingest.ts';
import { expandInputs } from '../inputs.ts';
import { resolveTarget, TARGET_OPTIONS } from '../target.ts';
import { dim, green } from '../terminal.ts';

export const ingestUsage =
  'akhbar ingest <file-or-dir>... [--port-base N]   [--profile NAME --region REGION]   (uploads with sidecars as object metadata)';

export async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: TARGET_OPTIONS,
  });
  if (positionals.length === 0) {
    process.stderr.write(`${ingestUsage}\n`);
    return 2;
  }
  const target = await resolveTarget(values);
  const files = await expandInputs(positionals);
  const width = 30;
  for (const [i, file] of files.entries()) {
    await uploadFile(target.s3, target.rawBucket, file);
    const done = Math.round(((i + 1) / files.length) * width);
    process.stderr.write(
      `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${i + 1}/${files.length} ${dim(file.slice(-40))}`,
    );
  }
  process.stderr.write(
    `\n${green(`uploaded ${files.length} file(s)`)} to s3://${target.rawBucket}/incoming/ (${target.description})\n`,
  );
  return 0;
}
