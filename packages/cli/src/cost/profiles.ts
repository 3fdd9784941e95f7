// Traffic profiles (idle, 1×, 10×, or a file), the assumptions the estimate rests on, and the
// week of half-hour slots traffic is spread over.
import * as fs from 'node:fs';
import { isRecord } from './template';

/** What "1×" means: the traffic model of a blueprint's settings (`traffic.*`). */
export interface TrafficModel {
  readonly averageRequestsPerSecond: number;
  readonly peakRequestsPerSecond: number;
  readonly averageResponseKiB: number;
  readonly cdnHitRatioPercent: number;
  readonly cpuMillisecondsPerRequest: number;
  readonly databaseQueriesPerRequest: number;
  readonly cacheOperationsPerRequest: number;
  readonly queueMessagesPerRequest: number;
}

/**
 * What the templates and the traffic model do not say, with the values the estimate uses. Each
 * is printed with the result and can be changed in a `--profile-file`.
 */
export interface CostAssumptions {
  /** Hours a day at the peak rate; the rest of the day runs at the rate that keeps the daily average. */
  readonly peakHoursPerDay: number;
  /** Data stored in each database (Aurora cluster, or a read replica's source), GB. */
  readonly databaseStorageGb: number;
  /** Billed Aurora I/Os per query (most reads hit the buffer cache). */
  readonly ioPerQuery: number;
  /** Queries per second one Aurora capacity unit serves. */
  readonly queriesPerSecondPerAcu: number;
  /** Share of queries that write, in percent (global database replication). */
  readonly writeQueryPercent: number;
  /** Cache data stored under traffic, GB (the working set: not scaled with the request rate; capped at the cache's maximum). */
  readonly cacheDataGb: number;
  /** Bytes a cache operation reads or writes (1 ECPU per KB). */
  readonly cacheItemBytes: number;
  /** Application log bytes per request served (and per health check, and per queue message). */
  readonly appLogBytesPerRequest: number;
  /** WAF log bytes per inspected request. */
  readonly wafLogBytesPerRequest: number;
  /** Share of WAF requests logged when the logging configuration filters (e.g. blocked only), percent. */
  readonly wafFilteredLogPercent: number;
  /** Bytes of one VPC flow log record. */
  readonly flowLogRecordBytes: number;
  /** Share of queries slower than the slow-query threshold, logged, percent. */
  readonly slowQueryPercent: number;
  /** Compressed size of logs in CloudWatch Logs storage and S3, as a share of the raw size. */
  readonly logCompressionRatio: number;
  /** Months of logs kept when a log group or bucket never expires them. */
  readonly logHorizonMonths: number;
  /** Compressed bytes per request of a load balancer or CloudFront access log. */
  readonly accessLogBytesPerRequest: number;
  /** MiB pulled from a public registry per task start. */
  readonly imagePullMiB: number;
  /** KiB per request the application sends to the internet through NAT (third-party APIs). */
  readonly egressKiBPerRequest: number;
  /** KMS requests a month per customer managed key (service data-key refreshes, decrypts at task start). */
  readonly kmsRequestsPerKey: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  peakHoursPerDay: 2,
  databaseStorageGb: 20,
  ioPerQuery: 0.25,
  queriesPerSecondPerAcu: 50,
  writeQueryPercent: 20,
  cacheDataGb: 0.25,
  cacheItemBytes: 1024,
  appLogBytesPerRequest: 500,
  wafLogBytesPerRequest: 1500,
  wafFilteredLogPercent: 1,
  flowLogRecordBytes: 130,
  slowQueryPercent: 1,
  logCompressionRatio: 0.15,
  logHorizonMonths: 12,
  accessLogBytesPerRequest: 100,
  imagePullMiB: 50,
  egressKiBPerRequest: 0,
  kmsRequestsPerKey: 10_000,
};

