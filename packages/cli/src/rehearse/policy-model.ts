// How Application Auto Scaling turns an alarm into a new desired count: the alarm's M-of-N rule,
// step adjustments (with PercentChangeInCapacity rounding and MinAdjustmentMagnitude), target
// tracking's proportional rule, and cooldowns. Pure functions, each checked against hand-computed
// cases in the tests.
import { AdjustmentType, AlarmModel, Comparison, StepAdjustment } from './scaling-config';

/** Whether a value breaches a threshold. */
export function breaches(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    default:
      return value <= threshold;
  }
}

/**
 * An alarm's state from its most recent datapoints (oldest first, `undefined` = missing): ALARM when
 * at least `datapointsToAlarm` of the last `evaluationPeriods` breach. Missing datapoints do not
 * breach (CloudWatch's default `missing` treatment keeps the state; with no breaching datapoints
 * the alarm is not in ALARM).
 */
export function alarmState(
  datapoints: readonly (number | undefined)[],
  alarm: Pick<AlarmModel, 'comparison' | 'threshold' | 'evaluationPeriods' | 'datapointsToAlarm'>,
): boolean {
  const window = datapoints.slice(-alarm.evaluationPeriods);
  const breaching = window.filter(
    (v) => v !== undefined && breaches(v, alarm.comparison, alarm.threshold),
  ).length;
  return breaching >= alarm.datapointsToAlarm;
}

/** The value a step policy compares with its steps: the breaching datapoints aggregated. */
export function aggregate(values: readonly number[], aggregation: 'Average' | 'Minimum' | 'Maximum'): number {
  if (values.length === 0) return NaN;
  if (aggregation === 'Maximum') return Math.max(...values);
  if (aggregation === 'Minimum') return Math.min(...values);
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The step whose interval holds `metric - threshold`: lower bound inclusive, upper bound exclusive,
 * a missing bound is infinite. Undefined when no step matches.
 */
export function matchingStep(
  steps: readonly StepAdjustment[],
  difference: number,
): StepAdjustment | undefined {
  return steps.find(
    (step) =>
      (step.lower === undefined || difference >= step.lower) &&
      (step.upper === undefined || difference < step.upper),
  );
}

/**
 * Application Auto Scaling's rounding of a fractional adjustment: above 1 rounds down, between 0 and
 * 1 becomes 1, between -1 and 0 becomes -1, below -1 rounds up (toward zero).
 */
export function roundAdjustment(raw: number): number {
  if (Number.isInteger(raw)) return raw;
  if (raw > 1) return Math.floor(raw);
  if (raw > 0) return 1;
  if (raw > -1) return -1;
  return Math.ceil(raw);
}

/** The capacity a step adjustment asks for, from the current capacity (not clamped to min/max). */
export function adjustedCapacity(
  current: number,
  type: AdjustmentType,
  adjustment: number,
  minAdjustmentMagnitude?: number,
): number {
  if (type === 'ExactCapacity') return adjustment;
  if (type === 'ChangeInCapacity') return current + adjustment;
  let change = roundAdjustment((current * adjustment) / 100);
  if (minAdjustmentMagnitude !== undefined && Math.abs(change) < minAdjustmentMagnitude && change !== 0) {
    change = Math.sign(change) * minAdjustmentMagnitude;
  }
  if (minAdjustmentMagnitude !== undefined && change === 0 && adjustment !== 0) {
    change = Math.sign(adjustment) * minAdjustmentMagnitude;
  }
  return current + change;
}

/**
 * Target tracking's proportional rule: the capacity that brings the metric back to the target,
 * rounded up (the conservative direction for both scale-out and scale-in).
 */
export function targetTrackingCapacity(current: number, metric: number, target: number): number {
  if (current <= 0) return metric > 0 ? 1 : 0;
  return Math.ceil(current * (metric / target) - 1e-9);
}

/** The cooldown state of one scale-out policy. */
export interface CooldownState {
  /** When the last scale-out activity of the policy started. */
  readonly activityAt?: number;
  /** The capacity before that activity. */
  readonly capacityBefore?: number;
}

/**
 * A scale-out with cooldown semantics: during the cooldown the capacity added by the initiating
 * activity counts as part of the next one (a larger step only adds the difference); after it, the
 * adjustment applies to the current capacity and a new cooldown starts.
 *
 * @returns the desired capacity to set (never lower than `current`) and the new cooldown state
 */
export function scaleOutWithCooldown(
  now: number,
  current: number,
  cooldownSeconds: number,
  state: CooldownState,
  proposal: (base: number) => number,
): { readonly desired: number; readonly state: CooldownState } {
  const inCooldown =
    state.activityAt !== undefined &&
    state.capacityBefore !== undefined &&
    now < state.activityAt + cooldownSeconds;
  if (inCooldown) {
    return { desired: Math.max(current, proposal(state.capacityBefore!)), state };
  }
  const desired = proposal(current);
  if (desired > current) return { desired, state: { activityAt: now, capacityBefore: current } };
  return { desired: current, state };
}
