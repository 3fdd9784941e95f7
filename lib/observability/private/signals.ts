import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AuditSignal, SignalConcern, SignalKind, SignalThreshold, SloObjective } from '../audit-manifest';

/**
 * One signal of an observed tier, as Observability records it: a CloudWatch metric (or a metric-math
 * expression over the other signals of the manifest), plus what the audit needs to judge it. Its id
 * is unique in the manifest. Turned into an {@link AuditSignal} at synth, when every observation has
 * been made.
 */
export interface ManifestSignal {
  readonly id: string;
  readonly label: string;
  readonly kind: SignalKind;
  /** A plain metric; exclusive with `expression`. */
  readonly metric?: cloudwatch.IMetric;
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
export function toAuditSignal(signal: ManifestSignal, manifestRegion: string): AuditSignal {
  // The manifest must fit an SSM parameter: leave out what the audit would not use (a concern only
  // matters for a signal that can become a finding, or that tells a hit rate, whose worst period is
  // the lowest) and the default unit.
  const judged =
    signal.threshold !== undefined ||
    signal.slo !== undefined ||
    signal.capacity !== undefined ||
    signal.concern === SignalConcern.EDGE_HIT_RATE ||
    signal.concern === SignalConcern.CACHE_HIT_RATE;
  const common = {
    id: signal.id,
    label: signal.label,
    kind: signal.kind,
    ...(signal.unit !== undefined && signal.unit !== 'count' && { unit: signal.unit }),
    ...(signal.scale !== undefined && { scale: signal.scale }),
    ...(signal.concern !== undefined && judged && { concern: signal.concern }),
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
  const metric = signal.metric!.toMetricConfig().metricStat!;
  // By name: the order CloudWatch metrics are written in does not matter, the manifest's stays stable.
  const dimensions = Object.fromEntries(
    (metric.dimensions ?? [])
      .map((dimension) => [dimension.name, String(dimension.value)])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    ...common,
    namespace: metric.namespace,
    metricName: metric.metricName,
    ...(Object.keys(dimensions).length > 0 && { dimensions }),
    stat: metric.statistic,
    period: metric.period.toSeconds(),
    // Metrics published in another region (CloudFront: us-east-1) are read there.
    ...(metric.region !== undefined && metric.region !== manifestRegion && { region: metric.region }),
  };
}

/** Characters assumed for a `Fn::GetAtt` (a target group's full name, an endpoint address). */
const GET_ATT_ESTIMATE = 64;
/** Characters assumed for one `Fn::Select` piece of a split ARN (`app`, a name of at most 32, an id of 16). */
const SELECT_ESTIMATE = 32;
/** Characters assumed for anything else only known at deploy time. */
const OTHER_ESTIMATE = 64;
/** Physical names CloudFormation generates are at most this long for most resource types (RDS: 63). */
const GENERATED_NAME_MAX = 255;

/**
 * An estimate of the length, once deployed, of a JSON string built with `Stack.toJsonString`. A
 * `Ref` to a resource without a physical name (an alarm, a cluster) resolves to the name
 * CloudFormation generates, `<stack name>-<logical id>-<13 characters>`; split ARN pieces, attributes
 * and other deploy-time values count as a generous fixed length each.
 */
export function estimateJsonLength(stack: Stack, json: string): number {
  const resolved: unknown = stack.resolve(json);
  if (typeof resolved === 'string') return resolved.length;
  const join = (resolved as Record<string, unknown>)['Fn::Join'] as [string, unknown[]] | undefined;
  if (!join) return OTHER_ESTIMATE;
  const [separator, parts] = join;
  const lengthOf = (part: unknown): number => {
    if (typeof part === 'string') return part.length;
    const intrinsic = part as Record<string, unknown>;
    if (typeof intrinsic.Ref === 'string') {
      return Math.min(GENERATED_NAME_MAX, stack.stackName.length + intrinsic.Ref.length + 14);
    }
    if (intrinsic['Fn::Select'] !== undefined) return SELECT_ESTIMATE;
    if (intrinsic['Fn::GetAtt'] !== undefined) return GET_ATT_ESTIMATE;
    return OTHER_ESTIMATE;
  };
  return parts.reduce<number>(
    (sum, part) => sum + lengthOf(part),
    separator.length * Math.max(0, parts.length - 1),
  );
}
