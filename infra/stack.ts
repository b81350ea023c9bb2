import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AkhbarFunction } from './constructs/function.ts';
import {
  BUS,
  type EnvironmentVariable,
  EVENT_SOURCE,
  FUNCTIONS,
  IDEMPOTENCY_TABLE,
  objectCreatedPattern,
  PIPE_FILTER,
  PREFIXES,
  PUBLISHER,
  QUEUES,
  STAGE_ROUTES,
  TABLE,
  visibilityTimeoutSeconds,
} from './definitions.ts';

export interface AkhbarStackProps extends StackProps {
  /** False in infra tests: synthesize without running esbuild. */
  bundle?: boolean;
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

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = (name: string, logPrefix: string) => {
      const created = new s3.Bucket(this, name, {
        versioned: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: logPrefix,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // EventBridge notifications set on the bucket itself: `eventBridgeEnabled` would add a custom-resource Lambda.
      (created.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
      return created;
    };
    const raw = bucket('RawBucket', 'raw/');
    const processed = bucket('ProcessedBucket', 'processed/');

    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
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

    // Each environment variable comes with exactly the access it needs.
    const environment: Record<EnvironmentVariable, { value: string; statements: iam.PolicyStatement[] }> = {
      RAW_BUCKET: {
        value: raw.bucketName,
        statements: [
          new iam.PolicyStatement({
            actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'],
            resources: [raw.arnForObjects(`${PREFIXES.incoming}*`)],
          }),
        ],
      },
      PROCESSED_BUCKET: {
        value: processed.bucketName,
        statements: [
          new iam.PolicyStatement({
            actions: ['s3:GetObject', 's3:PutObject'],
            resources: [
              processed.arnForObjects(`${PREFIXES.clean}*`),
              processed.arnForObjects(`${PREFIXES.extracted}*`),
            ],
          }),
        ],
      },
      TABLE_NAME: {
        value: table.tableName,
        statements: [
          new iam.PolicyStatement({
            actions: [
              'dynamodb:GetItem',
              'dynamodb:BatchGetItem',
              'dynamodb:PutItem',
              'dynamodb:UpdateItem',
              'dynamodb:Query',
              'dynamodb:ConditionCheckItem',
            ],
            resources: [table.tableArn],
          }),
        ],
      },
      IDEMPOTENCY_TABLE_NAME: {
        value: idempotency.tableName,
        statements: [
          new iam.PolicyStatement({
            actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            resources: [idempotency.tableArn],
          }),
        ],
      },
      LOG_ARTICLE_TEXT: { value: 'false', statements: [] },
    };

    const dashboardWidgets: cloudwatch.IWidget[] = [];
    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });

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
      new events.Rule(this, `route-${route.queue}`, {
        description: `New objects under ${route.prefix} feed the ${route.queue} stage`,
        eventPattern: objectCreatedPattern(bucketByRole[route.bucket].bucketName, route.prefix),
        targets: [new targets.SqsQueue(queues[route.queue]!)],
      });
    }

    for (const def of Object.values(FUNCTIONS)) {
      const fn = new AkhbarFunction(this, `${def.name}-function`, {
        entry: def.entry,
        memoryMb: def.memoryMb,
        timeoutSeconds: def.timeoutSeconds,
        bundle,
        description: `akhbar ${def.name} stage`,
      });
      for (const name of def.environment)
        fn.setEnvironment(name, environment[name].value, environment[name].statements);
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
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
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
    new cloudwatch.Dashboard(this, 'Dashboard', { widgets: [dashboardWidgets] });

    const output = (id: string, value: string) => new CfnOutput(this, id, { value });
    output('RawBucketName', raw.bucketName);
    output('ProcessedBucketName', processed.bucketName);
    output('TableName', table.tableName);
    output('BusName', bus.eventBusName);
    for (const [name, queue] of Object.entries(queues)) output(`${name}QueueUrl`, queue.queueUrl);
    for (const [name, queue] of Object.entries(deadLetterQueues)) output(`${name}DeadLetterQueueUrl`, queue.queueUrl);
    output('PipeDeadLetterQueueUrl', pipeDlq.queueUrl);
  }
}
