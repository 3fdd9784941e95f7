// The audit manifest: what a deployed blueprint publishes so that `scaling-blueprints audit` can find
// its metrics and SLO targets from the stack name alone. Construct code imports this file, so it stays
// free of dependencies (no AWS SDK, no aws-cdk-lib): types, constants, a JSON Schema and a validator.

/** Version of the audit manifest format. Bump it on any incompatible change. */
export const AUDIT_MANIFEST_VERSION = 1;

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
  SLOW_QUERIES = 'slowQueries',
  REPLICA_LAG = 'replicaLag',
  CACHE_HIT_RATE = 'cacheHitRate',
  CACHE_EVICTIONS = 'cacheEvictions',
  CACHE_MEMORY = 'cacheMemory',
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

/** One CloudWatch metric (or metric-math expression over other signals) the audit reads. */
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

/** One tier of the architecture and the signals that describe it. */
export interface AuditTier {
  readonly tier: AuditTierKind;
  /** Name of the tier's resource, e.g. the service or cluster name. */
  readonly name: string;
  readonly signals: AuditSignal[];
}

/** The audit manifest a blueprint stack publishes. */
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

/** The JSON Schema (draft 2020-12) of the audit manifest, also at docs/schemas/audit-manifest.schema.json. */
export const AUDIT_MANIFEST_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/cdk-scaling-blueprints/schemas/audit-manifest.schema.json',
  title: 'scaling-blueprints audit manifest',
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
          signals: { type: 'array', items: { $ref: '#/$defs/signal' } },
        },
      },
    },
    alarms: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
  $defs: {
    signal: {
      type: 'object',
      required: ['id', 'label', 'period', 'kind'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: SIGNAL_ID.source },
        label: { type: 'string', minLength: 1 },
        namespace: { type: 'string', minLength: 1 },
        metricName: { type: 'string', minLength: 1 },
        dimensions: { type: 'object', additionalProperties: { type: 'string' } },
        stat: { type: 'string', pattern: STAT.source },
        period: { type: 'integer', minimum: 1 },
        unit: { type: 'string' },
        scale: { type: 'number', exclusiveMinimum: 0 },
        region: { type: 'string', minLength: 1 },
        kind: { enum: Object.values(SignalKind) },
        concern: { enum: Object.values(SignalConcern) },
        slo: { enum: SLO_KEYS },
        threshold: {
          type: 'object',
          required: ['comparison', 'value'],
          additionalProperties: false,
          properties: {
            comparison: { enum: Object.values(ThresholdComparison) },
            value: { type: 'number' },
          },
        },
        capacity: { type: 'number', exclusiveMinimum: 0 },
        expression: { type: 'string', minLength: 1 },
      },
      oneOf: [{ required: ['expression'] }, { required: ['namespace', 'metricName', 'stat'] }],
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

function validateSignal(raw: Json, path: string): AuditSignal {
  if (!isObject(raw)) fail(path, 'an object', raw);
  checkKeys(raw, path, SIGNAL_KEYS);
  const id = string(raw, 'id', path)!;
  if (!SIGNAL_ID.test(id)) fail(`${path}.id`, 'a lower-case letter then letters, digits or _', id);
  // The audit names its window-wide query for signal `x` `w_x`.
  if (id.startsWith('w_')) fail(`${path}.id`, 'an id not starting with `w_` (reserved by the audit)', id);
  const period = number(raw, 'period', path)!;
  if (!(
    period === 1 ||
    period === 5 ||
    period === 10 ||
    period === 30 ||
    (period > 0 && period % 60 === 0)
  )) {
    fail(`${path}.period`, '1, 5, 10, 30 or a multiple of 60 (seconds)', period);
  }
  const expression = string(raw, 'expression', path, true);
  const namespace = string(raw, 'namespace', path, !!expression);
  const metricName = string(raw, 'metricName', path, !!expression);
  const stat = string(raw, 'stat', path, !!expression);
  if (expression && (raw.namespace !== undefined || raw.metricName !== undefined)) {
    throw new AuditManifestError(path, 'specify either `expression` or `namespace`/`metricName`, not both');
  }
  if (stat !== undefined && !STAT.test(stat))
    fail(`${path}.stat`, 'a CloudWatch statistic such as p95 or Average', stat);
  let dimensions: { [name: string]: string } | undefined;
  if (raw.dimensions !== undefined) {
    if (!isObject(raw.dimensions)) fail(`${path}.dimensions`, 'an object of strings', raw.dimensions);
    for (const [name, value] of Object.entries(raw.dimensions)) {
      if (typeof value !== 'string') fail(`${path}.dimensions.${name}`, 'a string', value);
    }
    dimensions = raw.dimensions as { [name: string]: string };
  }
  let threshold: SignalThreshold | undefined;
  if (raw.threshold !== undefined) {
    const t = raw.threshold;
    if (!isObject(t)) fail(`${path}.threshold`, 'an object', t);
    checkKeys(t, `${path}.threshold`, ['comparison', 'value']);
    threshold = {
      comparison: oneOf(t, 'comparison', `${path}.threshold`, Object.values(ThresholdComparison))!,
      value: number(t, 'value', `${path}.threshold`)!,
    };
  }
  const scale = number(raw, 'scale', path, true);
  if (scale !== undefined && scale <= 0) fail(`${path}.scale`, 'greater than 0', scale);
  const region = string(raw, 'region', path, true);
  const capacity = number(raw, 'capacity', path, true);
  if (capacity !== undefined && capacity <= 0) fail(`${path}.capacity`, 'greater than 0', capacity);
  return {
    id,
    label: string(raw, 'label', path)!,
    ...(namespace !== undefined && { namespace }),
    ...(metricName !== undefined && { metricName }),
    ...(dimensions !== undefined && { dimensions }),
    ...(stat !== undefined && { stat }),
    period,
    ...(raw.unit !== undefined && {
      unit: typeof raw.unit === 'string' ? raw.unit : fail(`${path}.unit`, 'a string', raw.unit),
    }),
    ...(scale !== undefined && { scale }),
    ...(region !== undefined && { region }),
    kind: oneOf(raw, 'kind', path, Object.values(SignalKind))!,
    ...(raw.concern !== undefined && { concern: oneOf(raw, 'concern', path, Object.values(SignalConcern))! }),
    ...(raw.slo !== undefined && { slo: oneOf(raw, 'slo', path, Object.values(SloObjective))! }),
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
 * Checks a parsed JSON value against the audit manifest format and returns it typed.
 *
 * @throws AuditManifestError naming the JSON path of the first problem and the value received.
 */
export function validateAuditManifest(json: unknown): AuditManifest {
  if (!isObject(json)) fail('$', 'an object', json);
  checkKeys(json, '$', Object.keys(AUDIT_MANIFEST_JSON_SCHEMA.properties));
  if (json.version !== AUDIT_MANIFEST_VERSION) {
    fail(
      '$.version',
      `${AUDIT_MANIFEST_VERSION} (this tool reads manifest version ${AUDIT_MANIFEST_VERSION})`,
      json.version,
    );
  }
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
    checkKeys(rawTier, path, ['tier', 'name', 'signals']);
    if (!Array.isArray(rawTier.signals)) fail(`${path}.signals`, 'an array', rawTier.signals);
    return {
      tier: oneOf(rawTier, 'tier', path, Object.values(AuditTierKind))!,
      name: string(rawTier, 'name', path)!,
      signals: rawTier.signals.map((s: Json, j: number) => validateSignal(s, `${path}.signals[${j}]`)),
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
          `$.tiers[${i}].signals[${j}].expression`,
          `must refer to at least one signal id, got: ${describe(signal.expression)}`,
        );
      }
      if (refs.includes(signal.id)) {
        throw new AuditManifestError(
          `$.tiers[${i}].signals[${j}].expression`,
          'must not refer to its own id',
        );
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
    region: string(json, 'region', '$')!,
    slo: targets as unknown as AuditSloTargets,
    tiers,
    alarms: json.alarms as string[],
  };
}
