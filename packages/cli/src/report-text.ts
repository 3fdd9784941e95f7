// The sentences and cells every format shares, so the verdict, a figure and its label read the same
// in the table, Markdown and the compact format.
import { ThresholdComparison } from 'cdk-scaling-blueprints/audit-manifest';
import { AuditReport, Bottleneck, DeltaEntry, SignalResult, SloResult, WorstPeriod } from './report';
import { formatDuration, formatValue, periodName } from './units';

const SIGN: Record<ThresholdComparison, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

/** `2026-03-09 00:00Z` */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$|:\d\dZ$/, 'Z');
}

/** `BudgetStartup (budget-startup) us-east-1 · 2026-03-09 00:00Z → 03:00Z (3h)`: for chat. */
export function shortHeader(report: AuditReport): string {
  const blueprint = report.blueprint ? ` (${report.blueprint})` : '';
  const start = shortTime(report.window.start);
  const end = shortTime(report.window.end);
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  const source = report.source === 'recording' ? ', recorded' : '';
  return `${report.stackName}${blueprint} ${report.region} · ${start} → ${sameDay ? end.slice(11) : end} (${formatDuration(report.window.seconds)}${source})`;
}

export function header(report: AuditReport): string {
  const blueprint = report.blueprint ? ` (${report.blueprint})` : '';
  const source = report.source === 'recording' ? ', from a recording' : '';
  return `Audit of stack ${report.stackName}${blueprint} in ${report.region}, ${shortTime(report.window.start)} → ${shortTime(report.window.end)} (${formatDuration(report.window.seconds)}${source})`;
}

const labels = (slos: SloResult[]): string => slos.map((s) => s.label).join(', ');

/** The verdict in one line: what it is, and which SLOs decided it. */
export function verdictText(report: AuditReport): string {
  const observed = report.slos.filter((s) => s.status !== 'not-observed');
  const failed = report.slos.filter((s) => s.status === 'fail');
  const noData = report.slos.filter((s) => s.status === 'no-data');
  const notObserved = report.slos.filter((s) => s.status === 'not-observed');
  const aside = notObserved.length > 0 ? ` (not measured by this stack: ${labels(notObserved)})` : '';
  if (report.verdict === 'breach') {
    const alsoNoData = noData.length > 0 ? `; no data for ${labels(noData)}` : '';
    return `BREACH: ${failed.length} of ${observed.length} SLOs breached over the window (${labels(failed)})${alsoNoData}${aside}`;
  }
  if (report.verdict === 'insufficient-data') {
    if (observed.length === 0) return 'INSUFFICIENT DATA: the manifest of this stack measures no SLO';
    const met = report.summary.slosMet > 0 ? `; the other ${report.summary.slosMet} met` : '';
    return `INSUFFICIENT DATA: no datapoint over the window for ${noData.length} of ${observed.length} SLOs (${labels(noData)})${met}${aside}`;
  }
  return `PASS: all ${observed.length} SLOs met over the window${aside}`;
}

/** What to say when there is no bottleneck: never "all is well" about signals without data. */
export function noBottlenecksText(report: AuditReport): string {
  const signals = report.tiers.flatMap((t) => t.signals);
  const noData = report.summary.signalsNoData;
  if (noData === signals.length) return 'none found: no signal had data over the window';
  if (noData > 0)
    return `none among the signals with data (${noData} of ${signals.length} signals had no data)`;
  return 'none: every signal is within its threshold';
}

export function sloTarget(s: SloResult): string {
  return `${s.comparison === 'lte' ? '≤' : '≥'} ${formatValue(s.target, s.unit)}`;
}

/** `max 1,474 ms`: the worst period named by its direction (the period is in the data column). */
export function worstText(
  worst: WorstPeriod | null,
  unit: string,
  direction: SignalResult['direction'],
): string {
  if (!worst) return '—';
  return `${direction === 'lower-is-worse' ? 'min' : 'max'} ${formatValue(worst.value, unit)}`;
}

/** `max 1,474 ms (1-min)`: an SLO's worst period, with its length (the SLO table has no data column). */
export function sloWorst(s: SloResult): string {
  if (!s.worstPeriod) return '—';
  const length = periodName(s.worstPeriod.periodSeconds).replace('-minute', '-min').replace('-second', '-s');
  const direction = s.comparison === 'gte' ? 'lower-is-worse' : 'higher-is-worse';
  return `${worstText(s.worstPeriod, s.unit, direction)} (${length})`;
}

export function budgetText(s: SloResult): string {
  return s.errorBudgetSpentPercent === null ? '—' : `${formatValue(s.errorBudgetSpentPercent, '%')} spent`;
}

export function thresholdText(s: SignalResult): string {
  if (!s.threshold) return '—';
  if (s.slo !== null) {
    // The SLO as stated: "≤ 500 ms" for a threshold breached above 500.
    const stated = s.threshold.comparison === 'gt' ? '≤' : '≥';
    return `SLO ${stated} ${formatValue(s.threshold.value, s.unit)}`;
  }
  return `${SIGN[s.threshold.comparison]} ${formatValue(s.threshold.value, s.unit)}`;
}

export function sustainedCell(s: SignalResult): string {
  const value = formatValue(s.sustained, s.unit);
  return s.utilisationPercent !== null && s.sustained !== null
    ? `${value} (${Math.round(s.utilisationPercent)}% of ${formatValue(s.capacity)})`
    : value;
}

/** `139/360 ×1m`: datapoints received of the periods in the window, and the period. */
export function dataText(s: SignalResult): string {
  return `${s.datapoints}/${s.expectedDatapoints} ×${formatDuration(s.period)}`;
}

export function beyondText(s: SignalResult): string {
  return s.breachPercent === null ? '—' : formatValue(s.breachPercent, '%');
}

/** `over the window 618 ms vs ≤ 500 ms` or `sustained 207 connections vs > 180 connections`. */
export function bottleneckFigure(b: Bottleneck): string {
  const threshold = b.threshold
    ? b.basis === 'window'
      ? ` vs SLO ${b.threshold.comparison === 'gt' ? '≤' : '≥'} ${formatValue(b.threshold.value, b.unit)}`
      : ` vs ${SIGN[b.threshold.comparison]} ${formatValue(b.threshold.value, b.unit)}`
    : '';
  return `${b.basis === 'window' ? 'over the window' : 'sustained'} ${formatValue(b.measured, b.unit)}${threshold}`;
}

/** `-0.16 points, worse` / `-310 ms (-43.1%), better`. */
export function deltaText(d: DeltaEntry | undefined): string {
  if (!d || d.delta === null) return '—';
  const sign = d.delta > 0 ? '+' : '';
  if (d.unit === '%') return `${sign}${formatValue(d.delta)} pts, ${d.change}`;
  const percent = Math.abs(d.relativePercent ?? 0) >= 1 ? Math.round(d.relativePercent!) : d.relativePercent;
  const relative = d.relativePercent === null ? '' : ` (${sign}${percent}%)`;
  return `${sign}${formatValue(d.delta, d.unit)}${relative}, ${d.change}`;
}

/**
 * Word-wraps `text` to `width` columns: the first line keeps the text's own indentation, the
 * following ones start with `indent`.
 */
export function wrap(text: string, width: number, indent: string): string[] {
  const lead = /^\s*/.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.trim().split(/\s+/)) {
    if (line.trim() && (line + ' ' + word).length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.trim() ? `${line} ${word}` : `${line}${word}`;
    }
  }
  if (line.trim()) lines.push(line);
  return lines;
}
