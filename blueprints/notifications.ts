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

/**
 * What to tell the user when settings that name things in their account (a VPC, a load balancer, a
 * hosted zone) still hold the examples the blueprint ships so that it synthesizes offline: the
 * template is valid, but a deploy with them fails (a certificate that cannot be validated, a key
 * policy naming a role that does not exist). Undefined when every one was set.
 */
export function exampleValuesMessage(
  blueprint: string,
  settings: object,
  defaults: object,
  paths: readonly string[],
): string | undefined {
  const unchanged = paths.filter(
    (path) => JSON.stringify(settingAt(settings, path)) === JSON.stringify(settingAt(defaults, path)),
  );
  if (unchanged.length === 0) return undefined;
  return (
    `${unchanged.map((path) => `\`${blueprint}.${path}\``).join(', ')} ${unchanged.length === 1 ? 'is an example' : 'are examples'} ` +
    'that let the blueprint synthesize offline and name nothing in your account: a deploy with them fails. ' +
    `Set them to your own resources before \`cdk deploy\` (docs/blueprints/${blueprint}.md lists each one)`
  );
}

/** Records the example-values message on the stack as an info annotation (see {@link reportWithoutRecipients}). */
export function reportExampleValues(stack: Stack, message: string | undefined): void {
  if (message) Annotations.of(stack).addInfo(`Before deploying: ${message}`);
}

function settingAt(settings: object, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      settings,
    );
}
