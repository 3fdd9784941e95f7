// Judges measured data against the manifest: SLO pass/fail, saturation per signal, top bottlenecks.
// Pure: no I/O, so the same code judges a live audit and a recording.
import {
  AuditManifest,
  AuditTierKind,
  SignalKind,
  SloObjective,
  ThresholdComparison,
} from 'cdk-scaling-blueprints/audit-manifest';
import { MetricSeries } from './fetch';
import { AuditWindow, planQueries, WINDOW_PREFIX, windowSeconds } from './queries';
import { recommend } from './recommendations';
import {
  AlarmResult,
  AUDIT_REPORT_VERSION,
  AuditReport,
  Bottleneck,
  SignalResult,
  SloResult,
  TierResult,
} from './report';

/** A signal within this fraction of its threshold is a warning. */
export const WARNING_MARGIN = 0.1;

const SLO_INFO: Record<SloObjective, { label: string; unit: string; comparison: 'lte' | 'gte' }> = {
  [SloObjective.LATENCY_P95]: { label: 'p95 latency', unit: 'ms', comparison: 'lte' },
  [SloObjective.LATENCY_P99]: { label: 'p99 latency', unit: 'ms', comparison: 'lte' },
  [SloObjective.ERROR_RATE]: { label: 'error rate', unit: '%', comparison: 'lte' },
  [SloObjective.AVAILABILITY]: { label: 'availability', unit: '%', comparison: 'gte' },
  [SloObjective.QUEUE_AGE]: { label: 'oldest message age', unit: 's', comparison: 'lte' },
};

