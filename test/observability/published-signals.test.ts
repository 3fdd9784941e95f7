// Every metric the audit manifest names must be one AWS publishes for the resource it observes, with
// that resource's dimensions and a statistic that means something for it: otherwise every audit
// shows "no data" for it. Checked per construct variant against test/support/published-metrics.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditSignal } from '../../lib/observability/audit-manifest';
import { MetricStream } from '../support/deployed-resources';
import { statisticAllowed } from '../support/published-metrics';
import { deployedVariants } from './variants';

const stacks = deployedVariants();

function sameDimensions(signal: AuditSignal, stream: MetricStream): boolean {
  const wanted = signal.dimensions ?? {};
  const names = Object.keys(wanted);
  return (
    names.length === Object.keys(stream.dimensionValues).length &&
    names.every((name) => stream.dimensionValues[name] === wanted[name])
  );
}

/** The published stream a metric signal reads, or why there is none. */
function streamOf(signal: AuditSignal, region: string, streams: MetricStream[]): MetricStream | string {
  const candidates = streams.filter(
    (s) => s.namespace === signal.namespace && s.metricName === signal.metricName,
  );
  if (candidates.length === 0)
    return `no resource of this stack publishes ${signal.namespace} ${signal.metricName}`;
  const match = candidates.find((s) => sameDimensions(signal, s));
  if (!match) {
    return `${signal.metricName} is published with ${candidates
      .map((c) => JSON.stringify(c.dimensionValues))
      .join(' or ')}, not ${JSON.stringify(signal.dimensions ?? {})}`;
  }
  if (match.streamRegion !== (signal.region ?? region)) {
    return `${signal.metricName} lives in ${match.streamRegion}, read in ${signal.region ?? region}`;
  }
  if (!statisticAllowed(match.statistics, signal.stat!)) {
    return `${signal.stat} of ${signal.metricName} means nothing: use ${match.statistics.join(' or ')} (${match.doc})`;
  }
  return match;
}

describe.each(stacks.map((s) => [s.stackName, s] as const))('%s', (_name, stack) => {
  const cases = stack.manifest.tiers.flatMap((tier) =>
    tier.signals
      .filter((signal) => signal.expression === undefined)
      .map(
        (signal) =>
          [`${stack.variantOf[`${tier.tier}:${tier.name}`] ?? tier.name}: ${signal.label}`, signal] as const,
      ),
  );

  test.each(cases)('%s is a metric AWS publishes for it', (_label, signal) => {
    const found = streamOf(signal, stack.manifest.region, stack.streams);
    expect(typeof found === 'string' ? found : 'published').toBe('published');
  });

  test('every tier is a known variant', () => {
    const tiers = stack.manifest.tiers.map((t) => `${t.tier}:${t.name}`);
    expect(tiers.filter((t) => stack.variantOf[t] === undefined)).toEqual([]);
  });
});

// docs/cli.md lists every signal per construct variant, generated from the same synthesis:
//   UPDATE_DOCS=1 npx jest test/observability/published-signals.test.ts
const CLI_DOC = path.join(__dirname, '..', '..', 'docs', 'cli.md');
const SIGN: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

function judgedText(signal: AuditSignal, slo: Record<string, number>): string {
  const unit = signal.unit === '%' ? '%' : signal.unit ? ` ${signal.unit}` : '';
  if (signal.slo) {
    const stated = signal.slo === 'availabilityPercent' ? '≥' : '≤';
    return `SLO over the window, ${stated} ${slo[signal.slo]}${unit}`;
  }
  if (signal.threshold) {
    const capacity = signal.capacity ? ` (of ${signal.capacity})` : '';
    return `sustained ${SIGN[signal.threshold.comparison]} ${signal.threshold.value}${unit}${capacity}`;
  }
  return 'shown, not judged';
}

function signalTable(): string {
  const rows = new Map<string, string>();
  for (const stack of stacks) {
    const labels = new Map(stack.manifest.tiers.flatMap((t) => t.signals.map((s) => [s.id, s.label])));
    for (const tier of stack.manifest.tiers) {
      const variant = stack.variantOf[`${tier.tier}:${tier.name}`];
      for (const signal of tier.signals) {
        const key = `${variant}|${signal.label}`;
        if (rows.has(key)) continue;
        const found = signal.expression ? undefined : streamOf(signal, stack.manifest.region, stack.streams);
        const doc = typeof found === 'object' ? `[AWS](${found.doc})` : 'metric math';
        const metric = signal.expression
          ? `\`${signal.expression.replace(/[a-z][A-Za-z0-9]*/g, (id) => (labels.has(id) ? `‹${labels.get(id)}›` : id))}\``
          : `\`${signal.metricName}\``;
        const dimensions = signal.dimensions ? Object.keys(signal.dimensions).join(', ') : '';
        const where = signal.namespace
          ? `${signal.namespace}${signal.region ? ` (${signal.region})` : ''}`
          : '—';
        const stat = signal.stat ? `${signal.stat}, ${signal.period} s` : `${signal.period} s`;
        rows.set(
          key,
          `| ${variant} | ${tier.tier} | ${signal.label} | ${where} | ${metric} | ${dimensions} | ${stat} | ${judgedText(signal, stack.manifest.slo as unknown as Record<string, number>)} | ${doc} |`,
        );
      }
    }
  }
  const head = [
    '| construct variant | tier | signal | namespace | metric | dimensions | statistic, period | judged | source |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  return [...head, ...[...rows.values()].sort()].join('\n') + '\n';
}

test('docs/cli.md lists every signal of every construct variant with its AWS documentation page', () => {
  const pattern = /(<!-- signals:start -->\n)([\s\S]*?)(<!-- signals:end -->)/;
  let doc = fs.readFileSync(CLI_DOC, 'utf8');
  const table = signalTable();
  if (process.env.UPDATE_DOCS) {
    doc = doc.replace(pattern, `$1${table}$3`);
    fs.writeFileSync(CLI_DOC, doc);
  }
  expect(pattern.exec(doc)?.[2]).toBe(table);
});
