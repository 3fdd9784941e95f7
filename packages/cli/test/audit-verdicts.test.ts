// The verdict of a live audit of the budget-startup blueprint, against a CloudWatch fake that holds
// only what its deployed resources publish, from raw requests (support/scenarios.ts):
// every signal can have data, a healthy day passes, and no data is never a pass.
import { AuditReport } from '../src/report';
import { ExitCode } from '../src/exit-codes';
import { DeployedBlueprint, deployBlueprint } from './support/deployed-blueprint';
import { HEALTHY, Scenario, serveScenario } from './support/scenarios';

let blueprint: DeployedBlueprint;
beforeAll(() => {
  blueprint = deployBlueprint('budget-startup');
});

describe('a healthy day at low traffic', () => {
  let healthy: Scenario;
  let report: AuditReport;
  beforeAll(async () => {
    healthy = await serveScenario(blueprint, HEALTHY);
    report = JSON.parse((await healthy.audit(['--format', 'json'])).out);
  });
  afterAll(() => healthy.close());

  test('every metric the manifest names has data: none is a metric AWS does not publish', () => {
    const noData = report.tiers.flatMap((t) => t.signals).filter((s) => s.status === 'no-data');
    // Load balancer 5xx responses: none happened, and ALB publishes a count only when it is not 0.
    expect(noData.map((s) => s.id)).toEqual(['web1Elb5xx']);
    expect(report.tiers.find((t) => t.tier === 'cache')!.signals.map((s) => s.label)).toEqual([
      'ECPUs',
      'throttled commands',
      'data',
      'evictions',
      'hit rate',
    ]);
  });

  test('passes: availability is judged over the window (99.96 %), not minute by minute', () => {
    const truth = healthy.truth!;
    const availability = 100 - (100 * truth.errors) / truth.requests;
    expect(availability).toBeGreaterThan(99.9);
    const slo = report.slos.find((s) => s.objective === 'availabilityPercent')!;
    expect(slo).toMatchObject({ status: 'pass', errorBudgetSpentPercent: expect.any(Number) });
    expect(slo.measured).toBeCloseTo(availability, 3);
    // Single minutes did fall below 99.9 %: one error among 600 to 2,400 requests.
    expect(slo.worstPeriod!.value).toBeLessThan(99.9);
    const signal = report.tiers.flatMap((t) => t.signals).find((s) => s.slo === 'availabilityPercent')!;
    expect(signal).toMatchObject({ status: 'ok', judgedOn: 'window', window: slo.measured });
    expect(report.verdict).toBe('pass');
    expect(report.bottlenecks).toEqual([]);
  });

  test('the error rate is a ratio of sums over the window, the same data as availability', () => {
    const truth = healthy.truth!;
    const errorRate = report.slos.find((s) => s.objective === 'errorRatePercent')!;
    expect(errorRate.measured).toBeCloseTo((100 * truth.errors) / truth.requests, 3);
    expect(errorRate.status).toBe('pass');
  });

  test('the CI gate stays green, and the text says why', async () => {
    const gate = await healthy.audit(['--fail-on-breach', '--no-color']);
    expect(gate.code).toBe(ExitCode.OK);
    expect(gate.out).toContain('PASS: all 5 SLOs met over the window');
    expect(gate.out).not.toMatch(/availability\s.*breach/);
  });
});

describe('no datapoint at all', () => {
  let empty: Scenario;
  beforeAll(async () => {
    empty = await serveScenario(blueprint, undefined);
  });
  afterAll(() => empty.close());

  test('the verdict is insufficient data, in every format', async () => {
    const json = JSON.parse((await empty.audit(['--format', 'json'])).out) as AuditReport;
    expect(json.verdict).toBe('insufficient-data');
    expect(json.summary).toMatchObject({ slosMet: 0, sloBreaches: 0, sloNoData: 5 });
    for (const format of ['table', 'compact', 'markdown']) {
      const text = (await empty.audit(['--format', format, '--no-color'])).out;
      expect(text).toContain('INSUFFICIENT DATA: no datapoint over the window for 5 of 5 SLOs');
      expect(text).not.toMatch(/PASS|every signal is within its threshold/);
    }
  });

  test('--fail-on-breach exits 9; --on-no-data pass lets it through', async () => {
    expect((await empty.audit(['--fail-on-breach'])).code).toBe(ExitCode.INSUFFICIENT_DATA);
    expect((await empty.audit(['--fail-on-breach', '--on-no-data', 'fail'])).code).toBe(9);
    expect((await empty.audit(['--fail-on-breach', '--on-no-data', 'pass'])).code).toBe(ExitCode.OK);
    // Without the gate the audit ran: exit 0 whatever the verdict.
    expect((await empty.audit([])).code).toBe(ExitCode.OK);
  });
});
