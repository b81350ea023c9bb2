import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionError, LocalFunction } from '../../../local/lambda.ts';

/** A function bundle whose behaviour the event chooses. */
const bundle = (() => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'akhbar-lambda-')), 'index.mjs');
  writeFileSync(
    file,
    `let invocations = 0;
export const handler = async (event, context) => {
  invocations++;
  if (event.action === 'throw') throw new TypeError('bad input');
  if (event.action === 'hang') await new Promise(() => setInterval(() => {}, 1000));
  if (event.action === 'exit') process.exit(3);
  if (event.action === 'wait') await new Promise((r) => setTimeout(r, event.ms));
  if (event.action === 'log') {
    console.log(JSON.stringify({ level: 'INFO', message: event.message }));
    process.stderr.write('warning\\n');
  }
  return { invocations, greeting: process.env.GREETING, remaining: context.getRemainingTimeInMillis(), memory: context.memoryLimitInMB,
    runtime: { initialization: process.env.AWS_LAMBDA_INITIALIZATION_TYPE, name: process.env.AWS_LAMBDA_FUNCTION_NAME, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, handler: process.env._HANDLER } };
};
`,
  );
  return file;
})();

const running: LocalFunction[] = [];
const fn = (overrides: Partial<ConstructorParameters<typeof LocalFunction>[0]> = {}) => {
  const created = new LocalFunction({
    name: 'probe',
    bundle,
    environment: { GREETING: 'marhaba' },
    timeoutMs: 2_000,
    memoryMb: 128,
    concurrency: 1,
    ...overrides,
  });
  running.push(created);
  return created;
};

afterEach(async () => {
  await Promise.all(running.splice(0).map((f) => f.stop()));
});

describe('LocalFunction', () => {
  it('hands what the function writes to stdout and stderr to its output, and counts the bytes as CloudWatch would', async () => {
    const written: string[] = [];
    const probe = fn({ output: (text, stream) => written.push(`${stream}: ${text}`) });
    await probe.invoke({ action: 'log', message: 'خبر' });
    const line = `${JSON.stringify({ level: 'INFO', message: 'خبر' })}\n`;
    for (let waited = 0; written.length < 2 && waited < 2_000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    expect(written.sort()).toEqual(['stderr: warning\n', `stdout: ${line}`]);
    // Three Arabic letters are six bytes in UTF-8.
    expect(probe.stats.outputBytes).toBe(line.length + 3 + 'warning\n'.length);
  });

  it('runs the handler with its own environment and a Lambda context, and stays warm between invocations', async () => {
    const probe = fn();
    const first = await probe.invoke<{ invocations: number; greeting: string; remaining: number; memory: string }>({});
    expect(first).toMatchObject({ invocations: 1, greeting: 'marhaba', memory: '128' });
    expect(first.remaining).toBeGreaterThan(0);
    expect(first.remaining).toBeLessThanOrEqual(2_000);
    expect(await probe.invoke({})).toMatchObject({ invocations: 2 });
    expect(probe.stats).toMatchObject({ invocations: 2, coldStarts: 1 });
  });

  it("sets the variables Lambda's runtime sets, which Powertools reads to tell a cold start", async () => {
    expect(await fn().invoke({})).toMatchObject({
      runtime: { initialization: 'on-demand', name: 'akhbar-probe', memory: '128', handler: 'index.handler' },
    });
  });

  it('reports a handler error as an Unhandled failure and keeps the environment', async () => {
    const probe = fn();
    await expect(probe.invoke({ action: 'throw' })).rejects.toMatchObject({
      errorType: 'Unhandled',
      message: expect.stringContaining('TypeError: bad input'),
    });
    expect(await probe.invoke({})).toMatchObject({ invocations: 2 });
  });

  it('kills an invocation that outlives the timeout, and starts a fresh environment for the next', async () => {
    const probe = fn({ timeoutMs: 300 });
    const error = await probe.invoke({ action: 'hang' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({ errorType: 'Timeout' });
    // Module state starts again: the killed environment is gone.
    expect(await probe.invoke({})).toMatchObject({ invocations: 1 });
    expect(probe.stats).toMatchObject({ timeouts: 1, coldStarts: 2 });
  });

  it('fails the invocation when the runtime exits mid-record', async () => {
    const probe = fn();
    await expect(probe.invoke({ action: 'exit' })).rejects.toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(await probe.invoke({})).toMatchObject({ invocations: 1 });
    expect(probe.stats.crashes).toBe(1);
  });

  it('runs up to its concurrency at once, each environment with its own state', async () => {
    const probe = fn({ concurrency: 2 });
    const started = Date.now();
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => probe.invoke<{ invocations: number }>({ action: 'wait', ms: 300 })),
    );
    const elapsed = Date.now() - started;
    expect(probe.stats.coldStarts).toBe(2);
    expect(results.map((r) => r.invocations).sort()).toEqual([1, 1, 2, 2]);
    // Four 300 ms invocations on two environments: two rounds, not one and not four.
    expect(elapsed).toBeGreaterThanOrEqual(600);
  });
});
