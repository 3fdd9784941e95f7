// The figures of one signal and how it is judged. Every figure says what it is: `window` is the
// statistic CloudWatch computed over the whole window, `sustained` the p95 of the periods (p5 where
// lower is worse), `worstPeriod` the highest period (lowest where lower is worse). A signal that
// measures an SLO takes the SLO's status (judged over the window, see judge-slos.ts); one with a
// threshold is judged on its sustained level; the others are information.
import { AuditSignal, SloObjective, ThresholdComparison } from 'cdk-scaling-blueprints/audit-manifest';
import { MetricSeries } from './fetch';
import { WINDOW_PREFIX } from './queries';
import { Direction, SignalResult, SloResult, WorstPeriod } from './report';
import { beyond, directionOf, excess, percentile, round } from './statistics';

/** A signal within this fraction of its threshold is a warning. */
export const WARNING_MARGIN = 0.1;

/** The sustained level is this percentile of the periods (100 − it where lower is worse). */
export const SUSTAINED_PERCENTILE = 95;

/** What a series says, scaled to the signal's unit. */
export interface SeriesFigures {
  readonly values: number[];
  readonly sustained: number | null;
  readonly worstPeriod: WorstPeriod | null;
  readonly latest: number | null;
}

function finitePoints(series: MetricSeries | undefined, scale: number): [number, number][] {
  const points: [number, number][] = [];
  (series?.values ?? []).forEach((v, i) => {
    if (Number.isFinite(v)) points.push([series!.timestamps[i], v * scale]);
  });
  return points;
}

export function seriesFigures(
  series: MetricSeries | undefined,
  scale: number,
  direction: Direction,
  period: number,
): SeriesFigures {
  const points = finitePoints(series, scale);
  if (points.length === 0) return { values: [], sustained: null, worstPeriod: null, latest: null };
  const values = points.map(([, v]) => v);
  const sorted = [...values].sort((a, b) => a - b);
  const low = direction === 'lower-is-worse';
  const worst = points.reduce((w, p) => (low ? (p[1] < w[1] ? p : w) : p[1] > w[1] ? p : w));
  return {
    values,
    sustained: round(percentile(sorted, low ? 100 - SUSTAINED_PERCENTILE : SUSTAINED_PERCENTILE)),
    worstPeriod: {
      value: round(worst[1]),
      at: new Date(worst[0] * 1000).toISOString(),
      periodSeconds: period,
    },
    latest: round(values[values.length - 1]),
  };
}

/**
 * The value over the whole window: normally one datapoint. Should CloudWatch split it, counts add
 * up and extremes combine exactly; anything else (a percentile, a ratio) takes the worse part, an
 * upper bound of the truth.
 */
export function windowValue(
  series: MetricSeries | undefined,
  signal: AuditSignal,
  direction: Direction,
): number | null {
  const values = finitePoints(series, signal.scale ?? 1).map(([, v]) => v);
  if (values.length === 0) return null;
  if (values.length === 1) return round(values[0]);
  if (signal.stat === 'Sum' || signal.stat === 'SampleCount') return round(values.reduce((a, b) => a + b, 0));
  if (signal.stat === 'Minimum') return round(Math.min(...values));
  if (signal.stat === 'Maximum') return round(Math.max(...values));
  return round(direction === 'lower-is-worse' ? Math.min(...values) : Math.max(...values));
}

const SLO_COMPARISON: Record<SloResult['comparison'], ThresholdComparison> = {
  lte: ThresholdComparison.GREATER_THAN,
  gte: ThresholdComparison.LESS_THAN,
};

/** Judges one signal; `slo` is the SLO it measures (already judged over the window), if any. */
export function judgeSignal(
  signal: AuditSignal,
  metricData: Readonly<Record<string, MetricSeries>>,
  period: number,
  windowSeconds: number,
  slo: SloResult | undefined,
): SignalResult {
  const direction = slo
    ? slo.comparison === 'gte'
      ? 'lower-is-worse'
      : 'higher-is-worse'
    : directionOf(signal);
  const figures = seriesFigures(metricData[signal.id], signal.scale ?? 1, direction, period);
  const window = windowValue(metricData[WINDOW_PREFIX + signal.id], signal, direction);
  // An SLO signal is judged against the SLO target, whatever threshold the manifest repeats.
  const threshold = slo
    ? { comparison: SLO_COMPARISON[slo.comparison], value: slo.target }
    : signal.threshold;
  const expectedDatapoints = Math.max(1, Math.floor(windowSeconds / period));
  const sustained = figures.sustained;
  let status: SignalResult['status'] = 'info';
  let breachPercent: number | null = null;
  if (threshold && figures.values.length > 0) {
    breachPercent = round(
      (100 * figures.values.filter((v) => beyond(v, threshold.comparison, threshold.value)).length) /
        figures.values.length,
    );
  }
  if (slo) {
    status = slo.status === 'pass' ? 'ok' : slo.status === 'fail' ? 'breach' : 'no-data';
  } else if (sustained === null) {
    status = 'no-data';
  } else if (threshold) {
    if (beyond(sustained, threshold.comparison, threshold.value)) status = 'breach';
    else if (
      (threshold.value !== 0 &&
        excess(sustained, threshold.comparison, threshold.value) >= -WARNING_MARGIN) ||
      (breachPercent ?? 0) >= 1
    )
      status = 'warn';
    else status = 'ok';
  }
  return {
    id: signal.id,
    label: signal.label,
    kind: signal.kind,
    concern: signal.concern ?? null,
    unit: signal.unit ?? '',
    stat: signal.stat ?? null,
    period,
    threshold: threshold ? { comparison: threshold.comparison, value: threshold.value } : null,
    capacity: signal.capacity ?? null,
    slo: (signal.slo as SloObjective | undefined) ?? null,
    direction,
    judgedOn: slo ? 'window' : threshold ? 'sustained' : null,
    window,
    sustained,
    worstPeriod: figures.worstPeriod,
    latest: figures.latest,
    breachPercent,
    utilisationPercent:
      signal.capacity && sustained !== null ? round((100 * sustained) / signal.capacity) : null,
    datapoints: figures.values.length,
    expectedDatapoints,
    partial: figures.values.length < expectedDatapoints,
    status,
  };
}
