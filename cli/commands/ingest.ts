import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import { uploadFile } from '../../local/ingest.ts';
import { LOCAL_CREDENTIALS } from '../../local/stack.ts';
import { expandInputs } from '../inputs.ts';
import { dim, green } from '../terminal.ts';

export const ingestUsage =
  'akhbar ingest <file-or-dir>... [--port-base N]   (uploads to the running local stack, sidecars as object metadata)';

export async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'port-base': { type: 'string', default: '4560' } },
  });
  if (positionals.length === 0) {
    process.stderr.write(`${ingestUsage}\n`);
    return 2;
  }
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${Number(values['port-base']) + 1}`,
    forcePathStyle: true,
    credentials: { accessKeyId: LOCAL_CREDENTIALS, secretAccessKey: LOCAL_CREDENTIALS },
  });
  const files = await expandInputs(positionals);
  const width = 30;
  for (const [i, file] of files.entries()) {
    await uploadFile(s3, LOCAL_NAMES.rawBucket, file);
    const done = Math.round(((i + 1) / files.length) * width);
    process.stderr.write(
      `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${i + 1}/${files.length} ${dim(file.slice(-40))}`,
    );
  }
  process.stderr.write(`\n${green(`uploaded ${files.length} file(s)`)} to s3://${LOCAL_NAMES.rawBucket}/incoming/\n`);
  return 0;
}
