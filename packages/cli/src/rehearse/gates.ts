// `--fail-if '<metric> <op> <value>'`: CI gates over the rehearsal's summary figures.
import { CliError, ExitCode } from '../exit-codes';
import { SUMMARY_METRICS } from './rehearsal';

export type GateOperator = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface Gate {
  readonly expression: string;
  readonly metric: (typeof SUMMARY_METRICS)[number];
  readonly operator: GateOperator;
  readonly value: number;
}

export interface GateResult extends Gate {
  /** The summary value (`null` prints for "not within the profile", compared as +∞). */
  readonly actual: number | null;
  /** True when the condition holds: the gate fails the run. */
  readonly failed: boolean;
}

/** Parses `--fail-if` expressions such as `recoverySeconds > 120`. */
export function parseGates(expressions: readonly string[] | undefined): Gate[] {
  return (expressions ?? []).map((expression) => {
    const match = /^\s*([A-Za-z0-9]+)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(expression);
    if (!match) {
      throw new CliError(
        ExitCode.USAGE,
        `--fail-if '${expression}': expected '<metric> <op> <number>' (op: > >= < <= == !=), e.g. --fail-if 'recoverySeconds > 120'`,
      );
    }
    const metric = match[1] as Gate['metric'];
    if (!(SUMMARY_METRICS as readonly string[]).includes(metric)) {
      throw new CliError(
        ExitCode.USAGE,
        `--fail-if '${expression}': unknown metric ${metric}: use one of ${SUMMARY_METRICS.join(', ')}`,
      );
    }
    return {
      expression: expression.trim(),
      metric,
      operator: match[2] as GateOperator,
      value: Number(match[3]),
    };
  });
}

function holds(actual: number, operator: GateOperator, value: number): boolean {
  switch (operator) {
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '==':
      return actual === value;
    default:
      return actual !== value;
  }
}

/** Evaluates gates against a summary (Infinity: the figure did not settle within the profile). */
export function evaluateGates(
  gates: readonly Gate[],
  summary: Readonly<Record<string, number>>,
): GateResult[] {
  return gates.map((gate) => {
    const actual = summary[gate.metric];
    return {
      ...gate,
      actual: Number.isFinite(actual) ? actual : null,
      failed: holds(actual, gate.operator, gate.value),
    };
  });
}
