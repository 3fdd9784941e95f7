import { Aspects, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';

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
 * created without actions: `Observability` (or the caller) routes them to a topic. Only an alarm
 * that still has no action when the app is synthesized gets the finding acknowledged, on the alarm
 * itself; a routed alarm passes the rule and carries no acknowledgement, so the reviewed lists of
 * the blueprints stay short.
 */
export function acknowledgeAlarmRoutedByObservability(alarm: Construct): void {
  Aspects.of(alarm).add(ACKNOWLEDGE_ALARM_WITHOUT_ACTIONS);
}

const ACKNOWLEDGE_ALARM_WITHOUT_ACTIONS: IAspect = {
  visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.CfnAlarm)) return;
    const actions = Stack.of(node).resolve(node.alarmActions) as unknown[] | undefined;
    if (actions && actions.length > 0) return;
    Validations.of(node.node.scope ?? node).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
      reason:
        "A construct's default alarm, not routed anywhere in this app: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
    });
  },
};

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
