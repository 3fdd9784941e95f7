import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../../errors';
import { ObservedSignal } from '../observable';
import { ManifestSignal } from './signals';
import { sloComparison, SloTargets, sloThresholdValue } from './slo-sections';

const LOCAL_ID = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The signals an observed construct offers, as the manifest lists them: ids prefixed with the
 * tier's (`Cpu` → `database1Cpu`), expressions rewritten to the prefixed ids, and SLO thresholds
 * (`sloThreshold`) filled in with the SLO's value. Checked first: an id is a letter then letters and
 * digits, unique within the construct and not one of the SLO signals' ids; a signal is either a
 * metric or an expression.
 */
export function manifestSignals(
  observability: IConstruct,
  target: IConstruct,
  offered: ObservedSignal[],
  prefix: string,
  sloSignals: ManifestSignal[],
  slo: SloTargets,
): ManifestSignal[] {
  const reserved = new Set(sloSignals.map((s) => s.id.slice(prefix.length)));
  const ids = new Set<string>();
  const fail = (message: string): never => {
    throw new BlueprintValidationError(observability, 'observe', `${target.node.path} offers ${message}`);
  };
  for (const signal of offered) {
    if (!LOCAL_ID.test(signal.id))
      fail(`a signal id that is not a letter then letters and digits: '${signal.id}'`);
    if (ids.has(signal.id) || reserved.has(signal.id)) {
      fail(
        `the signal id '${signal.id}' twice (or one of its SLO signals' ids: ${[...reserved].join(', ')})`,
      );
    }
    if ((signal.metric === undefined) === (signal.expression === undefined)) {
      fail(
        `the signal '${signal.id}' with ${signal.metric ? 'both a metric and an expression' : 'neither a metric nor an expression'}`,
      );
    }
    if (signal.metric && signal.metric.toMetricConfig().metricStat === undefined) {
      fail(
        `the signal '${signal.id}' with metric math as its metric: give it as an \`expression\` over other signals`,
      );
    }
    ids.add(signal.id);
  }
  const known = new Set([...ids, ...reserved]);
  const prefixed = (expression: string): string =>
    expression.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (token) =>
      known.has(token) ? `${prefix}${token}` : token,
    );

  return offered.map((signal) => {
    const threshold =
      signal.sloThreshold !== undefined
        ? {
            comparison: sloComparison(signal.sloThreshold),
            value: sloThresholdValue(signal.sloThreshold, slo),
          }
        : signal.threshold;
    return {
      id: `${prefix}${signal.id}`,
      label: signal.label,
      kind: signal.kind,
      ...(signal.metric && { metric: signal.metric }),
      ...(signal.expression !== undefined && {
        expression: prefixed(signal.expression),
        period: signal.period,
      }),
      ...(signal.unit !== undefined && { unit: signal.unit }),
      ...(signal.scale !== undefined && { scale: signal.scale }),
      ...(signal.concern !== undefined && { concern: signal.concern }),
      ...(threshold !== undefined && { threshold }),
      ...(signal.capacity !== undefined && { capacity: signal.capacity }),
    };
  });
}
