import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type EnvironmentResources, environmentSetting } from './constructs/access.ts';
import { AkhbarFunction, type LogLevel } from './constructs/function.ts';
import {
  BUS,
  EVENT_SOURCE,
  environmentNames,
  FUNCTIONS,
  type FunctionDefinition,
  IDEMPOTENCY_TABLE,
  objectCreatedPattern,
  PIPE_FILTER,
  PIPE_SOURCE,
  PUBLISHER,
  QUEUES,
  RULE_TARGET_RETRY,
  STAGE_ROUTES,
  TABLE,
  visibilityTimeoutSeconds,
} from './definitions.ts';

/** Days an overwritten stage output (clean/, extracted/) is kept. */
const STAGE_OUTPUT_NONCURRENT_DAYS = 30;

export interface AkhbarStackProps extends StackProps {
  /** False in infra tests: synthesize without running esbuild. */
  bundle?: boolean;
  /** Who is told when an alarm fires (an e-mail subscription to the alarm topic); other subscribers can be added to the topic. */
  alarmEmail?: string;
  /** The functions' log level (default INFO). */
  logLevel?: LogLevel;
  /**
   * Concurrency bounds overriding the definitions (infra/definitions.ts): each stage's event-source
   * `MaximumConcurrency` and the publisher's reserved concurrency. `cdk deploy -c dedupeConcurrency=60` for
   * a backfill (docs/architecture.md, "Throughput and backfill").
   */
  concurrency?: Partial<Record<ConcurrencyName, number>>;
  /**
   * Write units per second the table is pre-warmed to (DynamoDB warm throughput), for a backfill; the
   * idempotency table is warmed to a quarter of it.
   */
  tableWarmWritesPerSecond?: number;
}

export type ConcurrencyName = FunctionDefinition['name'] | 'publish';
export const CONCURRENCY_NAMES: readonly ConcurrencyName[] = ['clean', 'extract', 'dedupe', 'publish'];

/**
 * S3 uploads → clean → extract → dedupe (Lambda, fed by SQS from S3's
 * EventBridge notifications) → one DynamoDB table (records + outbox events)
 * → stream → EventBridge Pipe → the akhbar bus. See docs/architecture.md.
 */
