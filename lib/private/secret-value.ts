import { SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * A secret's value as a CloudFormation dynamic reference. A secret imported by name has no complete
 * ARN (`fromSecretNameV2` builds a partial one): it is referenced by name, which dynamic references
 * accept for a secret of the stack's own account and region.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
 */
export function resolvableSecretValue(secret: secretsmanager.ISecret): SecretValue {
  return secret.secretFullArn === undefined
    ? SecretValue.secretsManager(secret.secretName)
    : secret.secretValue;
}
