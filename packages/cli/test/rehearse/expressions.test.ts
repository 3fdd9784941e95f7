import * as fs from 'node:fs';
import * as path from 'node:path';
import { constantValues, parseLatencyFlags, platformConstants } from '../../src/rehearse/constants';
import { CliError, ExitCode } from '../../src/exit-codes';
import { compileExpression } from '../../src/rehearse/metric-math';
import { compileSchedule, firingsBetween } from '../../src/rehearse/schedule';

describe('metric math', () => {
  test("QueueWorker's backlog per task: visible ÷ tasks, ÷ 1 with no task", () => {
    const backlogPerTask = compileExpression('visible / IF(tasks > 0, tasks, 1)');
    expect(backlogPerTask({ visible: 300, tasks: 2 })).toBe(150);
    expect(backlogPerTask({ visible: 40, tasks: 0 })).toBe(40);
    expect(backlogPerTask({ visible: undefined, tasks: 2 })).toBeUndefined();
  });

  test("QueueWorker's wake-from-zero alarm: FILL makes missing data count", () => {
    const wake = compileExpression('IF(FILL(visible, 0) > 0 AND FILL(tasks, 0) < 1, 1, 0)');
    expect(wake({ visible: 3, tasks: undefined })).toBe(1);
    expect(wake({ visible: 3, tasks: 1 })).toBe(0);
    expect(wake({ visible: undefined, tasks: undefined })).toBe(0);
  });

  test('precedence, unary minus and functions', () => {
    expect(compileExpression('1 + 2 * 3 - -1')({})).toBe(8);
    expect(compileExpression('100 * (a + b) / c')({ a: 1, b: 1, c: 4 })).toBe(50);
    expect(compileExpression('MAX(a, 3) > 2 OR b')({ a: 1, b: 0 })).toBe(1);
  });

  test('unknown functions are refused', () => {
    expect(() => compileExpression('ANOMALY_DETECTION_BAND(m1)')).toThrow(/unsupported metric math function/);
  });
});

describe('schedules', () => {
  // Wednesday 2026-01-07, Thursday 2026-07-09 (summer time).
  test('cron in a time zone: 08:30 on weekdays in New York is 13:30 UTC in winter, 12:30 in summer', () => {
    const schedule = compileSchedule('cron(30 8 ? * MON-FRI *)', 'America/New_York');
    expect(schedule.firesAt(Date.parse('2026-01-07T13:30:00Z'))).toBe(true);
    expect(schedule.firesAt(Date.parse('2026-01-07T08:30:00Z'))).toBe(false);
    expect(schedule.firesAt(Date.parse('2026-07-09T12:30:00Z'))).toBe(true);
    // Saturday.
    expect(schedule.firesAt(Date.parse('2026-01-10T13:30:00Z'))).toBe(false);
  });

  test('steps and lists, and at()', () => {
    const every15 = compileSchedule('cron(*/15 9-10 * * ? *)', 'UTC');
    expect(
      firingsBetween(every15, Date.parse('2026-01-07T09:00:00Z'), Date.parse('2026-01-07T11:00:00Z')).length,
    ).toBe(8);
    const once = compileSchedule('at(2026-03-02T09:00:00)', 'Europe/Dublin');
    expect(once.firesAt(Date.parse('2026-03-02T09:00:00Z'))).toBe(true);
  });

  test('rate() and L/W/# are not supported', () => {
    expect(() => compileSchedule('rate(5 minutes)', 'UTC')).toThrow(/unsupported/);
    expect(() => compileSchedule('cron(0 9 L * ? *)', 'UTC')).toThrow(/unsupported/);
  });
});

describe('platform constants', () => {
  test('every constant has a unit, a description and an https source', () => {
    for (const constant of platformConstants()) {
      expect(constant.unit).not.toBe('');
      expect(constant.description.length).toBeGreaterThan(20);
      expect(constant.source).toMatch(/^https:\/\//);
    }
  });

  test('docs/cli.md lists every constant with its default value', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'docs', 'cli.md'), 'utf8');
    for (const constant of platformConstants()) {
      expect(docs).toMatch(new RegExp(`\\| \`${constant.name}\` \\| ${constant.value}\\b`));
    }
  });

  test('--latency overrides a value and marks it', () => {
    const table = platformConstants(parseLatencyFlags(['imageSizeMb=350', 'auroraResumeSeconds = 30']));
    expect(constantValues(table).imageSizeMb).toBe(350);
    expect(table.find((c) => c.name === 'auroraResumeSeconds')).toMatchObject({
      value: 30,
      overridden: true,
    });
    expect(table.find((c) => c.name === 'fargateProvisioningSeconds')?.overridden).toBe(false);
  });

  test.each([['nope=1'], ['imageSizeMb'], ['imageSizeMb=-1']])('--latency %s is a usage error', (flag) => {
    let error: unknown;
    try {
      platformConstants(parseLatencyFlags([flag]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.USAGE);
  });
});
