import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { BLUEPRINTS } from 'cdk-scaling-blueprints/blueprints';
import { PROJECT_CONTEXT } from '../../../../test/support/app';
import { ExitCode } from '../../src/exit-codes';
import { runCli } from '../../src/program';
import { runRehearsal } from '../../src/rehearse-command';
import { RehearsalReport } from '../../src/rehearse/rehearsal';

function capture() {
  let out = '';
  let err = '';
  const deps = {
    clients: () => {
      throw new Error('the rehearse command must not create AWS clients');
    },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    now: () => new Date('2026-11-29T00:00:00Z'),
    env: {},
  };
  return { deps, out: () => out, err: () => err };
}

/**
 * A heavier 1× than the blueprint's own (2 requests/s, which its two tasks absorb even at 10×), so that
 * a 10× step needs a scale-out and a setting's effect on it shows.
 */
const BUSY = { averageRequestsPerSecond: 5, peakRequestsPerSecond: 25, cdnHitRatioPercent: 70 };

/** budget-startup rehearsed with `settings` (and the BUSY traffic) in the app context, as `-c` would. */
function budgetStartup(settings: Record<string, unknown>, latency?: string[]): RehearsalReport {
  return runRehearsal(
    { blueprint: 'budget-startup', profile: 'step-10x', latency },
    { cwd: process.cwd(), context: { ...PROJECT_CONTEXT, 'budget-startup': { traffic: BUSY, ...settings } } },
  ).report;
}

describe('scaling-blueprints rehearse --blueprint budget-startup --profile step-10x --format json', () => {
  let report: RehearsalReport & { gates: unknown[] };

  beforeAll(async () => {
    const io = capture();
    const code = await runCli(
      ['rehearse', '--blueprint', 'budget-startup', '--profile', 'step-10x', '--format', 'json'],
      io.deps as never,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(ExitCode.OK);
    report = JSON.parse(io.out());
  });

  test('prints the figures: recovery, SLO minutes and requests at risk, peak tasks vs max, connections vs budget, queue drain', () => {
    const [stack] = report.stacks;
    expect(stack.web[0]).toEqual(
      expect.objectContaining({
        service: 'Web',
        timeToCapacitySeconds: expect.any(Number),
        recoverySeconds: expect.any(Number),
        sloMinutesAtRisk: { p95: expect.any(Number), p99: expect.any(Number) },
        requestsAtRisk: expect.any(Number),
        requestsFailed: expect.any(Number),
        peakTasks: expect.any(Number),
        maxCapacity: 6,
        hitMaxCapacity: expect.any(Boolean),
      }),
    );
    expect(stack.databases[0]).toEqual(
      expect.objectContaining({
        peakConnections: expect.any(Number),
        budget: 810,
        maxConnections: 901,
        exhausted: false,
      }),
    );
    expect(stack.workers[0]).toEqual(
      expect.objectContaining({
        drainSeconds: expect.anything(),
        peakBacklog: expect.any(Number),
        maxCapacity: 4,
      }),
    );
    expect(Object.keys(report.summary)).toEqual(
      expect.arrayContaining(['recoverySeconds', 'dbConnectionsPercentOfBudget']),
    );
    expect(report.gates).toEqual([]);
  });

  test('usage, priced with the cost command price table; every constant with its source', () => {
    expect(report.usage.totals).toEqual(
      expect.objectContaining({
        taskVcpuHours: expect.any(Number),
        spotTaskVcpuHours: expect.any(Number),
        acuHours: expect.any(Number),
      }),
    );
    // Priced with the dated table: Fargate task-hours (on demand, Spot at its discount) and ACU-hours.
    expect(report.cost).toEqual(
      expect.objectContaining({
        source: expect.stringMatching(/price table of \d{4}-\d{2}-\d{2}/),
        totalUsd: expect.any(Number),
      }),
    );
    const web = report.usage.stacks[0].services.find((service) => service.service === 'Web')!;
    const webLine = report.cost!.lines.find((line) => line.item.startsWith('Web:'))!;
    // 0.25 vCPU / 0.5 GB x86: on demand at 0.04048 + 0.004445 per vCPU/GB-hour, Spot 70 % below.
    const expected =
      web.onDemand.vcpuHours * 0.04048 +
      web.onDemand.gbHours * 0.004445 +
      (web.spot.vcpuHours * 0.04048 + web.spot.gbHours * 0.004445) * 0.3;
    expect(webLine.usd).toBeCloseTo(expected, 3);
    expect(report.constants.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'fargateProvisioningSeconds',
        'auroraResumeSeconds',
        'targetTrackingScaleOutDatapoints',
      ]),
    );
  });

  test('says where what the template lacks came from: pool sizes from the settings', () => {
    const web = report.stacks[0].config.find((c) => c.service === 'Web')!;
    expect(web.poolSize).toEqual({ value: 10, source: expect.stringMatching(/web\.dbPoolSize/) });
    expect(web.latencySloMs).toEqual({ p95: 500, p99: 1500, source: expect.stringMatching(/alarms/) });
    expect(report.traffic).toMatchObject({
      averageRequestsPerSecond: 2,
      source: expect.stringMatching(/traffic/),
    });
  });
});

