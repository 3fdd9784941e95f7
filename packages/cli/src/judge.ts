// Judges measured data against the manifest: SLOs over the window, saturation per signal, the
// verdict and the top bottlenecks. Pure: no I/O, so the same code judges a live audit and a recording.
import { AuditManifest } from 'cdk-scaling-blueprints/audit-manifest';
import { rankBottlenecks } from './bottlenecks';
import { MetricSeries } from './fetch';
import { judgeSignal } from './judge-signals';
import { judgeSlos } from './judge-slos';
import { AuditWindow, planQueries, windowSeconds } from './queries';
import { AlarmResult, AUDIT_REPORT_VERSION, AuditReport, SloResult, TierResult, Verdict } from './report';

/** The data an audit judges: what CloudWatch returned (live) or what a recording holds. */
export interface AuditInput {
  readonly manifest: AuditManifest;
  readonly window: AuditWindow;
  readonly metricData: Record<string, MetricSeries>;
  readonly alarms: AlarmResult[];
  readonly source: 'cloudwatch' | 'recording';
  readonly generatedAt: Date;
}

/**
 * `breach` when an SLO with data is not met; otherwise `insufficient-data` when an SLO the manifest
 * measures had no datapoint (or the manifest measures none): nothing measured is never a pass.
 */
export function verdictOf(slos: readonly SloResult[]): Verdict {
  if (slos.some((s) => s.status === 'fail')) return 'breach';
  const observed = slos.filter((s) => s.status !== 'not-observed');
  if (observed.length === 0 || observed.some((s) => s.status === 'no-data')) return 'insufficient-data';
  return 'pass';
}

/** Judges an audit input into a report. */
export function judge(input: AuditInput): AuditReport {
  const plan = planQueries(input.manifest, input.window, input.generatedAt);
  const periodOf = (id: string): number => plan.seriesPeriod.get(id) ?? 60;
  const seconds = windowSeconds(input.window);
  const slos = judgeSlos(input.manifest, input.metricData, periodOf);
  const tiers: TierResult[] = input.manifest.tiers.map((tier) => ({
    tier: tier.tier,
    name: tier.name,
    signals: tier.signals.map((s) =>
      judgeSignal(
        s,
        input.metricData,
        periodOf(s.id),
        seconds,
        slos.find((slo) => slo.signalId === s.id),
      ),
    ),
  }));
  const signals = tiers.flatMap((t) => t.signals);
  return {
    reportVersion: AUDIT_REPORT_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    source: input.source,
    stackName: input.manifest.stackName,
    region: input.manifest.region,
    blueprint: input.manifest.blueprint ?? null,
    window: { start: input.window.start.toISOString(), end: input.window.end.toISOString(), seconds },
    verdict: verdictOf(slos),
    summary: {
      slosMet: slos.filter((s) => s.status === 'pass').length,
      sloBreaches: slos.filter((s) => s.status === 'fail').length,
      sloNoData: slos.filter((s) => s.status === 'no-data').length,
      slosNotObserved: slos.filter((s) => s.status === 'not-observed').length,
      signalBreaches: signals.filter((s) => s.status === 'breach').length,
      signalWarnings: signals.filter((s) => s.status === 'warn').length,
      signalsNoData: signals.filter((s) => s.status === 'no-data').length,
      alarmsInAlarm: input.alarms.filter((a) => a.state === 'ALARM').length,
    },
    slos,
    tiers,
    alarms: input.alarms,
    bottlenecks: rankBottlenecks(tiers, slos),
  };
}
