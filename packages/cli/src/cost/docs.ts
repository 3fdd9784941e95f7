// The blueprint pages' cost sections and the committed estimates, generated from the command's
// report (scripts/cost-tables.js writes them; a test fails when they are stale):
//
//   docs/blueprints/<name>.md         between `<!-- cost: <name> -->` and `<!-- /cost -->`
//   blueprints/<name>/cost-estimate.json   what `budget.monthlyLimitUsd` defaults to
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CostBlueprint, estimateBlueprint } from './blueprint-estimate';
import { CostReport, LineItem, ProfileEstimate } from './engine';
import { money } from './format';
import { PriceTable } from './price-table';

/** Headroom of the budget over the 1× estimate, percent. */
export const BUDGET_HEADROOM_PERCENT = 25;

/** The committed estimate of a blueprint. */
export interface CostEstimateFile {
  readonly $comment: string;
  readonly blueprint: string;
  readonly priceTableDate: string;
  /** Total USD a month per profile. */
  readonly monthlyUsd: Readonly<Record<string, number>>;
  readonly budget: {
    readonly headroomPercent: number;
    readonly rule: string;
    /** The default of `budget.monthlyLimitUsd` (blueprints with a MonthlyBudget read it). */
    readonly monthlyLimitUsd: number;
  };
}

/** A settings variant priced next to the defaults, with what it trades. */
export interface CostVariant {
  /** The settings as they would go in cdk.json under the blueprint's key. */
  readonly settings: Record<string, unknown>;
  readonly explanation: string;
}

/** What a blueprint's page says besides the numbers: its goals and the variants it compares. */
export interface CostPageOptions {
  readonly goals?: (report: CostReport) => string[];
  readonly variants?: readonly CostVariant[];
}

/** The pages' goals and compared settings, by blueprint. */
export const COST_PAGES: Readonly<Record<string, CostPageOptions>> = {
  'budget-startup': {
    goals: (report) => {
      const [idle, , ten] = ['idle', '1x', '10x'].map((p) => profile(report, p).totalMonthlyUsd);
      const idleItems = profile(report, 'idle').lineItems;
      const ratio = ten / idle;
      return [
        `**idle ≤ 100 USD a month**, every safety on and the database in its real idle state: ${idle <= 100 ? '**met**' : '**not met**'}: ${money(idle)} USD. ` +
          `The largest idle line items: ${largest(idleItems, 6)
            .map((r) => `${r.label} ${money(r.usd)}`)
            .join(', ')}.`,
        `**10× ≤ 3 × idle**: ${ratio <= 3 ? '**met**' : '**not met**'}: ${money(ten)} USD is ${ratio.toFixed(1)} × idle. ` +
          `What grows with traffic: ${largest(profile(report, '10x').lineItems, 6)
            .map((r) => `${r.label} ${money(r.usd)}`)
            .join(', ')}.`,
      ];
    },
    variants: [
      {
        settings: { network: { natGateways: 0 } },
        explanation:
          'no NAT gateway: the Network construct adds interface endpoints (ECR, ECR Docker, Logs, Secrets Manager, SQS) in each AZ instead, which cost more than the one NAT gateway they replace',
      },
    ],
  },
  'legacy-monolith-uplift': {
    variants: [
      {
        settings: { database: { readReplicas: 0 } },
        explanation:
          'no read replica: the proxy still pools the connections of the monolith onto the existing instance; add the replica when reads, not connections, load the writer',
      },
      {
        settings: { sessionStore: { nodeType: 'cache.t4g.micro' } },
        explanation:
          'a smaller session store: sessions of a few KB fit in the 0.5 GB of a cache.t4g.micro (watch its memory alarm)',
      },
    ],
  },
  'multi-region-saas': {
    variants: [
      {
        settings: { network: { natGateways: 1 } },
        explanation:
          'one NAT gateway per region instead of one per AZ: losing its AZ cuts the egress of the other AZs of that region (Route 53 then routes users to the other region)',
      },
    ],
  },
};

function profile(report: CostReport, name: string): ProfileEstimate {
  const found = report.profiles.find((p) => p.profile === name);
  if (found === undefined) throw new Error(`the report has no profile ${name}`);
  return found;
}

/** A row of the page: one resource's charge, or several of one kind folded. */
interface PageRow {
  readonly key: string;
  readonly label: string;
  readonly basis: string;
}

