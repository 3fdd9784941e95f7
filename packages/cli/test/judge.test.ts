// The judgement, on hand-made CloudWatch answers: SLOs over the window, thresholds on the sustained
// level, no data never zero, the verdict, and the ranking of the bottlenecks.
import { judge } from '../src/judge';
import { percentile } from '../src/statistics';
import { flat, HEALTHY, input, series } from './support/series';

test('a healthy system passes; SLOs are the window-wide values', () => {
  const report = judge(input(HEALTHY));
  expect(report.verdict).toBe('pass');
  expect(report.slos.find((s) => s.objective === 'latencyP95Ms')).toMatchObject({
    measured: 300,
    status: 'pass',
  });
  // SMALL_MANIFEST measures no availability or queue SLO: not observed, not missing data.
  expect(report.slos.find((s) => s.objective === 'maxMessageAgeSeconds')).toMatchObject({
    status: 'not-observed',
  });
  expect(report.bottlenecks).toEqual([]);
});

test('an SLO is judged over the window even when single minutes are beyond it', () => {
  const bad = [...flat(0.1, 56), 5, 5, 5, 5];
  const report = judge(input({ ...HEALTHY, errorRate: series(bad), w_errorRate: series([0.35]) }));
  const row = report.tiers[0].signals.find((s) => s.id === 'errorRate')!;
  expect(row).toMatchObject({ status: 'ok', judgedOn: 'window', window: 0.35, sustained: 5 });
  expect(row.breachPercent).toBeCloseTo(6.667, 2);
  expect(report.slos.find((s) => s.objective === 'errorRatePercent')).toMatchObject({
    status: 'pass',
    errorBudgetSpentPercent: 35,
  });
  expect(report.verdict).toBe('pass');
});

test('missing data is "no data", never zero; partial data is flagged', () => {
  const report = judge(
    input({ ...HEALTHY, cpu: series(flat(40, 30)), errors5xx: series([]), w_errorRate: series([]) }),
  );
  const signals = report.tiers.flatMap((t) => t.signals);
  expect(signals.find((s) => s.id === 'errors5xx')).toMatchObject({
    sustained: null,
    status: 'no-data',
    datapoints: 0,
  });
  expect(signals.find((s) => s.id === 'cpu')).toMatchObject({
    partial: true,
    datapoints: 30,
    expectedDatapoints: 60,
  });
  expect(report.slos.find((s) => s.objective === 'errorRatePercent')).toMatchObject({
    measured: null,
    status: 'no-data',
  });
  expect(report.verdict).toBe('insufficient-data');
});

test('the verdict: a breach wins over missing data; nothing measured is insufficient, never a pass', () => {
  expect(judge(input({ ...HEALTHY, w_latency: series([0.72]), w_errorRate: series([]) })).verdict).toBe(
    'breach',
  );
  expect(judge(input({})).verdict).toBe('insufficient-data');
});

test('the sustained level is p95 of periods (p5 where lower is worse); the worst period by direction', () => {
  const hits = [...flat(95, 50), ...flat(60, 10)];
  const report = judge(input({ ...HEALTHY, hitRate: series(hits) }));
  const hit = report.tiers[2].signals[0];
  expect(hit).toMatchObject({ sustained: 60, status: 'breach', direction: 'lower-is-worse' });
  expect(hit.worstPeriod).toMatchObject({ value: 60, periodSeconds: 60 });
  expect(hit.breachPercent).toBeCloseTo(16.667, 2);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
});

test('within 10 % of the threshold is a warning', () => {
  const report = judge(input({ ...HEALTHY, cpu: series(flat(65)) }));
  expect(report.tiers[0].signals.find((s) => s.id === 'cpu')?.status).toBe('warn');
});

test('ranking: causes in breach, then breached SLOs, then warnings; each with a recommendation', () => {
  const report = judge(
    input({
      ...HEALTHY,
      w_latency: series([0.8]),
      cpu: series(flat(66)), // warning only
      dbConnections: series(flat(99)), // far beyond 80, all periods
      hitRate: series([...flat(70, 30), ...flat(90, 30)]), // p5 70 < 80, half the periods
    }),
  );
  expect(report.bottlenecks.map((b) => b.signalId)).toEqual(['dbConnections', 'hitRate', 'latency']);
  expect(report.bottlenecks[0]).toMatchObject({
    rank: 1,
    tier: 'database',
    basis: 'sustained',
    pitfall: 'Database connection pool exhaustion',
  });
  expect(report.bottlenecks[0].recommendation).toMatch(/RDS Proxy/);
  // The latency SLO breach points at the most saturated tier below it.
  expect(report.bottlenecks[2]).toMatchObject({
    basis: 'window',
    measured: 800,
    pitfall: 'Database connection pool exhaustion',
  });
  expect(report.bottlenecks[2].recommendation).toMatch(
    /the tier that explains it: database db, dbConnections sustained at 99/,
  );
});

test('a latency breach with no saturated tier says so instead of blaming slow queries', () => {
  const report = judge(input({ ...HEALTHY, w_latency: series([0.9]) }));
  expect(report.bottlenecks).toHaveLength(1);
  expect(report.bottlenecks[0]).toMatchObject({
    signalId: 'latency',
    title: 'SLO p95 latency breached over the window',
    pitfall: 'Latency without a saturated tier',
  });
});
