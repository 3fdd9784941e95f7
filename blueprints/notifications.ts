import { Annotations, Stack } from 'aws-cdk-lib';

/**
 * What to tell the user when a blueprint's alarms (and budget alerts) have nobody to notify, naming
 * the setting; undefined when someone is. An alarm topic without subscribers pages no one, which is
 * worse than knowing there is no pager.
 */
export function noRecipientsMessage(
  blueprint: string,
  alarmEmails: readonly string[],
  budgetEmails: readonly string[] = [],
): string | undefined {
  if (alarmEmails.length > 0 || budgetEmails.length > 0) return undefined;
  return (
    `no one is notified: \`${blueprint}.alarmEmails\` is empty, so the alarm topic (and the budget alerts sent ` +
    `to it) has no subscriber. Set \`${blueprint}.alarmEmails\` (e.g. -c ${blueprint}='{"alarmEmails":["oncall@example.com"]}') ` +
    'or subscribe your pager to the alarm topic'
  );
}

/**
 * Records the no-recipients message on the stack as an info annotation, which `cdk synth` prints
 * (and `ComplianceGates.synthesizeWithFindings` lists as a note). Not a CDK warning: under this project's strict
 * validation every warning fails the synth, and a blueprint with default settings must synthesize.
 */
export function reportWithoutRecipients(stack: Stack, message: string | undefined): void {
  if (message) Annotations.of(stack).addInfo(`Warning: ${message}`);
}
