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
  IDEMPOTENCY_TABLE,
  objectCreatedPattern,
  PIPE_FILTER,
  PUBLISHER,
  QUEUES,
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
}

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
    });
    const idempotency = new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
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

    const bucketByRole = { raw, processed };
    for (const route of STAGE_ROUTES) {
      new events.Rule(this, route.name, {
        description: `New objects under ${route.prefix} feed the ${route.queue} stage`,
        eventPattern: objectCreatedPattern(bucketByRole[route.bucket].bucketName, route.prefix),
        targets: [new targets.SqsQueue(queues[route.queue]!)],
      });
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
        }),
      );
      alarm(
        `${def.name}-errors`,
        fn.function.metricErrors({ period: Duration.minutes(5) }),
        0,
        `The ${def.name} function failed`,
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
    });
    const pipeDlq = new sqs.Queue(this, 'pipe-dlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const pipeRole = new iam.Role(this, 'PipeRole', { assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com') });
    pipeRole.addToPolicy(
      new iam.PolicyStatement({
        // No dynamodb:ListStreams: the pipe is given the stream ARN, and that action takes no resource but "*".
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [table.tableStreamArn!],
      }),
    );
    pipeRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [publisher.function.functionArn] }),
    );
    pipeRole.addToPolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }));
    pipeRole.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [pipeDlq.queueArn] }));
    const pipe = new pipes.CfnPipe(this, 'Pipe', {
      roleArn: pipeRole.roleArn,
      description: 'Publishes outbox event items from the table stream',
      source: table.tableStreamArn!,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: 10,
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
    dashboardWidgets.push(
      new cloudwatch.GraphWidget({
        title: 'events pipe',
        left: [pipeFailures, pipeDlq.metricApproximateNumberOfMessagesVisible()],
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
  }
}
