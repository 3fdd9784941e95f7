// The audit manifest: what a deployed blueprint publishes so that `scaling-blueprints audit` can find
// its metrics and SLO targets from the stack name alone. Construct code imports this file, so it stays
// free of dependencies (no AWS SDK, no aws-cdk-lib): types, constants, a JSON Schema and a validator.

/**
 * Version of the audit manifest format. Bump it on any incompatible change.
 *
 * Version 2 (compact): tiers give defaults their signals inherit, and signals use the short keys of
 * `PublishedAuditSignal`. Version 1 (every signal spelled out) was never released; this version reads
 * version 2 only.
 */
export const AUDIT_MANIFEST_VERSION = 2;

/**
 * Name of the CloudFormation stack Output that holds the whole manifest as a JSON string.
 *
 * CloudFormation limits an Output value to 4096 characters: use it for small manifests only.
 */
export const AUDIT_MANIFEST_OUTPUT = 'AuditManifest';

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

/** Thrown by `validateAuditManifest`; `path` is the JSON path of the first problem found. */
export class AuditManifestError extends Error {
  public readonly path: string;
  constructor(path: string, message: string) {
    super(`audit manifest: \`${path}\` ${message}`);
    this.name = 'AuditManifestError';
    this.path = path;
    Object.setPrototypeOf(this, AuditManifestError.prototype);
  }
}

const SIGNAL_ID = /^[a-z][a-zA-Z0-9_]*$/;
const STAT = /^(Average|Sum|Minimum|Maximum|SampleCount|(p|tm|wm|tc|ts|PR|TM|TC|TS|WM)\d+(\.\d+)?)$/;
const SLO_KEYS = Object.values(SloObjective) as string[];
const THRESHOLD_KEYS = Object.values(ThresholdComparison) as string[];

/** Keys a tier may give a default for; `p` and `k` apply to every signal, the others to metric signals. */
const INHERITED = ['ns', 'd', 's', 'r', 'p', 'k'] as const;
type InheritedKey = (typeof INHERITED)[number];

const DEFAULTS_SCHEMA = {
  ns: { type: 'string', minLength: 1 },
  d: { type: 'object', additionalProperties: { type: 'string' } },
  s: { type: 'string', pattern: STAT.source },
  r: { type: 'string', minLength: 1 },
  p: { type: 'integer', minimum: 1 },
  k: { enum: Object.values(SignalKind) },
} as const;

/**
 * The JSON Schema (draft 2020-12) of the published audit manifest (version 2), also at
 * docs/schemas/audit-manifest.schema.json. Inheritance (a signal without `s` takes its tier's `s`) is
 * checked by `validateAuditManifest`, not by the schema.
 */
export const AUDIT_MANIFEST_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/cdk-scaling-blueprints/schemas/audit-manifest.schema.json',
  title: 'scaling-blueprints audit manifest (version 2)',
  type: 'object',
  required: ['version', 'stackName', 'region', 'slo', 'tiers', 'alarms'],
  additionalProperties: false,
  properties: {
    version: { const: AUDIT_MANIFEST_VERSION },
    blueprint: { type: 'string' },
    stackName: { type: 'string', minLength: 1 },
    region: { type: 'string', minLength: 1 },
    slo: {
      type: 'object',
      required: SLO_KEYS,
      additionalProperties: false,
      properties: Object.fromEntries(SLO_KEYS.map((k) => [k, { type: 'number', minimum: 0 }])),
    },
    tiers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tier', 'name', 'signals'],
        additionalProperties: false,
        properties: {
          tier: { enum: Object.values(AuditTierKind) },
          name: { type: 'string', minLength: 1 },
          ...DEFAULTS_SCHEMA,
          signals: { type: 'array', items: { $ref: '#/$defs/signal' } },
        },
      },
    },
    alarms: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
  $defs: {
    signal: {
      type: 'object',
      required: ['id', 'l'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: SIGNAL_ID.source },
        l: { type: 'string', minLength: 1 },
        ...DEFAULTS_SCHEMA,
        m: { type: 'string', minLength: 1 },
        u: { type: 'string' },
        x: { type: 'number', exclusiveMinimum: 0 },
        c: { enum: Object.values(SignalConcern) },
        o: { enum: SLO_KEYS },
        gt: { type: 'number' },
        gte: { type: 'number' },
        lt: { type: 'number' },
        lte: { type: 'number' },
        cap: { type: 'number', exclusiveMinimum: 0 },
        e: { type: 'string', minLength: 1 },
      },
      oneOf: [{ required: ['e'] }, { required: ['m'] }],
      not: {
        anyOf: [
          { required: ['gt', 'gte'] },
          { required: ['gt', 'lt'] },
          { required: ['gt', 'lte'] },
          { required: ['gte', 'lt'] },
          { required: ['gte', 'lte'] },
          { required: ['lt', 'lte'] },
        ],
      },
    },
  },
} as const;

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: Json): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function fail(path: string, expected: string, got: Json): never {
  throw new AuditManifestError(path, `must be ${expected}, got: ${describe(got)}`);
}

