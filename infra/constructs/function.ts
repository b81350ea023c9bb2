import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLING } from '../bundling.ts';
import { LOG_RETENTION_DAYS } from '../definitions.ts';

/**
 * The one function construct of the project: Node 22 on arm64, active
 * tracing, an explicit log group with retention, minified ESM bundles with
 * source maps, and its own role holding only the statements it is given
 * (no managed policies). Bundling can be switched off for synth-time tests.
 */

export interface AkhbarFunctionProps {
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** False in infra tests: a placeholder inline handler stands in for the esbuild bundle. */
  bundle: boolean;
  description: string;
  /** Powertools log level. INFO logs keys, ids, statuses and counts; no level logs article text. */
  logLevel: LogLevel;
  /** Reserved concurrency, for a function no event source bounds (the pipe's enrichment). */
  reservedConcurrency?: number;
}

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export class AkhbarFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AkhbarFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION_DAYS as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (least privilege, statements added with each environment variable)`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const common = {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      description: props.description,
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'akhbar',
        POWERTOOLS_METRICS_NAMESPACE: 'Akhbar',
        POWERTOOLS_LOG_LEVEL: props.logLevel,
      },
    };
    this.function = props.bundle
      ? new NodejsFunction(this, 'Function', {
          ...common,
          entry: path.join(REPO_ROOT, props.entry),
          handler: 'handler',
          projectRoot: REPO_ROOT,
          depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
          bundling: {
            format: OutputFormat.ESM,
            minify: BUNDLING.minify,
            sourceMap: BUNDLING.sourceMap,
            sourcesContent: BUNDLING.sourcesContent,
            target: BUNDLING.target,
            mainFields: [...BUNDLING.mainFields],
            banner: BUNDLING.banner,
            externalModules: [...BUNDLING.externalModules],
            esbuildArgs: { '--alias': Object.entries(BUNDLING.alias).map(([from, to]) => `${from}=${to}`) },
          },
        })
      : new lambda.Function(this, 'Function', {
          ...common,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler = async () => ({});'),
        });
  }

  /** Adds an environment variable together with the statements that let the function use it. */
  setEnvironment(name: string, value: string, statements: iam.PolicyStatement[]): void {
    this.function.addEnvironment(name, value);
    for (const statement of statements) this.role.addToPolicy(statement);
  }
}