describe('a scaling setting changes the figures in the expected direction', () => {
  const base = budgetStartup({ web: { minCapacity: 1, maxCapacity: 6 } });
  const web = (report: RehearsalReport) => report.stacks[0].web[0];

  test('a lower web.maxCapacity: fewer tasks, more minutes at risk, and no recovery within the profile', () => {
    const capped = budgetStartup({ web: { minCapacity: 1, maxCapacity: 2 } });
    expect(web(capped).peakTasks).toBeLessThan(web(base).peakTasks);
    expect(web(capped).hitMaxCapacity).toBe(true);
    expect(web(capped).sloMinutesAtRisk.p95).toBeGreaterThan(web(base).sloMinutesAtRisk.p95);
    expect(web(capped).recovered).toBe(false);
  });

  test('a higher web.minCapacity: capacity already there, recovery drops to 0', () => {
    const headroom = budgetStartup({ web: { minCapacity: 3, maxCapacity: 6 } });
    expect(web(base).recoverySeconds).toBeGreaterThan(120);
    expect(web(headroom).recoverySeconds).toBe(0);
    expect(web(headroom).requestsAtRisk).toBeLessThan(web(base).requestsAtRisk);
  });

  test('a larger web.dbPoolSize raises the peak connections against the same budget', () => {
    const bigPools = budgetStartup({ web: { minCapacity: 1, maxCapacity: 6, dbPoolSize: 40 } });
    expect(bigPools.stacks[0].databases[0].peakConnections).toBeGreaterThan(
      base.stacks[0].databases[0].peakConnections,
    );
  });

  test('a slower task start (--latency imageSizeMb=1000) delays recovery', () => {
    const slow = budgetStartup({ web: { minCapacity: 1, maxCapacity: 6 } }, ['imageSizeMb=1000']);
    expect(web(slow).recoverySeconds).toBeGreaterThan(web(base).recoverySeconds);
    expect(slow.constants.find((c) => c.name === 'imageSizeMb')).toMatchObject({
      value: 1000,
      overridden: true,
    });
  });

  test('a smaller worker.maxCapacity grows the backlog', () => {
    const oneWorker = budgetStartup({
      web: { minCapacity: 1, maxCapacity: 6 },
      worker: { minCapacity: 0, maxCapacity: 1 },
    });
    expect(oneWorker.stacks[0].workers[0].peakBacklog).toBeGreaterThan(base.stacks[0].workers[0].peakBacklog);
  });
});

describe('scaling-blueprints rehearse -c: a setting rehearsed before it is changed', () => {
  test('-c budget-startup=<json> reaches the blueprint settings, as cdk synth -c does', async () => {
    const io = capture();
    const code = await runCli(
      [
        'rehearse',
        '--blueprint',
        'budget-startup',
        '-c',
        'budget-startup={"web":{"minCapacity":4}}',
        '--format',
        'json',
      ],
      io.deps as never,
    );
    expect(code).toBe(ExitCode.OK);
    const report = JSON.parse(io.out()) as RehearsalReport;
    expect(report.stacks[0].web[0].tasksAtStart).toBe(4);
    expect(report.stacks[0].config[0].minCapacity).toBe(4);
  });

  test('-c without = is a usage error', async () => {
    const io = capture();
    expect(
      await runCli(['rehearse', '--blueprint', 'budget-startup', '-c', 'nothing'], io.deps as never),
    ).toBe(ExitCode.USAGE);
    expect(io.err()).toMatch(/expected key=value/);
  });
});

