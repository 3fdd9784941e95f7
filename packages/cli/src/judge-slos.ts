// The SLOs, each judged over the whole window, the way an SLO is defined: a p95 over all the
// requests of the window, an error rate as the window's 5xx responses divided by its requests. Never
// minute by minute: at 10 requests a second one error in a minute is 0.17 %, a "breach" of 99.9 %
// availability that the day as a whole (and its error budget) does not show.
import { AuditManifest, SloObjective } from 'cdk-scaling-blueprints/audit-manifest';
import { MetricSeries } from './fetch';
import { seriesFigures, windowValue } from './judge-signals';
import { WINDOW_PREFIX } from './queries';
import { SloResult } from './report';
import { round } from './statistics';

export const SLO_INFO: Record<SloObjective, { label: string; unit: string; comparison: 'lte' | 'gte' }> = {
  [SloObjective.LATENCY_P95]: { label: 'p95 latency', unit: 'ms', comparison: 'lte' },
  [SloObjective.LATENCY_P99]: { label: 'p99 latency', unit: 'ms', comparison: 'lte' },
  [SloObjective.ERROR_RATE]: { label: 'error rate', unit: '%', comparison: 'lte' },
  [SloObjective.AVAILABILITY]: { label: 'availability', unit: '%', comparison: 'gte' },
  [SloObjective.QUEUE_AGE]: { label: 'oldest message age', unit: 's', comparison: 'lte' },
};

/**
 * The share of the error budget a measured value spent, in percent: the budget of an error-rate SLO
 * is its target, that of an availability SLO is 100 − its target.
 */
export function errorBudgetSpent(objective: SloObjective, target: number, measured: number): number | null {
  if (objective === SloObjective.ERROR_RATE) return target > 0 ? round((100 * measured) / target) : null;
  if (objective === SloObjective.AVAILABILITY) {
    return target < 100 ? round((100 * (100 - measured)) / (100 - target)) : null;
  }
  return null;
}

export function judgeSlos(
  manifest: AuditManifest,
  metricData: Readonly<Record<string, MetricSeries>>,
  periodOf: (signalId: string) => number,
): SloResult[] {
  const signals = manifest.tiers.flatMap((t) => t.signals);
  return Object.values(SloObjective).map((objective): SloResult => {
    const info = SLO_INFO[objective];
    const target = manifest.slo[objective];
    const signal = signals.find((s) => s.slo === objective);
    const base = { objective, label: info.label, target, comparison: info.comparison, unit: info.unit };
    if (!signal) {
      return {
        ...base,
        measured: null,
        status: 'not-observed',
        signalId: null,
        errorBudgetSpentPercent: null,
        worstPeriod: null,
      };
    }
    const direction = info.comparison === 'gte' ? 'lower-is-worse' : 'higher-is-worse';
    const measured = windowValue(metricData[WINDOW_PREFIX + signal.id], signal, direction);
    const worstPeriod = seriesFigures(
      metricData[signal.id],
      signal.scale ?? 1,
      direction,
      periodOf(signal.id),
    ).worstPeriod;
    if (measured === null) {
      return {
        ...base,
        measured,
        status: 'no-data',
        signalId: signal.id,
        errorBudgetSpentPercent: null,
        worstPeriod,
      };
    }
    const pass = info.comparison === 'lte' ? measured <= target : measured >= target;
    return {
      ...base,
      measured,
      status: pass ? 'pass' : 'fail',
      signalId: signal.id,
      errorBudgetSpentPercent: errorBudgetSpent(objective, target, measured),
      worstPeriod,
    };
  });
}
