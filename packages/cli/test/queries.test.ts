// Query planning: batching into calls of at most 500, expressions kept with what they refer to,
// one window-wide query per signal, and periods CloudWatch still serves for the window's age.
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchMetricData } from '../src/fetch';
import { effectivePeriod, packGroups, periodMultiple, planQueries } from '../src/queries';
import { manifestWithSignals, SMALL_MANIFEST } from './support/manifests';

const WINDOW = { start: new Date('2026-03-09T00:00:00Z'), end: new Date('2026-03-09T01:00:00Z') };
const DAY = 86400;

test.each([
  [1, 1],
  [250, 1],
  [251, 2],
  [1234, 5],
])(
  '%i independent signals (a series and a window-wide query each) take ⌈2n ÷ 500⌉ = %i calls',
  (n, calls) => {
    const plan = planQueries(manifestWithSignals(n), WINDOW);
    expect(plan.queryCount).toBe(2 * n);
    expect(plan.batches).toHaveLength(calls);
    expect(plan.batches.every((b) => b.queries.length <= 500)).toBe(true);
  },
);

test('an expression stays in the call of the metrics it refers to', () => {
  const groups = [Array.from({ length: 499 }, (_, i) => `a${i}`), ['expr', 'm1', 'm2'], ['x']];
  const bins = packGroups(groups, 500);
  expect(bins.find((b) => b.includes('expr'))).toEqual(expect.arrayContaining(['m1', 'm2']));
});

test('every signal gets a window-wide query; expressions refer to the window-wide ids', () => {
  const plan = planQueries(SMALL_MANIFEST, WINDOW);
  const byId = new Map<string, MetricDataQuery>(
    plan.batches.flatMap((b) => b.queries).map((q) => [q.Id!, q]),
  );
  expect(byId.get('w_latency')?.MetricStat?.Period).toBe(3600);
  expect(byId.get('w_cpu')?.MetricStat?.Period).toBe(3600);
  expect(byId.get('w_errorRate')?.Expression).toBe('100 * FILL(w_errors5xx, 0) / w_requests');
});

test('the period grows for long windows so a series has at most 1440 periods', () => {
  expect(effectivePeriod(60, DAY)).toBe(60);
  expect(effectivePeriod(60, 7 * DAY)).toBe(420);
  expect(effectivePeriod(3600, 7 * DAY)).toBe(3600);
});

test('periods are multiples of what CloudWatch keeps for a window that old (else it returns nothing)', () => {
  expect([periodMultiple(DAY), periodMultiple(20 * DAY), periodMultiple(90 * DAY)]).toEqual([60, 300, 3600]);
  // A 90-day window: 7,776,000 s ÷ 1440 = 5,400 s, which CloudWatch would not serve (not a multiple of 3,600).
  const end = new Date('2026-03-09T00:00:00Z');
  const plan = planQueries(SMALL_MANIFEST, { start: new Date(end.getTime() - 90 * DAY * 1000), end });
  expect([...plan.seriesPeriod.values()].every((p) => p % 3600 === 0)).toBe(true);
  expect(plan.windowPeriod % 3600).toBe(0);
  const recent = planQueries(SMALL_MANIFEST, WINDOW);
  expect(recent.seriesPeriod.get('latency')).toBe(60);
});

test('GetMetricData requests: ⌈queries ÷ 500⌉ per page (counted on a mocked client)', async () => {
  const cw = mockClient(CloudWatchClient);
  cw.on(GetMetricDataCommand).callsFake((req) => ({
    MetricDataResults: req.MetricDataQueries.map((q: MetricDataQuery) => ({
      Id: q.Id,
      Timestamps: [],
      Values: [],
    })),
    NextToken: req.NextToken ? undefined : 'page2',
  }));
  const plan = planQueries(manifestWithSignals(617), WINDOW);
  await fetchMetricData(() => new CloudWatchClient({ region: 'eu-west-1' }), plan, WINDOW);
  expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(3 * 2);
  cw.restore();
});
