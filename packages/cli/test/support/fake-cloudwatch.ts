// A CloudWatch that evaluates GetMetricData from raw samples, the way the service does, so that a
// test can tell a right question from a wrong one: a metric is found only by its exact namespace,
// name, dimension set and region; each statistic (percentiles included) is computed over the raw
// samples of each period; periods start at StartTime and periods without samples are gaps; metric
// math is evaluated over the other queries of the same call. Nothing here replays answers by query id.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
import { evaluate, MathValue, MetricMathError, parseExpression, references, Series } from './metric-math';

/** One sample: a value seen `count` times at time `t` (epoch seconds), as PutMetricData's Values/Counts. */
export interface Sample {
  readonly t: number;
  readonly value: number;
  readonly count: number;
}

export interface MetricId {
  readonly region: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

// Publishing puts every sample of a stream with the same id object: its key is computed once.
const keys = new WeakMap<MetricId, string>();

function keyOf(id: MetricId): string {
  let key = keys.get(id);
  if (key === undefined) {
    const dimensions = Object.entries(id.dimensions).sort(([a], [b]) => (a < b ? -1 : 1));
    key = JSON.stringify([id.region, id.namespace, id.metricName, dimensions]);
    keys.set(id, key);
  }
  return key;
}

/** The raw samples CloudWatch holds, by metric. */
export class MetricStore {
  private readonly samples = new Map<string, Sample[]>();

  public put(id: MetricId, t: number, value: number, count = 1): void {
    const key = keyOf(id);
    const list = this.samples.get(key) ?? [];
    list.push({ t, value, count });
    this.samples.set(key, list);
  }

  /** Samples of one metric, oldest first; none for a metric nobody published. */
  public get(id: MetricId): readonly Sample[] {
    const list = this.samples.get(keyOf(id)) ?? [];
    return list.sort((a, b) => a.t - b.t);
  }
}

/** Thrown for a request CloudWatch would reject; the HTTP fake answers 400 with this code. */
export class CloudWatchRequestError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MetricDataQuery {
  readonly Id: string;
  readonly Label?: string;
  readonly ReturnData?: boolean;
  readonly Expression?: string;
  readonly Period?: number;
  readonly MetricStat?: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      readonly Dimensions?: { readonly Name: string; readonly Value: string }[];
    };
    readonly Period: number;
    readonly Stat: string;
  };
}

export interface MetricDataResult {
  readonly Id: string;
  readonly Label: string;
  readonly Timestamps: number[];
  readonly Values: number[];
  readonly StatusCode: 'Complete';
}

/** Nearest-rank percentile over (value, count) pairs. */
function percentileOf(samples: readonly Sample[], p: number): number {
  const sorted = [...samples].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((n, s) => n + s.count, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const s of sorted) {
    seen += s.count;
    if (seen >= rank) return s.value;
  }
  return sorted[sorted.length - 1].value;
}

/** A statistic of the samples of one period. */
export function statistic(samples: readonly Sample[], stat: string): number {
  const count = samples.reduce((n, s) => n + s.count, 0);
  const sum = samples.reduce((n, s) => n + s.value * s.count, 0);
  switch (stat) {
    case 'Sum':
      return sum;
    case 'SampleCount':
      return count;
    case 'Average':
      return sum / count;
    case 'Minimum':
      return samples.reduce((m, s) => Math.min(m, s.value), Infinity);
    case 'Maximum':
      return samples.reduce((m, s) => Math.max(m, s.value), -Infinity);
  }
  const percentile = /^p(\d+(\.\d+)?)$/.exec(stat);
  if (!percentile) throw new CloudWatchRequestError('InvalidParameterValue', `unsupported statistic ${stat}`);
  return percentileOf(samples, Number(percentile[1]));
}

const DAY = 86400;

/**
 * The period granularity CloudWatch still has for data starting `age` seconds ago: "if the StartTime
 * is more than 3 hours ago ... 3 hours to 15 days: a multiple of 60; 15 to 63 days: a multiple of
 * 300; more than 63 days: a multiple of 3600, or no data points are returned".
 */
export function requiredPeriodMultiple(ageSeconds: number): number {
  if (ageSeconds > 63 * DAY) return 3600;
  if (ageSeconds > 15 * DAY) return 300;
  return 60;
}

