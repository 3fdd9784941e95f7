// Every metric the audit manifest names must be one AWS publishes for the resource it observes, with
// that resource's dimensions and a statistic that means something for it: otherwise every audit
// shows "no data" for it. Checked per construct variant against test/support/published-metrics.ts.
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
