import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { secureKey } from '../../private/kms-keys';

/**
 * The alarm topic Observability creates (ids `AlarmTopicKey` and `AlarmTopic`): encrypted with a
 * customer-managed key CloudWatch may use, TLS only, and publishable by this account's alarms only.
 */
export function createAlarmTopic(scope: Construct): { topic: sns.Topic; key: kms.Key } {
  const key = secureKey(scope, 'AlarmTopicKey', 'Encrypts the alarm notifications of cdk-scaling-blueprints');
  // CloudWatch alarms publish into the encrypted topic: without this the notifications fail.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToUseTheKey',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: 'Scaling blueprints alarms',
    masterKey: key,
    enforceSSL: true,
  });
  // A topic policy replaces the default one: allow this account's CloudWatch alarms explicitly.
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        ArnLike: {
          'aws:SourceArn': Stack.of(scope).formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
        StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
      },
    }),
  );
  return { topic, key };
}
