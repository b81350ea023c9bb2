import path from 'node:path';
import { parseArgs } from 'node:util';
import { requestReplay } from '../../local/control.ts';

export const replayUsage =
  'akhbar replay [--data DIR]   (re-drives every stored raw object through the running local stack)';

export async function replayCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string', default: '.data' } } });
  const result = await requestReplay(path.resolve(values.data));
  process.stdout.write(`replaying ${result.objects} object(s) as revision ${result.revision}\n`);
  return 0;
}
