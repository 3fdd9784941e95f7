// Reading an audit manifest back: the JSON Schema of the published form and the validator that
// checks it and resolves each signal against its tier's defaults. Free of dependencies.
import {
  AUDIT_MANIFEST_VERSION,
  AuditManifest,
  AuditSignal,
  AuditSloTargets,
  AuditTier,
  AuditTierKind,
  SignalConcern,
  SignalKind,
  SignalThreshold,
  SloObjective,
  ThresholdComparison,
} from './audit-manifest-format';
import { INHERITED, InheritedKey, isObject } from './private/manifest-json';

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
