// Recommendations for each concern, tied to the pitfalls of the scaling guide
// (../shared/seed/scaling-guide.txt: "Pitfalls, Debugging, and What to Check When It Fails").
// Latency and errors are symptoms: bottlenecks.ts explains them by the saturated tier behind them.
import { AuditTierKind, SignalConcern } from 'cdk-scaling-blueprints/audit-manifest';
import { SignalResult } from './report';

export interface Recommendation {
  /** The guide's pitfall (or practice) this finding is an instance of. */
  readonly pitfall: string;
  readonly recommendation: string;
}

const POOL = 'Database connection pool exhaustion';
const SLOW = 'Debugging slow queries';
const LAG = 'Auto-scaling lag';
const CACHE = 'Cache invalidation gone wrong';

/** The recommendation for one finding; `tierName` is the resource the tier describes. */
export function recommend(signal: SignalResult, tier: AuditTierKind, tierName: string): Recommendation {
  const cap = signal.capacity !== null ? ` (capacity ${signal.capacity})` : '';
  switch (signal.concern) {
    case SignalConcern.DB_CONNECTIONS:
      return {
        pitfall: POOL,
        recommendation: `Pool connections through RDS Proxy and size each task's pool so tasks × pool size stays below max_connections${cap} of ${tierName}; check that error paths release connections.`,
      };
    case SignalConcern.SLOW_QUERIES:
    case SignalConcern.DB_LATENCY:
    case SignalConcern.DB_CPU:
      return {
        pitfall: SLOW,
        recommendation: `Read the slow-query log of ${tierName} (threshold 200 ms, exported to CloudWatch Logs) and Performance Insights' top SQL; add the missing index or rewrite the query, and send read-only queries to the reader endpoint.`,
      };
    case SignalConcern.DB_CAPACITY:
      return {
        pitfall: `${LAG} (database capacity)`,
        recommendation: `${tierName} runs near its maximum Aurora Serverless v2 capacity: raise serverlessMaxCapacity, or cut the load it scales on (the slow-query log and Performance Insights' top SQL, cache-aside for the hottest reads, reads on a reader).`,
      };
    case SignalConcern.REPLICA_LAG:
      return {
        pitfall: 'Read replicas lagging',
        recommendation: `Replica lag on ${tierName}: keep read-your-writes paths on the writer, spread bulk writes, and give replicas the writer's instance class (or add replicas through replica autoscaling).`,
      };
    case SignalConcern.CACHE_HIT_RATE:
      return {
        pitfall: CACHE,
        recommendation: `Low hit rate on ${tierName}: review TTLs and key design (entity id and version in the key, no per-user keys for shared data) and use cache-aside for the hottest reads.`,
      };
    case SignalConcern.CACHE_EVICTIONS:
    case SignalConcern.CACHE_MEMORY:
      return {
        pitfall: CACHE,
        recommendation: `${tierName} is evicting under memory pressure: set TTLs on every key, pick the eviction policy for its role (volatile-lru for sessions, allkeys-lru for cache) or move to a larger node type.`,
      };
    case SignalConcern.CACHE_CAPACITY:
      return {
        pitfall: 'Cache capacity (serverless throttling)',
        recommendation: `${tierName} throttled commands: the workload grew faster than ElastiCache Serverless scales, or reached serverlessMaxEcpuPerSecond / serverlessMaxDataStorageGB; raise the limits, warm up before known peaks and look for hot keys.`,
      };
    case SignalConcern.TASKS_AT_MAX:
      return {
        pitfall: `${LAG} (scaling ceiling)`,
        recommendation: `${tierName} ran at its maximum task count${cap}: raise maxCapacity, and add a peak schedule (scheduled minimum capacity) for known peaks so scale-out does not lag.`,
      };
    case SignalConcern.CPU:
    case SignalConcern.MEMORY:
      return {
        pitfall: LAG,
        recommendation: `${tierName} runs hot: lower the target-tracking target (or add a 1-minute step scale-out), raise the minimum for peak hours, and keep start-up fast so new tasks arrive in time.`,
      };
    case SignalConcern.QUEUE_BACKLOG:
    case SignalConcern.QUEUE_AGE:
      return {
        pitfall: 'Slow work kept out of requests (queue backlog)',
        recommendation: `Workers of ${tierName} fall behind: lower the acceptable backlog per task, raise the worker maxCapacity, or make each message cheaper; check the worker's own database and API calls.`,
      };
    case SignalConcern.DEAD_LETTERS:
      return {
        pitfall: 'Failures hidden in the dead-letter queue',
        recommendation: `Messages of ${tierName} land in the dead-letter queue: read a sample, fix the failing handler, then redrive them.`,
      };
    case SignalConcern.EDGE_HIT_RATE:
      return {
        pitfall: 'CDN first line of defence',
        recommendation: `Low CDN hit rate on ${tierName}: far-future caching for versioned static assets, a cache key without needless headers/cookies/query strings, origin shield on.`,
      };
    default:
      return {
        pitfall: 'Audit, change one thing, measure again',
        recommendation: `Look at ${signal.label} of ${tierName} (${tier}) over the window and find what drives it before changing capacity.`,
      };
  }
}
