// The audit report: what `--format json` prints and `--save` writes. Versioned; see
// docs/schemas/audit-report.schema.json and docs/cli.md.
import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  SloObjective,
  ThresholdComparison,
} from 'cdk-scaling-blueprints/audit-manifest';

/** Version of the JSON report format. Bump on any incompatible change. */
export const AUDIT_REPORT_VERSION = 1;

export type SloStatus = 'pass' | 'fail' | 'no-data';
export type SignalStatus = 'ok' | 'warn' | 'breach' | 'no-data' | 'info';

export interface ReportWindow {
  readonly start: string;
  readonly end: string;
  readonly seconds: number;
}

export interface SloResult {
  readonly objective: SloObjective;
  readonly label: string;
  readonly target: number;
  /** `lte`: measured must be at or below target; `gte`: at or above. */
  readonly comparison: 'lte' | 'gte';
  readonly unit: string;
  /** Measured over the whole window; `null` when CloudWatch returned no datapoint (never 0). */
  readonly measured: number | null;
  readonly status: SloStatus;
  readonly signalId: string | null;
}

export interface SignalResult {
  readonly id: string;
  readonly label: string;
  readonly kind: SignalKind;
  readonly concern: SignalConcern | null;
  readonly unit: string;
  readonly stat: string | null;
  readonly period: number;
  readonly threshold: { readonly comparison: ThresholdComparison; readonly value: number } | null;
  readonly capacity: number | null;
  /** The sustained level judged against the threshold: p95 of the periods (p5 for `lt`/`lte` thresholds). */
  readonly judged: number | null;
  readonly peak: number | null;
  readonly average: number | null;
  readonly latest: number | null;
  /** Share of periods beyond the threshold, in percent; `null` without threshold or data. */
  readonly breachPercent: number | null;
  /** `judged` as a percentage of `capacity`, when the signal has one. */
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
  readonly title: string;
  readonly measured: number | null;
  readonly threshold: number | null;
  readonly unit: string;
  readonly score: number;
  readonly pitfall: string;
  readonly recommendation: string;
}

export interface DeltaEntry {
  readonly id: string;
  readonly label: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly delta: number | null;
  readonly deltaPercent: number | null;
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
  readonly verdict: 'pass' | 'breach';
  readonly summary: {
    readonly sloBreaches: number;
    readonly sloNoData: number;
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
