import { parseArgs } from 'node:util';
import { resolveTarget, TARGET_OPTIONS } from '../target.ts';

export const replayUsage =
  'akhbar replay [--data DIR] [--profile NAME --region REGION]   (sends every stored raw object through the pipeline again)';

export async function replayCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: TARGET_OPTIONS });
  const target = await resolveTarget(values);
  const result = await target.replay();
  process.stdout.write(
    `replaying ${result.objects} object(s) as revision ${result.revision} on the ${target.description}\n`,
  );
  return 0;
}
