import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from './nag.ts';
import { AkhbarStack } from './stack.ts';

/** CDK entry point (cdk.json runs it). cdk-nag's AwsSolutions pack checks every synth. */
const app = new App();
const stack = new AkhbarStack(app, 'Akhbar', {
  bundle: app.node.tryGetContext('akhbar:bundle') !== 'false',
  // `cdk deploy -c alarmEmail=ops@example.org` subscribes an address to the alarm topic.
  alarmEmail: app.node.tryGetContext('alarmEmail'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
acknowledgeNagFindings(stack);
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
