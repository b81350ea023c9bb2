import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as z from 'zod';
import { LOG_LEVELS, type LogLevel } from './constructs/function.ts';
import { acknowledgeNagFindings } from './nag.ts';
import { AkhbarStack, CONCURRENCY_NAMES, type ConcurrencyName } from './stack.ts';

/** CDK entry point (cdk.json runs it). cdk-nag's AwsSolutions pack checks every synth. */
function logLevel(value: unknown): LogLevel | undefined {
  if (value === undefined) return undefined;
  if (!LOG_LEVELS.includes(value as LogLevel)) throw new Error(`logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

/** A whole number from a context value (`-c name=N`), within bounds; undefined when not given. */
function count(app: App, name: string, min: number, max: number): number | undefined {
  const value = app.node.tryGetContext(name);
  if (value === undefined) return undefined;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(value);
  if (!parsed.success) throw new Error(`-c ${name} must be a whole number from ${min} to ${max}, not ${value}`);
  return parsed.data;
}

/** `-c cleanConcurrency=N` … `-c publishConcurrency=N` (event sources accept 2–1000; reserved concurrency 1+). */
function concurrency(app: App): Partial<Record<ConcurrencyName, number>> {
  const out: Partial<Record<ConcurrencyName, number>> = {};
  for (const name of CONCURRENCY_NAMES) {
    const value = count(app, `${name}Concurrency`, name === 'publish' ? 1 : 2, 1000);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const app = new App();
const stack = new AkhbarStack(app, 'Akhbar', {
  bundle: app.node.tryGetContext('akhbar:bundle') !== 'false',
  // `cdk deploy -c alarmEmail=ops@example.org` subscribes an address to the alarm topic.
  alarmEmail: app.node.tryGetContext('alarmEmail'),
  // `-c logLevel=DEBUG` while investigating; INFO otherwise.
  logLevel: logLevel(app.node.tryGetContext('logLevel')),
  // Backfill settings (docs/architecture.md): stage concurrency and the table's warm write throughput.
  concurrency: concurrency(app),
  tableWarmWritesPerSecond: count(app, 'tableWarmWrites', 1, 40_000),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
acknowledgeNagFindings(stack);
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
