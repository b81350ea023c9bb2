import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PIPE_FILTER, visibilityTimeoutSeconds } from '../../infra/definitions.ts';
import { acknowledgeNagFindings } from '../../infra/nag.ts';
import { AkhbarStack } from '../../infra/stack.ts';

/** Synthesized without bundling: these tests read the template, they never run esbuild. */
const app = new App();
const stack = new AkhbarStack(app, 'Test', { bundle: false, env: { account: '123456789012', region: 'eu-west-1' } });
acknowledgeNagFindings(stack);
Aspects.of(app).add(new AwsSolutionsChecks());
const template = Template.fromStack(stack);
const resources = (type: string) =>
  Object.values(template.findResources(type)) as { Properties: Record<string, unknown> }[];

describe('the AWS stack', () => {
  it('versions and encrypts the article buckets, blocks public access and sends EventBridge notifications', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      NotificationConfiguration: { EventBridgeConfiguration: {} },
      BucketEncryption: Match.anyValue(),
    });
  });

  it('denies every non-TLS request on every bucket and queue', () => {
    const denies = (type: string) =>
      resources(type).every((r) => JSON.stringify(r.Properties).includes('"aws:SecureTransport":"false"'));
    expect(resources('AWS::S3::BucketPolicy').length).toBe(resources('AWS::S3::Bucket').length);
    expect(denies('AWS::S3::BucketPolicy')).toBe(true);
    expect(resources('AWS::SQS::QueuePolicy').length).toBe(resources('AWS::SQS::Queue').length);
    expect(denies('AWS::SQS::QueuePolicy')).toBe(true);
  });

  it('gives each stage queue a dead-letter queue and a visibility timeout six times the function timeout', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: visibilityTimeoutSeconds('clean'),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: Match.anyValue() },
      SqsManagedSseEnabled: true,
    });
  });

  it('reports partial batch failures from every SQS event source', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(3);
    for (const m of mappings) expect(m.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('runs every function on Node 22, arm64, with active tracing and an explicit log group', () => {
    const functions = resources('AWS::Lambda::Function');
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.LoggingConfig).toHaveProperty('LogGroup.Ref');
    }
    template.resourceCountIs('AWS::Logs::LogGroup', 4);
  });

  it('streams new images from the table, with point-in-time recovery and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('filters the pipe to inserted outbox event items and dead-letters what it cannot publish', () => {
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      SourceParameters: {
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(PIPE_FILTER) }] },
        DynamoDBStreamParameters: { DeadLetterConfig: { Arn: Match.anyValue() } },
      },
      TargetParameters: { EventBridgeEventBusParameters: { Source: 'akhbar', DetailType: '$.detailType' } },
    });
  });

  it('archives the bus for replay', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: Match.anyValue(),
      EventPattern: { source: ['akhbar'] },
    });
  });

  it('alarms on dead letters, function errors, queue age and pipe failures, with a dashboard', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map((a) => String(a.Properties.MetricName));
    for (const metric of [
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'ApproximateAgeOfOldestMessage',
      'ExecutionFailed',
    ]) {
      expect(alarms).toContain(metric);
    }
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('grants no wildcard actions, and wildcard resources only for X-Ray and prefix-scoped S3 objects', () => {
    for (const policy of resources('AWS::IAM::Policy')) {
      const statements = (
        policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
      ).Statement;
      for (const statement of statements) {
        const actions = [statement.Action].flat();
        for (const action of actions) expect(action).not.toMatch(/\*/);
        const resourceText = JSON.stringify(statement.Resource);
        if (resourceText === '"*"') expect(actions.every((a) => a.startsWith('xray:'))).toBe(true);
        else if (resourceText.includes('*')) expect(resourceText).toMatch(/\/(incoming|clean|extracted)\/\*/);
      }
    }
    expect(resources('AWS::IAM::Role').every((r) => !r.Properties.ManagedPolicyArns)).toBe(true);
  });

  it('passes the cdk-nag AwsSolutions checks, with every acknowledgement written down', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => e.entry.data)).toEqual([]);
    expect(warnings.map((e) => e.entry.data)).toEqual([]);
  });
});

describe('stack outputs for the CLI', () => {
  it('publishes every output the CLI needs to work against the deployed stack', async () => {
    const { outputsToNames } = await import('../../cli/target.ts');
    const outputs = Object.fromEntries(
      Object.keys(template.toJSON().Outputs ?? {}).map((key) => [key, `value-of-${key}`]),
    );
    const names = outputsToNames(outputs);
    expect(names.tableName).toBe('value-of-TableName');
    expect(Object.keys(names.deadLetterQueues).sort()).toEqual(['clean', 'dedupe', 'extract', 'pipe']);
    expect(() => outputsToNames({ TableName: 'x' })).toThrow(/no output RawBucketName/);
  });
});