function rowKey(item: LineItem, counts: Map<string, number>): { key: string; label: string } {
  const kind = `${item.stackName}|${item.type}|${item.component}`;
  const folded = (counts.get(kind) ?? 0) >= 3;
  const key = folded ? kind : `${kind}|${item.logicalId}`;
  const label = folded
    ? `${counts.get(kind)} × ${item.component} (${shortType(item.type)})`
    : `${item.component} (\`${item.logicalId}\`)`;
  return { key, label };
}

function shortType(type: string): string {
  return type.replace(/^AWS::/, '');
}

function kindCounts(items: readonly LineItem[]): Map<string, number> {
  const counts = new Map<string, Set<string>>();
  for (const i of items) {
    const kind = `${i.stackName}|${i.type}|${i.component}`;
    counts.set(kind, (counts.get(kind) ?? new Set()).add(i.logicalId));
  }
  return new Map([...counts].map(([k, v]) => [k, v.size]));
}

/** The largest rows of a profile. */
function largest(items: readonly LineItem[], n: number): Array<{ label: string; usd: number }> {
  const counts = kindCounts(items);
  const multiStack = new Set(items.map((i) => i.stackName)).size > 1;
  const sums = new Map<string, { label: string; usd: number }>();
  for (const item of items) {
    const { key, label } = rowKey(item, counts);
    const row = sums.get(key) ?? { label: multiStack ? `${item.stackName}: ${label}` : label, usd: 0 };
    sums.set(key, { label: row.label, usd: row.usd + item.monthlyUsd });
  }
  return [...sums.values()].sort((a, b) => b.usd - a.usd).slice(0, n);
}

function table(header: string[], align: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
}

