// Hand-computed cases. With the default constants: a datapoint of minute m ([60m, 60m + 60)) is
// visible to alarms at 60m + 60 + 60 (publication delay); a task runs 40 s after its launch
// (25 s provisioning + 100 MB × 0.1 s/MB + 5 s start) and takes requests one health check (15 s) later.
import { CfnTemplate } from '../../src/diagram/assembly-reader';
import { constantValues, ConstantName, platformConstants } from '../../src/rehearse/constants';
import { readDatabases, readQueues } from '../../src/rehearse/data-config';
import { workerFigures } from '../../src/rehearse/figures';
import { DemandPoint, Profile } from '../../src/rehearse/profiles';
import { readServices } from '../../src/rehearse/scaling-config';
import { simulateStack, StackTimeline } from '../../src/rehearse/simulation';
import { cpuStepPolicy, cpuTargetTracking, webTemplate, workerTemplate } from './fixtures';

function profile(points: DemandPoint[], durationSeconds: number): Profile {
  return {
    name: 'test',
    description: 'test',
    durationSeconds,
    interpolation: 'step',
    points,
    periodic: false,
  };
}

function simulate(
  template: CfnTemplate,
  demand: Profile,
  overrides: Partial<Record<ConstantName, number>> = {},
  messageProcessingSeconds = 2,
): StackTimeline {
  return simulateStack({
    stackName: 'Test',
    services: readServices(template).map((model) => ({
      model,
      messageProcessingSeconds,
      latencySloMs: { p95: 500, p99: 2000 },
    })),
    databases: readDatabases(template),
    queues: readQueues(template),
    profile: demand,
    // 1 vCPU tasks at 100 ms of CPU per request: 10 requests per second per task.
    traffic: { cpuMillisecondsPerRequest: 100, databaseQueriesPerRequest: 0, queueMessagesPerRequest: 0 },
    constants: constantValues(platformConstants(overrides as Record<string, number>)),
  });
}

const web = (rps: number, atSeconds: number): DemandPoint => ({ atSeconds, webRequestsPerSecond: rps });

describe('a step policy with known alarm timing', () => {
  // 1 task at 5 req/s (50 % CPU); from t = 60 s, 30 req/s: CPU 100 % from minute 1.
  const demand = profile([web(5, 0), web(30, 60)], 600);
  const step = cpuStepPolicy({ threshold: 80, evaluationPeriods: 1, datapointsToAlarm: 1 });
  const template = webTemplate({ minCapacity: 1, maxCapacity: 10, ...step });

  test('1 of 1 one-minute datapoint: the alarm sees minute 1 at t = 180 s, doubles 1 → 2, and again at 240 s (cooldown 60 s)', () => {
    const [service] = simulate(template, demand).services;
    expect(service.events.slice(0, 2)).toEqual([
      { t: 180, from: 1, to: 2, by: 'StepPolicy' },
      { t: 240, from: 2, to: 4, by: 'StepPolicy' },
    ]);
    const at = (t: number) => service.ticks.find((tick) => tick.t === t)!;
    // Launched at 180: running at 220, in service at 235 (the tick starting at 240 is the first to use it).
    expect([at(210).running, at(220).running, at(230).inService, at(240).inService]).toEqual([1, 2, 1, 2]);
  });

  test('without the publication delay the first decision comes one minute earlier', () => {
    const [service] = simulate(template, demand, { metricPublicationDelaySeconds: 0 }).services;
    expect(service.events[0]).toEqual({ t: 120, from: 1, to: 2, by: 'StepPolicy' });
  });

  test('2 of 3 datapoints: the second breaching minute (minute 2) is visible at t = 240 s', () => {
    const twoOfThree = cpuStepPolicy({ threshold: 80, evaluationPeriods: 3, datapointsToAlarm: 2 });
    const [service] = simulate(
      webTemplate({ minCapacity: 1, maxCapacity: 10, ...twoOfThree }),
      demand,
    ).services;
    expect(service.events[0]).toEqual({ t: 240, from: 1, to: 2, by: 'StepPolicy' });
  });
});

describe("target tracking's 3 of 3 one-minute datapoints", () => {
  // 2 tasks at 5 req/s (25 % CPU, target 50 %); from t = 60 s, 15 req/s: 75 %, above the target
  // but below saturation.
  const template = webTemplate({ minCapacity: 2, maxCapacity: 10, policies: cpuTargetTracking(50) });

  test('minutes 1, 2 and 3 above the target: decision at t = 300 s, ceil(2 × 75 / 50) = 3', () => {
    const [service] = simulate(template, profile([web(5, 0), web(15, 60)], 600)).services;
    expect(service.events[0]).toEqual({ t: 300, from: 2, to: 3, by: 'CpuTracking' });
  });

  test('a dip in the third minute resets it: two high minutes twice never scale out', () => {
    const choppy = profile([web(5, 0), web(15, 60), web(5, 180), web(15, 240), web(5, 360)], 900);
    const [service] = simulate(template, choppy).services;
    expect(service.events.filter((e) => e.to > e.from)).toEqual([]);
  });

  test('scale-in waits for 15 low datapoints: not before 15 minutes after the drop plus the delay', () => {
    const drop = profile([web(15, 0), web(2, 60)], 3600);
    const [service] = simulate(template, drop).services;
    const scaleIn = service.events.find((e) => e.to < e.from);
    expect(scaleIn).toBeDefined();
    // Minute 1 is the first low one; minute 15 is visible at 16 × 60 + 60 = 1020 s.
    expect(scaleIn!.t).toBeGreaterThanOrEqual(1020);
    expect(scaleIn!.to).toBe(2);
  });
});

describe('a worker waking from zero', () => {
  // QueueWorker with minCapacity 0; from t = 60 s one message per second, 2 s each.
  const template = workerTemplate({ acceptableBacklogPerTask: 150, visibilityTimeout: 12 });
  const demand = profile(
    [
      { atSeconds: 0, webRequestsPerSecond: 0, queueMessagesPerSecond: 0 },
      { atSeconds: 60, webRequestsPerSecond: 0, queueMessagesPerSecond: 1 },
    ],
    900,
  );

  test('the wake alarm sees minute 1 at t = 180 s (0 → 1), the task runs at 220 s: the first message waited 160 s', () => {
    const timeline = simulate(template, demand);
    const [service] = timeline.services;
    expect(service.events[0]).toEqual({ t: 180, from: 0, to: 1, by: 'WakePolicy' });
    expect(service.ticks.find((t) => t.running > 0)?.t).toBe(220);
    const figures = workerFigures(service, timeline.tickSeconds, 300);
    expect(figures.wakeFromZeroSeconds).toBe(160);
    // Ages are taken at the end of a tick: at 220 s the first message (60 s) is 160 s old; ten
    // seconds later the worker has taken five messages and the oldest left arrived at 65 s.
    expect(service.ticks.find((t) => t.t === 210)!.oldestAgeSeconds).toBeCloseTo(160, 6);
    expect(service.ticks.find((t) => t.t === 220)!.oldestAgeSeconds).toBeCloseTo(165, 6);
  });

  test('then backlog per task above 150 for 3 minutes adds workers, and the backlog drains', () => {
    const timeline = simulate(template, demand);
    const [service] = timeline.services;
    const scaleOut = service.events.find((e) => e.by === 'BacklogPerTask' && e.to > e.from);
    expect(scaleOut).toBeDefined();
    expect(Math.max(...service.ticks.map((t) => t.running))).toBeGreaterThanOrEqual(2);
  });
});
