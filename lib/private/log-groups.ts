import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { secureKey } from './kms-keys';

/**
 * Secure defaults for CloudWatch log groups, kept in one place: every log group this library
 * creates is encrypted with a customer-managed KMS key (Control Tower CT.CLOUDWATCH.PR.3) and kept
 * for at least a year (CT.CLOUDWATCH.PR.2), and survives stack deletion.
 */
const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

const LOGS_KEY_ID = 'ScalingBlueprintsLogsKey';

/**
 * The stack's shared KMS key for log groups (one per stack, created on first use), with rotation
 * on and a key policy that lets CloudWatch Logs in this account and region use it.
 */
function logsEncryptionKey(scope: Construct): kms.IKey {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LOGS_KEY_ID) as kms.IKey | undefined;
  if (existing) return existing;
  const key = secureKey(
    stack,
    LOGS_KEY_ID,
    'Encrypts the CloudWatch log groups created by cdk-scaling-blueprints',
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsInThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: '*',
          }),
        },
      },
    }),
  );
  return key;
}

/** Options for {@link secureLogGroup}. */
export interface SecureLogGroupOptions {
  readonly retention?: logs.RetentionDays;
  readonly removalPolicy?: RemovalPolicy;
  readonly logGroupName?: string;
}

/** A log group with the library's secure defaults: KMS-encrypted, one-year retention, retained. */
export function secureLogGroup(
  scope: Construct,
  id: string,
  options: SecureLogGroupOptions = {},
): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: options.logGroupName,
    encryptionKey: logsEncryptionKey(scope),
    retention: options.retention ?? DEFAULT_LOG_RETENTION,
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
  });
}