export interface GetMetricDataInput {
  readonly MetricDataQueries: MetricDataQuery[];
  /** Epoch seconds. */
  readonly StartTime: number;
  readonly EndTime: number;
}

/** GetMetricData over a {@link MetricStore}. `now` (epoch seconds) decides which periods are kept. */
export class FakeCloudWatch {
  constructor(
    public readonly store: MetricStore,
    private readonly now: () => number,
  ) {}

  public getMetricData(region: string, input: GetMetricDataInput): MetricDataResult[] {
    const { MetricDataQueries: queries, StartTime: start, EndTime: end } = input;
    if (queries.length === 0 || queries.length > 500) {
      throw new CloudWatchRequestError('ValidationError', `1 to 500 queries per call, got ${queries.length}`);
    }
    if (!(end > start))
      throw new CloudWatchRequestError('ValidationError', 'EndTime must be after StartTime');
    const byId = new Map<string, MetricDataQuery>();
    for (const q of queries) {
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id) || byId.has(q.Id)) {
        throw new CloudWatchRequestError('ValidationError', `bad or repeated query id ${q.Id}`);
      }
      byId.set(q.Id, q);
    }
    const grid = (period: number): number[] => {
      const starts: number[] = [];
      for (let t = start; t < end; t += period) starts.push(t);
      return starts;
    };
    const cache = new Map<string, MathValue>();
    const seriesOf = (id: string, path: string[] = []): MathValue => {
      const cached = cache.get(id);
      if (cached !== undefined) return cached;
      const query = byId.get(id);
      if (!query) {
        throw new CloudWatchRequestError(
          'ValidationError',
          `the expression refers to ${id}, not in this call`,
        );
      }
      if (path.includes(id)) throw new CloudWatchRequestError('ValidationError', `circular reference ${id}`);
      const value = query.MetricStat
        ? this.metricSeries(region, query, start, end, grid)
        : this.expressionSeries(query, (ref) => seriesOf(ref, [...path, id]), grid);
      cache.set(id, value);
      return value;
    };
    return queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const value = seriesOf(q.Id);
        const points =
          typeof value === 'number'
            ? grid(q.Period ?? 60).map((t): [number, number] => [t, value])
            : [...value.points].sort(([a], [b]) => a - b);
        return {
          Id: q.Id,
          Label: q.Label ?? q.Id,
          Timestamps: points.map(([t]) => t),
          Values: points.map(([, v]) => v),
          StatusCode: 'Complete' as const,
        };
      });
  }

  private metricSeries(
    region: string,
    query: MetricDataQuery,
    start: number,
    end: number,
    grid: (period: number) => number[],
  ): Series {
    const { Metric: metric, Period: period, Stat: stat } = query.MetricStat!;
    if (!([1, 5, 10, 30].includes(period) || (period > 0 && period % 60 === 0))) {
      throw new CloudWatchRequestError(
        'ValidationError',
        `Period must be 1, 5, 10, 30 or a multiple of 60, got ${period}`,
      );
    }
    const points = new Map<number, number>();
    if (period % requiredPeriodMultiple(this.now() - start) !== 0) return { period, points };
    const samples = this.store.get({
      region,
      namespace: metric.Namespace,
      metricName: metric.MetricName,
      dimensions: Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name, d.Value])),
    });
    let i = 0;
    for (const bucket of grid(period)) {
      const bucketEnd = Math.min(bucket + period, end);
      while (i < samples.length && samples[i].t < bucket) i++;
      const inBucket: Sample[] = [];
      for (let j = i; j < samples.length && samples[j].t < bucketEnd; j++) inBucket.push(samples[j]);
      if (inBucket.length > 0) points.set(bucket, statistic(inBucket, stat));
    }
    return { period, points };
  }

  private expressionSeries(
    query: MetricDataQuery,
    lookup: (id: string) => MathValue,
    grid: (period: number) => number[],
  ): MathValue {
    try {
      const node = parseExpression(query.Expression ?? '');
      for (const ref of references(node)) lookup(ref);
      return evaluate(node, lookup, grid);
    } catch (e) {
      if (e instanceof MetricMathError) throw new CloudWatchRequestError('ValidationError', e.message);
      throw e;
    }
  }
}
