import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../../errors';
import { checkPositiveDuration } from '../../private/validate';
import type { ObservabilityProps } from '../observability';
import { formatDuration, SloTargets } from './slo-sections';

/** Validation of {@link ObservabilityProps}, one function per concern, called before any child exists. */
export function validateObservabilityProps(
  scope: IConstruct,
  props: ObservabilityProps,
  defaults: SloTargets,
): void {
  validateSlo(scope, props, defaults);
  validateAlarmEmails(scope, props.alarmEmails);
  validateDashboardName(scope, props.dashboardName);
}

function validateSlo(scope: IConstruct, props: ObservabilityProps, defaults: SloTargets): void {
  const slo = props.slo ?? {};
  checkPositiveDuration(scope, 'slo.latencyP95', slo.latencyP95);
  checkPositiveDuration(scope, 'slo.latencyP99', slo.latencyP99);
  const p95 = slo.latencyP95 ?? defaults.latencyP95;
  const p99 = slo.latencyP99 ?? defaults.latencyP99;
  if (!p95.isUnresolved() && !p99.isUnresolved() && p99.toMilliseconds() < p95.toMilliseconds()) {
    throw new BlueprintValidationError(
      scope,
      'slo.latencyP99',
      `\`slo.latencyP99\` must be at least \`slo.latencyP95\` (${formatDuration(p95)}), got: ${formatDuration(p99)}`,
    );
  }
  checkPercent(scope, 'slo.errorRatePercent', slo.errorRatePercent, false);
  checkPercent(scope, 'slo.availabilityPercent', slo.availabilityPercent, true);
  if (slo.maxMessageAge !== undefined && !slo.maxMessageAge.isUnresolved()) {
    const seconds = slo.maxMessageAge.toMilliseconds() / 1000;
    if (seconds < 1 || seconds > Duration.days(14).toSeconds()) {
      throw new BlueprintValidationError(
        scope,
        'slo.maxMessageAge',
        `\`slo.maxMessageAge\` must be between 1 second and 14 days (the longest SQS retention), got: ${slo.maxMessageAge.toHumanString()}`,
      );
    }
  }
}

function validateAlarmEmails(scope: IConstruct, emails: string[] | undefined): void {
  for (const email of emails ?? []) {
    if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      throw new BlueprintValidationError(
        scope,
        'alarmEmails',
        `\`alarmEmails\` must hold email addresses such as 'oncall@example.com', got: '${email}'`,
      );
    }
  }
}

function validateDashboardName(scope: IConstruct, name: string | undefined): void {
  if (name !== undefined && !Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw new BlueprintValidationError(
      scope,
      'dashboardName',
      `\`dashboardName\` must be 1 to 255 letters, digits, '-' or '_', got: '${name}'`,
    );
  }
}

/** Throws unless `value` is a percentage in (0, 100], or (0, 100) when `below100`. */
export function checkPercent(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  below100: boolean,
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value <= 0 || value > 100 || (below100 && value === 100)) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be greater than 0 and ${below100 ? 'less than 100 (100 % leaves no error budget)' : 'at most 100'}, got: ${value}`,
    );
  }
}
