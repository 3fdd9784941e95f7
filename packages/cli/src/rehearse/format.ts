// The rehearsal as a terminal table (cli-table3), Markdown or JSON.
import Table from 'cli-table3';
import { DatabaseFigures, WebFigures, WorkerFigures } from './figures';
import { GateResult } from './gates';
import { RehearsalReport, StackReport } from './rehearsal';

/** Seconds for people: `45 s`, `4 min 20 s`. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function decimal(value: number, digits = 1): string {
  return Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

function column(stack: StackReport, name: string, several: boolean): string {
  return several ? `${stack.region ?? stack.stackName} · ${name}` : name;
}

type Row = [string, ...string[]];

function webRows(
  stacks: readonly StackReport[],
  several: boolean,
): { header: string[]; rows: Row[] } | undefined {
  const entries: Array<{ stack: StackReport; web: WebFigures }> = stacks.flatMap((stack) =>
    stack.web.map((web) => ({ stack, web })),
  );
  if (entries.length === 0) return undefined;
  const row = (label: string, value: (w: WebFigures) => string): Row => [
    label,
    ...entries.map((e) => value(e.web)),
  ];
  return {
    header: ['web tier', ...entries.map((e) => column(e.stack, e.web.service, several))],
    rows: [
      row(
        'tasks at start → peak (max)',
        (w) => `${w.tasksAtStart} → ${w.peakTasks} (${w.maxCapacity})${w.hitMaxCapacity ? ' at max' : ''}`,
      ),
      row(
        'one task serves',
        (w) =>
          `${decimal(w.requestsPerSecondPerTask)} req/s; ready ${formatSeconds(w.taskReadySeconds)} after launch`,
      ),
      row('first scale-out decision', (w) =>
        w.firstScaleOutSeconds === null ? 'none' : `t = ${formatSeconds(w.firstScaleOutSeconds)}`,
      ),
      row('time until capacity meets demand', (w) =>
        w.timeToCapacitySeconds === 0
          ? 'never short'
          : `${formatSeconds(w.timeToCapacitySeconds)}${w.capacityMet ? '' : ' (not by the end)'}`,
      ),
      row('recovery (p95/p99 back within SLO)', (w) =>
        w.recoverySeconds === 0
          ? 'never at risk'
          : `${formatSeconds(w.recoverySeconds)}${w.recovered ? '' : ' (not by the end)'}`,
      ),
      row('minutes with p95 / p99 at risk', (w) => `${w.sloMinutesAtRisk.p95} / ${w.sloMinutesAtRisk.p99}`),
      row('SLO p95 / p99', (w) => `${count(w.latencySloMs.p95)} / ${count(w.latencySloMs.p99)} ms`),
      row(
        'peak p95 / p99 (model)',
        (w) => `${count(w.peakLatencyMs.p95)} / ${count(w.peakLatencyMs.p99)} ms`,
      ),
      row(
        'requests at risk (failed)',
        (w) => `${count(w.requestsAtRisk)} of ${count(w.requests)} (${count(w.requestsFailed)})`,
      ),
    ],
  };
}

function workerRows(
  stacks: readonly StackReport[],
  several: boolean,
): { header: string[]; rows: Row[] } | undefined {
  const entries: Array<{ stack: StackReport; worker: WorkerFigures }> = stacks.flatMap((stack) =>
    stack.workers.map((worker) => ({ stack, worker })),
  );
  if (entries.length === 0) return undefined;
  const row = (label: string, value: (w: WorkerFigures) => string): Row => [
    label,
    ...entries.map((e) => value(e.worker)),
  ];
  return {
    header: ['queue workers', ...entries.map((e) => column(e.stack, e.worker.service, several))],
    rows: [
      row(
        'peak workers (max)',
        (w) => `${w.peakTasks} (${w.maxCapacity})${w.hitMaxCapacity ? ' at max' : ''}`,
      ),
      row('peak backlog', (w) => `${count(w.peakBacklog)} messages`),
      row(
        'peak oldest message (SLO)',
        (w) => `${formatSeconds(w.peakMessageAgeSeconds)} (${formatSeconds(w.messageAgeSloSeconds)})`,
      ),
      row('minutes with message age at risk', (w) => `${w.messageAgeMinutesAtRisk}`),
      row('longest backlog growth', (w) => formatSeconds(w.timeToCapacitySeconds)),
      row('queue drain time', (w) =>
        w.drainSeconds === null ? 'not by the end' : formatSeconds(w.drainSeconds),
      ),
      row('wake from zero', (w) =>
        w.wakeFromZeroSeconds === null ? '—' : formatSeconds(w.wakeFromZeroSeconds),
      ),
    ],
  };
}

function databaseRows(
  stacks: readonly StackReport[],
  several: boolean,
): { header: string[]; rows: Row[] } | undefined {
  const entries: Array<{ stack: StackReport; db: DatabaseFigures }> = stacks.flatMap((stack) =>
    stack.databases.map((db) => ({ stack, db })),
  );
  if (entries.length === 0) return undefined;
  const row = (label: string, value: (d: DatabaseFigures) => string): Row => [
    label,
    ...entries.map((e) => value(e.db)),
  ];
  return {
    header: ['database', ...entries.map((e) => column(e.stack, 'database', several))],
    rows: [
      row('peak connections / budget', (d) =>
        d.budget === null
          ? `${count(d.peakConnections)} / unknown`
          : `${count(d.peakConnections)} / ${count(d.budget)} (${decimal(d.percentOfBudget ?? 0)} %)${d.exhausted ? ' EXHAUSTED' : ''}`,
      ),
      row('budget basis', (d) => d.budgetBasis),
      row('capacity (ACU)', (d) =>
        d.serverless
          ? `peak ${decimal(d.peakAcu ?? 0)} of ${d.serverless.minAcu}–${d.serverless.maxAcu}${d.minutesAtAcuCeiling > 0 ? `, ${d.minutesAtAcuCeiling} min at the ceiling` : ''}`
          : 'provisioned',
      ),
    ],
  };
}

function usageRows(report: RehearsalReport): Row[] {
  const t = report.usage.totals;
  return [
    ['task-vCPU-hours (Spot)', `${decimal(t.taskVcpuHours, 3)} (${decimal(t.spotTaskVcpuHours, 3)})`],
    ['task-GB-hours', decimal(t.taskGbHours, 3)],
    ['Aurora ACU-hours', decimal(t.acuHours, 3)],
    [
      'cost',
      report.cost
        ? `${report.cost.totalUsd.toFixed(2)} USD (${report.cost.source})`
        : 'usage only (no price table yet)',
    ],
  ];
}

function headline(report: RehearsalReport): string {
  const what = report.source.blueprint ?? report.source.app ?? 'app';
  const start = report.profile.start ? `, starting ${report.profile.start}` : '';
  return `Rehearsal of ${what}: ${report.profile.name} (${report.profile.description}), ${formatSeconds(report.profile.durationSeconds)}${start}`;
}

function gateLines(gates: readonly GateResult[]): string[] {
  return gates.map(
    (g) =>
      `${g.failed ? 'FAIL' : 'pass'}: ${g.expression} (${g.actual === null ? 'not within the profile' : decimal(g.actual, 2)})`,
  );
}

export function formatTable(report: RehearsalReport, gates: readonly GateResult[]): string {
  const several = report.stacks.length > 1;
  const lines = [headline(report), ''];
  for (const section of [
    webRows(report.stacks, several),
    workerRows(report.stacks, several),
    databaseRows(report.stacks, several),
  ]) {
    if (!section) continue;
    const table = new Table({ head: section.header, style: { head: [], border: [] }, wordWrap: true });
    for (const row of section.rows) table.push(row);
    lines.push(table.toString(), '');
  }
  const usage = new Table({ head: ['usage over the profile', ''], style: { head: [], border: [] } });
  for (const row of usageRows(report)) usage.push(row);
  lines.push(usage.toString(), '');
  const notes = report.stacks.flatMap((s) =>
    s.notes.map((n) => `${several ? `${s.region ?? s.stackName}: ` : ''}${n}`),
  );
  if (notes.length > 0) lines.push('Notes:', ...notes.map((n) => `  - ${n}`), '');
  const overridden = report.constants.filter((c) => c.overridden);
  if (overridden.length > 0)
    lines.push(`Overridden: ${overridden.map((c) => `${c.name}=${c.value}`).join(', ')}`, '');
  lines.push(
    `Model: ${report.model.tickSeconds}-second ticks, 1-minute CloudWatch datapoints; ${report.model.queueing}. Constants and sources: --format json or docs/cli.md.`,
  );
  if (gates.length > 0) lines.push('', ...gateLines(gates));
  return `${lines.join('\n')}\n`;
}

function markdownTable(header: readonly string[], rows: readonly Row[]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** The figures as Markdown tables (also the block embedded in the blueprint pages). */
export function formatFiguresMarkdown(report: RehearsalReport): string {
  const several = report.stacks.length > 1;
  const parts: string[] = [];
  for (const section of [
    webRows(report.stacks, several),
    workerRows(report.stacks, several),
    databaseRows(report.stacks, several),
  ]) {
    if (section) parts.push(markdownTable(section.header, section.rows));
  }
  parts.push(markdownTable(['usage over the profile', ''], usageRows(report)));
  return parts.join('\n\n');
}

