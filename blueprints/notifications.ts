import { Annotations, Stack } from 'aws-cdk-lib';

/** The id of the warning a blueprint gives when its alarms and budget alerts reach no one. */
export const NO_RECIPIENTS_WARNING = 'Blueprint:noAlarmRecipients';

/**
 * Warns, naming the settings, when a blueprint's alarms (and budget alerts) have nobody to notify:
 * an alarm topic without subscribers pages no one, which is worse than knowing there is no pager.
 * A CDK warning (printed by `cdk synth`, fatal with `cdk synth --strict`), acknowledgeable with
 * `Annotations.of(stack).acknowledgeWarning('Blueprint:noAlarmRecipients')` once the topic has
 * subscribers managed elsewhere.
 */
export function warnWithoutRecipients(
  stack: Stack,
  blueprint: string,
  alarmEmails: readonly string[],
  budgetEmails: readonly string[] = [],
): void {
  if (alarmEmails.length > 0 || budgetEmails.length > 0) return;
  Annotations.of(stack).addWarningV2(
    NO_RECIPIENTS_WARNING,
    `No one is notified: \`${blueprint}.alarmEmails\` is empty, so the alarm topic (and the budget alerts sent ` +
      `to it) has no subscriber. Set \`${blueprint}.alarmEmails\` (e.g. -c ${blueprint}='{"alarmEmails":["oncall@example.com"]}') ` +
      'or subscribe your pager to the alarm topic.',
  );
}
