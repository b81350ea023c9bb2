import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
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
        POWERTOOLS_SERVICE_NAME: 'akhbar',
        POWERTOOLS_METRICS_NAMESPACE: 'Akhbar',
        POWERTOOLS_LOG_LEVEL: props.logLevel,
      },
    };
    this.function = new lambda.Function(this, 'Function', {
      ...common,
      handler: 'index.handler',
      code: props.bundle ? bundledCode(props.entry) : lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
  }

  /** Adds an environment variable together with the statements that let the function use it. */
  setEnvironment(name: string, value: string, statements: iam.PolicyStatement[]): void {
    this.function.addEnvironment(name, value);
    for (const statement of statements) this.role.addToPolicy(statement);
  }
}

/**
 * The function's esbuild bundle, built in this process's environment by the project's own bundling
 * (infra/bundling.ts: the options and plugins `npm run build`, the local stack and the bench use), hashed
 * by its output. No container: a failed build fails the synth instead of falling back to Docker.
 */
function bundledCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      // Never run (local bundling builds or throws), but part of the asset's cache key: without it,
      // functions with one source directory and one image would share the first function's bundle.
      command: ['node', '--import', 'tsx', 'scripts/bundle-function.ts', entry, '/asset-output'],
      local: {
        tryBundle(outputDir: string): boolean {
          const result = spawnSync(
            process.execPath,
            ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'bundle-function.ts'), entry, outputDir],
            { cwd: REPO_ROOT, stdio: 'inherit' },
          );
          if (result.status !== 0) throw new Error(`bundling ${entry} failed (exit ${result.status ?? result.signal})`);
          return true;
        },
      },
    },
  });
}
