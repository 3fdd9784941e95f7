import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { addAlarm } from '../../private/alarms';
import type { CacheCluster } from '../cache-cluster';
import { CacheClusterProps, CacheUsage } from '../cache-cluster-props';
import { CacheAlarmThresholds } from './cache-observation';

/** CloudWatch allows at most 10 metrics in one alarm's math expression. */
const METRICS_PER_ALARM = 10;
/** ElastiCache publishes at one minute; its alarms judge five-minute periods. */
const PERIOD = Duration.minutes(5);

/**
 * The default alarms of a CacheCluster, pushed onto `alarms`: load (engine CPU, host CPU or ECPUs)
 * and memory for its kind of cache, then evictions for a session store or the hit rate for a cache.
 */
export function createCacheAlarms(
  cache: CacheCluster,
  alarms: cloudwatch.Alarm[],
  props: CacheClusterProps,
  thresholds: CacheAlarmThresholds,
): void {
  const { cpuPercent: cpu, memoryPercent: memory, hitRatePercent: hitRate } = thresholds;
  const alarm = (
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    evaluationPeriods: number,
    description: string,
  ) => addAlarm(cache, alarms, id, { metric, threshold, evaluationPeriods, description });
  if (cache.serverlessCache) {
    const ecpuPerPeriod = ((props.serverlessMaxEcpuPerSecond ?? 100_000) * PERIOD.toSeconds() * cpu) / 100;
    alarm(
      'EcpuAlarm',
      cache.metricElastiCacheProcessingUnits({ period: PERIOD }),
      ecpuPerPeriod,
      3,
      `ECPU use above ${cpu} % of the serverless limit (serverlessMaxEcpuPerSecond) for 15 minutes: requests will be ` +
        'throttled at the limit; raise the limit or reduce the load',
    );
    alarm(
      'MemoryAlarm',
      cache.metricBytesUsedForCache({ period: PERIOD }),
      ((props.serverlessMaxDataStorageGB ?? 10) * 1e9 * memory) / 100,
      3,
      `Data above ${memory} % of the serverless storage limit (serverlessMaxDataStorageGB) for 15 minutes: keys ` +
        'will be evicted at the limit; raise the limit or shorten TTLs',
    );
  } else if (cache.memcachedCluster) {
    alarm(
      'CpuAlarm',
      cache.metricCPUUtilization({ period: PERIOD }),
      cpu,
      3,
      `Memcached host CPU above ${cpu} % for 15 minutes: latency rises; use a larger node type or more nodes (shards)`,
    );
  } else {
    alarm(
      'CpuAlarm',
      overNodes(cache, 'MAX', (m) => cache.metricEngineCPUUtilization(m)),
      cpu,
      3,
      `Engine CPU of a node above ${cpu} % for 15 minutes: the single engine thread is the bottleneck and latency ` +
        'rises; scale up the node type or add shards (cluster mode)',
    );
    alarm(
      'MemoryAlarm',
      overNodes(cache, 'MAX', (m) => cache.metricDatabaseMemoryUsagePercentage(m)),
      memory,
      3,
      `Memory of a node above ${memory} % of the usable memory for 15 minutes: keys will be evicted soon; scale ` +
        'up the node type, add shards or shorten TTLs',
    );
  }

  if (cache.usage === CacheUsage.SESSION_STORE) {
    alarm(
      'EvictionsAlarm',
      cache.replicationGroup
        ? overNodes(cache, 'SUM', (m) => cache.metricEvictions(m))
        : cache.metricEvictions({ period: PERIOD }),
      0,
      1,
      'Evictions above 0 in 5 minutes: a session store must never evict, each eviction logs a user out; the cache ' +
        'is out of memory: scale up or shorten session TTLs',
    );
    return;
  }
  addAlarm(cache, alarms, 'HitRateAlarm', {
    metric: hitRateMetric(cache),
    threshold: hitRate,
    evaluationPeriods: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    description:
      `Cache hit rate below ${hitRate} % for 15 minutes: most reads reach the database; check key TTLs, ` +
      'invalidation and whether the cache is too small (evictions)',
  });
}

/** The hit rate: averaged over the nodes, from Memcached's hits and misses, or the serverless cache's. */
function hitRateMetric(cache: CacheCluster): cloudwatch.IMetric {
  if (cache.replicationGroup) return overNodes(cache, 'AVG', (m) => cache.metricCacheHitRate(m));
  if (!cache.memcachedCluster) return cache.metricCacheHitRate({ period: PERIOD });
  return new cloudwatch.MathExpression({
    expression: '100 * hits / (hits + misses)',
    usingMetrics: {
      hits: cache.metric('GetHits', { statistic: 'Sum', period: PERIOD }),
      misses: cache.metric('GetMisses', { statistic: 'Sum', period: PERIOD }),
    },
    period: PERIOD,
    label: 'Cache hit rate (%)',
  });
}

/** One metric-math expression over the nodes (up to 10, the alarm limit), or the one node's metric. */
function overNodes(
  cache: CacheCluster,
  fn: string,
  metricFor: (props: cloudwatch.MetricOptions) => cloudwatch.Metric,
): cloudwatch.IMetric {
  const nodes = cache.nodeIds.slice(0, METRICS_PER_ALARM);
  if (nodes.length === 1) return metricFor({ period: PERIOD, dimensionsMap: { CacheClusterId: nodes[0] } });
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  nodes.forEach((node, index) => {
    usingMetrics[`n${index + 1}`] = metricFor({ period: PERIOD, dimensionsMap: { CacheClusterId: node } });
  });
  return new cloudwatch.MathExpression({
    expression: `${fn}([${Object.keys(usingMetrics).join(',')}])`,
    usingMetrics,
    period: PERIOD,
    label: `${fn} over ${nodes.length === cache.nodeIds.length ? 'all' : `the first ${nodes.length}`} nodes`,
  });
}
