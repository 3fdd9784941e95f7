// The audit manifest format: its version, where it is published, its enums and its types (as the
// audit reads it, and as a stack publishes it). Free of dependencies (no AWS SDK, no aws-cdk-lib).

/**
 * Version of the audit manifest format. Bump it on any incompatible change.
 *
 * Version 2 (compact): tiers give defaults their signals inherit, and signals use the short keys of
 * `PublishedAuditSignal`. Version 1 (every signal spelled out) was never released; this version reads
 * version 2 only.
 */
export const AUDIT_MANIFEST_VERSION = 2;

/**
 * Name of the CloudFormation stack Output that holds the name of the SSM String parameter carrying
 * the manifest (the robust path: an advanced-tier parameter holds up to 8 KB).
 */
export const AUDIT_MANIFEST_PARAMETER_OUTPUT = 'AuditManifestParameter';

/**
 * The SSM parameter name a stack publishes its manifest under.
 *
 * @example auditManifestParameterName('Shop') // '/scaling-blueprints/Shop/audit-manifest'
 */
export function auditManifestParameterName(stackName: string): string {
  return `/scaling-blueprints/${stackName}/audit-manifest`;
}

/** The architecture tier a group of signals belongs to. */
export enum AuditTierKind {
  EDGE = 'edge',
  WEB = 'web',
  DATABASE = 'database',
  CACHE = 'cache',
  QUEUE = 'queue',
}

/** Which golden signal a metric is. */
export enum SignalKind {
  LATENCY = 'latency',
  ERRORS = 'errors',
  TRAFFIC = 'traffic',
  SATURATION = 'saturation',
  SCALING = 'scaling',
}

/** How a measured value is compared with its threshold: the threshold is breached when `value <op> threshold`. */
export enum ThresholdComparison {
  GREATER_THAN = 'gt',
  GREATER_THAN_OR_EQUAL = 'gte',
  LESS_THAN = 'lt',
  LESS_THAN_OR_EQUAL = 'lte',
}

/** The SLO a signal measures; each value is the name of its target in `AuditSloTargets`. */
export enum SloObjective {
  LATENCY_P95 = 'latencyP95Ms',
  LATENCY_P99 = 'latencyP99Ms',
  ERROR_RATE = 'errorRatePercent',
  AVAILABILITY = 'availabilityPercent',
  QUEUE_AGE = 'maxMessageAgeSeconds',
}

/**
 * What a signal tells about the system; the audit picks its recommendation (mapped to a pitfall of the
 * scaling guide) from it.
 */
export enum SignalConcern {
  CPU = 'cpu',
  MEMORY = 'memory',
  TASKS_AT_MAX = 'tasksAtMax',
  DB_CONNECTIONS = 'dbConnections',
  DB_CPU = 'dbCpu',
  DB_LATENCY = 'dbLatency',
  /** Aurora Serverless v2 near its maximum capacity (ACUs). */
  DB_CAPACITY = 'dbCapacity',
  SLOW_QUERIES = 'slowQueries',
  REPLICA_LAG = 'replicaLag',
  CACHE_HIT_RATE = 'cacheHitRate',
  CACHE_EVICTIONS = 'cacheEvictions',
  CACHE_MEMORY = 'cacheMemory',
  /** ElastiCache Serverless throttling requests: the workload outgrows its scaling or its limits. */
  CACHE_CAPACITY = 'cacheCapacity',
  QUEUE_BACKLOG = 'queueBacklog',
  QUEUE_AGE = 'queueAge',
  DEAD_LETTERS = 'deadLetters',
  EDGE_HIT_RATE = 'edgeHitRate',
  ERRORS = 'errors',
  LATENCY = 'latency',
  TRAFFIC = 'traffic',
}

/** The stated SLO targets, as numbers. */
export interface AuditSloTargets {
  /** p95 request latency must stay at or below this many milliseconds. */
  readonly latencyP95Ms: number;
  /** p99 request latency must stay at or below this many milliseconds. */
  readonly latencyP99Ms: number;
  /** Server error rate (5xx ÷ requests) must stay at or below this percentage. */
  readonly errorRatePercent: number;
  /** Availability (100 − error rate, or health) must stay at or above this percentage. */
  readonly availabilityPercent: number;
  /** The oldest queued message must not be older than this many seconds. */
  readonly maxMessageAgeSeconds: number;
}

/** A threshold beyond which a signal is saturated or unhealthy. */
export interface SignalThreshold {
  /** Breached when `value <comparison> value`. */
  readonly comparison: ThresholdComparison;
  /** The threshold, in the signal's unit. */
  readonly value: number;
}

/**
 * One CloudWatch metric (or metric-math expression over other signals) the audit reads, as the audit
 * sees it: every inherited default filled in (see {@link validateAuditManifest}). The published form is
 * {@link PublishedAuditSignal}.
 */