/** The Markdown of a blueprint's cost section (between the markers). */
export function costSection(
  report: CostReport,
  options: CostPageOptions = {},
  variants: ReadonlyArray<{ variant: CostVariant; report: CostReport }> = [],
): string {
  const name = report.blueprint ?? 'app';
  const names = report.profiles.map((p) => p.profile);
  const head = names.map((n) => n.replace(/x$/, '×'));
  const out: string[] = [
    `Generated by \`node scripts/cost-tables.js\` from \`npx scaling-blueprints cost --blueprint ${name}\` with the price table of ` +
      `**${report.priceTable.date}**: on-demand list prices in ${report.priceTable.currency} for a month of ${report.priceTable.hoursPerMonth} h, ` +
      "without Savings Plans or free tiers except CloudFront's always-free allowance. The table was compiled offline from the AWS pricing pages " +
      '(each entry says whether a stored copy confirmed it): check a number in the AWS Pricing Calculator before you commit to it. ' +
      'A test fails when this section no longer matches the templates.',
    '',
  ];
  const stackRows =
    report.stacks.length > 1
      ? report.stacks.map((s) => [
          `${s.stackName} (${s.region})`,
          ...report.profiles.map((p) =>
            money(p.byStack.find((b) => b.stackName === s.stackName)?.monthlyUsd ?? 0),
          ),
        ])
      : [];
  const regionRows =
    report.stacks.length > 1
      ? report.profiles[0].byRegion.map((r) => [
          `all stacks in ${r.region}`,
          ...report.profiles.map((p) =>
            money(p.byRegion.find((b) => b.region === r.region)?.monthlyUsd ?? 0),
          ),
        ])
      : [];
  out.push(
    ...table(
      ['USD a month', ...head],
      ['---', ...head.map(() => '---:')],
      [
        ['**total**', ...report.profiles.map((p) => `**${money(p.totalMonthlyUsd)}**`)],
        ...stackRows,
        ...regionRows,
      ],
    ),
    '',
  );
  const one = report.profiles.find((p) => p.profile === '1x');
  if (one?.traffic) {
    const t = one.traffic;
    out.push(
      `1× is the blueprint's traffic model (\`traffic.*\` in its settings): ${t.averageRequestsPerSecond} viewer requests/s on average and ${t.peakRequestsPerSecond} at the daily peak, ` +
        `${t.averageResponseKiB} KiB per response, ${t.cdnHitRatioPercent} % served from the CDN cache; per origin request ${t.cpuMillisecondsPerRequest} ms of vCPU, ` +
        `${t.databaseQueriesPerRequest} queries, ${t.cacheOperationsPerRequest} cache operations, ${t.queueMessagesPerRequest} queue messages. 10× is ten times the requests.`,
      '',
    );
  }
  const goals = options.goals?.(report) ?? [];
  if (goals.length > 0) {
    out.push('**Goals**', '', ...goals.map((g) => `- ${g}`), '');
  }
  const reference = one ?? report.profiles[report.profiles.length - 1];
  const at = reference.profile.replace(/x$/, '×');
  const ranked = (items: readonly LineItem[], n: number, total: number): string =>
    largest(items, n)
      .map((r, i) => `${i + 1}. ${r.label}: ${money(r.usd)} (${Math.round((100 * r.usd) / total)} %)`)
      .join('; ');
  out.push(
    `**Biggest line items at ${at}**: ${ranked(reference.lineItems, 5, reference.totalMonthlyUsd)}.`,
    '',
  );
  if (report.stacks.length > 1) {
    for (const s of reference.byStack) {
      const items = reference.lineItems.filter((i) => i.stackName === s.stackName);
      out.push(
        `- ${s.stackName} (${s.region}), ${money(s.monthlyUsd)} at ${at}: ${ranked(items, 3, s.monthlyUsd)}.`,
      );
    }
    out.push('');
  }

  // Every charge above a cent in some profile, largest at the reference profile first.
  const all = report.profiles.flatMap((p) => p.lineItems);
  const counts = kindCounts(all);
  const rows = new Map<string, PageRow & { usd: Map<string, number> }>();
  for (const p of report.profiles) {
    for (const item of p.lineItems) {
      const { key, label } = rowKey(item, counts);
      const prefix = report.stacks.length > 1 ? `${item.stackName}: ` : '';
      const row = rows.get(key) ?? {
        key,
        label: `${prefix}${label}`,
        basis: '',
        usd: new Map<string, number>(),
      };
      row.usd.set(p.profile, (row.usd.get(p.profile) ?? 0) + item.monthlyUsd);
      rows.set(key, row);
    }
  }
  for (const item of reference.lineItems) {
    const { key } = rowKey(item, counts);
    const row = rows.get(key)!;
    if (row.basis === '')
      rows.set(key, {
        ...row,
        basis:
          (counts.get(`${item.stackName}|${item.type}|${item.component}`) ?? 0) >= 3
            ? `e.g. ${item.basis}`
            : item.basis,
      });
  }
  const visible = [...rows.values()]
    .filter((r) => [...r.usd.values()].some((v) => v >= 0.01))
    .sort(
      (a, b) =>
        (b.usd.get(reference.profile) ?? 0) - (a.usd.get(reference.profile) ?? 0) ||
        a.label.localeCompare(b.label),
    );
  const hidden = rows.size - visible.length;
  out.push(
    '<details><summary>Every line item, with the arithmetic at ' +
      reference.profile.replace(/x$/, '×') +
      '</summary>',
    '',
    ...table(
      ['item', ...head, `basis (${reference.profile.replace(/x$/, '×')})`],
      ['---', ...head.map(() => '---:'), '---'],
      visible.map((r) => [r.label, ...names.map((n) => money(r.usd.get(n) ?? 0)), r.basis || '—']),
    ),
    '',
    `${hidden > 0 ? `${hidden} more charges are under a cent in every profile. ` : ''}` +
      `Free (no charge of their own): ${reference.free.length} resources such as IAM roles, security groups, policies and standard parameters; ` +
      `not priced: ${reference.notPriced.length === 0 ? 'none' : reference.notPriced.map((n) => `\`${n.logicalId}\` (${n.reason})`).join(', ')}.`,
    '',
    '</details>',
    '',
  );

  out.push('**Assumptions**', '');
  const idle = report.profiles.find((p) => p.profile === 'idle');
  const stated = new Set<string>();
  for (const p of [idle, reference].filter((x): x is ProfileEstimate => x !== undefined)) {
    for (const a of p.assumptions) {
      if (/^Traffic: /.test(a) || /tasks? on average, /.test(a)) continue;
      stated.add(a);
    }
  }
  out.push(...[...stated].map((a) => `- ${a}`), '');

  if (reference.lineItems.some((i) => i.type === 'AWS::Budgets::Budget') && one !== undefined) {
    const estimate = costEstimateFile(report);
    out.push(
      `**Budget**: \`budget.monthlyLimitUsd\` defaults to ${estimate.budget.monthlyLimitUsd} USD, ${estimate.budget.rule} ` +
        `(\`blueprints/${name}/cost-estimate.json\`): the 80 % alert fires near the 1× estimate, the forecast alert before the limit.`,
      '',
    );
  }
  if (variants.length > 0) {
    out.push('**Settings compared** (each priced like the defaults above)', '');
    out.push(
      ...table(
        ['settings', ...head.map((h) => `${h} change`), 'what it trades'],
        ['---', ...head.map(() => '---:'), '---'],
        variants.map(({ variant, report: other }) => [
          `\`${JSON.stringify(variant.settings)}\``,
          ...names.map((n) => {
            const delta =
              (other.profiles.find((p) => p.profile === n)?.totalMonthlyUsd ?? 0) -
              profile(report, n).totalMonthlyUsd;
            return `${delta > 0 ? '+' : delta < 0 ? '−' : ''}${money(Math.abs(delta))}`;
          }),
          variant.explanation,
        ]),
      ),
      '',
    );
  }
  return out.join('\n').trimEnd();
}

