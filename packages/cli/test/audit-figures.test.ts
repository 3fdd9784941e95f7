// The figures of a live audit of the budget-startup blueprint (support/scenarios.ts): each number
// says what it is and comes from the right computation, comparisons are in points, advice points at
// the tier that explains a breach, and the output fits where people paste it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditReport } from '../src/report';
import { DeployedBlueprint, deployBlueprint } from './support/deployed-blueprint';
import {
  HEALTHY,
  MORE_ERRORS,
  POOL_EXHAUSTED,
  Scenario,
  serveScenario,
  SLOW_BURSTS,
} from './support/scenarios';

let blueprint: DeployedBlueprint;
beforeAll(() => {
  blueprint = deployBlueprint('budget-startup');
});

// eslint-disable-next-line no-control-regex -- colour codes take no columns
const width = (line: string): number => line.replace(/\u001b\[[0-9;]*m/g, '').length;

describe('slow bursts: the p99 over the window is not the p95 of per-minute p99s', () => {
  let bursts: Scenario;
  let report: AuditReport;
  beforeAll(async () => {
    bursts = await serveScenario(blueprint, SLOW_BURSTS);
    report = JSON.parse((await bursts.audit(['--format', 'json'])).out);
  });
  afterAll(() => bursts.close());

  test('the SLO, the tier row and the bottleneck give the p99 over the window, labelled as such', () => {
    const truth = bursts.truth!;
    const windowP99 = truth.latencyPercentile(99);
    const minuteP99s = truth.minutes.map((m) => truth.latencyPercentile(99, [m])).sort((a, b) => a - b);
    const p95OfMinuteP99s = minuteP99s[Math.ceil(0.95 * minuteP99s.length) - 1];
    expect(p95OfMinuteP99s).toBeGreaterThan(windowP99 * 1.2);

    const slo = report.slos.find((s) => s.objective === 'latencyP99Ms')!;
    expect(slo).toMatchObject({ measured: windowP99, status: 'fail' });
    const row = report.tiers.flatMap((t) => t.signals).find((s) => s.id === slo.signalId)!;
    expect(row).toMatchObject({ window: windowP99, sustained: p95OfMinuteP99s, judgedOn: 'window' });
    expect(row.worstPeriod!.value).toBe(minuteP99s[minuteP99s.length - 1]);
    const bottleneck = report.bottlenecks.find((b) => b.signalId === slo.signalId)!;
    expect(bottleneck).toMatchObject({ measured: windowP99, basis: 'window' });
  });

  test('the text names each figure: over the window, sustained, the worst period by direction', async () => {
    const { out } = await bursts.audit(['--no-color']);
    const windowP99 = bursts.truth!.latencyPercentile(99).toLocaleString('en-US');
    expect(out).toMatch(new RegExp(`p99 latency .*│ ${windowP99} ms .*│ max [\\d,]+ ms \\(1-min\\)`));
    expect(out).toContain(
      `SLO p99 latency breached over the window: over the window ${windowP99} ms vs SLO ≤ 1,500 ms`,
    );
    expect(out).toMatch(/availability .* min 99\.\d+%/);
    expect(out).not.toContain('peak');
  });
});

test('--compare: an availability drop and the error rise from the same data are both worse, in points', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-compare-'));
  const baseline = path.join(dir, 'before.json');
  // The servers are closed whatever happens: the test files of a worker share one process.
  const before = await serveScenario(blueprint, HEALTHY);
  try {
    await before.audit(['--format', 'json', '--save', baseline]);
  } finally {
    await before.close();
  }
  const after = await serveScenario(blueprint, MORE_ERRORS, 2);
  let report: AuditReport;
  let text: string;
  try {
    report = JSON.parse((await after.audit(['--format', 'json', '--compare', baseline])).out) as AuditReport;
    text = (await after.audit(['--compare', baseline, '--no-color'])).out;
  } finally {
    await after.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const availability = report.comparison!.slos.find((d) => d.id === 'availabilityPercent')!;
  const errorRate = report.comparison!.slos.find((d) => d.id === 'errorRatePercent')!;
  expect(availability).toMatchObject({ change: 'worse', relativePercent: null });
  expect(errorRate).toMatchObject({ change: 'worse', relativePercent: null });
  expect(availability.delta!).toBeLessThan(-0.1);
  expect(availability.delta!).toBeCloseTo(-errorRate.delta!, 2);
  expect(text).toMatch(/availability .* -0\.1\d+ pts, worse/);
});

describe('the database runs out of connections while requests slow down', () => {
  let pool: Scenario;
  beforeAll(async () => {
    pool = await serveScenario(blueprint, POOL_EXHAUSTED);
  });
  afterAll(() => pool.close());

  test('the latency breach points at the database connections, not at slow queries by default', async () => {
    const report = JSON.parse((await pool.audit(['--format', 'json'])).out) as AuditReport;
    expect(report.slos.find((s) => s.objective === 'latencyP95Ms')!.status).toBe('fail');
    const latency = report.bottlenecks.find((b) => b.signalId === 'web1P95')!;
    expect(latency.pitfall).toBe('Database connection pool exhaustion');
    expect(latency.recommendation).toMatch(
      /the tier that explains it: database Database, connections sustained at 800/,
    );
    expect(report.bottlenecks[0]).toMatchObject({ signalId: 'database1Connections', basis: 'sustained' });
  });

  test('the table fits 120 columns without a rule between rows; compact fits 100 without boxes', async () => {
    const table = (await pool.audit([])).out;
    expect(Math.max(...table.split('\n').map(width))).toBeLessThanOrEqual(120);
    expect(table).not.toMatch(/├.*┼.*┤\n.*│.*\n├/);
    const compact = (await pool.audit(['--format', 'compact'])).out;
    const lines = compact.trimEnd().split('\n');
    expect(Math.max(...lines.map(width))).toBeLessThanOrEqual(100);
    expect(compact).not.toMatch(/[─│┌┐└┘├┤┬┴┼]/);
    expect(lines[1]).toMatch(/^BREACH: 2 of 5 SLOs breached over the window \(p95 latency, p99 latency\)/);
    expect(compact).toMatch(/ {2}FAIL {4}p95 latency/);
    expect(compact).toContain('Top bottlenecks:');
    expect(lines.length).toBeLessThanOrEqual(25);
  });
});