export function formatMarkdown(report: RehearsalReport, gates: readonly GateResult[]): string {
  const parts = [`### ${headline(report)}`, '', formatFiguresMarkdown(report)];
  const notes = report.stacks.flatMap((s) =>
    s.notes.map((n) => `${report.stacks.length > 1 ? `${s.region ?? s.stackName}: ` : ''}${n}`),
  );
  if (notes.length > 0) parts.push('', '**Notes**', '', ...notes.map((n) => `- ${n}`));
  parts.push(
    '',
    '<details><summary>What the template says, and the platform constants</summary>',
    '',
    ...report.stacks.flatMap((stack) =>
      stack.config.map(
        (c) =>
          `- **${stack.region ?? stack.stackName} · ${c.service}** (${c.role}, ${c.task.cpuUnits} CPU units / ${c.task.memoryMiB} MiB, ${c.minCapacity ?? '—'}–${c.maxCapacity ?? '—'} tasks): ${c.policies.join('; ') || 'no scaling policy'}`,
      ),
    ),
    '',
    markdownTable(
      ['constant', 'value', 'source'],
      report.constants.map((c) => [
        c.name,
        `${c.value} ${c.unit}${c.overridden ? ' (overridden)' : ''}`,
        `${c.kind}: ${c.source}`,
      ]),
    ),
    '',
    '</details>',
  );
  if (gates.length > 0) parts.push('', ...gateLines(gates).map((l) => `- ${l}`));
  return `${parts.join('\n')}\n`;
}

export function formatJson(report: RehearsalReport, gates: readonly GateResult[]): string {
  return `${JSON.stringify({ ...report, gates }, null, 2)}\n`;
}
