// Small numeric helpers of the judgement: percentiles of period values, thresholds and directions.
import { SignalConcern, SloObjective, ThresholdComparison } from 'cdk-scaling-blueprints/audit-manifest';
import { Direction } from './report';

/** Percentile (0–100) of sorted values, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** True when `value` is beyond the threshold. */
export function beyond(value: number, comparison: ThresholdComparison, threshold: number): boolean {
  switch (comparison) {
    case ThresholdComparison.GREATER_THAN:
      return value > threshold;
    case ThresholdComparison.GREATER_THAN_OR_EQUAL:
      return value >= threshold;
    case ThresholdComparison.LESS_THAN:
      return value < threshold;
    case ThresholdComparison.LESS_THAN_OR_EQUAL:
      return value <= threshold;
  }
}

export function lowIsBad(comparison: ThresholdComparison): boolean {
  return (
    comparison === ThresholdComparison.LESS_THAN || comparison === ThresholdComparison.LESS_THAN_OR_EQUAL
  );
}

/** How far beyond (positive) or inside (negative) the threshold a value is, relative to the threshold. */
export function excess(value: number, comparison: ThresholdComparison, threshold: number): number {
  const scale = Math.abs(threshold) || 1;
  return (lowIsBad(comparison) ? threshold - value : value - threshold) / scale;
}

/** Which way a signal gets worse: from its threshold, its SLO, or what it measures. */
export function directionOf(signal: {
  readonly threshold?: { readonly comparison: ThresholdComparison };
  readonly slo?: SloObjective;
  readonly concern?: SignalConcern;
}): Direction {
  if (signal.threshold) return lowIsBad(signal.threshold.comparison) ? 'lower-is-worse' : 'higher-is-worse';
  if (signal.slo === SloObjective.AVAILABILITY) return 'lower-is-worse';
  if (signal.concern === SignalConcern.CACHE_HIT_RATE || signal.concern === SignalConcern.EDGE_HIT_RATE) {
    return 'lower-is-worse';
  }
  return 'higher-is-worse';
}

export const round = (n: number): number => Math.round(n * 1000) / 1000;