/** One traffic profile to price. */
export interface CostProfile {
  /** `idle`, `1x`, `10x` or a name from a profile file. */
  readonly name: string;
  readonly description: string;
  /** The traffic, or null: no traffic at all. */
  readonly traffic: TrafficModel | null;
  /** What the traffic is relative to the blueprint's model (10 for 10×), for display. */
  readonly multiplier: number;
  readonly assumptions: CostAssumptions;
}

export const BUILT_IN_PROFILES = ['idle', '1x', '10x'] as const;

/** Thrown for a profile that cannot be built (unknown name, no traffic model, bad file). */
export class ProfileError extends Error {
  constructor(
    message: string,
    public readonly badFile = false,
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** The traffic model scaled: requests (not sizes, ratios or per-request costs) times `factor`. */
export function scaleTraffic(model: TrafficModel, factor: number): TrafficModel {
  return {
    ...model,
    averageRequestsPerSecond: model.averageRequestsPerSecond * factor,
    peakRequestsPerSecond: model.peakRequestsPerSecond * factor,
  };
}

/** A built-in profile for a traffic model (null: none known). */
export function builtInProfile(
  name: string,
  model: TrafficModel | null,
  assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
): CostProfile {
  if (name === 'idle') {
    return { name, description: 'no traffic (what runs anyway)', traffic: null, multiplier: 0, assumptions };
  }
  const factor = name === '1x' ? 1 : name === '10x' ? 10 : undefined;
  if (factor === undefined) {
    throw new ProfileError(`unknown profile '${name}': use idle, 1x or 10x, or --profile-file`);
  }
  if (model === null) {
    throw new ProfileError(
      `profile '${name}' needs a traffic model and these templates are not a blueprint's: give --profile-file with a traffic model`,
    );
  }
  return {
    name,
    description:
      factor === 1 ? "the blueprint's traffic model" : `${factor} times the blueprint's traffic model`,
    traffic: scaleTraffic(model, factor),
    multiplier: factor,
    assumptions,
  };
}

const TRAFFIC_KEYS: readonly (keyof TrafficModel)[] = [
  'averageRequestsPerSecond',
  'peakRequestsPerSecond',
  'averageResponseKiB',
  'cdnHitRatioPercent',
  'cpuMillisecondsPerRequest',
  'databaseQueriesPerRequest',
  'cacheOperationsPerRequest',
  'queueMessagesPerRequest',
];

function numbersOf<K extends string>(
  raw: unknown,
  keys: readonly K[],
  where: string,
): Partial<Record<K, number>> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw new ProfileError(`${where} must be an object`, true);
  const out: Partial<Record<K, number>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(keys as readonly string[]).includes(key)) {
      throw new ProfileError(`${where}.${key} is not a known setting (known: ${keys.join(', ')})`, true);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ProfileError(`${where}.${key} must be a number ≥ 0, got: ${JSON.stringify(value)}`, true);
    }
    out[key as K] = value;
  }
  return out;
}

/**
 * Profiles from a JSON file:
 * `{ "assumptions": {...}, "profiles": [{ "name", "multiplier"?, "traffic"?: {...}, "assumptions"?: {...} }] }`.
 * A profile's traffic is the blueprint's model times `multiplier` (default 1), with the fields of
 * `traffic` replacing the model's; `"multiplier": 0` is no traffic.
 */
export function readProfileFile(file: string, model: TrafficModel | null): CostProfile[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProfileError(`cannot read the profile file ${file}: ${(error as Error).message}`, true);
  }
  return parseProfiles(raw, model, file);
}

