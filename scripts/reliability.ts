import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryIndex } from '../functions/core/dedupe/index.ts';
import { processInput } from '../functions/core/pipeline.ts';
import { BAD_INPUTS } from '../test/reliability/cases.ts';

/**
 * `npm run reliability`: runs each bad-input case in a fresh process and
 * prints a Markdown table row with the outcome, the time and the peak memory
 * (the process's max resident set, so the figure includes Node itself).
 */
const caseName = process.argv[2];
if (caseName) {
  const testCase = BAD_INPUTS.find((c) => c.name === caseName);
  if (!testCase) throw new Error(`no case ${caseName}`);
  const bytes = testCase.make();
  const start = performance.now();
  const records = await processInput(
    { name: 'incoming/case', sourceId: caseName, bytes, metadata: {}, receivedAt: '2024-01-01T00:00:00Z' },
    { index: createMemoryIndex(), now: () => new Date() },
  );
  const ms = performance.now() - start;
  const outcome = records
    .map((r) => (r.status === 'rejected' ? `rejected (${r.rejection?.reason})` : 'accepted'))
    .join(', ');
  console.log(
    JSON.stringify({ outcome, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, inputBytes: bytes.length }),
  );
} else {
  const self = fileURLToPath(import.meta.url);
  console.log('| case | expected | measured | time | peak memory (process) |\n| --- | --- | --- | --- | --- |');
  for (const testCase of BAD_INPUTS) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', self, testCase.name], {
      encoding: 'utf8',
      cwd: path.dirname(self),
    });
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    const expected = testCase.expect.status === 'accepted' ? 'accepted' : `rejected (${testCase.expect.reason})`;
    console.log(
      `| ${testCase.name} | ${expected} | ${result.outcome} | ${Math.round(result.ms)} ms | ${Math.round(result.maxRssMb)} MB |`,
    );
  }
}
