// Renders a report as a terminal table (cli-table3, picocolors when a TTY), Markdown or JSON.
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { AuditReport, DeltaEntry, SignalResult, SignalStatus, SloResult } from './report';

export type OutputFormat = 'table' | 'json' | 'markdown';
export const OUTPUT_FORMATS: OutputFormat[] = ['table', 'json', 'markdown'];

/** A number for people: `no data` for null (never 0), at most 3 decimals, the unit appended. */
export function formatValue(value: number | null, unit = ''): string {
  if (value === null) return 'no data';
  const abs = Math.abs(value);
  // Percentages near 100 keep two decimals: 99.92 % availability must not print as 100 %.
  const digits = unit === '%' && abs >= 10 ? 2 : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
  if (!unit) return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const COMPARISON_SIGN = { gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

function thresholdText(s: SignalResult): string {
  if (!s.threshold) return '—';
  return `${COMPARISON_SIGN[s.threshold.comparison]} ${formatValue(s.threshold.value, s.unit)}`;
}

function sloTarget(s: SloResult): string {
  return `${s.comparison === 'lte' ? '≤' : '≥'} ${formatValue(s.target, s.unit)}`;
}

function deltaText(d: DeltaEntry | undefined, unit: string): string {
  if (!d || d.delta === null) return '—';
  const sign = d.delta > 0 ? '+' : '';
  const pct = d.deltaPercent === null ? '' : ` (${sign}${formatValue(d.deltaPercent)}%)`;
  return `${sign}${formatValue(d.delta, unit)}${pct} ${d.change}`;
}

function judgedText(s: SignalResult): string {
  const value = formatValue(s.judged, s.unit);
  return s.utilisationPercent !== null
    ? `${value} (${formatValue(s.utilisationPercent)}% of ${formatValue(s.capacity)})`
    : value;
}

function dataText(s: SignalResult): string {
  return s.partial && s.datapoints > 0
    ? `${s.datapoints}/${s.expectedDatapoints} partial`
    : `${s.datapoints}/${s.expectedDatapoints}`;
}

function header(report: AuditReport): string {
  const blueprint = report.blueprint ? ` (${report.blueprint})` : '';
  const source = report.source === 'recording' ? ', from a recording' : '';
  return `Audit of stack ${report.stackName}${blueprint} in ${report.region}, ${report.window.start} → ${report.window.end} (${formatDuration(report.window.seconds)}${source})`;
}

function verdictText(report: AuditReport): string {
  const { sloBreaches, sloNoData } = report.summary;
  const measured = report.slos.length - sloNoData;
  return report.verdict === 'breach'
    ? `BREACH: ${sloBreaches} of ${measured} measured SLOs breached`
    : `PASS: all ${measured} measured SLOs met`;
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
      default:
        return c.dim(s);
    }
  };
  const style = { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] };
  const cmp = report.comparison;
  const out: string[] = [
    c.bold(header(report)),
    (report.verdict === 'breach' ? c.red : c.green)(c.bold(verdictText(report))),
    '',
  ];

  const slo = new Table({
    head: sloColumns(cmp !== undefined),
    style,
  });
  for (const s of report.slos) {
    const d = cmp?.slos.find((x) => x.id === s.objective);
    slo.push([
      s.label,
      sloTarget(s),
      formatValue(s.measured, s.unit),
      status(s.status),
      ...(cmp ? [deltaText(d, s.unit)] : []),
    ]);
  }
  out.push(c.bold('Service level objectives (over the whole window)'), slo.toString(), '');

  const tiers = new Table({
    head: tierColumns(cmp !== undefined),
    style,
  });
  for (const tier of report.tiers) {
    for (const s of tier.signals) {
      const d = cmp?.signals.find((x) => x.id === s.id);
      tiers.push([
        `${tier.tier}: ${tier.name}`,
        s.label,
        judgedText(s),
        formatValue(s.peak, s.unit),
        thresholdText(s),
        s.breachPercent === null ? '—' : `${formatValue(s.breachPercent)}%`,
        dataText(s),
        status(s.status),
        ...(cmp ? [deltaText(d, s.unit)] : []),
      ]);
    }
  }
  out.push(c.bold('Saturation and health by tier'), tiers.toString(), '');

  if (report.alarms.length > 0) {
    const alarms = new Table({ head: ['alarm', 'state'], style });
    for (const a of report.alarms) {
      alarms.push([
        a.name,
        a.state === 'ALARM' ? c.red(a.state) : a.state === 'OK' ? c.green(a.state) : c.yellow(a.state),
      ]);
    }
    out.push(c.bold('Alarms'), alarms.toString(), '');
  }

  out.push(c.bold('Top bottlenecks'));
  if (report.bottlenecks.length === 0) out.push('  none: every signal is within its threshold');
  for (const b of report.bottlenecks) {
    out.push(
      `${b.rank}. [${b.tier}] ${b.title}: ${formatValue(b.measured, b.unit)} vs ${formatValue(b.threshold, b.unit)} (score ${b.score})`,
      `   ${c.dim('pitfall:')} ${b.pitfall}`,
      `   ${c.dim('fix:')} ${b.recommendation}`,
    );
  }
  return out.join('\n') + '\n';
}