/** Percentile (0–100) of sorted values, nearest-rank. */
export function percentile(sorted: number[], p: number): number {
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

function lowIsBad(comparison: ThresholdComparison): boolean {
  return (
    comparison === ThresholdComparison.LESS_THAN || comparison === ThresholdComparison.LESS_THAN_OR_EQUAL
  );
}

/** How far beyond (positive) or inside (negative) the threshold a value is, relative to the threshold. */
export function excess(value: number, comparison: ThresholdComparison, threshold: number): number {
  const scale = Math.abs(threshold) || 1;
  return (lowIsBad(comparison) ? threshold - value : value - threshold) / scale;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** The data an audit judges: what CloudWatch returned (live) or what a recording holds. */
export interface AuditInput {
  readonly manifest: AuditManifest;
  readonly window: AuditWindow;
  readonly metricData: Record<string, MetricSeries>;
  readonly alarms: AlarmResult[];
  readonly source: 'cloudwatch' | 'recording';
  readonly generatedAt: Date;
}

function judgeSignal(
  input: AuditInput,
  tierSignal: AuditManifest['tiers'][number]['signals'][number],
  period: number,
): SignalResult {
  const seconds = windowSeconds(input.window);
  const series = input.metricData[tierSignal.id];
  const scale = tierSignal.scale ?? 1;
  const values = (series?.values ?? []).filter((v) => Number.isFinite(v)).map((v) => v * scale);
  const expectedDatapoints = Math.max(1, Math.floor(seconds / period));
  const threshold = tierSignal.threshold ?? null;
  const base = {
    id: tierSignal.id,
    label: tierSignal.label,
    kind: tierSignal.kind,
    concern: tierSignal.concern ?? null,
    unit: tierSignal.unit ?? '',
    stat: tierSignal.stat ?? null,
    period,
    threshold: threshold ? { comparison: threshold.comparison, value: threshold.value } : null,
    capacity: tierSignal.capacity ?? null,
    datapoints: values.length,
    expectedDatapoints,
    partial: values.length < expectedDatapoints,
  };
  if (values.length === 0) {
    return {
      ...base,
      judged: null,
      peak: null,
      average: null,
      latest: null,
      breachPercent: null,
      utilisationPercent: null,
      status: 'no-data',
    };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const judged = threshold && lowIsBad(threshold.comparison) ? percentile(sorted, 5) : percentile(sorted, 95);
  const peak = threshold && lowIsBad(threshold.comparison) ? sorted[0] : sorted[sorted.length - 1];
  const average = values.reduce((a, b) => a + b, 0) / values.length;
  let status: SignalResult['status'] = 'info';
  let breachPercent: number | null = null;
  if (threshold) {
    breachPercent =
      (100 * values.filter((v) => beyond(v, threshold.comparison, threshold.value)).length) / values.length;
    if (beyond(judged, threshold.comparison, threshold.value)) status = 'breach';
    else if (
      (threshold.value !== 0 && excess(judged, threshold.comparison, threshold.value) >= -WARNING_MARGIN) ||
      breachPercent >= 1
    )
      status = 'warn';
    else status = 'ok';
  }
  return {
    ...base,
    judged: round(judged),
    peak: round(peak),
    average: round(average),
    latest: round(values[values.length - 1]),
    breachPercent: breachPercent === null ? null : round(breachPercent),
    utilisationPercent: tierSignal.capacity ? round((100 * judged) / tierSignal.capacity) : null,
    status,
  };
}

function judgeSlos(input: AuditInput): SloResult[] {
  const signals = input.manifest.tiers.flatMap((t) => t.signals);
  return Object.values(SloObjective).map((objective) => {
    const info = SLO_INFO[objective];
    const target = input.manifest.slo[objective];
    const signal = signals.find((s) => s.slo === objective);
    const values = signal
      ? (input.metricData[WINDOW_PREFIX + signal.id]?.values ?? []).filter((v) => Number.isFinite(v))
      : [];
    if (!signal || values.length === 0) {
      return {
        objective,
        label: info.label,
        target,
        comparison: info.comparison,
        unit: info.unit,
        measured: null,
        status: 'no-data',
        signalId: signal?.id ?? null,
      };
    }
    const scaled = values.map((v) => v * (signal.scale ?? 1));
    // Normally one datapoint spans the window; if CloudWatch splits it, judge the worse one.
    const measured = round(info.comparison === 'lte' ? Math.max(...scaled) : Math.min(...scaled));
    const pass = info.comparison === 'lte' ? measured <= target : measured >= target;
    return {
      objective,
      label: info.label,
      target,
      comparison: info.comparison,
      unit: info.unit,
      measured,
      status: pass ? 'pass' : 'fail',
      signalId: signal.id,
    };
  });
}

/** Findings this far (or further) beyond their threshold get the full severity score. */
export const FULL_SEVERITY = 0.5;

/**
 * Ranks findings by impact. Score (0–110): 60 × severity (how far the sustained level is beyond the
 * threshold, from 10 % inside it to 50 % beyond it) + 0.4 × share of periods beyond the threshold
 * + 10 when a user-facing SLO is breached.
 * Breaches rank above warnings. SLO breaches not explained by any finding fill the remaining places.
 */
export function rankBottlenecks(
  tiers: TierResult[],
  slos: SloResult[],
  manifest: AuditManifest,
  limit = 3,
): Bottleneck[] {
  const sloBreached = slos.some((s) => s.status === 'fail');
  const tierName = new Map(manifest.tiers.map((t) => [t.tier + ':' + t.name, t.name]));
  const candidates: Omit<Bottleneck, 'rank'>[] = [];
  const order: number[] = [];
  for (const tier of tiers) {
    for (const signal of tier.signals) {
      if (
        (signal.status !== 'breach' && signal.status !== 'warn') ||
        !signal.threshold ||
        signal.judged === null
      )
        continue;
      const over = excess(signal.judged, signal.threshold.comparison, signal.threshold.value);
      const severity = Math.min(1, Math.max(0, (over + WARNING_MARGIN) / (FULL_SEVERITY + WARNING_MARGIN)));
      const score = Math.round(
        60 * severity +
          0.4 * (signal.breachPercent ?? 0) +
          (sloBreached && signal.kind !== SignalKind.TRAFFIC ? 10 : 0),
      );
      const advice = recommend(signal, tier.tier, tierName.get(tier.tier + ':' + tier.name) ?? tier.name);
      candidates.push({
        signalId: signal.id,
        tier: tier.tier,
        title: `${signal.label} ${signal.status === 'breach' ? 'beyond' : 'near'} its threshold`,
        measured: signal.judged,
        threshold: signal.threshold.value,
        unit: signal.unit,
        score,
        ...advice,
      });
      order.push(signal.status === 'breach' ? 1 : 0);
    }
  }
  const ranked = candidates
    .map((c, i) => ({ c, breach: order[i] }))
    .sort((a, b) => b.breach - a.breach || b.c.score - a.c.score)
    .map((x) => x.c);
  for (const slo of slos) {
    if (slo.status !== 'fail' || ranked.length >= limit) continue;
    if (slo.signalId && ranked.some((r) => r.signalId === slo.signalId)) continue;
    const tier = tiers.find((t) => t.signals.some((s) => s.id === slo.signalId));
    const signal = tier?.signals.find((s) => s.id === slo.signalId);
    const advice = signal
      ? recommend(signal, tier!.tier, tier!.name)
      : { pitfall: 'SLO breach', recommendation: 'Find the saturated tier behind it.' };
    ranked.push({
      signalId: slo.signalId ?? slo.objective,
      tier: tier?.tier ?? AuditTierKind.WEB,
      title: `SLO ${slo.label} breached`,
      measured: slo.measured,
      threshold: slo.target,
      unit: slo.unit,
      score: 100,
      ...advice,
    });
  }
  return ranked.slice(0, limit).map((c, i) => ({ rank: i + 1, ...c }));
}

/** Judges an audit input into a report. */
export function judge(input: AuditInput): AuditReport {
  const plan = planQueries(input.manifest, input.window);
  const tiers: TierResult[] = input.manifest.tiers.map((tier) => ({
    tier: tier.tier,
    name: tier.name,
    signals: tier.signals.map((s) => judgeSignal(input, s, plan.seriesPeriod.get(s.id) ?? s.period)),
  }));
  const slos = judgeSlos(input);
  const allSignals = tiers.flatMap((t) => t.signals);
  const sloBreaches = slos.filter((s) => s.status === 'fail').length;
  return {
    reportVersion: AUDIT_REPORT_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    source: input.source,
    stackName: input.manifest.stackName,
    region: input.manifest.region,
    blueprint: input.manifest.blueprint ?? null,
    window: {
      start: input.window.start.toISOString(),
      end: input.window.end.toISOString(),
      seconds: windowSeconds(input.window),
    },
    verdict: sloBreaches > 0 ? 'breach' : 'pass',
    summary: {
      sloBreaches,
      sloNoData: slos.filter((s) => s.status === 'no-data').length,
      signalBreaches: allSignals.filter((s) => s.status === 'breach').length,
      signalWarnings: allSignals.filter((s) => s.status === 'warn').length,
      signalsNoData: allSignals.filter((s) => s.status === 'no-data').length,
      alarmsInAlarm: input.alarms.filter((a) => a.state === 'ALARM').length,
    },
    slos,
    tiers,
    alarms: input.alarms,
    bottlenecks: rankBottlenecks(tiers, slos, input.manifest),
  };
}
