// The audit report: what `--format json` prints and `--save` writes. Versioned; see
// docs/schemas/audit-report.schema.json and docs/cli.md ("Verdicts and figures").
import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  SloObjective,
  ThresholdComparison,
} from 'cdk-scaling-blueprints/audit-manifest';

/**
 * Version of the JSON report format. Bump on any incompatible change.
 * 2: verdict `insufficient-data`; per signal `window`, `sustained`, `worstPeriod`, `judgedOn`,
 * `direction` instead of `judged`, `peak` and `average`; SLO `errorBudgetSpentPercent`; deltas in
 * points for percentages.
 */
export const AUDIT_REPORT_VERSION = 2;

/**
 * `pass`: every SLO the manifest measures has data over the window and is met. `breach`: at least
 * one is not met. `insufficient-data`: none is breached, but at least one (or every one) had no
 * datapoint over the window, so the audit cannot say it is met.
 */
export type Verdict = 'pass' | 'breach' | 'insufficient-data';

/** `not-observed`: no tier of the manifest measures this SLO (e.g. no queue). */
export type SloStatus = 'pass' | 'fail' | 'no-data' | 'not-observed';
export type SignalStatus = 'ok' | 'warn' | 'breach' | 'no-data' | 'info';

/** Which way a value gets worse: latency, errors, CPU up; availability, hit rates down. */
export type Direction = 'higher-is-worse' | 'lower-is-worse';

export interface ReportWindow {
  readonly start: string;
  readonly end: string;
  readonly seconds: number;
}

/** The worst period of a series: the highest value, or the lowest where lower is worse. */
export interface WorstPeriod {
  readonly value: number;
  /** Start of the period (ISO 8601). */
  readonly at: string;
  readonly periodSeconds: number;
}

export interface SloResult {
  readonly objective: SloObjective;
  readonly label: string;
  readonly target: number;
  /** `lte`: measured must be at or below target; `gte`: at or above. */
  readonly comparison: 'lte' | 'gte';
  readonly unit: string;
  /**
   * Over the whole window: one CloudWatch query whose period is the window (a percentile of every
   * request, a ratio of sums); `null` when CloudWatch returned no datapoint (never 0).
   */
  readonly measured: number | null;
  readonly status: SloStatus;
  readonly signalId: string | null;
  /** Error-rate and availability SLOs: the share of the window's error budget spent, in percent. */
  readonly errorBudgetSpentPercent: number | null;
  /** The worst period of the SLO's signal, for context: an SLO is never judged on it. */
  readonly worstPeriod: WorstPeriod | null;
}

export interface SignalResult {
  readonly id: string;
  readonly label: string;
  readonly kind: SignalKind;
  readonly concern: SignalConcern | null;
  readonly unit: string;
  readonly stat: string | null;
  /** The period of the series, in seconds. */
  readonly period: number;
  /** The threshold it is judged against (for an SLO signal: the SLO target). */
  readonly threshold: { readonly comparison: ThresholdComparison; readonly value: number } | null;
  readonly capacity: number | null;
  /** The SLO this signal measures: its status is that SLO's. */
  readonly slo: SloObjective | null;
  readonly direction: Direction;
  /** What the status is decided on: `window` (an SLO), `sustained` (a threshold), `null` (information). */
  readonly judgedOn: 'window' | 'sustained' | null;
  /** The statistic over the whole window, from CloudWatch (one period spanning the window). */
  readonly window: number | null;
  /** The sustained level: p95 of the periods (p5 where lower is worse). */
  readonly sustained: number | null;
  readonly worstPeriod: WorstPeriod | null;
  readonly latest: number | null;
  /** Share of periods beyond the threshold, in percent; `null` without threshold or data. */
  readonly breachPercent: number | null;
  /** `sustained` as a percentage of `capacity`, when the signal has one. */
  readonly utilisationPercent: number | null;
  readonly datapoints: number;
  readonly expectedDatapoints: number;
  /** True when fewer datapoints than periods came back (gaps are never filled with zeros). */
  readonly partial: boolean;
  readonly status: SignalStatus;
}

export interface TierResult {
  readonly tier: AuditTierKind;
  readonly name: string;
  readonly signals: SignalResult[];
}

export interface AlarmResult {
  readonly name: string;
  /** `OK`, `ALARM`, `INSUFFICIENT_DATA` or `MISSING` (named by the manifest, not found). */
  readonly state: string;
  readonly reason: string | null;
}

export interface Bottleneck {
  readonly rank: number;
  readonly signalId: string;
  readonly tier: AuditTierKind;
  readonly tierName: string;
  readonly title: string;
  readonly measured: number | null;
  /** What `measured` is: the value over the whole window (an SLO) or the sustained level. */
  readonly basis: 'window' | 'sustained';
  readonly threshold: { readonly comparison: ThresholdComparison; readonly value: number } | null;
  readonly unit: string;
  readonly score: number;
  readonly pitfall: string;
  readonly recommendation: string;
}

export interface DeltaEntry {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly before: number | null;
  readonly after: number | null;
  /** after − before, in the unit; for percentages that is percentage points. */
  readonly delta: number | null;
  /** The change relative to before, in percent; `null` for percentages (compared in points). */
  readonly relativePercent: number | null;
  readonly change: 'better' | 'worse' | 'same' | 'unknown';
}

export interface ReportComparison {
  readonly baselineGeneratedAt: string;
  readonly slos: DeltaEntry[];
  readonly signals: DeltaEntry[];
}

export interface AuditReport {
  readonly reportVersion: number;
  readonly generatedAt: string;
  readonly source: 'cloudwatch' | 'recording';
  readonly stackName: string;
  readonly region: string;
  readonly blueprint: string | null;
  readonly window: ReportWindow;
  readonly verdict: Verdict;
  readonly summary: {
    readonly slosMet: number;
    readonly sloBreaches: number;
    readonly sloNoData: number;
    readonly slosNotObserved: number;
    readonly signalBreaches: number;
    readonly signalWarnings: number;
    readonly signalsNoData: number;
    readonly alarmsInAlarm: number;
  };
  readonly slos: SloResult[];
  readonly tiers: TierResult[];
  readonly alarms: AlarmResult[];
  readonly bottlenecks: Bottleneck[];
  readonly comparison?: ReportComparison;
}
