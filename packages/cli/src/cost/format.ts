// The cost report for people: a terminal table (cli-table3) or Markdown; JSON is the report itself.
import Table from 'cli-table3';
import { CostReport, LineItem, ProfileEstimate } from './engine';

/** `1,234.56`. */
export function money(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A line item, or several of the same kind (alarms, keys) folded into one row. */
export interface DisplayRow {
  readonly resource: string;
  readonly what: string;
  readonly type: string;
  readonly monthlyUsd: number;
  readonly basis: string;
}

/** Rows of a profile, largest first: three or more charges of one kind in one stack fold into one row. */
export function displayRows(
  items: readonly LineItem[],
  multiStack: boolean,
): { rows: DisplayRow[]; small: number } {
  const groups = new Map<string, LineItem[]>();
  for (const item of items) {
    const key = `${item.stackName}|${item.type}|${item.component}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const rows: DisplayRow[] = [];
  let small = 0;
  const prefix = (item: LineItem): string => (multiStack ? `${item.stackName}/` : '');
  for (const group of groups.values()) {
    const first = group[0];
    const total = group.reduce((s, i) => s + i.monthlyUsd, 0);
    if (group.length >= 3) {
      if (total < 0.005) {
        small += group.length;
        continue;
      }
      const bases = new Set(group.map((i) => i.basis));
      const amounts = group.map((i) => i.monthlyUsd);
      rows.push({
        resource: `${prefix(first)}${group.length} resources`,
        what: first.component,
        type: first.type,
        monthlyUsd: total,
        basis:
          bases.size === 1
            ? `each: ${first.basis}`
            : `${money(Math.min(...amounts))} to ${money(Math.max(...amounts))} each, e.g. ${first.logicalId}: ${first.basis}`,
      });
      continue;
    }
    for (const item of group) {
      if (item.monthlyUsd < 0.005) {
        small += 1;
        continue;
      }
      rows.push({
        resource: `${prefix(item)}${item.logicalId}`,
        what: item.component,
        type: item.type,
        monthlyUsd: item.monthlyUsd,
        basis: item.basis,
      });
    }
  }
  rows.sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.resource.localeCompare(b.resource));
  return { rows, small };
}

function header(report: CostReport): string {
  const what = report.blueprint ? `blueprint ${report.blueprint}` : 'the app';
  const stacks = report.stacks.map((s) => `${s.stackName} (${s.region})`).join(', ');
  return `Monthly cost of ${what}: ${stacks}. Prices of ${report.priceTable.date} (${report.priceTable.currency}, on-demand list prices, ${report.priceTable.hoursPerMonth} h a month).`;
}

function summaryColumns(report: CostReport): string[] {
  return report.stacks.length > 1 ? report.stacks.map((s) => `${s.stackName} (${s.region})`) : [];
}

function summaryCells(report: CostReport, p: ProfileEstimate): string[] {
  return report.stacks.length > 1 ? p.byStack.map((s) => money(s.monthlyUsd)) : [];
}

/** The terminal report. */
export function formatCostTable(report: CostReport): string {
  const out: string[] = [header(report), ''];
  const summary = new Table({
    head: ['profile', 'total USD/month', ...summaryColumns(report)],
    style: { head: [], border: [] },
  });
  for (const p of report.profiles)
    summary.push([`${p.profile}: ${p.description}`, money(p.totalMonthlyUsd), ...summaryCells(report, p)]);
  out.push(summary.toString(), '');
  const multiStack = report.stacks.length > 1;
  for (const p of report.profiles) {
    out.push(`Profile ${p.profile} — ${p.description}: ${money(p.totalMonthlyUsd)} USD a month`);
    const { rows, small } = displayRows(p.lineItems, multiStack);
    const table = new Table({
      head: ['resource', 'what', 'USD/month', 'basis'],
      colWidths: [40, 24, 11, 62],
      wordWrap: true,
      style: { head: [], border: [], compact: true },
    });
    for (const row of rows)
      table.push([row.resource, row.what, { hAlign: 'right', content: money(row.monthlyUsd) }, row.basis]);
    if (small > 0)
      table.push([
        `${small} more charges`,
        'under 0.01 USD each',
        { hAlign: 'right', content: '0.00' },
        'see --format json',
      ]);
    out.push(table.toString());
    if (p.notPriced.length > 0) {
      out.push('Not priced (not counted in the total):');
      for (const n of p.notPriced) out.push(`  - ${n.stackName}/${n.logicalId} (${n.type}): ${n.reason}`);
    }
    out.push(
      `Free: ${p.free.length} resources (IAM, security groups, policies, ...; see --format json for each reason).`,
    );
    out.push('Assumptions:');
    for (const a of p.assumptions) out.push(`  - ${a}`);
    out.push('');
  }
  out.push('How quantities are derived:');
  for (const f of report.formulas) out.push(`  - ${f}`);
  return `${out.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown report (for a pull request comment or a page). */
export function formatCostMarkdown(report: CostReport): string {
  const out: string[] = [`**${header(report)}**`, ''];
  const columns = summaryColumns(report);
  out.push(`| profile | total USD/month |${columns.map((c) => ` ${cell(c)} |`).join('')}`);
  out.push(`| --- | ---: |${columns.map(() => ' ---: |').join('')}`);
  for (const p of report.profiles) {
    out.push(
      `| ${p.profile}: ${cell(p.description)} | **${money(p.totalMonthlyUsd)}** |${summaryCells(report, p)
        .map((c) => ` ${c} |`)
        .join('')}`,
    );
  }
  out.push('');
  const multiStack = report.stacks.length > 1;
  for (const p of report.profiles) {
    out.push(`### ${p.profile}: ${money(p.totalMonthlyUsd)} USD a month`, '');
    const { rows, small } = displayRows(p.lineItems, multiStack);
    out.push('| resource | what | USD/month | basis |', '| --- | --- | ---: | --- |');
    for (const row of rows)
      out.push(
        `| ${cell(row.resource)} | ${cell(row.what)} | ${money(row.monthlyUsd)} | ${cell(row.basis)} |`,
      );
    if (small > 0) out.push(`| ${small} more charges | under 0.01 USD each | 0.00 | see \`--format json\` |`);
    out.push('');
    if (p.notPriced.length > 0) {
      out.push('Not priced (not counted in the total):', '');
      for (const n of p.notPriced) out.push(`- \`${n.stackName}/${n.logicalId}\` (${n.type}): ${n.reason}`);
      out.push('');
    }
    out.push('Assumptions:', '');
    for (const a of p.assumptions) out.push(`- ${a}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
