// Turns an audit manifest into GetMetricData queries and packs them into calls of at most 500 queries,
// keeping each expression in the same call as the metrics it refers to.
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { AuditManifest, AuditSignal, expressionReferences } from 'cdk-scaling-blueprints/audit-manifest';
import { CliError, ExitCode } from './exit-codes';

/** GetMetricData accepts at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

/** Keep each series at or below this many periods: the period grows for long windows. */
export const MAX_PERIODS_PER_SERIES = 1440;

/** Prefix of the query ids that measure a signal over the whole window. */
export const WINDOW_PREFIX = 'w_';

export interface AuditWindow {
  readonly start: Date;
  readonly end: Date;
}

export interface QueryPlan {
  /** Query batches per region: each inner array is one GetMetricData call (before pagination). */
  readonly batches: { readonly region: string; readonly queries: MetricDataQuery[] }[];
  /** The period each signal's series is fetched at (seconds), by signal id. */
  readonly seriesPeriod: ReadonlyMap<string, number>;
  /** The single period that spans the window, for the window-wide queries. */
  readonly windowPeriod: number;
  readonly queryCount: number;
}

export function windowSeconds(window: AuditWindow): number {
  return Math.max(60, Math.round((window.end.getTime() - window.start.getTime()) / 1000));
}

const DAY = 86400;

/**
 * The multiple a period must be for data starting `ageSeconds` ago, or GetMetricData returns no
 * datapoints: 60 up to 15 days, 300 up to 63 days, 3600 beyond (CloudWatch keeps 1-minute data 15
 * days, 5-minute data 63 days, 1-hour data 455 days).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export function periodMultiple(ageSeconds: number): number {
  if (ageSeconds > 63 * DAY) return 3600;
  if (ageSeconds > 15 * DAY) return 300;
  return 60;
}

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/**
 * The period a signal is fetched at: its own, grown so the window has at most 1440 periods, and a
 * multiple of what CloudWatch still keeps for a window starting that long ago (`multiple`).
 * High-resolution periods (1 to 30 s) are served for the last 3 hours only: they become 60 s.
 */
export function effectivePeriod(signalPeriod: number, seconds: number, multiple = 60): number {
  const minimum = roundUp(seconds / MAX_PERIODS_PER_SERIES, multiple);
  return Math.max(roundUp(Math.max(signalPeriod, 60), multiple), minimum);
}

function allSignals(manifest: AuditManifest): AuditSignal[] {
  return manifest.tiers.flatMap((tier) => tier.signals);
}

function toQuery(
  signal: AuditSignal,
  id: string,
  period: number,
  rename: (ref: string) => string,
): MetricDataQuery {
  if (signal.expression) {
    const expression = signal.expression.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (token) => rename(token));
    return { Id: id, Label: signal.label, Expression: expression, Period: period, ReturnData: true };
  }
  return {
    Id: id,
    Label: signal.label,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: signal.namespace,
        MetricName: signal.metricName,
        Dimensions: Object.entries(signal.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: signal.stat,
    },
  };
}

/**
 * Packs groups of queries into calls of at most `max` queries (first fit, largest group first).
 * With independent queries this makes exactly ⌈n ÷ max⌉ calls.
 */
export function packGroups<T>(groups: T[][], max = MAX_QUERIES_PER_CALL): T[][] {
  const bins: T[][] = [];
  for (const group of [...groups].sort((a, b) => b.length - a.length)) {
    if (group.length > max) {
      throw new CliError(
        ExitCode.NOT_A_BLUEPRINT,
        `an expression and the signals it refers to need ${group.length} queries, more than the ${max} one GetMetricData call allows`,
      );
    }
    const bin = bins.find((b) => b.length + group.length <= max);
    if (bin) bin.push(...group);
    else bins.push([...group]);
  }
  return bins;
}

/** Groups queries connected through expression references (union-find), keeping manifest order. */
function connectedGroups(queries: MetricDataQuery[], refs: Map<string, string[]>): MetricDataQuery[][] {
  const parent = new Map<string, string>(queries.map((q) => [q.Id!, q.Id!]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const [id, targets] of refs) {
    for (const target of targets) if (parent.has(target)) parent.set(find(id), find(target));
  }
  const groups = new Map<string, MetricDataQuery[]>();
  for (const query of queries) {
    const root = find(query.Id!);
    groups.set(root, [...(groups.get(root) ?? []), query]);
  }
  return [...groups.values()];
}

/**
 * Plans every query an audit needs: one series per signal at its (effective) period, and one query
 * per signal whose period spans the whole window, so that a percentile or a ratio over the window is
 * computed by CloudWatch from all the samples, never from per-period values. `now` (default: the
 * window's end) decides which period multiples CloudWatch still serves for the window's start.
 */
export function planQueries(manifest: AuditManifest, window: AuditWindow, now: Date = window.end): QueryPlan {
  const seconds = windowSeconds(window);
  const multiple = periodMultiple((now.getTime() - window.start.getTime()) / 1000);
  // The window-wide period may run past EndTime: CloudWatch returns data between StartTime and
  // EndTime only, so it still covers exactly the window.
  const windowPeriod = roundUp(seconds, multiple);
  const signals = allSignals(manifest);
  const ids = new Set(signals.map((s) => s.id));
  const byId = new Map(signals.map((s) => [s.id, s]));
  const refs = new Map<string, string[]>();
  for (const s of signals) if (s.expression) refs.set(s.id, expressionReferences(s.expression, ids));

  const seriesPeriod = new Map<string, number>();
  const periodOf = (s: AuditSignal, seen = new Set<string>()): number => {
    if (seriesPeriod.has(s.id)) return seriesPeriod.get(s.id)!;
    seen.add(s.id);
    const own = effectivePeriod(s.period, seconds, multiple);
    const fromRefs = (refs.get(s.id) ?? [])
      .filter((r) => !seen.has(r))
      .map((r) => periodOf(byId.get(r)!, seen));
    const period = Math.max(own, ...fromRefs);
    seriesPeriod.set(s.id, period);
    return period;
  };
  const series = signals.map((s) => toQuery(s, s.id, periodOf(s), (token) => token));

  // Every signal once more over the whole window; expressions refer to the window-wide queries.
  const windowRefs = new Map<string, string[]>();
  const whole = signals.map((s) => {
    windowRefs.set(
      WINDOW_PREFIX + s.id,
      (refs.get(s.id) ?? []).map((r) => WINDOW_PREFIX + r),
    );
    return toQuery(s, WINDOW_PREFIX + s.id, windowPeriod, (token) =>
      ids.has(token) ? WINDOW_PREFIX + token : token,
    );
  });

  const all = [...series, ...whole];
  const allRefs = new Map([...refs, ...windowRefs]);
  const regionOf = (id: string): string => {
    const signal = byId.get(
      id.startsWith(WINDOW_PREFIX) && !byId.has(id) ? id.slice(WINDOW_PREFIX.length) : id,
    );
    return signal?.region ?? manifest.region;
  };
  const byRegion = new Map<string, MetricDataQuery[][]>();
  for (const group of connectedGroups(all, allRefs)) {
    const region = regionOf(group[0].Id!);
    byRegion.set(region, [...(byRegion.get(region) ?? []), group]);
  }
  const batches = [...byRegion].flatMap(([region, groups]) =>
    packGroups(groups).map((queries) => ({ region, queries })),
  );
  return { batches, seriesPeriod, windowPeriod, queryCount: all.length };
}
