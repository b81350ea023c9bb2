import { readFileSync } from 'node:fs';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import {
  FUNCTIONS,
  type FunctionDefinition,
  PIPE_FILTER,
  PUBLISHER,
  QUEUES,
  STAGE_ROUTES,
  visibilityTimeoutSeconds,
} from '../../infra/definitions.ts';
import { acknowledgeNagFindings } from '../../infra/nag.ts';
import { AkhbarStack } from '../../infra/stack.ts';

/** The context `cdk synth` runs with: cdk.json's feature flags, so the tests read the template that deploys. */
const CDK_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;
const appWith = (context: Record<string, unknown> = {}) => new App({ context: { ...CDK_CONTEXT, ...context } });

/** Synthesized without bundling: these tests read the template, they never run esbuild. */
const app = appWith();
const stack = new AkhbarStack(app, 'Test', { bundle: false, env: { account: '123456789012', region: 'eu-west-1' } });
acknowledgeNagFindings(stack);
Aspects.of(app).add(new AwsSolutionsChecks());
const template = Template.fromStack(stack);
const resources = (type: string) =>
  Object.values(template.findResources(type)) as { Properties: Record<string, unknown> }[];
const logicalIds = (type: string) => Object.keys(template.findResources(type));

type Statement = { Action: string | string[]; Resource: unknown };
/** The statements of the policy attached to a function's role. */
function statementsOf(definition: Pick<FunctionDefinition, 'name'>): Statement[] {
  const fnId = logicalIds('AWS::Lambda::Function').find((id) => id.startsWith(`${definition.name}function`));
  const fn = template.findResources('AWS::Lambda::Function')[fnId ?? ''] as { Properties: { Role: unknown } };
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resources('AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
/** "action on resource" lines, resources as their template text. */
const grants = (statements: Statement[]) =>
  statements.flatMap((s) => [s.Action].flat().map((a) => `${a} ${JSON.stringify(s.Resource)}`));

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };
const resourcesById = (type: string) => template.findResources(type) as Record<string, Resource>;

describe('the AWS stack', () => {
  it('sets every feature flag aws-cdk-lib recommends', () => {
    const recommended = JSON.parse(
      readFileSync(new URL('../../node_modules/aws-cdk-lib/recommended-feature-flags.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    for (const [flag, value] of Object.entries(recommended)) expect(CDK_CONTEXT[flag], flag).toEqual(value);
  });

  it('keeps the logical ids of every retained resource under the feature flags, so none is replaced', () => {
    const retained = (t: Template) =>
      Object.entries(t.toJSON().Resources as Record<string, { DeletionPolicy?: string; Type: string }>)
        .filter(([, r]) => r.DeletionPolicy === 'Retain')
        .map(([id, r]) => `${r.Type} ${id}`)
        .sort();
    const withoutFlags = Template.fromStack(
      new AkhbarStack(new App(), 'Test', { bundle: false, env: { account: '123456789012', region: 'eu-west-1' } }),
    );
    expect(retained(template)).toEqual(retained(withoutFlags));
    expect(retained(template).length).toBeGreaterThanOrEqual(4);
  });

  it('creates the pipe only after the policy that lets its role read the stream', () => {
    const pipe = Object.values(resourcesById('AWS::Pipes::Pipe'))[0];
    if (!pipe) throw new Error('no pipe in the template');
    const roleId = (pipe.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.entries(resourcesById('AWS::IAM::Policy')).filter(
      ([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0] ?? [];
    expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('dynamodb:GetRecords');
    expect(pipe.DependsOn).toContain(policyId);
  });

  it('keeps messages in every stage queue for 14 days, the most SQS allows', () => {
    const stageQueues = Object.values(resourcesById('AWS::SQS::Queue')).filter((q) => q.Properties.RedrivePolicy);
    expect(stageQueues).toHaveLength(Object.keys(QUEUES).length);
    for (const queue of stageQueues) expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
  });

  it('gives every rule target a dead-letter queue and a retry policy, and alarms on failed deliveries', () => {
    const targets = resources('AWS::Events::Rule').flatMap(
      (r) => (r.Properties.Targets as Record<string, unknown>[] | undefined) ?? [],
    );
    expect(targets.length).toBeGreaterThanOrEqual(STAGE_ROUTES.length);
    for (const target of targets) {
      expect(target.DeadLetterConfig).toMatchObject({ Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
      expect(target.RetryPolicy).toMatchObject({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
    }
    const alarmed = resources('AWS::CloudWatch::Alarm').filter((a) => a.Properties.MetricName === 'FailedInvocations');
    expect(alarmed).toHaveLength(STAGE_ROUTES.length);
  });

  it('bounds the concurrency of every function: reserved, or the maximum of each event source', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping');
    for (const [id, fn] of Object.entries(resourcesById('AWS::Lambda::Function'))) {
      const reserved = fn.Properties.ReservedConcurrentExecutions;
      const sources = mappings.filter((m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: id }));
      const bounded =
        typeof reserved === 'number' ||
        (sources.length > 0 &&
          sources.every(
            (m) =>
              typeof (m.Properties.ScalingConfig as { MaximumConcurrency?: number })?.MaximumConcurrency === 'number',
          ));
      expect(bounded, id).toBe(true);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: PUBLISHER.reservedConcurrency,
    });
    for (const def of Object.values(FUNCTIONS)) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        ScalingConfig: { MaximumConcurrency: def.maxConcurrency },
        FunctionName: { Ref: Match.stringLikeRegexp(`^${def.name}function`) },
      });
    }
  });

  it('takes backfill concurrency and warm table throughput from context values', async () => {
    const { AkhbarStack: Stack } = await import('../../infra/stack.ts');
    const backfill = Template.fromStack(
      new Stack(appWith(), 'Backfill', {
        bundle: false,
        concurrency: { dedupe: 60, publish: 40 },
        tableWarmWritesPerSecond: 20_000,
      }),
    );
    backfill.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 60 } });
    backfill.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 40 });
    backfill.hasResourceProperties('AWS::DynamoDB::Table', { WarmThroughput: { WriteUnitsPerSecond: 20_000 } });
    backfill.hasResourceProperties('AWS::DynamoDB::Table', { WarmThroughput: { WriteUnitsPerSecond: 5_000 } });
    for (const table of resources('AWS::DynamoDB::Table')) expect(table.Properties.WarmThroughput).toBeUndefined();
  });

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

  it('encrypts the buckets with S3-managed keys and expires only old versions of stage outputs', () => {
    for (const bucket of resources('AWS::S3::Bucket')) {
      expect(JSON.stringify(bucket.Properties.BucketEncryption)).toContain('AES256');
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: Match.anyValue() })]),
      },
    });
  });

  it('gives each stage queue a dead-letter queue and a visibility timeout six times its function timeout', () => {
    for (const queue of Object.values(QUEUES)) {
      const consumer = Object.values(FUNCTIONS).find((f) => f.source === queue.name);
      expect(visibilityTimeoutSeconds(queue.name)).toBe(6 * (consumer?.timeoutSeconds ?? 0));
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: visibilityTimeoutSeconds(queue.name),
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: queue.maxReceiveCount },
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('routes Object Created events under each prefix to its stage queue', () => {
    for (const route of STAGE_ROUTES) {
      const queueId = logicalIds('AWS::SQS::Queue').find((id) => id.startsWith(`${route.queue}queue`));
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: { object: { key: [{ prefix: route.prefix }] } },
        },
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } })],
      });
    }
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
      // The bundles map their stack traces on first use; Node's flag would parse each map at every cold start.
      const environment = fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined;
      expect(String(environment?.Variables?.NODE_OPTIONS ?? '')).not.toContain('--enable-source-maps');
    }
    template.resourceCountIs('AWS::Logs::LogGroup', 4);
    for (const group of resources('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('streams new images from the table, with point-in-time recovery and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('filters the pipe to inserted outbox event items and dead-letters what it cannot publish', () => {
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      SourceParameters: {
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(PIPE_FILTER) }] },
        DynamoDBStreamParameters: { DeadLetterConfig: { Arn: Match.anyValue() } },
      },
      Enrichment: { 'Fn::GetAtt': [Match.stringLikeRegexp('^publishfunction'), 'Arn'] },
      TargetParameters: {
        EventBridgeEventBusParameters: { Source: 'akhbar', DetailType: '$.detailType' },
        InputTemplate: '<$.detail>',
      },
    });
  });

  it('archives the bus for replay', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: Match.anyValue(),
      EventPattern: { source: ['akhbar'] },
    });
  });

  it('alarms on dead letters, errors, throttles, queue age and pipe failures and throttling, with a dashboard', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map((a) => String(a.Properties.MetricName));
    for (const metric of [
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'Throttles',
      'ApproximateAgeOfOldestMessage',
      'ExecutionFailed',
      'ExecutionThrottled',
      'FailedInvocations',
      'WriteThrottleEvents',
      'ReadThrottleEvents',
    ]) {
      expect(alarms).toContain(metric);
    }
    // Every function, the publisher included, has its error and throttle alarms.
    const count = (metric: string) => alarms.filter((m) => m === metric).length;
    expect(count('Errors')).toBe(Object.keys(FUNCTIONS).length + 1);
    expect(count('Throttles')).toBe(Object.keys(FUNCTIONS).length + 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('sends every alarm, and its return to OK, to one TLS-only alarm topic', () => {
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topicId).toBeDefined();
    for (const alarm of resources('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    const policies = JSON.stringify(resources('AWS::SNS::TopicPolicy'));
    expect(policies).toContain('aws:SecureTransport');
    template.hasOutput('AlarmTopicArn', {});
  });

  it('sets every function to log at INFO unless told otherwise', () => {
    const levels = resources('AWS::Lambda::Function').map(
      (f) => (f.Properties.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_LOG_LEVEL,
    );
    expect(levels.length).toBeGreaterThan(0);
    expect(new Set(levels)).toEqual(new Set(['INFO']));
    const debug = Template.fromStack(new AkhbarStack(appWith(), 'Debug', { bundle: false, logLevel: 'DEBUG' }));
    for (const fn of Object.values(debug.findResources('AWS::Lambda::Function')))
      expect(fn.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
  });

  it('subscribes an alarm e-mail address when one is given', () => {
    const app = appWith();
    const withEmail = Template.fromStack(
      new AkhbarStack(app, 'WithEmail', { bundle: false, alarmEmail: 'ops@example.org' }),
    );
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
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

  it('gives each function only the access its definition asks for', () => {
    const dedupe = grants(statementsOf(FUNCTIONS.dedupe));
    expect(dedupe.filter((g) => g.includes('RawBucket'))).toEqual([]);
    expect(dedupe.filter((g) => g.startsWith('s3:Put'))).toEqual([]);
    expect(dedupe.filter((g) => g.startsWith('s3:GetObject ')).join()).toContain('/extracted/*');

    const clean = grants(statementsOf(FUNCTIONS.clean));
    const cleanWrites = clean.filter((g) => g.startsWith('s3:PutObject '));
    expect(cleanWrites).toHaveLength(1);
    expect(cleanWrites[0]).toContain('/clean/*');
    expect(clean.filter((g) => g.startsWith('dynamodb:') && g.includes('"Table')).map((g) => g.split(' ')[0])).toEqual([
      'dynamodb:PutItem',
    ]);

    const extract = grants(statementsOf(FUNCTIONS.extract));
    expect(extract.filter((g) => g.startsWith('s3:PutObject ')).join()).not.toContain('/clean/*');
    expect(extract.filter((g) => g.includes('RawBucket')).map((g) => g.split(' ')[0])).toEqual([
      's3:PutObjectTagging',
      's3:PutObjectVersionTagging',
    ]);
  });

  it('sets every environment variable a handler reads', () => {
    const functions = template.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Environment?: { Variables?: Record<string, unknown> } } }
    >;
    for (const def of Object.values(FUNCTIONS)) {
      const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(`${def.name}function`)) ?? [];
      expect(Object.keys(fn?.Properties.Environment?.Variables ?? {})).toEqual(
        expect.arrayContaining(Object.keys(def.environment)),
      );
    }
  });

  it('outputs what the CLI needs to find the deployed resources', () => {
    const outputs = Object.keys(template.toJSON().Outputs ?? {});
    expect(outputs).toEqual(
      expect.arrayContaining([
        'RawBucketName',
        'ProcessedBucketName',
        'TableName',
        'BusName',
        'PipeDeadLetterQueueUrl',
        ...Object.keys(QUEUES).flatMap((q) => [`${q}QueueUrl`, `${q}DeadLetterQueueUrl`]),
      ]),
    );
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
    expect(Object.keys(names.ruleDeadLetterQueues).sort()).toEqual(['clean', 'dedupe', 'extract']);
    expect(names.busName).toBe('value-of-BusName');
    expect(() => outputsToNames({ TableName: 'x' })).toThrow(/no output RawBucketName/);
  });
});