export interface AuditSignal {
  /**
   * Unique id across the manifest, used as the GetMetricData query id and in expressions:
   * a lower-case letter, then letters, digits or underscores.
   */
  readonly id: string;
  /** Human label, e.g. `Web p95 latency`. */
  readonly label: string;
  /** CloudWatch namespace, e.g. `AWS/ApplicationELB`. Omit for an `expression` signal. */
  readonly namespace?: string;
  /** CloudWatch metric name. Omit for an `expression` signal. */
  readonly metricName?: string;
  /** Metric dimensions. @default - no dimensions */
  readonly dimensions?: { [name: string]: string };
  /** Statistic: `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount` or a percentile such as `p95`. */
  readonly stat?: string;
  /** Period in seconds: 1, 5, 10, 30 or a multiple of 60. */
  readonly period: number;
  /** Display unit, e.g. `ms`, `%`, `count`, `s`. @default - no unit */
  readonly unit?: string;
  /**
   * Multiply this signal's values by `scale` to get `unit` (e.g. 1000 for ALB `TargetResponseTime`,
   * which CloudWatch reports in seconds, shown in ms). Expressions referring to the signal see raw values.
   * @default 1
   */
  readonly scale?: number;
  /**
   * Region the metric lives in, e.g. `us-east-1` for CloudFront metrics.
   * @default - the manifest's `region`
   */
  readonly region?: string;
  /** Which golden signal this is. */
  readonly kind: SignalKind;
  /** What the signal tells about, used for recommendations. @default - a generic recommendation */
  readonly concern?: SignalConcern;
  /** The SLO this signal measures. @default - measures no SLO */
  readonly slo?: SloObjective;
  /** Saturation or health threshold. @default - informational only */
  readonly threshold?: SignalThreshold;
  /** The ceiling the signal saturates at (max connections, max tasks), for a utilisation figure. @default - none */
  readonly capacity?: number;
  /**
   * CloudWatch metric-math expression over other signal ids, e.g. `100 * web5xx / webRequests`.
   * @default - a plain metric
   */
  readonly expression?: string;
}

/** One tier of the architecture and the signals that describe it (defaults resolved). */
export interface AuditTier {
  readonly tier: AuditTierKind;
  /** Name of the tier's resource, e.g. the service or cluster name. */
  readonly name: string;
  readonly signals: AuditSignal[];
}

/**
 * The audit manifest as the audit reads it: every signal complete (namespace, dimensions, statistic,
 * period, kind and region resolved from its tier). Published as {@link PublishedAuditManifest}
 * (`compactAuditManifest`), read back with `validateAuditManifest`.
 */
export interface AuditManifest {
  /** Format version, `AUDIT_MANIFEST_VERSION`. */
  readonly version: number;
  /** Blueprint context name, e.g. `budget-startup`. @default - not a named blueprint */
  readonly blueprint?: string;
  readonly stackName: string;
  readonly region: string;
  readonly slo: AuditSloTargets;
  readonly tiers: AuditTier[];
  /** Names of the CloudWatch alarms the blueprint created. */
  readonly alarms: string[];
}

/**
 * A signal as published (manifest version 2). Short keys keep the manifest within an SSM parameter;
 * `ns`, `d`, `s`, `p`, `k` and `r` default to the tier's value of the same key.
 */
export interface PublishedAuditSignal {
  /** Signal id, as `AuditSignal.id`. */
  readonly id: string;
  /** Label. */
  readonly l: string;
  /** Kind (golden signal). @default - the tier's `k` */
  readonly k?: SignalKind;
  /** CloudWatch namespace. @default - the tier's `ns` */
  readonly ns?: string;
  /** Metric name (a plain metric). */
  readonly m?: string;
  /** Dimensions; `{}` for none when the tier has `d`. @default - the tier's `d`, else none */
  readonly d?: { [name: string]: string };
  /** Statistic. @default - the tier's `s` */
  readonly s?: string;
  /** Period in seconds. @default - the tier's `p` */
  readonly p?: number;
  /** Region. @default - the tier's `r`, else the manifest's `region` */
  readonly r?: string;
  /** Unit. @default - no unit */
  readonly u?: string;
  /** Scale. @default 1 */
  readonly x?: number;
  /** Concern. @default - a generic recommendation */
  readonly c?: SignalConcern;
  /** SLO objective measured. @default - none */
  readonly o?: SloObjective;
  /** Threshold: breached when the value is greater than this. At most one of `gt`, `gte`, `lt`, `lte`. */
  readonly gt?: number;
  /** Threshold: breached at or above this. */
  readonly gte?: number;
  /** Threshold: breached below this. */
  readonly lt?: number;
  /** Threshold: breached at or below this. */
  readonly lte?: number;
  /** Capacity. @default - none */
  readonly cap?: number;
  /** Metric-math expression over other signal ids (instead of `m`). */
  readonly e?: string;
}

/** A tier as published: defaults its signals inherit, then the signals. */
export interface PublishedAuditTier {
  readonly tier: AuditTierKind;
  readonly name: string;
  /** Default namespace of the tier's metric signals. */
  readonly ns?: string;
  /** Default dimensions of the tier's metric signals. */
  readonly d?: { [name: string]: string };
  /** Default statistic of the tier's metric signals. */
  readonly s?: string;
  /** Default region of the tier's metric signals (only when it differs from the manifest's). */
  readonly r?: string;
  /** Default period of the tier's signals. */
  readonly p?: number;
  /** Default kind of the tier's signals. */
  readonly k?: SignalKind;
  readonly signals: PublishedAuditSignal[];
}

/** The audit manifest as a stack publishes it (format version 2). */
export interface PublishedAuditManifest {
  readonly version: number;
  readonly blueprint?: string;
  readonly stackName: string;
  readonly region: string;
  readonly slo: AuditSloTargets;
  readonly tiers: PublishedAuditTier[];
  readonly alarms: string[];
}
