import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  ThresholdComparison,
} from '../../observability/audit-manifest';
import { Observation, ObservedSignal } from '../../observability/observable';
import { graph, graphRow } from '../../private/dashboard';
import type { CacheCluster } from '../cache-cluster';
import { CacheEngine, CacheUsage } from '../cache-cluster-props';

/** The thresholds of a CacheCluster's own alarms (percent). */
export interface CacheAlarmThresholds {
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly hitRatePercent: number;
}

/** ElastiCache publishes at one minute; the cache is judged over five, like its alarms. */
const PERIOD = Duration.minutes(5);

/**
 * What a CacheCluster offers an Observability: the signals its kind of cache really publishes, with
 * the thresholds of its own alarms, its graphs and its alarms.
 */
export function cacheObservation(cache: CacheCluster, thresholds: CacheAlarmThresholds): Observation {
  const variant = cache.serverless
    ? serverlessSignals(cache, thresholds)
    : cache.engine === CacheEngine.MEMCACHED
      ? memcachedSignals(cache, thresholds)
      : nodeSignals(cache, thresholds);
  return {
    tier: AuditTierKind.CACHE,
    signals: variant.signals,
    widgets: graphRow([
      ...variant.graphs,
      graph('Connections', [cache.metricCurrConnections({ period: PERIOD })]),
    ]),
    alarms: [...cache.alarms],
  };
}

interface Variant {
  readonly signals: ObservedSignal[];
  readonly graphs: cloudwatch.GraphWidgetProps[];
}

/**
 * Valkey and Redis OSS nodes: engine CPU, memory in percent, evictions, hit rate, all of the first
 * node (the primary when the group was created).
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html
 */
function nodeSignals(cache: CacheCluster, thresholds: CacheAlarmThresholds): Variant {
  const cpu = cache.metricEngineCPUUtilization({ period: PERIOD });
  const memory = cache.metricDatabaseMemoryUsagePercentage({ period: PERIOD });
  const hitRate = cache.metricCacheHitRate({ period: PERIOD });
  const evictions = cache.metricEvictions({ period: PERIOD });
  return {
    signals: [
      {
        id: 'Cpu',
        label: 'engine CPU',
        metric: cpu,
        kind: SignalKind.SATURATION,
        unit: '%',
        concern: SignalConcern.CPU,
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: thresholds.cpuPercent },
      },
      {
        id: 'Memory',
        label: 'memory',
        metric: memory,
        kind: SignalKind.SATURATION,
        unit: '%',
        concern: SignalConcern.CACHE_MEMORY,
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: thresholds.memoryPercent },
      },
      ...evictionsAndHitRate(cache, thresholds, evictions, { metric: hitRate }),
    ],
    graphs: [
      graph('Engine CPU (%)', [cpu]),
      graph('Memory (%)', [memory], { max: 100 }),
      graph('Evictions', [evictions]),
      ...(cache.usage !== CacheUsage.SESSION_STORE ? [graph('Hit rate (%)', [hitRate], { max: 100 })] : []),
    ],
  };
}

/**
 * Memcached: host CPU, bytes of items, evictions, and a hit rate computed from GetHits and
 * GetMisses (Memcached publishes no CacheHitRate and no BytesUsedForCache).
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Memcached.html
 */
