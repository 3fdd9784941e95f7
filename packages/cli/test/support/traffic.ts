// Raw samples for the CloudWatch fake, generated request by request: each minute gets a number of
// requests, each request a latency and maybe a 5xx, and the load balancer and CloudFront streams are
// built from those requests the way AWS builds its metrics (counts only when non-zero, one latency
// sample per request). Every other stream a deployed resource publishes gets one value a minute.
// Seeded, so a test can recompute the truth (the window p99 of all requests, the p99 of one minute).
import { MetricStream } from '../../../../test/support/deployed-resources';
import { MetricStore, Sample } from './fake-cloudwatch';

export interface LatencyModel {
  /** Median latency of the normal requests, in ms. */
  readonly medianMs: number;
  /** Spread of the log-normal distribution (0.5 is a typical web service). */
  readonly sigma: number;
  /** Share of requests in a slow mode (cache misses, lock waits), and its median. */
  readonly slowShare?: number;
  readonly slowMedianMs?: number;
}

/** What happens minute by minute; `minute` counts from the start of the generated window. */
export interface Traffic {
  readonly requestsPerSecond: (minute: number) => number;
  readonly latency: (minute: number) => LatencyModel;
  /** Probability that a request ends in a 5xx from the target. */
  readonly targetErrorRate: (minute: number) => number;
  /** The value of a gauge (or per-minute count) stream; `undefined` for no datapoint that minute. */
  readonly gauge?: (stream: MetricStream, minute: number) => number | undefined;
}

/** Requests of one minute: how many, how many failed, latencies in ms with their counts. */
export interface MinuteOfRequests {
  readonly requests: number;
  readonly errors: number;
  readonly latencyMs: ReadonlyMap<number, number>;
}

/** The requests that were generated, to compute the truth a report must show. */
export class TrafficTruth {
  constructor(public readonly minutes: readonly MinuteOfRequests[]) {}

  public get requests(): number {
    return this.minutes.reduce((n, m) => n + m.requests, 0);
  }

  public get errors(): number {
    return this.minutes.reduce((n, m) => n + m.errors, 0);
  }

  /** Nearest-rank percentile of the latency of requests in the given minutes (all by default), in ms. */
  public latencyPercentile(p: number, minutes: readonly MinuteOfRequests[] = this.minutes): number {
    const counts = new Map<number, number>();
    for (const m of minutes) for (const [ms, n] of m.latencyMs) counts.set(ms, (counts.get(ms) ?? 0) + n);
    const sorted = [...counts].sort(([a], [b]) => a - b);
    const total = sorted.reduce((n, [, c]) => n + c, 0);
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (const [ms, c] of sorted) {
      seen += c;
      if (seen >= rank) return ms;
    }
    return NaN;
  }
}

/** mulberry32: a small seeded PRNG, so generated data is the same on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function generateMinute(rng: () => number, traffic: Traffic, minute: number): MinuteOfRequests {
  const mean = traffic.requestsPerSecond(minute) * 60;
  const requests = Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const model = traffic.latency(minute);
  const errorRate = traffic.targetErrorRate(minute);
  const latencyMs = new Map<number, number>();
  let errors = 0;
  for (let i = 0; i < requests; i++) {
    const slow = rng() < (model.slowShare ?? 0);
    const median = slow ? (model.slowMedianMs ?? model.medianMs * 5) : model.medianMs;
    const ms = Math.max(1, Math.round(median * Math.exp(model.sigma * normal(rng))));
    latencyMs.set(ms, (latencyMs.get(ms) ?? 0) + 1);
    if (rng() < errorRate) errors++;
  }
  return { requests, errors, latencyMs };
}

/** Typical values of the streams that are not built from requests (one datapoint a minute). */
const TYPICAL: Readonly<Record<string, number>> = {
  CPUUtilization: 35,
  MemoryUtilization: 45,
  RunningTaskCount: 2,
  DesiredTaskCount: 2,
  PendingTaskCount: 0,
  DatabaseConnections: 40,
  FreeableMemory: 2e9,
  FreeStorageSpace: 5e10,
  ReadLatency: 0.002,
  WriteLatency: 0.003,
  ReadIOPS: 100,
  WriteIOPS: 50,
  Deadlocks: 0,
  ReplicaLag: 0.1,
  AuroraReplicaLagMaximum: 20,
  AuroraReplicaLagMinimum: 10,
  ServerlessDatabaseCapacity: 1,
  ACUUtilization: 25,
  ClientConnections: 40,
  DatabaseConnectionsBorrowLatency: 50,
  EngineCPUUtilization: 15,
  DatabaseMemoryUsagePercentage: 40,
  BytesUsedForCache: 2e8,
  BytesUsedForCacheItems: 2e8,
  CacheHitRate: 92,
  CacheHits: 5000,
  CacheMisses: 400,
  GetHits: 5000,
  GetMisses: 400,
  Evictions: 0,
  CurrConnections: 30,
  CurrItems: 1e5,
  ReplicationLag: 0.01,
  FreeableMemoryCache: 1e9,
  ElastiCacheProcessingUnits: 30000,
  SuccessfulReadRequestLatency: 400,
  SuccessfulWriteRequestLatency: 500,
  TotalCmdsCount: 6000,
  ThrottledCmds: 0,
  ApproximateAgeOfOldestMessage: 15,
  ApproximateNumberOfMessagesVisible: 5,
  ApproximateNumberOfMessagesNotVisible: 2,
  NumberOfMessagesSent: 100,
  NumberOfMessagesReceived: 100,
  NumberOfMessagesDeleted: 100,
  HealthyHostCount: 2,
  UnHealthyHostCount: 0,
  ActiveConnectionCount: 500,
  RejectedConnectionCount: 0,
  BytesDownloaded: 1e8,
  '4xxErrorRate': 1,
  TotalErrorRate: 1,
  CacheHitRateEdge: 66,
  '502ErrorRate': 0,
  '504ErrorRate': 0,
};