const mdCell = (text: string): string => text.replace(/\|/g, '\\|');
const mdRow = (cells: string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;
const mdHead = (cells: string[]): string[] => [mdRow(cells), mdRow(cells.map(() => '---'))];

/** The Markdown report, for pull-request comments. */
export function formatMarkdown(report: AuditReport): string {
  const cmp = report.comparison;
  const icon = (s: string): string =>
    s === 'pass' || s === 'ok'
      ? `✅ ${s}`
      : s === 'fail' || s === 'breach'
        ? `❌ **${s}**`
        : s === 'warn'
          ? `⚠️ ${s}`
          : s === 'no-data'
            ? '❔ no data'
            : s;
  const out = [
    `## scaling-blueprints audit: ${report.stackName}`,
    '',
    header(report),
    '',
    `**${verdictText(report)}**`,
    '',
    '### Service level objectives',
    '',
  ];
  out.push(...mdHead(sloColumns(cmp !== undefined)));
  for (const s of report.slos) {
    out.push(
      mdRow([
        s.label,
        sloTarget(s),
        formatValue(s.measured, s.unit),
        icon(s.status),
        ...(cmp
          ? [
              deltaText(
                cmp.slos.find((x) => x.id === s.objective),
                s.unit,
              ),
            ]
          : []),
      ]),
    );
  }
  out.push('', '### Top bottlenecks', '');
  if (report.bottlenecks.length === 0) out.push('None: every signal is within its threshold.');
  for (const b of report.bottlenecks) {
    out.push(
      `${b.rank}. **[${b.tier}] ${b.title}**: ${formatValue(b.measured, b.unit)} vs ${formatValue(b.threshold, b.unit)} (score ${b.score})  `,
      `   _Pitfall:_ ${b.pitfall}  `,
      `   _Fix:_ ${b.recommendation}`,
    );
  }
  out.push('', '<details><summary>Saturation and health by tier</summary>', '');
  out.push(...mdHead(tierColumns(cmp !== undefined)));
  for (const tier of report.tiers) {
    for (const s of tier.signals) {
      out.push(
        mdRow([
          `${tier.tier}: ${tier.name}`,
          s.label,
          judgedText(s),
          formatValue(s.peak, s.unit),
          thresholdText(s),
          s.breachPercent === null ? '—' : `${formatValue(s.breachPercent)}%`,
          dataText(s),
          icon(s.status),
          ...(cmp
            ? [
                deltaText(
                  cmp.signals.find((x) => x.id === s.id),
                  s.unit,
                ),
              ]
            : []),
        ]),
      );
    }
  }
  out.push('', '</details>');
  if (report.alarms.length > 0) {
    out.push(
      '',
      '### Alarms',
      '',
      ...mdHead(['alarm', 'state']),
      ...report.alarms.map((a) => mdRow([a.name, a.state])),
    );
  }
  return out.join('\n') + '\n';
}

export function formatReport(report: AuditReport, format: OutputFormat, color: boolean): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'markdown') return formatMarkdown(report);
  return formatTable(report, color);
}

/** The columns of the SLO table, in the terminal and in Markdown. */
function sloColumns(compare: boolean): string[] {
  return ['SLO', 'target', 'measured', 'status', ...(compare ? ['vs baseline'] : [])];
}

/** The columns of the per-tier table, in the terminal and in Markdown. */
function tierColumns(compare: boolean): string[] {
  return [
    'tier',
    'signal',
    'sustained (p95/p5)',
    'peak',
    'threshold',
    'periods beyond',
    'data',
    'status',
    ...(compare ? ['vs baseline'] : []),
  ];
}