/** {@link readProfileFile} on already parsed JSON. */
export function parseProfiles(
  raw: unknown,
  model: TrafficModel | null,
  where = 'profile file',
): CostProfile[] {
  if (!isRecord(raw) || !Array.isArray(raw.profiles) || raw.profiles.length === 0) {
    throw new ProfileError(
      `${where}: expected { "profiles": [ { "name": ... } ] } with at least one profile`,
      true,
    );
  }
  const assumptionKeys = Object.keys(DEFAULT_ASSUMPTIONS) as (keyof CostAssumptions)[];
  const shared = {
    ...DEFAULT_ASSUMPTIONS,
    ...numbersOf(raw.assumptions, assumptionKeys, `${where}: assumptions`),
  };
  return raw.profiles.map((p: unknown, index: number) => {
    const at = `${where}: profiles[${index}]`;
    if (!isRecord(p) || typeof p.name !== 'string' || p.name === '') {
      throw new ProfileError(`${at} needs a "name"`, true);
    }
    const multiplier = p.multiplier === undefined ? 1 : p.multiplier;
    if (typeof multiplier !== 'number' || multiplier < 0) {
      throw new ProfileError(`${at}.multiplier must be a number ≥ 0`, true);
    }
    const overrides = numbersOf(p.traffic, TRAFFIC_KEYS, `${at}.traffic`);
    const assumptions = { ...shared, ...numbersOf(p.assumptions, assumptionKeys, `${at}.assumptions`) };
    if (multiplier === 0 && Object.keys(overrides).length === 0) {
      return { name: p.name, description: 'no traffic', traffic: null, multiplier: 0, assumptions };
    }
    const base = model === null ? undefined : scaleTraffic(model, multiplier);
    const traffic = { ...base, ...overrides };
    const missing = TRAFFIC_KEYS.filter((k) => traffic[k] === undefined);
    if (missing.length > 0) {
      throw new ProfileError(
        `${at}.traffic lacks ${missing.join(', ')} (no blueprint traffic model to start from)`,
        true,
      );
    }
    const complete = traffic as TrafficModel;
    if (complete.peakRequestsPerSecond < complete.averageRequestsPerSecond) {
      throw new ProfileError(
        `${at}.traffic.peakRequestsPerSecond must be at least averageRequestsPerSecond`,
        true,
      );
    }
    return {
      name: p.name,
      description: typeof p.description === 'string' ? p.description : `${multiplier} × the traffic model`,
      traffic: complete,
      multiplier,
      assumptions,
    };
  });
}

/** Half-hour slots in a week: the time base of every traffic-dependent quantity. */
export const SLOTS_PER_WEEK = 7 * 48;

/** The local time of day (hours, 0 ≤ h < 24) a slot starts at. */
export function slotHour(slot: number): number {
  return (slot % 48) / 2;
}

/**
 * Viewer requests per second in each half-hour slot of a week: `peakHoursPerDay` hours at the peak
 * rate, centred on 13:00 local time, and the rest of each day at the base rate that keeps the daily
 * average: base = (24 × average − h × peak) ÷ (24 − h). When that would be negative, the peak lasts
 * only 24 × average ÷ peak hours and the base is 0.
 */
export function dailyShape(traffic: TrafficModel | null, peakHoursPerDay: number): number[] {
  if (traffic === null) return new Array<number>(SLOTS_PER_WEEK).fill(0);
  const average = traffic.averageRequestsPerSecond;
  const peak = Math.max(traffic.peakRequestsPerSecond, average);
  if (peak === average || peakHoursPerDay <= 0) return new Array<number>(SLOTS_PER_WEEK).fill(average);
  // Whole half-hours at the peak, no more than keep the base rate at or above 0.
  const peakSlots = Math.max(
    1,
    Math.min(Math.round(peakHoursPerDay * 2), 47, Math.floor((48 * average) / peak)),
  );
  const peakRate = Math.min(peak, 48 * average);
  const baseRate = (48 * average - peakSlots * peakRate) / (48 - peakSlots);
  const start = Math.round(26 - peakSlots / 2);
  const rates: number[] = [];
  for (let slot = 0; slot < SLOTS_PER_WEEK; slot++) {
    const half = slot % 48;
    rates.push(half >= start && half < start + peakSlots ? peakRate : baseRate);
  }
  return rates;
}

/** Mean of a per-slot series. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Seconds in a month of `hoursPerMonth` hours. */
export function secondsPerMonth(hoursPerMonth: number): number {
  return hoursPerMonth * 3600;
}