/** The value of a stream in a minute when the traffic model does not say: typical, a little noise. */
export function typicalGauge(stream: MetricStream, rng: () => number): number {
  // A dead-letter queue is empty on a healthy day.
  if (stream.resource.includes('DeadLetter')) return 0;
  const base =
    stream.namespace === 'AWS/CloudFront' && stream.metricName === 'CacheHitRate'
      ? TYPICAL.CacheHitRateEdge
      : (TYPICAL[stream.metricName] ?? 1);
  // Small whole numbers are counts of things (tasks, hosts): they do not wobble.
  if (Number.isInteger(base) && base <= 100) return base;
  return base * (0.95 + 0.1 * rng());
}

/** How many requests CloudFront sees per request that reaches the load balancer (the rest are hits). */
export const EDGE_REQUESTS_PER_ORIGIN_REQUEST = 3;

/**
 * Generates `minutes` minutes of traffic from `start` (epoch seconds) and publishes every stream
 * into the store. Returns the generated requests.
 */
export function publishTraffic(
  store: MetricStore,
  streams: readonly MetricStream[],
  start: number,
  minutes: number,
  traffic: Traffic,
  seed = 1,
): TrafficTruth {
  const rng = random(seed);
  const generated: MinuteOfRequests[] = [];
  for (let m = 0; m < minutes; m++) generated.push(generateMinute(rng, traffic, m));
  for (const stream of streams) {
    const id = {
      region: stream.streamRegion,
      namespace: stream.namespace,
      metricName: stream.metricName,
      dimensions: stream.dimensionValues,
    };
    generated.forEach((minute, m) => {
      // Each datapoint sits inside its minute, never on a period boundary.
      const t = start + m * 60 + 30;
      for (const sample of samplesOf(stream, minute, m, traffic, rng)) {
        store.put(id, t, sample.value, sample.count);
      }
    });
  }
  return new TrafficTruth(generated);
}

function samplesOf(
  stream: MetricStream,
  minute: MinuteOfRequests,
  m: number,
  traffic: Traffic,
  rng: () => number,
): Omit<Sample, 't'>[] {
  const count = (n: number): Omit<Sample, 't'>[] => (n > 0 ? [{ value: 1, count: n }] : []);
  const latencies = (offsetMs: number): Omit<Sample, 't'>[] =>
    [...minute.latencyMs].map(([ms, n]) => ({ value: (ms + offsetMs) / 1000, count: n }));
  if (stream.namespace === 'AWS/ApplicationELB') {
    switch (stream.metricName) {
      case 'RequestCount':
        return count(minute.requests);
      case 'TargetResponseTime':
        return latencies(0);
      case 'HTTPCode_Target_5XX_Count':
        return count(minute.errors);
      case 'HTTPCode_Target_2XX_Count':
        return count(minute.requests - minute.errors);
      case 'HTTPCode_Target_4XX_Count':
      case 'HTTPCode_ELB_5XX_Count':
        return [];
    }
  }
  if (stream.namespace === 'AWS/CloudFront' && minute.requests > 0) {
    const edgeRequests = minute.requests * EDGE_REQUESTS_PER_ORIGIN_REQUEST;
    switch (stream.metricName) {
      case 'Requests':
        return [{ value: edgeRequests, count: 1 }];
      case '5xxErrorRate':
        return [{ value: (100 * minute.errors) / edgeRequests, count: 1 }];
      case 'OriginLatency':
        // Milliseconds, from CloudFront to the origin and back.
        return [...minute.latencyMs].map(([ms, n]) => ({ value: ms + 5, count: n }));
    }
  }
  const value = traffic.gauge?.(stream, m) ?? typicalGauge(stream, rng);
  return Number.isFinite(value) ? [{ value, count: 1 }] : [];
}
