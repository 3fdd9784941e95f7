// Before/after deltas between a saved report (--save) and the current one (--compare).
import * as fs from 'node:fs';
import { CliError, ExitCode } from './exit-codes';
import { AUDIT_REPORT_VERSION, AuditReport, DeltaEntry, ReportComparison, SignalResult } from './report';

/** Which direction is better for a value: -1 lower is better, 1 higher is better, 0 unknown. */
type Better = -1 | 0 | 1;

/** Changes smaller than this share of the baseline count as `same` (values that are not percentages). */
export const SAME_WITHIN_PERCENT = 1;

/**
 * Percentages are compared in percentage points, and a change of less than this many points is
 * `same`. Relative change would hide a real drop near 100 %: availability from 99.96 % to 99.80 %
 * is a 0.16 % relative change, yet four times the errors, and the error rate from the same data
 * (0.04 % → 0.20 %) moves by the same 0.16 points. One rule for both.
 */
export const SAME_WITHIN_POINTS = 0.01;

const r = (n: number): number => Math.round(n * 1000) / 1000;

export function delta(
  id: string,
  label: string,
  unit: string,
  before: number | null,
  after: number | null,
  better: Better,
): DeltaEntry {
  if (before === null || after === null) {
    return { id, label, unit, before, after, delta: null, relativePercent: null, change: 'unknown' };
  }
  const diff = after - before;
  const points = unit === '%';
  const relativePercent = points || before === 0 ? null : (100 * diff) / Math.abs(before);
  const same = points
    ? Math.abs(diff) < SAME_WITHIN_POINTS
    : relativePercent === null
      ? diff === 0
      : Math.abs(relativePercent) < SAME_WITHIN_PERCENT;
  let change: DeltaEntry['change'] = 'unknown';
  if (same) change = 'same';
  else if (better !== 0) change = Math.sign(diff) === better ? 'better' : 'worse';
  return {
    id,
    label,
    unit,
    before,
    after,
    delta: r(diff),
    relativePercent: relativePercent === null ? null : r(relativePercent),
    change,
  };
}

/** Compares SLOs (by objective, measured over the window) and signals (by id, on what each is judged on). */
export function compareReports(baseline: AuditReport, current: AuditReport): ReportComparison {
  const beforeSlo = new Map(baseline.slos.map((s) => [s.objective, s]));
  const beforeSignal = new Map(baseline.tiers.flatMap((t) => t.signals).map((s) => [s.id, s]));
  // The figure a signal is judged on: over the window for an SLO signal, sustained otherwise.
  const figure = (s: SignalResult | undefined): number | null =>
    s === undefined ? null : s.judgedOn === 'window' ? s.window : s.sustained;
  return {
    baselineGeneratedAt: baseline.generatedAt,
    slos: current.slos.map((s) =>
      delta(
        s.objective,
        s.label,
        s.unit,
        beforeSlo.get(s.objective)?.measured ?? null,
        s.measured,
        s.comparison === 'lte' ? -1 : 1,
      ),
    ),
    signals: current.tiers
      .flatMap((t) => t.signals)
      .map((s) =>
        delta(
          s.id,
          s.label,
          s.unit,
          figure(beforeSignal.get(s.id)),
          figure(s),
          s.threshold === null ? 0 : s.direction === 'lower-is-worse' ? 1 : -1,
        ),
      ),
  };
}

/** Reads a report saved with `--save`. */
export function readBaseline(file: string): AuditReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `cannot read baseline ${file}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const report = parsed as Partial<AuditReport>;
  if (
    typeof report !== 'object' ||
    report === null ||
    report.reportVersion !== AUDIT_REPORT_VERSION ||
    !Array.isArray(report.slos) ||
    !Array.isArray(report.tiers)
  ) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `${file} is not a report saved by \`audit --save\` of report version ${AUDIT_REPORT_VERSION}: save a new baseline with this version`,
    );
  }
  return report as AuditReport;
}

/** Writes the report (without its comparison) as a baseline. */
export function saveBaseline(file: string, report: AuditReport): void {
  writeFileOrFail(file, JSON.stringify({ ...report, comparison: undefined }, null, 2) + '\n');
}

export function writeFileOrFail(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `cannot write ${file}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}
