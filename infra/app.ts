import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LOG_LEVELS, type LogLevel } from './constructs/function.ts';
import { acknowledgeNagFindings } from './nag.ts';
import { AkhbarStack } from './stack.ts';

/** CDK entry point (cdk.json runs it). cdk-nag's AwsSolutions pack checks every synth. */
function logLevel(value: unknown): LogLevel | undefined {
  if (value === undefined) return undefined;
  if (!LOG_LEVELS.includes(value as LogLevel)) throw new Error(`logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

const app = new App();
const stack = new AkhbarStack(app, 'Akhbar', {
  bundle: app.node.tryGetContext('akhbar:bundle') !== 'false',
  // `cdk deploy -c alarmEmail=ops@example.org` subscribes an address to the alarm topic.
  alarmEmail: app.node.tryGetContext('alarmEmail'),
  // `-c logLevel=DEBUG` while investigating; INFO otherwise.
  logLevel: logLevel(app.node.tryGetContext('logLevel')),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
acknowledgeNagFindings(stack);
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
