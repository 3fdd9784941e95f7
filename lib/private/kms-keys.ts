import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * A customer-managed KMS key with the library's secure defaults: yearly rotation (cdk-nag KMS5,
 * CT.KMS.PR.1), retained on stack deletion (data encrypted with it stays readable), and a key
 * policy statement that lets only AWS services create grants on it (CT.KMS.PR.3), so a principal
 * with `kms:CreateGrant` cannot hand the key to someone else.
 */
export function secureKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  return key;
}