function string(obj: Record<string, Json>, key: string, path: string, optional = false): string | undefined {
  const value = obj[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length === 0) fail(`${path}.${key}`, 'a non-empty string', value);
  return value;
}

function number(obj: Record<string, Json>, key: string, path: string, optional = false): number | undefined {
  const value = obj[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${path}.${key}`, 'a number', value);
  return value;
}

function oneOf<T extends string>(
  obj: Record<string, Json>,
  key: string,
  path: string,
  allowed: readonly T[],
  optional = false,
): T | undefined {
  const value = obj[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(`${path}.${key}`, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

function checkKeys(obj: Record<string, Json>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new AuditManifestError(`${path}.${key}`, 'is not a known property');
  }
}

const SIGNAL_KEYS = Object.keys(AUDIT_MANIFEST_JSON_SCHEMA.$defs.signal.properties);
const TIER_KEYS = Object.keys(AUDIT_MANIFEST_JSON_SCHEMA.properties.tiers.items.properties);

/** Checks the defaults a tier (or a signal) gives; returns the ones present. */
function checkDefaults(raw: Record<string, Json>, path: string): Partial<Record<InheritedKey, Json>> {
  if (raw.ns !== undefined) string(raw, 'ns', path);
  if (raw.d !== undefined) {
    if (!isObject(raw.d)) fail(`${path}.d`, 'an object of strings (the dimensions)', raw.d);
    for (const [name, value] of Object.entries(raw.d)) {
      if (typeof value !== 'string') fail(`${path}.d.${name}`, 'a string', value);
    }
  }
  if (raw.s !== undefined) {
    const stat = string(raw, 's', path)!;
    if (!STAT.test(stat)) fail(`${path}.s`, 'a CloudWatch statistic such as p95 or Average', stat);
  }
  if (raw.r !== undefined) string(raw, 'r', path);
  if (raw.p !== undefined) {
    const period = number(raw, 'p', path)!;
    if (!(
      period === 1 ||
      period === 5 ||
      period === 10 ||
      period === 30 ||
      (period > 0 && period % 60 === 0)
    )) {
      fail(`${path}.p`, '1, 5, 10, 30 or a multiple of 60 (seconds)', period);
    }
  }
  if (raw.k !== undefined) oneOf(raw, 'k', path, Object.values(SignalKind));
  return Object.fromEntries(INHERITED.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]]));
}

/** Validates one published signal and resolves it against its tier's defaults. */
function resolveSignal(
  raw: Json,
  path: string,
  tier: Partial<Record<InheritedKey, Json>>,
  tierPath: string,
  manifestRegion: string,
): AuditSignal {
  if (!isObject(raw)) fail(path, 'an object', raw);
  checkKeys(raw, path, SIGNAL_KEYS);
  const id = string(raw, 'id', path)!;
  if (!SIGNAL_ID.test(id)) fail(`${path}.id`, 'a lower-case letter then letters, digits or _', id);
  // The audit names its window-wide query for signal `x` `w_x`.
  if (id.startsWith('w_')) fail(`${path}.id`, 'an id not starting with `w_` (reserved by the audit)', id);
  const label = string(raw, 'l', path)!;
  checkDefaults(raw, path);
  const expression = string(raw, 'e', path, true);
  const metricName = string(raw, 'm', path, true);
  if (expression !== undefined && metricName !== undefined) {
    throw new AuditManifestError(path, 'specify either `e` (an expression) or `m` (a metric name), not both');
  }
  if (expression === undefined && metricName === undefined) {
    throw new AuditManifestError(path, 'must have `m` (a metric name) or `e` (an expression), got neither');
  }
  /** The signal's own value, else its tier's default; `what` says what is expected. */
  const inherited = <T>(key: InheritedKey, what: string): T => {
    const value = raw[key] ?? tier[key];
    if (value === undefined) {
      throw new AuditManifestError(
        `${path}.${key}`,
        `must be ${what}, got: nothing (and ${tierPath} has no default \`${key}\`)`,
      );
    }
    return value as T;
  };
  if (expression !== undefined) {
    for (const key of ['ns', 'd', 's', 'r'] as const) {
      if (raw[key] !== undefined) {
        throw new AuditManifestError(`${path}.${key}`, 'must not be given for an expression (`e`) signal');
      }
    }
  }
  const thresholds = THRESHOLD_KEYS.filter((key) => raw[key] !== undefined);
  if (thresholds.length > 1) {
    throw new AuditManifestError(
      path,
      `must have at most one of gt, gte, lt, lte, got: ${thresholds.join(', ')}`,
    );
  }
  const threshold: SignalThreshold | undefined = thresholds.length
    ? { comparison: thresholds[0] as ThresholdComparison, value: number(raw, thresholds[0], path)! }
    : undefined;
  const scale = number(raw, 'x', path, true);
  if (scale !== undefined && scale <= 0) fail(`${path}.x`, 'greater than 0', scale);
  const capacity = number(raw, 'cap', path, true);
  if (capacity !== undefined && capacity <= 0) fail(`${path}.cap`, 'greater than 0', capacity);
  const unit =
    raw.u === undefined || typeof raw.u === 'string' ? raw.u : fail(`${path}.u`, 'a string', raw.u);
  const metric = expression === undefined;
  const dimensions = metric ? ((raw.d ?? tier.d) as { [name: string]: string } | undefined) : undefined;
  const region = metric ? ((raw.r ?? tier.r) as string | undefined) : undefined;
  return {
    id,
    label,
    ...(metric && { namespace: inherited<string>('ns', 'a CloudWatch namespace') }),
    ...(metric && { metricName }),
    ...(dimensions !== undefined && Object.keys(dimensions).length > 0 && { dimensions }),
    ...(metric && { stat: inherited<string>('s', 'a CloudWatch statistic') }),
    period: inherited<number>('p', 'a period in seconds'),
    ...(unit !== undefined && { unit }),
    ...(scale !== undefined && { scale }),
    ...(region !== undefined && region !== manifestRegion && { region }),
    kind: inherited<SignalKind>('k', `one of ${Object.values(SignalKind).join(', ')}`),
    ...(raw.c !== undefined && { concern: oneOf(raw, 'c', path, Object.values(SignalConcern))! }),
    ...(raw.o !== undefined && { slo: oneOf(raw, 'o', path, Object.values(SloObjective))! }),
    ...(threshold !== undefined && { threshold }),
    ...(capacity !== undefined && { capacity }),
    ...(expression !== undefined && { expression }),
  };
}

