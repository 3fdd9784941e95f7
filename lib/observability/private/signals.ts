import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AuditSignal, SignalConcern, SignalKind, SignalThreshold, SloObjective } from '../audit-manifest';

/**
 * One signal of an observed tier, as Observability records it: a CloudWatch metric (or a metric-math
 * expression over the other signals of the manifest), plus what the audit needs to judge it.
 * Turned into an {@link AuditSignal} at synth, when every observation has been made.
 */
export interface ObservedSignal {
  readonly id: string;
  readonly label: string;
  readonly kind: SignalKind;
  /** A plain metric; exclusive with `expression`. */
  readonly metric?: cloudwatch.Metric;
  /** Metric math over other signal ids; exclusive with `metric`. */
  readonly expression?: string;
  /** Period of an expression signal (a metric carries its own). */
  readonly period?: Duration;
  readonly unit?: string;
  /** Multiply the values by this to get `unit` (1000 for seconds shown in ms). */
  readonly scale?: number;
  readonly concern?: SignalConcern;
  readonly slo?: SloObjective;
  readonly threshold?: SignalThreshold;
  readonly capacity?: number;
}

/** The audit manifest form of a signal (dimensions may still hold tokens, resolved at deploy time). */
export function toAuditSignal(signal: ObservedSignal): AuditSignal {
  const common = {
    id: signal.id,
    label: signal.label,
    kind: signal.kind,
    ...(signal.unit !== undefined && { unit: signal.unit }),
    ...(signal.scale !== undefined && { scale: signal.scale }),
    ...(signal.concern !== undefined && { concern: signal.concern }),
    ...(signal.slo !== undefined && { slo: signal.slo }),
    ...(signal.threshold !== undefined && { threshold: signal.threshold }),
    ...(signal.capacity !== undefined && { capacity: signal.capacity }),
  };
  if (signal.expression !== undefined) {
    return {
      ...common,
      expression: signal.expression,
      period: (signal.period ?? Duration.minutes(1)).toSeconds(),
    };
  }
  const metric = signal.metric!;
  const dimensions = Object.fromEntries(
    Object.entries(metric.dimensions ?? {}).map(([name, value]) => [name, String(value)]),
  );
  return {
    ...common,
    namespace: metric.namespace,
    metricName: metric.metricName,
    ...(Object.keys(dimensions).length > 0 && { dimensions }),
    stat: metric.statistic,
    period: metric.period.toSeconds(),
    // Metrics published in another region (CloudFront: us-east-1) are read there.
    ...(metric.region !== undefined && { region: metric.region }),
  };
}

/**
 * Characters assumed for a deploy-time value that is not a resource's generated name (a load
 * balancer's full name `app/<name>/<16 hex>`, a cache node id, a queue name).
 */
export const DEPLOY_TIME_VALUE_ESTIMATE = 64;

/**
 * An estimate of the length of a JSON string built with `Stack.toJsonString` once deployed. A `Ref`
 * to a resource without a physical name (an alarm) resolves to the name CloudFormation generates,
 * `<stack name>-<logical id>-<13 characters>`; any other deploy-time value counts as
 * {@link DEPLOY_TIME_VALUE_ESTIMATE} characters.
 */
export function estimateJsonLength(stack: Stack, json: string): number {
  const resolved: unknown = stack.resolve(json);
  if (typeof resolved === 'string') return resolved.length;
  const join = (resolved as Record<string, unknown>)['Fn::Join'] as [string, unknown[]] | undefined;
  if (!join) return DEPLOY_TIME_VALUE_ESTIMATE;
  const [separator, parts] = join;
  const lengthOf = (part: unknown): number => {
    if (typeof part === 'string') return part.length;
    const ref = (part as Record<string, unknown>).Ref;
    if (typeof ref === 'string') return stack.stackName.length + ref.length + 14;
    return DEPLOY_TIME_VALUE_ESTIMATE;
  };
  return parts.reduce<number>(
    (sum, part) => sum + lengthOf(part),
    separator.length * Math.max(0, parts.length - 1),
  );
}
