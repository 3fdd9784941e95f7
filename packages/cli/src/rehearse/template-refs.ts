// Small pure helpers over CloudFormation JSON: references between resources, literal values, and
// the CloudWatch metrics that scaling policies and alarms name.
import { CfnResourceDefinition, CfnTemplate } from '../diagram/assembly-reader';

/** The resources of a template by logical id. */
export type Resources = Readonly<Record<string, CfnResourceDefinition>>;

export function resourcesOf(template: CfnTemplate): Resources {
  return template.Resources ?? {};
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, or undefined. */
export function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every logical id referenced anywhere inside `value` (Ref, GetAtt, Sub with ${Id}). */
export function referencedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, out);
    return out;
  }
  if (!isRecord(value)) return out;
  const direct = referencedId(value);
  if (direct !== undefined && !direct.startsWith('AWS::')) out.add(direct);
  const sub = value['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
  if (typeof subText === 'string') {
    for (const match of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) out.add(match[1]);
  }
  for (const child of Object.values(value)) referencedIds(child, out);
  return out;
}

/** A number from a literal number or numeric string, else undefined (tokens are not numbers). */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** A literal string, else undefined. */
export function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A property of a resource. */
export function prop(resource: CfnResourceDefinition | undefined, name: string): unknown {
  return resource?.Properties?.[name];
}

/** The logical ids of the resources of one type, sorted. */
export function idsOfType(resources: Resources, type: string): string[] {
  return Object.keys(resources)
    .filter((id) => resources[id].Type === type)
    .sort();
}

/** One CloudWatch metric as an alarm or a policy names it; dimension values are logical ids when they refer to a resource. */
export interface MetricStat {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly periodSeconds: number;
  /** Dimension name → the logical id it refers to, or its literal value. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** What an alarm or a customized target-tracking metric evaluates: one metric, or metric math. */
export type MetricSource =
  | { readonly kind: 'stat'; readonly stat: MetricStat }
  | {
      readonly kind: 'math';
      readonly expression: string;
      readonly metrics: Readonly<Record<string, MetricStat>>;
      readonly periodSeconds: number;
    };

function dimensionsOf(value: unknown): Record<string, string> {
  const dimensions: Record<string, string> = {};
  if (!Array.isArray(value)) return dimensions;
  for (const dimension of value) {
    if (!isRecord(dimension) || typeof dimension.Name !== 'string') continue;
    const ref = referencedId(dimension.Value);
    const literal = stringValue(dimension.Value);
    // A composite value (Fn::Join of a listener ARN) names the resources it is built from.
    const composite = [...referencedIds(dimension.Value)][0];
    const resolved = ref ?? literal ?? composite;
    if (resolved !== undefined) dimensions[dimension.Name] = resolved;
  }
  return dimensions;
}

/** A `{ Metric, Stat, Period }` (alarm `Metrics[].MetricStat`, target tracking `Metrics[].MetricStat`). */
export function metricStatOf(value: unknown, defaultPeriod: number): MetricStat | undefined {
  if (!isRecord(value) || !isRecord(value.Metric)) return undefined;
  const metric = value.Metric;
  if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') return undefined;
  return {
    namespace: metric.Namespace,
    metricName: metric.MetricName,
    statistic: stringValue(value.Stat) ?? 'Average',
    periodSeconds: numberValue(value.Period) ?? defaultPeriod,
    dimensions: dimensionsOf(metric.Dimensions),
  };
}

/** The metric an `AWS::CloudWatch::Alarm` evaluates (single metric or the metric math it returns). */
export function alarmMetricSource(properties: Record<string, unknown>): MetricSource | undefined {
  if (typeof properties.MetricName === 'string' && typeof properties.Namespace === 'string') {
    return {
      kind: 'stat',
      stat: {
        namespace: properties.Namespace,
        metricName: properties.MetricName,
        statistic:
          stringValue(properties.Statistic) ?? stringValue(properties.ExtendedStatistic) ?? 'Average',
        periodSeconds: numberValue(properties.Period) ?? 60,
        dimensions: dimensionsOf(properties.Dimensions),
      },
    };
  }
  return mathSource(properties.Metrics, 60);
}

/** Metric math from a `Metrics` array (alarm or customized target-tracking metric). */
export function mathSource(value: unknown, defaultPeriod: number): MetricSource | undefined {
  if (!Array.isArray(value)) return undefined;
  const metrics: Record<string, MetricStat> = {};
  let expression: string | undefined;
  let returned: MetricStat | undefined;
  let period = defaultPeriod;
  for (const query of value) {
    if (!isRecord(query) || typeof query.Id !== 'string') continue;
    const stat = metricStatOf(query.MetricStat, defaultPeriod);
    if (stat) {
      metrics[query.Id] = stat;
      period = stat.periodSeconds;
      if (query.ReturnData === true) returned = stat;
    }
    if (typeof query.Expression === 'string' && query.ReturnData !== false) expression = query.Expression;
  }
  if (expression !== undefined) return { kind: 'math', expression, metrics, periodSeconds: period };
  if (returned) return { kind: 'stat', stat: returned };
  const only = Object.values(metrics);
  return only.length === 1 ? { kind: 'stat', stat: only[0] } : undefined;
}

/** A readable name for a metric source, for notes and tables. */
export function describeMetric(source: MetricSource): string {
  if (source.kind === 'stat')
    return `${source.stat.namespace} ${source.stat.metricName} (${source.stat.statistic})`;
  return `metric math ${source.expression}`;
}
