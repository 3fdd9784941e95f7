// Before/after deltas between a saved report (--save) and the current one (--compare).
import * as fs from 'node:fs';
import { ThresholdComparison } from 'cdk-scaling-blueprints/audit-manifest';
import { CliError, ExitCode } from './exit-codes';
import { AUDIT_REPORT_VERSION, AuditReport, DeltaEntry, ReportComparison } from './report';

/** Which direction is better for a value: -1 lower is better, 1 higher is better, 0 unknown. */
type Direction = -1 | 0 | 1;

/** Changes smaller than this share of the baseline count as `same`. */
export const SAME_WITHIN_PERCENT = 1;

export function delta(
  id: string,
  label: string,
  before: number | null,
  after: number | null,
  direction: Direction,
): DeltaEntry {
  if (before === null || after === null) {
    return { id, label, before, after, delta: null, deltaPercent: null, change: 'unknown' };
  }
  const diff = after - before;
  const deltaPercent = before === 0 ? null : (100 * diff) / Math.abs(before);
  const same = deltaPercent === null ? diff === 0 : Math.abs(deltaPercent) < SAME_WITHIN_PERCENT;
  let change: DeltaEntry['change'] = 'unknown';
  if (same) change = 'same';
  else if (direction !== 0) change = Math.sign(diff) === direction ? 'better' : 'worse';
  const r = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    id,
    label,
    before,
    after,
    delta: r(diff),
    deltaPercent: deltaPercent === null ? null : r(deltaPercent),
    change,
  };
}

function signalDirection(comparison: ThresholdComparison | undefined): Direction {
  if (!comparison) return 0;
  return comparison === ThresholdComparison.LESS_THAN || comparison === ThresholdComparison.LESS_THAN_OR_EQUAL
    ? 1
    : -1;
}

/** Compares SLOs (by objective) and signals (by id, judged value) of two reports. */
export function compareReports(baseline: AuditReport, current: AuditReport): ReportComparison {
  const beforeSlo = new Map(baseline.slos.map((s) => [s.objective, s]));
  const beforeSignal = new Map(baseline.tiers.flatMap((t) => t.signals).map((s) => [s.id, s]));
  return {
    baselineGeneratedAt: baseline.generatedAt,
    slos: current.slos.map((s) =>
      delta(
        s.objective,
        s.label,
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
          beforeSignal.get(s.id)?.judged ?? null,
          s.judged,
          signalDirection(s.threshold?.comparison),
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
      `${file} is not a report saved by \`audit --save\` (report version ${AUDIT_REPORT_VERSION}); save a new baseline`,
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
