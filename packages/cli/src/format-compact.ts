// The compact report, for an incident channel: the verdict, each SLO on one line, the top three;
// plain text within 100 columns, no box drawing, no colour.
import { AuditReport } from './report';
import {
  bottleneckFigure,
  budgetText,
  shortHeader,
  noBottlenecksText,
  sloTarget,
  verdictText,
  wrap,
} from './report-text';
import { formatValue } from './units';

/** The compact report fits a chat message this wide. */
export const COMPACT_WIDTH = 100;

const STATUS: Record<string, string> = {
  pass: 'ok',
  fail: 'FAIL',
  'no-data': 'NO DATA',
  'not-observed': '-',
};

export function formatCompact(report: AuditReport): string {
  const out = [
    ...wrap(shortHeader(report), COMPACT_WIDTH, '  '),
    ...wrap(verdictText(report), COMPACT_WIDTH, '  '),
  ];
  const labelWidth = Math.max(...report.slos.map((s) => s.label.length));
  for (const s of report.slos) {
    if (s.status === 'not-observed') continue;
    const budget =
      s.errorBudgetSpentPercent === null
        ? ''
        : `, ${budgetText(s).replace(' spent', '')} of the error budget spent`;
    out.push(
      `  ${STATUS[s.status].padEnd(7)} ${s.label.padEnd(labelWidth)}  ${formatValue(s.measured, s.unit).padStart(9)}  (SLO ${sloTarget(s)}${budget})`,
    );
  }
  out.push('Top bottlenecks:');
  if (report.bottlenecks.length === 0) out.push(`  ${noBottlenecksText(report)}`);
  for (const b of report.bottlenecks) {
    out.push(
      ...wrap(
        `  ${b.rank}. ${b.tier} ${b.tierName}: ${b.title}, ${bottleneckFigure(b)}`,
        COMPACT_WIDTH,
        '     ',
      ),
      ...wrap(`     fix: ${b.recommendation}`, COMPACT_WIDTH, '     '),
    );
  }
  return out.join('\n') + '\n';
}
