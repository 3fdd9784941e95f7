// Profiles, the daily shape, schedules and the task-count formula.
import {
  builtInProfile,
  dailyShape,
  mean,
  parseProfiles,
  ProfileError,
  SLOTS_PER_WEEK,
} from '../../src/cost/profiles';
import { capacitySplit, cronSlots, cronWeekDays, webTasksNeeded } from '../../src/cost/scaling';
import { TRAFFIC } from './support';

describe('profiles', () => {
  test('idle has no traffic; 1x is the model; 10x multiplies requests, not sizes or ratios', () => {
    expect(builtInProfile('idle', TRAFFIC).traffic).toBeNull();
    expect(builtInProfile('1x', TRAFFIC).traffic).toEqual(TRAFFIC);
    expect(builtInProfile('10x', TRAFFIC).traffic).toEqual({
      ...TRAFFIC,
      averageRequestsPerSecond: 50,
      peakRequestsPerSecond: 250,
    });
  });

  test('1x without a traffic model, or an unknown profile, is an error naming the fix', () => {
    expect(() => builtInProfile('1x', null)).toThrow(/needs a traffic model .* --profile-file/);
    expect(() => builtInProfile('2x', TRAFFIC)).toThrow(
      "unknown profile '2x': use idle, 1x or 10x, or --profile-file",
    );
  });

  test('a profile file: multipliers, traffic overrides and assumptions', () => {
    const profiles = parseProfiles(
      {
        assumptions: { databaseStorageGb: 100 },
        profiles: [
          { name: 'launch', multiplier: 3, traffic: { averageResponseKiB: 20 } },
          { name: 'night', multiplier: 0 },
        ],
      },
      TRAFFIC,
    );
    expect(profiles[0].traffic).toEqual({
      ...TRAFFIC,
      averageRequestsPerSecond: 15,
      peakRequestsPerSecond: 75,
      averageResponseKiB: 20,
    });
    expect(profiles[0].assumptions.databaseStorageGb).toBe(100);
    expect(profiles[1].traffic).toBeNull();
  });

  test.each([
    [{}, /expected \{ "profiles": \[/],
    [
      { profiles: [{ name: 'x', traffic: { requests: 1 } }] },
      /profiles\[0\]\.traffic\.requests is not a known setting/,
    ],
    [
      { profiles: [{ name: 'x', assumptions: { databaseStorageGb: -1 } }] },
      /databaseStorageGb must be a number ≥ 0/,
    ],
    [
      { profiles: [{ name: 'x', traffic: { averageRequestsPerSecond: 9, peakRequestsPerSecond: 1 } }] },
      /peakRequestsPerSecond must be at least/,
    ],
  ])('a bad profile file is a ProfileError for a bad file (%#)', (raw, message) => {
    let error: unknown;
    try {
      parseProfiles(raw, TRAFFIC);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).badFile).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('the daily shape', () => {
  test('n peak half-hours at the peak rate, the others at (48 × average − n × peak) ÷ (48 − n)', () => {
    const rates = dailyShape(TRAFFIC, 2);
    expect(rates).toHaveLength(SLOTS_PER_WEEK);
    // 2 h = 4 half-hours at 25, centred on 13:00 (12:00–14:00); the base: (240 − 100) ÷ 44 = 3.1818
    expect(rates.slice(0, 48).filter((r) => r === 25)).toHaveLength(4);
    expect(rates[24]).toBe(25); // 12:00
    expect(rates[28]).toBeCloseTo(140 / 44, 10); // 14:00
    expect(mean(rates)).toBeCloseTo(5, 10);
  });

  test('a peak too high for the average shortens the peak so the base stays at or above 0', () => {
    // 1 request/s on average, 40 at peak: at most 48 × 1 ÷ 40 = 1 half-hour at the peak
    const rates = dailyShape({ ...TRAFFIC, averageRequestsPerSecond: 1, peakRequestsPerSecond: 40 }, 3);
    expect(rates.slice(0, 48).filter((r) => r === 40)).toHaveLength(1);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(0);
    expect(mean(rates)).toBeCloseTo(1, 10);
  });

  test('idle is 0 everywhere', () => {
    expect(new Set(dailyShape(null, 2))).toEqual(new Set([0]));
  });
});

describe('scaling', () => {
  test('tasks: the larger of the CPU and the requests-per-task targets', () => {
    // 30 requests/s × 30 ms ÷ (0.5 vCPU × 60 %) = 3 tasks; 30 × 60 ÷ 1200 = 1.5 → 2
    expect(webTasksNeeded(30, 30, 0.5, { targetCpuPercent: 60, targetRequestsPerTaskPerMinute: 1200 })).toBe(
      3,
    );
    // 100 × 60 ÷ 1200 = 5 beats 100 × 1 ms ÷ 300 = 0.33
    expect(webTasksNeeded(100, 1, 0.5, { targetCpuPercent: 60, targetRequestsPerTaskPerMinute: 1200 })).toBe(
      5,
    );
    expect(webTasksNeeded(0, 30, 0.5, { targetCpuPercent: 60 })).toBe(0);
  });

  test('capacity providers: the base on its provider, the rest by weight', () => {
    const split = capacitySplit(4, {
      base: 1,
      baseOnSpot: false,
      onDemandWeight: 30,
      spotWeight: 70,
      description: '',
    });
    expect(split.onDemand).toBeCloseTo(1 + 3 * 0.3, 10);
    expect(split.spot).toBeCloseTo(3 * 0.7, 10);
    expect(
      capacitySplit(2, { base: 0, baseOnSpot: false, onDemandWeight: 0, spotWeight: 100, description: '' }),
    ).toEqual({ onDemand: 0, spot: 2 });
  });

  test('weekly cron schedules in half-hour slots (0 = Monday 00:00 local time)', () => {
    expect(cronWeekDays('MON-FRI')).toEqual([0, 1, 2, 3, 4]);
    expect(cronWeekDays('SAT,SUN')).toEqual([5, 6]);
    expect(cronSlots('cron(30 8 ? * MON-FRI *)')).toEqual([17, 65, 113, 161, 209]);
    expect(cronSlots('rate(5 minutes)')).toBeUndefined();
  });
});