/** The committed estimate: totals per profile and the budget default they give. */
export function costEstimateFile(report: CostReport): CostEstimateFile {
  const one = profile(report, '1x').totalMonthlyUsd;
  return {
    $comment:
      'Written by node scripts/cost-tables.js from the cost command; checked by packages/cli/test/cost/committed.release.test.ts. Do not edit.',
    blueprint: report.blueprint ?? 'app',
    priceTableDate: report.priceTable.date,
    monthlyUsd: Object.fromEntries(report.profiles.map((p) => [p.profile, p.totalMonthlyUsd])),
    budget: {
      headroomPercent: BUDGET_HEADROOM_PERCENT,
      rule: `the 1× estimate × ${1 + BUDGET_HEADROOM_PERCENT / 100}, rounded up to the next 10 USD`,
      monthlyLimitUsd: Math.ceil((one * (1 + BUDGET_HEADROOM_PERCENT / 100)) / 10) * 10,
    },
  };
}

/** Everything the script writes, for every registered blueprint. */
export interface CostArtifacts {
  /** Section Markdown by blueprint name. */
  readonly sections: Record<string, string>;
  /** Estimate file content by blueprint name. */
  readonly estimates: Record<string, CostEstimateFile>;
}

/** Prices every blueprint (and the settings its page compares) with the project's context. */
export function blueprintCostArtifacts(
  registry: readonly CostBlueprint[],
  cwd: string,
  priceTable: PriceTable,
): CostArtifacts {
  const sections: Record<string, string> = {};
  const estimates: Record<string, CostEstimateFile> = {};
  for (const blueprint of registry) {
    const report = estimateBlueprint({ blueprint: blueprint.name, registry, cwd, priceTable });
    const options = COST_PAGES[blueprint.name] ?? {};
    const variants = (options.variants ?? []).map((variant) => ({
      variant,
      report: estimateBlueprint({
        blueprint: blueprint.name,
        registry,
        cwd,
        priceTable,
        context: { [blueprint.name]: variant.settings },
      }),
    }));
    sections[blueprint.name] = costSection(report, options, variants);
    estimates[blueprint.name] = costEstimateFile(report);
  }
  return { sections, estimates };
}

const SECTION = /<!-- cost: ([\w-]+) -->\n([\s\S]*?)<!-- \/cost -->/g;

/**
 * The cost sections of the blueprint pages under `docs/blueprints` that differ from `sections`;
 * with `write`, rewrites them. A page without markers is left alone.
 */
export function costSections(
  root: string,
  sections: Record<string, string>,
  { write = false } = {},
): string[] {
  const stale: string[] = [];
  const directory = path.join(root, 'docs', 'blueprints');
  for (const file of fs
    .readdirSync(directory)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const page = path.join(directory, file);
    const text = fs.readFileSync(page, 'utf8');
    const updated = text.replace(SECTION, (block, name: string, body: string) => {
      const current = sections[name];
      if (current === undefined) return block;
      if (body.trim() !== current.trim()) stale.push(`docs/blueprints/${file} (${name})`);
      return `<!-- cost: ${name} -->\n${current}\n<!-- /cost -->`;
    });
    if (write && updated !== text) fs.writeFileSync(page, updated);
  }
  return stale;
}

/** The path of a blueprint's committed estimate. */
export function costEstimatePath(root: string, blueprint: string): string {
  return path.join(root, 'blueprints', blueprint, 'cost-estimate.json');
}

/** The committed estimates that differ from `estimates` (compared as JSON values). */
export function staleCostEstimates(root: string, estimates: Record<string, CostEstimateFile>): string[] {
  return Object.entries(estimates)
    .filter(([name, estimate]) => {
      const file = costEstimatePath(root, name);
      if (!fs.existsSync(file)) return true;
      return JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))) !== JSON.stringify(estimate);
    })
    .map(([name]) => path.relative(root, costEstimatePath(root, name)));
}
