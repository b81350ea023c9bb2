import type { Stack } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';

/**
 * The cdk-nag findings the stack accepts, each with its reason. Anything not
 * listed here fails the infra tests.
 */
export function acknowledgeNagFindings(stack: Stack): void {
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'Two kinds of wildcard only: S3 object ARNs scoped to one prefix of one bucket (incoming/*, clean/*, extracted/*), ' +
        'which is how object-level permissions are written, and X-Ray PutTraceSegments/PutTelemetryRecords, which support no resource-level permissions.',
      appliesTo: [
        'Resource::*',
        { regex: '/^Resource::<(RawBucket|ProcessedBucket)[A-Za-z0-9]+\\.Arn>\\/(incoming|clean|extracted)\\/\\*$/g' },
      ],
    },
    {
      id: 'AwsSolutions-SQS3',
      reason: 'These queues are the dead-letter queues themselves (for the stage queues and the pipe).',
    },
    {
      id: 'AwsSolutions-SNS2',
      reason:
        'The alarm topic carries alarm names, states and metric values, never article data; CloudWatch cannot publish ' +
        'to a topic encrypted with the AWS-managed SNS key, and a customer key for alarm states is not worth its cost. TLS is enforced (SNS3).',
    },
    {
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the bundles target and are measured on; moving to a newer runtime is a deliberate change.',
    },
  ]);
}
