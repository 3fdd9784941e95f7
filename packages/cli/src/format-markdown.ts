// The Markdown report, for tickets and pull-request comments: the verdict, the SLOs, the top
// bottlenecks, then the tiers folded away.
import { sloColumns, tierColumns } from './format-table';
import { AuditReport } from './report';
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
} from './report-text';
import { formatValue } from './units';

const cell = (text: string): string => text.replace(/\|/g, '\\|');
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const head = (cells: string[]): string[] => [row(cells), row(cells.map(() => '---'))];

function icon(status: string): string {
  switch (status) {
    case 'pass':
    case 'ok':
      return `✅ ${status}`;
    case 'fail':
    case 'breach':
      return `❌ **${status}**`;
    case 'warn':
      return `⚠️ ${status}`;
    case 'no-data':
      return '❔ no data';
    case 'not-observed':
      return 'n/a';
    default:
      return status;
  }
}

export function formatMarkdown(report: AuditReport): string {
  const cmp = report.comparison;
  const out = [
    `## scaling-blueprints audit: ${report.stackName}`,
    '',
    header(report),
    '',
    `**${verdictText(report)}**`,
    '',
    '### Service level objectives (each judged over the whole window)',
    '',
    ...head(sloColumns(cmp !== undefined)),
    ...report.slos.map((s) =>
      row([
        s.label,
        sloTarget(s),
        formatValue(s.measured, s.unit),
        budgetText(s),
        sloWorst(s),
        icon(s.status),
        ...(cmp ? [deltaText(cmp.slos.find((x) => x.id === s.objective))] : []),
      ]),
    ),
    '',
    '### Top bottlenecks',
    '',
  ];
  if (report.bottlenecks.length === 0) out.push(`${noBottlenecksText(report)}.`);
  for (const b of report.bottlenecks) {
    out.push(
      `${b.rank}. **[${b.tier} ${b.tierName}] ${b.title}**: ${bottleneckFigure(b)} (score ${b.score})  `,
      `   _Pitfall:_ ${b.pitfall}  `,
      `   _Fix:_ ${b.recommendation}`,
    );
  }
  out.push('', '<details><summary>Saturation and health by tier</summary>', '');
  out.push(
    'window: the statistic over the whole window; sustained: the p95 of the periods (p5 where lower is worse); worst period: the highest (lowest where lower is worse).',
    '',
  );
  out.push(...head(['tier', ...tierColumns(cmp !== undefined)]));
  for (const tier of report.tiers) {
    for (const s of tier.signals) {
      out.push(
        row([
          `${tier.tier}: ${tier.name}`,
          s.label,
          formatValue(s.window, s.unit),
          sustainedCell(s),
          worstText(s.worstPeriod, s.unit, s.direction),
          thresholdText(s),
          beyondText(s),
          dataText(s),
          icon(s.status),
          ...(cmp ? [deltaText(cmp.signals.find((x) => x.id === s.id))] : []),
        ]),
      );
    }
  }
  out.push('', '</details>');
  const troubled = report.alarms.filter((a) => a.state !== 'OK');
  if (report.alarms.length > 0) {
    out.push('', `### Alarms: ${report.alarms.length - troubled.length} of ${report.alarms.length} OK`);
    if (troubled.length > 0)
      out.push('', ...head(['alarm', 'state']), ...troubled.map((a) => row([a.name, a.state])));
  }
  return out.join('\n') + '\n';
}
