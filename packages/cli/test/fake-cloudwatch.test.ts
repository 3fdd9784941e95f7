// The CloudWatch fake evaluates what it is asked, from raw samples: these tests pin down that it
// does (statistics, percentiles, periods, dimensions, the time window, metric math, gaps), since
// every audit test relies on it.
import { FakeCloudWatch, MetricStore } from './support/fake-cloudwatch';

const T0 = Date.parse('2026-03-09T00:00:00Z') / 1000;
const LATENCY = {
  region: 'eu-west-1',
  namespace: 'AWS/ApplicationELB',
  metricName: 'TargetResponseTime',
  dimensions: { LoadBalancer: 'app/shop/1' },
};
const metric = (id: string, stat: string, period: number, dimensions = LATENCY.dimensions) => ({
  Id: id,
  MetricStat: {
    Metric: {
      Namespace: LATENCY.namespace,
      MetricName: LATENCY.metricName,
      Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    },
    Period: period,
    Stat: stat,
  },
});

function world(): FakeCloudWatch {
  const store = new MetricStore();
  // Minute 0: 99 fast requests and one slow; minute 1: nothing; minute 2: 50 slow requests.
  store.put(LATENCY, T0 + 10, 0.1, 99);
  store.put(LATENCY, T0 + 20, 2.0, 1);
  store.put(LATENCY, T0 + 150, 1.0, 50);
  // A sample outside the window, and the same metric under another dimension set.
  store.put(LATENCY, T0 + 400, 9.0, 1);
  store.put({ ...LATENCY, dimensions: { LoadBalancer: 'app/other/2' } }, T0 + 10, 5.0, 1);
  return new FakeCloudWatch(store, () => T0 + 3600);
}

const ask = (cw: FakeCloudWatch, queries: object[], region = 'eu-west-1') =>
  cw.getMetricData(region, { MetricDataQueries: queries as never, StartTime: T0, EndTime: T0 + 180 });

test('statistics per period from raw samples; a period without samples is a gap', () => {
  const [p99, sum, count] = ask(world(), [
    metric('p', 'p99', 60),
    metric('s', 'Sum', 60),
    metric('n', 'SampleCount', 60),
  ]);
  expect(p99).toMatchObject({ Timestamps: [T0, T0 + 120], Values: [0.1, 1.0] });
  expect(sum.Values).toEqual([99 * 0.1 + 2, 50]);
  expect(count.Values).toEqual([100, 50]);
});

test('a percentile over the window is computed over all its samples, not from the periods', () => {
  const [whole] = ask(world(), [metric('w', 'p95', 180)]);
  // 150 requests: 99 at 0.1 s, 50 at 1 s, one at 2 s. The 143rd (p95) is 1 s.
  expect(whole).toMatchObject({ Timestamps: [T0], Values: [1.0] });
  const [max] = ask(world(), [metric('m', 'Maximum', 180)]);
  expect(max.Values).toEqual([2.0]);
});

test('dimensions must match exactly; another region has none of this metric', () => {
  const cw = world();
  expect(ask(cw, [metric('x', 'Maximum', 180, { LoadBalancer: 'app/other/2' })])[0].Values).toEqual([5]);
  expect(ask(cw, [metric('x', 'Maximum', 180, {})])[0].Values).toEqual([]);
  expect(ask(cw, [metric('x', 'Maximum', 180)], 'us-east-1')[0].Values).toEqual([]);
});

test('metric math: FILL fills every period of the range, arithmetic keeps common timestamps', () => {
  const cw = world();
  const [rate] = ask(cw, [
    { ...metric('n', 'SampleCount', 60), ReturnData: false },
    { ...metric('slow', 'SampleCount', 60), ReturnData: false },
    { Id: 'e', Expression: '100 * FILL(slow, 0) / n' },
  ]);
  expect(rate).toMatchObject({ Id: 'e', Timestamps: [T0, T0 + 120], Values: [100, 100] });
  const [filled] = ask(cw, [
    { ...metric('n', 'SampleCount', 60), ReturnData: false },
    { Id: 'f', Expression: 'FILL(n, 0)' },
  ]);
  expect(filled).toMatchObject({ Timestamps: [T0, T0 + 60, T0 + 120], Values: [100, 0, 50] });
});

test('CloudWatch rejects what it would reject', () => {
  const cw = world();
  expect(() => ask(cw, [{ Id: 'e', Expression: '100 * missing' }])).toThrow(/missing, not in this call/);
  expect(() => ask(cw, [metric('p', 'p99', 90)])).toThrow(/multiple of 60/);
  expect(() =>
    ask(
      cw,
      Array.from({ length: 501 }, (_, i) => metric(`m${i}`, 'Sum', 60)),
    ),
  ).toThrow(/1 to 500/);
});

test('a period that is no longer kept for data that old returns no datapoint', () => {
  const store = new MetricStore();
  store.put(LATENCY, T0 + 10, 1, 1);
  // 20 days later, the data of T0 is only kept at 5-minute resolution.
  const cw = new FakeCloudWatch(store, () => T0 + 20 * 86400);
  const at = (period: number) =>
    cw.getMetricData('eu-west-1', {
      MetricDataQueries: [metric('m', 'Sum', period)] as never,
      StartTime: T0,
      EndTime: T0 + 3600,
    })[0].Values;
  expect(at(60)).toEqual([]);
  expect(at(300)).toEqual([1]);
});