export class AkhbarStack extends Stack {
  constructor(scope: Construct, id: string, props: AkhbarStackProps = {}) {
    super(scope, id, props);
    const bundle = props.bundle ?? true;
    const logLevel = props.logLevel ?? 'INFO';
    const stageConcurrency = (def: FunctionDefinition) => props.concurrency?.[def.name] ?? def.maxConcurrency;
    const publishConcurrency = props.concurrency?.publish ?? PUBLISHER.reservedConcurrency;

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SSE-S3 rather than KMS: the articles are published news, not secrets; a customer key would add a KMS call to
    // every GetObject/PutObject (cost and throttling at ingest rates) and key grants to every reader, for no gain
    // in who can read them (IAM already scopes each function to its prefixes).
    const bucket = (name: string, logPrefix: string, lifecycleRules: s3.LifecycleRule[]) => {
      const created = new s3.Bucket(this, name, {
        versioned: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: logPrefix,
        lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }, ...lifecycleRules],
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // EventBridge notifications set on the bucket itself: `eventBridgeEnabled` would add a custom-resource Lambda.
      (created.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
      return created;
    };
    // Raw uploads keep every version (the source of truth, and what a replay reads); stage outputs are derived
    // and rewritten on every replay, so their old versions go after a while.
    const raw = bucket('RawBucket', 'raw/', []);
    const processed = bucket('ProcessedBucket', 'processed/', [
      { noncurrentVersionExpiration: Duration.days(STAGE_OUTPUT_NONCURRENT_DAYS) },
    ]);

    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: TABLE.keyType as dynamodb.AttributeType },
      sortKey: { name: TABLE.sortKey, type: TABLE.keyType as dynamodb.AttributeType },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.tableWarmWritesPerSecond
        ? { warmThroughput: { writeUnitsPerSecond: props.tableWarmWritesPerSecond } }
        : {}),
    });
    const idempotency = new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
      // About 6 small writes per article (in progress and completed, three stages) against the main table's
      // ~50: a quarter of its warm throughput leaves room.
      ...(props.tableWarmWritesPerSecond
        ? { warmThroughput: { writeUnitsPerSecond: Math.ceil(props.tableWarmWritesPerSecond / 4) } }
        : {}),
    });

    const dashboardWidgets: cloudwatch.IWidget[] = [];
    // Every alarm notifies one topic: subscribe e-mail, chat or paging to it.
    const alarmTopic = new sns.Topic(this, 'alarms', { enforceSSL: true });
    if (props.alarmEmail) alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const alarmAction = new SnsAction(alarmTopic);
    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(alarmAction);
      created.addOkAction(alarmAction);
      return created;
    };

    for (const [id, metricName] of [
      ['table-write-throttles', 'WriteThrottleEvents'],
      ['table-read-throttles', 'ReadThrottleEvents'],
    ] as const) {
      alarm(
        id,
        table.metric(metricName, { statistic: 'Sum', period: Duration.minutes(5) }),
        0,
        `DynamoDB throttled ${metricName === 'WriteThrottleEvents' ? 'writes' : 'reads'} on the table: lower the stage concurrency or raise the table's warm throughput`,
      );
    }

    const queues: Record<string, sqs.Queue> = {};
    const deadLetterQueues: Record<string, sqs.Queue> = {};
    for (const def of Object.values(QUEUES)) {
      const dlq = new sqs.Queue(this, `${def.name}-dlq`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(def.deadLetterRetentionDays),
      });
      const queue = new sqs.Queue(this, `${def.name}-queue`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(def.name)),
        retentionPeriod: Duration.days(def.retentionDays),
        deadLetterQueue: { queue: dlq, maxReceiveCount: def.maxReceiveCount },
      });
      queues[def.name] = queue;
      deadLetterQueues[def.name] = dlq;
      alarm(
        `${def.name}-dlq-depth`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        0,
        `Messages in the ${def.name} dead-letter queue`,
      );
      alarm(
        `${def.name}-oldest`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }),
        300,
        `The ${def.name} queue is falling behind`,
      );
      dashboardWidgets.push(
        new cloudwatch.GraphWidget({
          title: `${def.name} queue`,
          left: [queue.metricApproximateNumberOfMessagesVisible(), dlq.metricApproximateNumberOfMessagesVisible()],
          right: [queue.metricApproximateAgeOfOldestMessage()],
        }),
      );
    }

    // EventBridge retries a failed delivery to a stage queue for a day, then parks the S3 event in the rule's
    // dead-letter queue (alarmed); `FailedInvocations` says it happened at all.
    const bucketByRole = { raw, processed };
    const ruleDeadLetterQueues: Record<string, sqs.Queue> = {};
    for (const route of STAGE_ROUTES) {
      const ruleDlq = new sqs.Queue(this, `${route.name}-dlq`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(QUEUES[route.queue].deadLetterRetentionDays),
      });
      ruleDeadLetterQueues[route.name] = ruleDlq;
      const rule = new events.Rule(this, route.name, {
        description: `New objects under ${route.prefix} feed the ${route.queue} stage`,
        eventPattern: objectCreatedPattern(bucketByRole[route.bucket].bucketName, route.prefix),
        targets: [
          new targets.SqsQueue(queues[route.queue]!, {
            deadLetterQueue: ruleDlq,
            retryAttempts: RULE_TARGET_RETRY.attempts,
            maxEventAge: Duration.hours(RULE_TARGET_RETRY.maxEventAgeHours),
          }),
        ],
      });
      alarm(
        `${route.name}-dlq-depth`,
        ruleDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        0,
        `S3 events EventBridge could not deliver to the ${route.queue} queue`,
      );
      alarm(
        `${route.name}-failed-invocations`,
        new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'FailedInvocations',
          dimensionsMap: { RuleName: rule.ruleName },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        0,
        `EventBridge failed to deliver S3 events to the ${route.queue} queue`,
      );
    }

    // Each environment variable comes with exactly the access the function's definition asks for.
    const environmentResources: EnvironmentResources = { raw, processed, table, idempotencyTable: idempotency };
    for (const def of Object.values(FUNCTIONS)) {
      const fn = new AkhbarFunction(this, `${def.name}-function`, {
        entry: def.entry,
        memoryMb: def.memoryMb,
        timeoutSeconds: def.timeoutSeconds,
        bundle,
        logLevel,
        description: `akhbar ${def.name} stage`,
      });
      for (const name of environmentNames(def)) {
        const setting = environmentSetting(name, def.environment, environmentResources);
        fn.setEnvironment(name, setting.value, setting.statements);
      }
      fn.function.addEventSource(
        new SqsEventSource(queues[def.source]!, {
          batchSize: QUEUES[def.source].batchSize,
          maxBatchingWindow: Duration.seconds(QUEUES[def.source].maxBatchingWindowSeconds),
          reportBatchItemFailures: true,
          maxConcurrency: stageConcurrency(def),
        }),
      );
      alarm(
        `${def.name}-errors`,
        fn.function.metricErrors({ period: Duration.minutes(5) }),
        0,
        `The ${def.name} function failed`,
      );
      alarm(
        `${def.name}-throttles`,
        fn.function.metricThrottles({ period: Duration.minutes(5) }),
        0,
        `The ${def.name} function was throttled (account concurrency exhausted)`,
      );
      dashboardWidgets.push(
        new cloudwatch.GraphWidget({
          title: `${def.name} function`,
          left: [fn.function.metricInvocations(), fn.function.metricErrors()],
          right: [fn.function.metricDuration({ statistic: 'p95' })],
        }),
      );
    }

    // Events: the table's stream → pipe (filter, enrichment) → the akhbar bus, with an archive for replay.
    const bus = new events.EventBus(this, 'Bus', { description: 'akhbar article and story events' });
    bus.archive('Archive', {
      description: 'All akhbar events, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(BUS.archiveRetentionDays),
    });
    const publisher = new AkhbarFunction(this, 'publish-function', {
      entry: PUBLISHER.entry,
      memoryMb: PUBLISHER.memoryMb,
      timeoutSeconds: PUBLISHER.timeoutSeconds,
      bundle,
      logLevel,
      description: 'akhbar pipe enrichment: outbox items to bus entries',
      reservedConcurrency: publishConcurrency,
    });
    alarm(
      'publish-errors',
      publisher.function.metricErrors({ period: Duration.minutes(5) }),
      0,
      'The publish function failed (the pipe retries, then dead-letters the batch)',
    );
    alarm(
      'publish-throttles',
      publisher.function.metricThrottles({ period: Duration.minutes(5) }),
      0,
      'The publish function was throttled: its reserved concurrency is below the stream shards',
    );
    const pipeDlq = new sqs.Queue(this, 'pipe-dlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const pipeRole = new iam.Role(this, 'PipeRole', { assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com') });
    // A policy of its own, so the pipe can wait for it: Pipes checks at creation that the role can read the
    // stream, and a pipe created before its role's policy fails (and rolls the whole first deploy back).
    const pipePolicy = new iam.Policy(this, 'PipePolicy', {
      roles: [pipeRole],
      statements: [
        new iam.PolicyStatement({
          // No dynamodb:ListStreams: the pipe is given the stream ARN, and that action takes no resource but "*".
          actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          resources: [table.tableStreamArn!],
        }),
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [publisher.function.functionArn] }),
        new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [pipeDlq.queueArn] }),
      ],
    });
    const pipe = new pipes.CfnPipe(this, 'Pipe', {
      roleArn: pipeRole.roleArn,
      description: 'Publishes outbox event items from the table stream',
      source: table.tableStreamArn!,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: PIPE_SOURCE.batchSize,
          maximumRetryAttempts: PIPE_SOURCE.maximumRetryAttempts,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: pipeDlq.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(PIPE_FILTER) }] },
      },
      enrichment: publisher.function.functionArn,
      target: bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { detailType: '$.detailType', source: EVENT_SOURCE },
        inputTemplate: '<$.detail>',
      },
    });
    pipe.node.addDependency(pipePolicy);
    alarm(
      'pipe-dlq-depth',
      pipeDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      0,
      'Events the pipe could not publish',
    );
    const pipeFailures = new cloudwatch.Metric({
      namespace: 'AWS/EventBridge/Pipes',
      metricName: 'ExecutionFailed',
      dimensionsMap: { PipeName: pipe.ref },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    alarm('pipe-failures', pipeFailures, 0, 'The events pipe failed executions');
    const pipeMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/EventBridge/Pipes',
        metricName,
        dimensionsMap: { PipeName: pipe.ref },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    alarm(
      'pipe-throttled',
      pipeMetric('ExecutionThrottled'),
      0,
      'The events pipe was throttled (the enrichment function or the bus): events wait in the stream',
    );
    alarm('pipe-timeouts', pipeMetric('ExecutionTimeout'), 0, 'Executions of the events pipe timed out');
    dashboardWidgets.push(
      new cloudwatch.GraphWidget({
        title: 'events pipe',
        left: [pipeFailures, pipeMetric('ExecutionThrottled'), pipeDlq.metricApproximateNumberOfMessagesVisible()],
        right: [publisher.function.metric('ConcurrentExecutions', { statistic: 'Maximum' })],
      }),
      // What a backfill watches: the table's throttling against what it consumes.
      new cloudwatch.GraphWidget({
        title: 'table writes and throttling',
        left: [table.metricConsumedWriteCapacityUnits(), table.metricConsumedReadCapacityUnits()],
        right: [
          table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
          table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
        ],
      }),
    );
    // The handlers' own metrics (Powertools EMF: namespace Akhbar, dimension service).
    const outcome = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'Akhbar',
        metricName,
        dimensionsMap: { service: 'akhbar' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    dashboardWidgets.unshift(
      new cloudwatch.GraphWidget({
        title: 'articles',
        left: [outcome('Ingested'), outcome('Duplicates'), outcome('Rejected')],
      }),
      new cloudwatch.GraphWidget({
        title: 'stage latency (p95, ms)',
        left: Object.values(FUNCTIONS).map(
          (def) =>
            new cloudwatch.Metric({
              namespace: 'Akhbar',
              metricName: `${def.name}Latency`,
              dimensionsMap: { service: 'akhbar' },
              statistic: 'p95',
              period: Duration.minutes(5),
            }),
        ),
      }),
    );
    new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: Array.from({ length: Math.ceil(dashboardWidgets.length / 3) }, (_, i) =>
        dashboardWidgets.slice(i * 3, i * 3 + 3),
      ),
    });

    // What the CLI and subscribers need to find the deployed resources.
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('RawBucketName', raw.bucketName, 'Upload raw articles under incoming/');
    output('ProcessedBucketName', processed.bucketName, 'Cleaned and extracted articles (clean/, extracted/)');
    output('TableName', table.tableName, 'Article records, outbox events, dedupe index and stories');
    output('IdempotencyTableName', idempotency.tableName, 'Powertools idempotency records');
    output('BusName', bus.eventBusName, 'The akhbar event bus (source akhbar)');
    output('BusArn', bus.eventBusArn, 'The akhbar event bus ARN');
    output('AlarmTopicArn', alarmTopic.topicArn, 'Alarm notifications (dead letters, errors, backlog, pipe failures)');
    for (const [name, queue] of Object.entries(queues)) {
      output(`${name}QueueUrl`, queue.queueUrl, `The ${name} stage queue`);
      output(`${name}DeadLetterQueueUrl`, deadLetterQueues[name]!.queueUrl, `Dead letters of the ${name} stage`);
    }
    output('PipeDeadLetterQueueUrl', pipeDlq.queueUrl, 'Events the pipe could not publish');
    for (const [name, queue] of Object.entries(ruleDeadLetterQueues)) {
      output(
        `${name.replace(/-/g, '')}DeadLetterQueueUrl`,
        queue.queueUrl,
        `S3 events the ${name} rule could not deliver`,
      );
    }
  }
}
