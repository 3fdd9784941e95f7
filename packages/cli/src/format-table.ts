// The terminal report (cli-table3, picocolors when a TTY): at most 120 columns, no rule between rows,
// one heading row per tier, every figure labelled with what it is.
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { AuditReport, SignalStatus, SloResult } from './report';
import {
  beyondText,
  bottleneckFigure,
  budgetText,
  dataText,
  deltaText,
  header,
  noBottlenecksText,
  sloTarget,
  sloWorst,
  sustainedCell,
  thresholdText,
  verdictText,
  worstText,
  wrap,
} from './report-text';
import { formatValue } from './units';

/** The terminal report fits a terminal this wide. */
export const TABLE_WIDTH = 120;

/** The columns of the SLO table, in the terminal and in Markdown. */
export function sloColumns(compare: boolean): string[] {
  return [
    'SLO',
    'target',
    'window',
    'error budget',
    'worst period',
    'status',
    ...(compare ? ['vs baseline'] : []),
  ];
}

/** The columns of the per-tier table, in the terminal and in Markdown. */
export function tierColumns(compare: boolean): string[] {
  return [
    'signal',
    'window',
    'sustained',
    'worst period',
    'threshold',
    'beyond',
    'data',
    'status',
    ...(compare ? ['vs baseline'] : []),
  ];
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes do not take up columns
const visible = (text: string): number => text.replace(/\u001b\[[0-9;]*m/g, '').length;

/**
 * Column widths that fit `maxWidth`: each column as wide as its content, then the widest figure
 * columns narrowed (their cells wrap) until the table fits; the first column, the label, last.
 * A cli-table3 column takes its width plus one border.
 */
export function fitColumns(rows: string[][], maxWidth: number): number[] {
  const columns = rows[0].length;
  const widths = Array.from(
    { length: columns },
    (_, c) => Math.max(...rows.map((r) => visible(r[c] ?? ''))) + 2,
  );
  const total = (): number => widths.reduce((a, b) => a + b, 0) + columns + 1;
  while (total() > maxWidth) {
    const figures = widths.slice(1);
    const widest =
      Math.max(...figures) > 12
        ? 1 + figures.indexOf(Math.max(...figures))
        : widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 8) break;
    widths[widest] -= 1;
  }
  return widths;
}

function table(
  head: string[],
  rows: (string | { content: string; colSpan: number })[][],
  style: object,
): Table.Table {
  const plain = rows
    .filter((r) => r.length === head.length)
    .map((r) => r.map((c) => (typeof c === 'string' ? c : '')));
  const t = new Table({
    head,
    style: { ...style, compact: true },
    colWidths: fitColumns([head, ...plain], TABLE_WIDTH),
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  for (const row of rows) t.push(row as Table.HorizontalTableRow);
  return t;
}

/** The terminal report. `color` is on for a TTY unless `--no-color` or NO_COLOR. */
export function formatTable(report: AuditReport, color: boolean): string {
  const c = createColors(color);
  const status = (s: SignalStatus | SloResult['status']): string => {
    switch (s) {
      case 'pass':
      case 'ok':
        return c.green(s);
      case 'fail':
      case 'breach':
        return c.bold(c.red(s));
      case 'warn':
        return c.yellow(s);
      case 'no-data':
        return c.magenta('no data');
      case 'not-observed':
        return c.dim('n/a');
      default:
        return c.dim(s);
    }
  };
  const style = { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] };
  const cmp = report.comparison;
  const verdictColor = report.verdict === 'pass' ? c.green : report.verdict === 'breach' ? c.red : c.magenta;
  const out: string[] = [
    ...wrap(header(report), TABLE_WIDTH, '  ').map(c.bold),
    verdictColor(c.bold(verdictText(report))),
    '',
  ];

  const sloRows = report.slos.map((s) => [
    s.label,
    sloTarget(s),
    formatValue(s.measured, s.unit),
    budgetText(s),
    sloWorst(s),
    status(s.status),
    ...(cmp ? [deltaText(cmp.slos.find((x) => x.id === s.objective))] : []),
  ]);
  out.push(
    c.bold('Service level objectives, each judged over the whole window'),
    table(sloColumns(cmp !== undefined), sloRows, style).toString(),
    c.dim(
      'worst period: the worst single period of the same signal, for context; it does not decide the SLO',
    ),
    '',
  );

  const columns = tierColumns(cmp !== undefined);
  const tierRows: (string | { content: string; colSpan: number })[][] = [];
  for (const tier of report.tiers) {
    tierRows.push([{ content: c.bold(`${tier.tier}: ${tier.name}`), colSpan: columns.length }]);
    for (const s of tier.signals) {
      tierRows.push([
        s.label,
        formatValue(s.window, s.unit),
        sustainedCell(s),
        worstText(s.worstPeriod, s.unit, s.direction),
        thresholdText(s),
        beyondText(s),
        dataText(s),
        status(s.status),
        ...(cmp ? [deltaText(cmp.signals.find((x) => x.id === s.id))] : []),
      ]);
    }
  }
  out.push(
    c.bold('Saturation and health by tier'),
    table(columns, tierRows, style).toString(),
    ...wrap(
      'window: the statistic over the whole window. sustained: the p95 of the periods (the p5 where lower is worse), what a threshold is judged on. worst period: the highest (lowest where lower is worse). SLO rows take the status of their SLO.',
      TABLE_WIDTH,
      '',
    ).map(c.dim),
    '',
  );

  const troubled = report.alarms.filter((a) => a.state !== 'OK');
  if (report.alarms.length > 0) {
    out.push(
      c.bold('Alarms') +
        ` ${report.alarms.length - troubled.length} of ${report.alarms.length} OK` +
        (troubled.length > 0 ? ':' : ''),
    );
    for (const a of troubled)
      out.push(`  ${a.state === 'ALARM' ? c.red(a.state) : c.yellow(a.state)}  ${a.name}`);
    out.push('');
  }

  out.push(c.bold('Top bottlenecks'));
  if (report.bottlenecks.length === 0) out.push(`  ${noBottlenecksText(report)}`);
  for (const b of report.bottlenecks) {
    out.push(
      ...wrap(
        `${b.rank}. [${b.tier} ${b.tierName}] ${b.title}: ${bottleneckFigure(b)} (score ${b.score})`,
        TABLE_WIDTH,
        '   ',
      ),
      ...wrap(`   pitfall: ${b.pitfall}`, TABLE_WIDTH, '   ').map((l) =>
        l.replace('pitfall:', c.dim('pitfall:')),
      ),
      ...wrap(`   fix: ${b.recommendation}`, TABLE_WIDTH, '   ').map((l) =>
        l.replace(/^ {3}fix:/, `   ${c.dim('fix:')}`),
      ),
    );
  }
  return out.join('\n') + '\n';
}