function memcachedSignals(cache: CacheCluster, thresholds: CacheAlarmThresholds): Variant {
  const cpu = cache.metricCPUUtilization({ period: PERIOD });
  const memory = cache.metric('BytesUsedForCacheItems', { statistic: 'Maximum', period: PERIOD });
  const hits = cache.metric('GetHits', { statistic: 'Sum', period: PERIOD });
  const misses = cache.metric('GetMisses', { statistic: 'Sum', period: PERIOD });
  const evictions = cache.metricEvictions({ period: PERIOD });
  return {
    signals: [
      {
        id: 'Cpu',
        label: 'CPU',
        metric: cpu,
        kind: SignalKind.SATURATION,
        unit: '%',
        concern: SignalConcern.CPU,
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: thresholds.cpuPercent },
      },
      { id: 'Memory', label: 'item memory', metric: memory, kind: SignalKind.SATURATION, unit: 'bytes' },
      { id: 'Hits', label: 'get hits', metric: hits, kind: SignalKind.TRAFFIC },
      { id: 'Misses', label: 'get misses', metric: misses, kind: SignalKind.TRAFFIC },
      // A ratio of sums: over the whole window it is Σ hits ÷ Σ gets, not an average of ratios.
      ...evictionsAndHitRate(cache, thresholds, evictions, { expression: '100 * Hits / (Hits + Misses)' }),
    ],
    graphs: [
      graph('CPU (%)', [cpu]),
      graph('Item memory (bytes)', [memory]),
      graph('Evictions', [evictions]),
      graph(
        'Hit rate (%)',
        [
          new cloudwatch.MathExpression({
            expression: '100 * hits / (hits + misses)',
            usingMetrics: { hits, misses },
            period: PERIOD,
            label: 'hit rate (%)',
          }),
        ],
        { max: 100 },
      ),
    ],
  };
}

/**
 * ElastiCache Serverless publishes no host metrics (no CPUUtilization): its load is in ECPUs, its
 * saturation shows as throttled commands, its data as bytes.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events-redis.html
 */
function serverlessSignals(cache: CacheCluster, thresholds: CacheAlarmThresholds): Variant {
  const ecpu = cache.metricElastiCacheProcessingUnits({ period: PERIOD });
  const throttled = cache.metric('ThrottledCmds', { statistic: 'Sum', period: PERIOD });
  const memory = cache.metricBytesUsedForCache({ period: PERIOD });
  const hitRate = cache.metricCacheHitRate({ period: PERIOD });
  const evictions = cache.metricEvictions({ period: PERIOD });
  return {
    signals: [
      { id: 'Ecpu', label: 'ECPUs', metric: ecpu, kind: SignalKind.SATURATION, unit: 'ECPU' },
      {
        id: 'Throttled',
        label: 'throttled commands',
        metric: throttled,
        kind: SignalKind.ERRORS,
        concern: SignalConcern.CACHE_CAPACITY,
        // Any throttled command is a request the cache refused at its limits.
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: 0 },
      },
      { id: 'Memory', label: 'data', metric: memory, kind: SignalKind.SATURATION, unit: 'bytes' },
      ...evictionsAndHitRate(cache, thresholds, evictions, { metric: hitRate }),
    ],
    graphs: [
      graph('ECPUs', [ecpu], { right: [throttled.with({ label: 'throttled commands' })] }),
      graph('Data (bytes)', [memory]),
      graph('Evictions', [evictions]),
      ...(cache.usage !== CacheUsage.SESSION_STORE ? [graph('Hit rate (%)', [hitRate], { max: 100 })] : []),
    ],
  };
}

/**
 * Evictions, and the hit rate of a cache (a metric, or an expression over other signals). A
 * session store is judged on evictions, not on hits (a session read always hits or logs the user
 * out).
 */
function evictionsAndHitRate(
  cache: CacheCluster,
  thresholds: CacheAlarmThresholds,
  evictions: cloudwatch.Metric,
  hitRate: Pick<ObservedSignal, 'metric' | 'expression'>,
): ObservedSignal[] {
  const signals: ObservedSignal[] = [
    {
      id: 'Evictions',
      label: 'evictions',
      metric: evictions,
      kind: SignalKind.ERRORS,
      unit: 'count',
      concern: SignalConcern.CACHE_EVICTIONS,
    },
  ];
  if (cache.usage !== CacheUsage.SESSION_STORE) {
    signals.push({
      id: 'HitRate',
      label: 'hit rate',
      ...hitRate,
      ...(hitRate.expression !== undefined && { period: PERIOD }),
      kind: SignalKind.TRAFFIC,
      unit: '%',
      concern: SignalConcern.CACHE_HIT_RATE,
      threshold: {
        comparison: ThresholdComparison.LESS_THAN,
        value: thresholds.hitRatePercent,
      },
    });
  }
  return signals;
}
