import {
  adjustedCapacity,
  aggregate,
  alarmState,
  matchingStep,
  roundAdjustment,
  scaleOutWithCooldown,
  targetTrackingCapacity,
} from '../../src/rehearse/policy-model';

describe('alarm state', () => {
  const oneOfOne = { comparison: 'gte' as const, threshold: 75, evaluationPeriods: 1, datapointsToAlarm: 1 };
  const threeOfThree = {
    comparison: 'gt' as const,
    threshold: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
  };

  test('1 of 1: the newest datapoint decides; ≥ includes the threshold', () => {
    expect(alarmState([10, 75], oneOfOne)).toBe(true);
    expect(alarmState([90, 74.9], oneOfOne)).toBe(false);
  });

  test('3 of 3: three breaching datapoints in a row, a dip resets it', () => {
    expect(alarmState([70, 80, 90], threeOfThree)).toBe(true);
    expect(alarmState([70, 50, 90], threeOfThree)).toBe(false);
    expect(alarmState([80, 90], threeOfThree)).toBe(false);
  });

  test('missing datapoints never breach', () => {
    expect(alarmState([undefined], oneOfOne)).toBe(false);
    expect(alarmState([80, undefined, 90], { ...threeOfThree, datapointsToAlarm: 2 })).toBe(true);
  });
});

describe('step adjustments', () => {
  // The WebService CPU step policy at a 60 % target: alarm at 75, bands relative to it.
  const steps = [
    { lower: 0, upper: 15, adjustment: 25 },
    { lower: 15, upper: 20, adjustment: 50 },
    { lower: 20, adjustment: 100 },
  ];

  test.each([
    [0, 25],
    [14.99, 25],
    [15, 50],
    [19.99, 50],
    [20, 100],
    [25, 100],
  ])('metric − threshold = %p picks the +%p %% step (lower bound inclusive)', (difference, adjustment) => {
    expect(matchingStep(steps, difference)?.adjustment).toBe(adjustment);
  });

  test('no step below the lowest bound', () => {
    expect(matchingStep(steps, -1)).toBeUndefined();
  });

  test("Application Auto Scaling's rounding: > 1 down, (0, 1) to 1, (-1, 0) to -1, < -1 toward zero", () => {
    expect(roundAdjustment(12.7)).toBe(12);
    expect(roundAdjustment(0.25)).toBe(1);
    expect(roundAdjustment(-0.5)).toBe(-1);
    expect(roundAdjustment(-6.67)).toBe(-6);
  });

  test('PercentChangeInCapacity with MinAdjustmentMagnitude: the AWS example (4 tasks, +25 %, at least 2 → 6)', () => {
    expect(adjustedCapacity(4, 'PercentChangeInCapacity', 25, 2)).toBe(6);
    expect(adjustedCapacity(4, 'PercentChangeInCapacity', 25)).toBe(5);
    expect(adjustedCapacity(10, 'PercentChangeInCapacity', 25, 1)).toBe(12);
    expect(adjustedCapacity(1, 'PercentChangeInCapacity', 100, 1)).toBe(2);
    expect(adjustedCapacity(4, 'PercentChangeInCapacity', 200, 1)).toBe(12);
  });

  test('ChangeInCapacity and ExactCapacity', () => {
    expect(adjustedCapacity(0, 'ChangeInCapacity', 1)).toBe(1);
    expect(adjustedCapacity(3, 'ExactCapacity', 8)).toBe(8);
  });

  test('aggregation of the breaching datapoints', () => {
    expect(aggregate([80, 90, 100], 'Maximum')).toBe(100);
    expect(aggregate([80, 90, 100], 'Minimum')).toBe(80);
    expect(aggregate([80, 90, 100], 'Average')).toBe(90);
  });
});

describe('target tracking', () => {
  test('proportional and rounded up: 2 tasks at 75 % with a 50 % target → 3', () => {
    expect(targetTrackingCapacity(2, 75, 50)).toBe(3);
    expect(targetTrackingCapacity(4, 100, 60)).toBe(7);
    expect(targetTrackingCapacity(10, 60, 60)).toBe(10);
  });

  test('scale-in keeps the metric at or below the target', () => {
    expect(targetTrackingCapacity(6, 20, 60)).toBe(2);
  });
});

describe('cooldown', () => {
  const double = (base: number): number => base * 2;

  test('after the cooldown, the adjustment applies to the current capacity and a new cooldown starts', () => {
    const first = scaleOutWithCooldown(100, 2, 60, {}, double);
    expect(first).toEqual({ desired: 4, state: { activityAt: 100, capacityBefore: 2 } });
    const second = scaleOutWithCooldown(160, 4, 60, first.state, double);
    expect(second).toEqual({ desired: 8, state: { activityAt: 160, capacityBefore: 4 } });
  });

  test('during the cooldown the capacity the first activity added counts: a larger step adds only the difference', () => {
    // +2 then, during the cooldown, +3 from the same base: only 1 more (the AWS example).
    const first = scaleOutWithCooldown(0, 10, 300, {}, (base) => base + 2);
    expect(first.desired).toBe(12);
    expect(scaleOutWithCooldown(60, 12, 300, first.state, (base) => base + 3).desired).toBe(13);
    expect(scaleOutWithCooldown(60, 12, 300, first.state, (base) => base + 2).desired).toBe(12);
  });
});