describe('scaling-blueprints rehearse as a CI gate, and its errors', () => {
  test('--fail-if exits 9 when a condition holds and prints which; --chart writes an SVG', async () => {
    const chart = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-')), 'chart.svg');
    const io = capture();
    const code = await runCli(
      [
        'rehearse',
        '--blueprint',
        'budget-startup',
        '--fail-if',
        'peakDbConnections > 100000',
        '--fail-if',
        'taskVcpuHours >= 0',
        '--chart',
        chart,
      ],
      io.deps as never,
    );
    expect(code).toBe(ExitCode.REHEARSAL_GATE);
    expect(io.out()).toMatch(/pass: peakDbConnections > 100000/);
    expect(io.out()).toMatch(/FAIL: taskVcpuHours >= 0/);
    expect(fs.readFileSync(chart, 'utf8')).toMatch(/^<svg[\s\S]*Demand vs capacity[\s\S]*<\/svg>\n$/);
  });

  test.each([
    [['rehearse'], /give --blueprint <name> or --app/],
    [['rehearse', '--blueprint', 'budget-startup', '--fail-if', 'speed > 1'], /unknown metric speed/],
    [
      ['rehearse', '--blueprint', 'budget-startup', '--fail-if', 'recoverySeconds'],
      /expected '<metric> <op> <number>'/,
    ],
    [['rehearse', '--blueprint', 'nope'], /unknown blueprint 'nope'/],
    [['rehearse', '--blueprint', 'budget-startup', '--latency', 'warp=9'], /unknown constant/],
    [['rehearse', '--blueprint', 'legacy-monolith-uplift'], /nothing to rehearse: no ECS service/],
    [
      ['rehearse', '--blueprint', 'budget-startup', '-c', 'budget-startup={"web":{"maxCapacity":0}}'],
      /`budget-startup\.web\.maxCapacity`: .*: fix the settings/,
    ],
  ])('%j is a usage error on one line', async (argv, message) => {
    const io = capture();
    expect(await runCli(argv, io.deps as never)).toBe(ExitCode.USAGE);
    expect(io.err()).toMatch(new RegExp(`^scaling-blueprints: .*${message.source}`));
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  test('--app reads a cloud assembly; a traffic model and a profile file come from JSON files', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-app-'));
    const app = new App({
      outdir: path.join(directory, 'cdk.out'),
      context: PROJECT_CONTEXT,
      builtinCloudFormationValidation: false,
    });
    BLUEPRINTS.find((b) => b.name === 'budget-startup')!.addTo(app);
    app.synth();
    const traffic = path.join(directory, 'traffic.json');
    fs.writeFileSync(
      traffic,
      JSON.stringify({
        averageRequestsPerSecond: 5,
        peakRequestsPerSecond: 25,
        cdnHitRatioPercent: 70,
        cpuMillisecondsPerRequest: 25,
        databaseQueriesPerRequest: 4,
        queueMessagesPerRequest: 0.05,
      }),
    );
    const profile = path.join(directory, 'profile.json');
    fs.writeFileSync(
      profile,
      JSON.stringify({
        name: 'launch',
        points: [
          { atSeconds: 0, webRequestsPerSecond: 2 },
          { atSeconds: 120, viewerRequestsPerSecond: 60, queueMessagesPerSecond: 1 },
        ],
        durationSeconds: 900,
      }),
    );
    const noTraffic = capture();
    expect(
      await runCli(['rehearse', '--app', path.join(directory, 'cdk.out')], noTraffic.deps as never),
    ).toBe(ExitCode.USAGE);
    expect(noTraffic.err()).toMatch(/no traffic model: pass --traffic/);

    const io = capture();
    const code = await runCli(
      [
        'rehearse',
        '--app',
        path.join(directory, 'cdk.out'),
        '--traffic',
        traffic,
        '--profile-file',
        profile,
        '--format',
        'markdown',
      ],
      io.deps as never,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(ExitCode.OK);
    expect(io.out()).toMatch(/^### Rehearsal of .*cdk\.out: launch/);
    expect(io.out()).toMatch(/\| time until capacity meets demand \|/);
    // Without the blueprint's settings the pool size is an assumption, and the report says so.
    expect(io.out()).toMatch(/database pool size unknown, assumed 10 per task/);
  });

  test('a profile file that is not valid is a bad input file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-')), 'profile.json');
    fs.writeFileSync(file, JSON.stringify({ points: [{ atSeconds: 0 }] }));
    const io = capture();
    expect(
      await runCli(['rehearse', '--blueprint', 'budget-startup', '--profile-file', file], io.deps as never),
    ).toBe(ExitCode.BAD_INPUT_FILE);
    expect(io.err()).toMatch(/points\[0\] needs webRequestsPerSecond or viewerRequestsPerSecond/);
  });
});
