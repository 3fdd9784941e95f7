import { Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Acknowledge one finding on CDK's stack-singleton custom resource that restricts the VPC's
 * default security group (created by `restrictDefaultSecurityGroup`). It is a construct CDK
 * owns, so the acknowledgement is placed on it, not on the stack.
 */
export function acknowledgeRestrictDefaultSgProvider(scope: Construct): void {
  const provider = Stack.of(scope).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
  if (!provider) return;
  Validations.of(provider).acknowledge({
    id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
    reason:
      "CDK's own deploy-time handler that removes the rules of the VPC's default security group; it only calls the EC2 API during deployments and CDK offers no VPC placement for it",
  });
}

/**
 * Control Tower CT.CLOUDWATCH.PR.1 wants an action on every alarm. A construct's default alarms are
 * created without actions: `Observability` (or the caller) routes them to a topic. The finding is
 * acknowledged on the alarm itself; once an action is added the rule passes and the
 * acknowledgement is moot.
 */
export function acknowledgeAlarmRoutedByObservability(alarm: Construct): void {
  Validations.of(alarm).acknowledge({
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  });
}

/**
 * cdk-nag ECS2 flags any plain environment variable. This library only puts configuration there
 * (keys that look like secrets are rejected at synth, endpoints and ports are not secrets); the
 * secrets themselves go through `secrets`. Acknowledged on the task definition it is about.
 */
export function acknowledgeConfigurationOnlyEnvironment(taskDefinition: Construct): void {
  const alreadyAcknowledged = taskDefinition.node.metadata.some(
    (entry) =>
      entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
      Object.keys(entry.data as object).some((id) => id.endsWith('AwsSolutions-ECS2')),
  );
  if (alreadyAcknowledged) return;
  Validations.of(taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason:
      'The plain environment holds configuration only (endpoints, ports, flags): keys that look like secrets ' +
      '(*_PASSWORD, *_SECRET, *_TOKEN, *_API_KEY, AWS keys) are rejected at synth and secrets are injected through `secrets`',
  });
}
