// The top bottlenecks: saturated signals and breached SLOs, ranked, each with a recommendation tied
// to a pitfall of the scaling guide. A latency or error finding points at the tier that explains it
// (the most saturated signal below it), not at a fixed suspect.
import { SignalConcern, SignalKind, ThresholdComparison } from 'cdk-scaling-blueprints/audit-manifest';
import { WARNING_MARGIN } from './judge-signals';
import { Recommendation, recommend } from './recommendations';
import { Bottleneck, SignalResult, SloResult, TierResult } from './report';
import { excess } from './statistics';
import { formatValue } from './units';

/** Findings this far (or further) beyond their threshold get the full severity score. */
export const FULL_SEVERITY = 0.5;

interface Suspect {
  readonly tier: TierResult;
  readonly signal: SignalResult;
}

/** Concerns that are symptoms (what users see), not causes. */
const SYMPTOMS = new Set<SignalConcern | null>([
  SignalConcern.LATENCY,
  SignalConcern.ERRORS,
  SignalConcern.TRAFFIC,
]);

/** Saturated signals that can explain a latency or error finding, most saturated first. */
export function suspects(tiers: readonly TierResult[]): Suspect[] {
  const found = tiers.flatMap((tier) =>
    tier.signals
      .filter(
        (s) =>
          s.slo === null &&
          !SYMPTOMS.has(s.concern) &&
          s.threshold !== null &&
          s.sustained !== null &&
          (s.status === 'breach' || s.status === 'warn'),
      )
      .map((signal) => ({ tier, signal })),
  );
  const over = (s: SignalResult): number => excess(s.sustained!, s.threshold!.comparison, s.threshold!.value);
  return found.sort(
    (a, b) =>
      Number(b.signal.status === 'breach') - Number(a.signal.status === 'breach') ||
      over(b.signal) - over(a.signal),
  );
}

const SIGN: Record<ThresholdComparison, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

/** `DB connections sustained at 207 connections (92% of 225, threshold > 180)`. */
export function sustainedText(s: SignalResult): string {
  const of =
    s.utilisationPercent !== null
      ? `${Math.round(s.utilisationPercent)}% of ${formatValue(s.capacity)}, `
      : '';
  const threshold = s.threshold
    ? `threshold ${SIGN[s.threshold.comparison]} ${formatValue(s.threshold.value, s.unit)}`
    : '';
  return `${s.label} sustained at ${formatValue(s.sustained, s.unit)} (${of}${threshold})`;
}

/** The recommendation for a latency or error finding: the tier that explains it, or where to look. */
export function explain(
  symptom: 'latency' | 'errors',
  what: string,
  tiers: readonly TierResult[],
): Recommendation {
  const top = suspects(tiers)[0];
  if (top) {
    const advice = recommend(top.signal, top.tier.tier, top.tier.name);
    return {
      pitfall: advice.pitfall,
      recommendation: `${what}; the tier that explains it: ${top.tier.tier} ${top.tier.name}, ${sustainedText(top.signal)}. ${advice.recommendation}`,
    };
  }
  return symptom === 'latency'
    ? {
        pitfall: 'Latency without a saturated tier',
        recommendation: `${what}, and no tier below is saturated (tasks, CPU, database connections and capacity, cache hit rate are within their thresholds): profile the slowest endpoints and their calls to other services, then read the slow-query log.`,
      }
    : {
        pitfall: 'Cascading failures',
        recommendation: `${what}, and no tier below is saturated: correlate with deployments (circuit-breaker rollbacks) and unhealthy targets; add timeouts and circuit breakers on the dependencies that fail.`,
      };
}

function signalAdvice(tier: TierResult, signal: SignalResult, tiers: readonly TierResult[]): Recommendation {
  if (signal.concern === SignalConcern.LATENCY || signal.concern === SignalConcern.ERRORS) {
    return explain(
      signal.concern === SignalConcern.LATENCY ? 'latency' : 'errors',
      `${tier.name}: ${sustainedText(signal)}`,
      tiers,
    );
  }
  return recommend(signal, tier.tier, tier.name);
}

/**
 * Ranks findings by impact: causes first (saturated signals in breach), then what users see (breached
 * SLOs, then latency and error signals in breach), then warnings; within a group by score (0–110) = 60 × severity (how far the sustained level is beyond the
 * threshold, from 10 % inside it to 50 % beyond it) + 0.4 × share of periods beyond the threshold
 * + 10 when an SLO is breached.
 */
export function rankBottlenecks(
  tiers: readonly TierResult[],
  slos: readonly SloResult[],
  limit = 3,
): Bottleneck[] {
  const sloBreached = slos.some((s) => s.status === 'fail');
  const ranked: (Omit<Bottleneck, 'rank'> & { group: number })[] = [];
  for (const tier of tiers) {
    for (const signal of tier.signals) {
      if (signal.slo !== null || (signal.status !== 'breach' && signal.status !== 'warn')) continue;
      if (!signal.threshold || signal.sustained === null) continue;
      const over = excess(signal.sustained, signal.threshold.comparison, signal.threshold.value);
      const severity = Math.min(1, Math.max(0, (over + WARNING_MARGIN) / (FULL_SEVERITY + WARNING_MARGIN)));
      ranked.push({
        group:
          signal.status !== 'breach'
            ? 1
            : signal.concern === SignalConcern.LATENCY || signal.concern === SignalConcern.ERRORS
              ? 2
              : 4,
        signalId: signal.id,
        tier: tier.tier,
        tierName: tier.name,
        title: `${signal.label} ${signal.status === 'breach' ? 'beyond' : 'near'} its threshold`,
        measured: signal.sustained,
        basis: 'sustained',
        threshold: signal.threshold,
        unit: signal.unit,
        score: Math.round(
          60 * severity +
            0.4 * (signal.breachPercent ?? 0) +
            (sloBreached && signal.kind !== SignalKind.TRAFFIC ? 10 : 0),
        ),
        ...signalAdvice(tier, signal, tiers),
      });
    }
  }
  for (const slo of slos) {
    if (slo.status !== 'fail' || slo.measured === null) continue;
    const tier = tiers.find((t) => t.signals.some((s) => s.id === slo.signalId));
    const signal = tier?.signals.find((s) => s.id === slo.signalId);
    if (!tier || !signal) continue;
    const what = `${slo.label} over the window is ${formatValue(slo.measured, slo.unit)} (target ${slo.comparison === 'lte' ? '≤' : '≥'} ${formatValue(slo.target, slo.unit)})`;
    const advice =
      signal.kind === SignalKind.LATENCY && signal.concern !== SignalConcern.QUEUE_AGE
        ? explain('latency', what, tiers)
        : signal.kind === SignalKind.ERRORS
          ? explain('errors', what, tiers)
          : {
              ...recommend(signal, tier.tier, tier.name),
              recommendation: `${what}. ${recommend(signal, tier.tier, tier.name).recommendation}`,
            };
    ranked.push({
      group: 3,
      signalId: signal.id,
      tier: tier.tier,
      tierName: tier.name,
      title: `SLO ${slo.label} breached over the window`,
      measured: slo.measured,
      basis: 'window',
      threshold: signal.threshold,
      unit: slo.unit,
      score: 100,
      ...advice,
    });
  }
  return ranked
    .sort((a, b) => b.group - a.group || b.score - a.score)
    .slice(0, limit)
    .map(({ group: _group, ...c }, i) => ({ rank: i + 1, ...c }));
}