/** The signal ids an expression refers to (identifiers that are ids of signals in the manifest). */
export function expressionReferences(expression: string, knownIds: ReadonlySet<string>): string[] {
  const tokens = expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  return [...new Set(tokens.filter((token) => knownIds.has(token)))];
}

/**
 * Checks a parsed JSON value against the published audit manifest format (version 2) and returns it
 * resolved for the audit: each signal complete, its tier's defaults (`ns`, `d`, `s`, `r`, `p`, `k`)
 * filled in. This is the one place the inheritance is expanded.
 *
 * @throws AuditManifestError naming the JSON path of the first problem and the value received.
 */
export function validateAuditManifest(json: unknown): AuditManifest {
  if (!isObject(json)) fail('$', 'an object', json);
  checkKeys(json, '$', Object.keys(AUDIT_MANIFEST_JSON_SCHEMA.properties));
  if (json.version !== AUDIT_MANIFEST_VERSION) {
    fail(
      '$.version',
      `${AUDIT_MANIFEST_VERSION} (this tool reads manifest version ${AUDIT_MANIFEST_VERSION}; redeploy the stack with this version of the library)`,
      json.version,
    );
  }
  const region = string(json, 'region', '$')!;
  const slo = json.slo;
  if (!isObject(slo)) fail('$.slo', 'an object', slo);
  checkKeys(slo, '$.slo', SLO_KEYS);
  const targets = Object.fromEntries(SLO_KEYS.map((key) => [key, number(slo, key, '$.slo')!]));
  for (const [key, value] of Object.entries(targets)) {
    if (value < 0) fail(`$.slo.${key}`, 'at least 0', value);
  }
  if (targets.availabilityPercent > 100)
    fail('$.slo.availabilityPercent', 'at most 100', targets.availabilityPercent);
  if (!Array.isArray(json.tiers)) fail('$.tiers', 'an array', json.tiers);
  const tiers: AuditTier[] = json.tiers.map((rawTier: Json, i: number) => {
    const path = `$.tiers[${i}]`;
    if (!isObject(rawTier)) fail(path, 'an object', rawTier);
    checkKeys(rawTier, path, TIER_KEYS);
    const tier = oneOf(rawTier, 'tier', path, Object.values(AuditTierKind))!;
    const name = string(rawTier, 'name', path)!;
    const defaults = checkDefaults(rawTier, path);
    if (!Array.isArray(rawTier.signals)) fail(`${path}.signals`, 'an array', rawTier.signals);
    return {
      tier,
      name,
      signals: rawTier.signals.map((s: Json, j: number) =>
        resolveSignal(s, `${path}.signals[${j}]`, defaults, path, region),
      ),
    };
  });
  const ids = new Set<string>();
  tiers.forEach((tier, i) =>
    tier.signals.forEach((signal, j) => {
      if (ids.has(signal.id))
        throw new AuditManifestError(`$.tiers[${i}].signals[${j}].id`, `repeats the id '${signal.id}'`);
      ids.add(signal.id);
    }),
  );
  tiers.forEach((tier, i) =>
    tier.signals.forEach((signal, j) => {
      if (!signal.expression) return;
      const refs = expressionReferences(signal.expression, ids);
      if (refs.length === 0) {
        throw new AuditManifestError(
          `$.tiers[${i}].signals[${j}].e`,
          `must refer to at least one signal id, got: ${describe(signal.expression)}`,
        );
      }
      if (refs.includes(signal.id)) {
        throw new AuditManifestError(`$.tiers[${i}].signals[${j}].e`, 'must not refer to its own id');
      }
    }),
  );
  if (!Array.isArray(json.alarms) || json.alarms.some((a: Json) => typeof a !== 'string' || a.length === 0)) {
    fail('$.alarms', 'an array of alarm names', json.alarms);
  }
  return {
    version: AUDIT_MANIFEST_VERSION,
    ...(json.blueprint !== undefined && { blueprint: string(json, 'blueprint', '$')! }),
    stackName: string(json, 'stackName', '$')!,
    region,
    slo: targets as unknown as AuditSloTargets,
    tiers,
    alarms: json.alarms as string[],
  };
}

/** A stable text for comparing default candidates (dimension order does not matter). */
function canonical(value: unknown): string {
  return isObject(value)
    ? JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))))
    : JSON.stringify(value);
}

/** The most frequent value among `values` (first seen wins a tie), when it occurs at least twice. */
function mostFrequent(values: unknown[]): unknown {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const value of values) {
    if (value === undefined) continue;
    const key = canonical(value);
    const entry = counts.get(key) ?? { value, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  let best: { value: unknown; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best && best.count >= 2 ? best.value : undefined;
}

/**
 * The published (version 2) form of a manifest: per tier, the most frequent namespace, dimensions,
 * statistic, region, period and kind become the tier's defaults, and each signal keeps only what
 * differs. `validateAuditManifest(JSON.parse(JSON.stringify(compactAuditManifest(m))))` gives `m` back.
 * Values may be CDK tokens (compared as their string form).
 */
export function compactAuditManifest(manifest: AuditManifest): PublishedAuditManifest {
  const tiers = manifest.tiers.map((tier): PublishedAuditTier => {
    const metrics = tier.signals.filter((s) => s.expression === undefined);
    const dims = (s: AuditSignal): { [name: string]: string } => s.dimensions ?? {};
    const regionOf = (s: AuditSignal): string => s.region ?? manifest.region;
    const defaults: Partial<Record<InheritedKey, unknown>> = {
      ns: mostFrequent(metrics.map((s) => s.namespace)),
      d: mostFrequent(metrics.map((s) => (Object.keys(dims(s)).length > 0 ? dims(s) : undefined))),
      s: mostFrequent(metrics.map((s) => s.stat)),
      r: mostFrequent(metrics.map((s) => (regionOf(s) !== manifest.region ? regionOf(s) : undefined))),
      p: mostFrequent(tier.signals.map((s) => s.period)),
      k: mostFrequent(tier.signals.map((s) => s.kind)),
    };
    const differs = (key: InheritedKey, value: unknown): boolean =>
      defaults[key] === undefined || canonical(defaults[key]) !== canonical(value);
    const signals = tier.signals.map((s): PublishedAuditSignal => {
      const metric = s.expression === undefined;
      const tierRegion = (defaults.r as string | undefined) ?? manifest.region;
      return {
        id: s.id,
        l: s.label,
        ...(differs('k', s.kind) && { k: s.kind }),
        ...(metric && differs('ns', s.namespace) && { ns: s.namespace }),
        ...(metric && { m: s.metricName }),
        ...(metric &&
          (defaults.d === undefined ? Object.keys(dims(s)).length > 0 : differs('d', dims(s))) && {
            d: dims(s),
          }),
        ...(metric && differs('s', s.stat) && { s: s.stat }),
        ...(differs('p', s.period) && { p: s.period }),
        ...(metric && regionOf(s) !== tierRegion && { r: regionOf(s) }),
        ...(s.unit !== undefined && { u: s.unit }),
        ...(s.scale !== undefined && { x: s.scale }),
        ...(s.concern !== undefined && { c: s.concern }),
        ...(s.slo !== undefined && { o: s.slo }),
        ...(s.threshold !== undefined && { [s.threshold.comparison]: s.threshold.value }),
        ...(s.capacity !== undefined && { cap: s.capacity }),
        ...(s.expression !== undefined && { e: s.expression }),
      };
    });
    const given = Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== undefined));
    return { tier: tier.tier, name: tier.name, ...given, signals };
  });
  return {
    version: AUDIT_MANIFEST_VERSION,
    ...(manifest.blueprint !== undefined && { blueprint: manifest.blueprint }),
    stackName: manifest.stackName,
    region: manifest.region,
    slo: manifest.slo,
    tiers,
    alarms: manifest.alarms,
  };
}
