// What AWS publishes to CloudWatch, per kind of resource: namespace, metric name, dimension set and
// the statistics that mean something for it, each with the AWS documentation page it comes from.
// This is the oracle the audit manifest is checked against (test/observability/published-signals.test.ts)
// and what the local CloudWatch fake publishes (packages/cli/test/support): a metric that is not in
// this table never has data, exactly as in a real account.

/** A kind of deployed resource, as far as CloudWatch is concerned. */
export enum ResourceKind {
  ALB = 'Application Load Balancer',
  ALB_TARGET_GROUP = 'ALB target group',
  ECS_SERVICE = 'ECS service',
  /** An ECS service in a cluster with Container Insights on. */
  ECS_SERVICE_INSIGHTS = 'ECS service (Container Insights)',
  RDS_INSTANCE = 'RDS instance',
  RDS_READ_REPLICA = 'RDS read replica',
  AURORA_CLUSTER = 'Aurora cluster',
  /** An Aurora cluster with at least one reader. */
  AURORA_READERS = 'Aurora cluster with readers',
  /** An Aurora cluster with Serverless v2 (`db.serverless`) instances. */
  AURORA_SERVERLESS_V2 = 'Aurora Serverless v2 cluster',
  RDS_PROXY = 'RDS Proxy',
  /** A node of a Valkey or Redis OSS replication group. */
  VALKEY_NODE = 'Valkey / Redis OSS node',
  MEMCACHED = 'Memcached cluster',
  ELASTICACHE_SERVERLESS = 'ElastiCache Serverless (Valkey / Redis OSS)',
  SQS_QUEUE = 'SQS queue',
  CLOUDFRONT = 'CloudFront distribution',
  /** A distribution with additional metrics on (`AWS::CloudFront::MonitoringSubscription`). */
  CLOUDFRONT_ADDITIONAL = 'CloudFront distribution (additional metrics)',
}

/** One metric AWS publishes for a kind of resource, under one dimension set. */
export interface PublishedMetric {
  readonly kind: ResourceKind;
  readonly namespace: string;
  readonly metricName: string;
  /** The names of the dimension set, in any order (CloudWatch matches the whole set). */
  readonly dimensions: readonly string[];
  /** The statistics the documentation names as meaningful; `pNN` stands for any percentile. */
  readonly statistics: readonly string[];
  /** Only readable in this region (CloudFront: us-east-1). */
  readonly region?: string;
  readonly doc: string;
}

const GAUGE = ['Average', 'Minimum', 'Maximum', 'SampleCount'];
const COUNT = ['Sum'];

const ALB_DOC =
  'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html';
const ECS_DOC = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html';
const INSIGHTS_DOC =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html';
const RDS_DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html';
const AURORA_DOC =
  'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html';
const AURORA_SERVERLESS_DOC =
  'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.viewing.monitoring.html';
const PROXY_DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html';
const VALKEY_DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html';
const HOST_DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html';
const MEMCACHED_DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Memcached.html';
const SERVERLESS_CACHE_DOC =
  'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events-redis.html';
const SQS_DOC =
  'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html';
const CLOUDFRONT_DOC =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html';

function family(
  kind: ResourceKind,
  namespace: string,
  dimensionSets: readonly (readonly string[])[],
  doc: string,
  metrics: Record<string, readonly string[]>,
  region?: string,
): PublishedMetric[] {
  return Object.entries(metrics).flatMap(([metricName, statistics]) =>
    dimensionSets.map((dimensions) => ({
      kind,
      namespace,
      metricName,
      dimensions,
      statistics,
      doc,
      ...(region && { region }),
    })),
  );
}

/** Every metric the audit may read, by the kind of resource that publishes it. */
export const PUBLISHED_METRICS: readonly PublishedMetric[] = [
  // ALB: counts are only published when non-zero, and "the most useful statistic is Sum" (Minimum,
  // Maximum and Average of a count are always 1). TargetResponseTime supports percentiles.
  ...family(ResourceKind.ALB, 'AWS/ApplicationELB', [['LoadBalancer']], ALB_DOC, {
    RequestCount: COUNT,
    HTTPCode_Target_2XX_Count: COUNT,
    HTTPCode_Target_4XX_Count: COUNT,
    HTTPCode_Target_5XX_Count: COUNT,
    HTTPCode_ELB_5XX_Count: COUNT,
    ActiveConnectionCount: COUNT,
    RejectedConnectionCount: COUNT,
    TargetResponseTime: ['Average', 'pNN'],
  }),
  ...family(ResourceKind.ALB_TARGET_GROUP, 'AWS/ApplicationELB', [['TargetGroup', 'LoadBalancer']], ALB_DOC, {
    HealthyHostCount: GAUGE,
    UnHealthyHostCount: GAUGE,
    RequestCount: COUNT,
    TargetResponseTime: ['Average', 'pNN'],
  }),
  ...family(ResourceKind.ECS_SERVICE, 'AWS/ECS', [['ClusterName', 'ServiceName']], ECS_DOC, {
    CPUUtilization: GAUGE,
    MemoryUtilization: GAUGE,
  }),
  ...family(
    ResourceKind.ECS_SERVICE_INSIGHTS,
    'ECS/ContainerInsights',
    [['ClusterName', 'ServiceName']],
    INSIGHTS_DOC,
    { RunningTaskCount: GAUGE, DesiredTaskCount: GAUGE, PendingTaskCount: GAUGE },
  ),
  ...family(ResourceKind.RDS_INSTANCE, 'AWS/RDS', [['DBInstanceIdentifier']], RDS_DOC, {
    CPUUtilization: GAUGE,
    DatabaseConnections: GAUGE,
    FreeableMemory: GAUGE,
    FreeStorageSpace: GAUGE,
    ReadLatency: GAUGE,
    WriteLatency: GAUGE,
    ReadIOPS: GAUGE,
    WriteIOPS: GAUGE,
  }),
  ...family(ResourceKind.RDS_READ_REPLICA, 'AWS/RDS', [['DBInstanceIdentifier']], RDS_DOC, {
    ReplicaLag: GAUGE,
  }),
  // Aurora publishes its instance metrics aggregated by cluster (DBClusterIdentifier) as well.
  ...family(ResourceKind.AURORA_CLUSTER, 'AWS/RDS', [['DBClusterIdentifier']], AURORA_DOC, {
    CPUUtilization: GAUGE,
    DatabaseConnections: GAUGE,
    FreeableMemory: GAUGE,
    ReadLatency: GAUGE,
    WriteLatency: GAUGE,
    Deadlocks: GAUGE,
  }),
  ...family(ResourceKind.AURORA_READERS, 'AWS/RDS', [['DBClusterIdentifier']], AURORA_DOC, {
    AuroraReplicaLagMaximum: GAUGE,
    AuroraReplicaLagMinimum: GAUGE,
  }),
  ...family(ResourceKind.AURORA_SERVERLESS_V2, 'AWS/RDS', [['DBClusterIdentifier']], AURORA_SERVERLESS_DOC, {
    ServerlessDatabaseCapacity: GAUGE,
    ACUUtilization: GAUGE,
  }),
  // "RDS publishes these metrics for each underlying EC2 instance associated with a proxy": a count
  // for the whole proxy is the Sum over its instances at the 1-minute period they are published at.
  ...family(ResourceKind.RDS_PROXY, 'AWS/RDS', [['ProxyName']], PROXY_DOC, {
    ClientConnections: ['Sum'],
    DatabaseConnections: ['Sum'],
    DatabaseConnectionsBorrowLatency: ['Average', 'Maximum', 'pNN'],
  }),
  // Node-based caches publish per node: CacheClusterId is the node (`<group>-001`), with or without
  // CacheNodeId.
  ...family(
    ResourceKind.VALKEY_NODE,
    'AWS/ElastiCache',
    [['CacheClusterId'], ['CacheClusterId', 'CacheNodeId']],
    VALKEY_DOC,
    {
      EngineCPUUtilization: GAUGE,
      DatabaseMemoryUsagePercentage: GAUGE,
      BytesUsedForCache: GAUGE,
      CacheHitRate: GAUGE,
      CacheHits: COUNT,
      CacheMisses: COUNT,
      Evictions: COUNT,
      CurrConnections: GAUGE,
      ReplicationLag: GAUGE,
    },
  ),
  ...family(
    ResourceKind.VALKEY_NODE,
    'AWS/ElastiCache',
    [['CacheClusterId'], ['CacheClusterId', 'CacheNodeId']],
    HOST_DOC,
    { CPUUtilization: GAUGE, FreeableMemory: GAUGE },
  ),
  ...family(
    ResourceKind.MEMCACHED,
    'AWS/ElastiCache',
    [['CacheClusterId'], ['CacheClusterId', 'CacheNodeId']],
    MEMCACHED_DOC,
    {
      BytesUsedForCacheItems: GAUGE,
      GetHits: COUNT,
      GetMisses: COUNT,
      Evictions: COUNT,
      CurrConnections: GAUGE,
      CurrItems: GAUGE,
    },
  ),
  ...family(
    ResourceKind.MEMCACHED,
    'AWS/ElastiCache',
    [['CacheClusterId'], ['CacheClusterId', 'CacheNodeId']],
    HOST_DOC,
    { CPUUtilization: GAUGE, FreeableMemory: GAUGE },
  ),
  // Serverless caches publish no host metrics (no CPUUtilization, no EngineCPUUtilization).
  ...family(ResourceKind.ELASTICACHE_SERVERLESS, 'AWS/ElastiCache', [['clusterId']], SERVERLESS_CACHE_DOC, {
    BytesUsedForCache: GAUGE,
    ElastiCacheProcessingUnits: COUNT,
    SuccessfulReadRequestLatency: ['Average', 'pNN'],
    SuccessfulWriteRequestLatency: ['Average', 'pNN'],
    TotalCmdsCount: COUNT,
    CacheHitRate: GAUGE,
    CacheHits: COUNT,
    CacheMisses: COUNT,
    CurrConnections: GAUGE,
    ThrottledCmds: COUNT,
    Evictions: COUNT,
  }),
  ...family(ResourceKind.SQS_QUEUE, 'AWS/SQS', [['QueueName']], SQS_DOC, {
    ApproximateAgeOfOldestMessage: ['Maximum', 'Average'],
    ApproximateNumberOfMessagesVisible: GAUGE,
    ApproximateNumberOfMessagesNotVisible: GAUGE,
    NumberOfMessagesSent: COUNT,
    NumberOfMessagesReceived: COUNT,
    NumberOfMessagesDeleted: COUNT,
  }),
  // "Each metric has only one applicable statistic" (Requests: Sum; rates: Average), and
  // OriginLatency is read as a percentile. All in us-east-1, Region=Global.
  ...family(
    ResourceKind.CLOUDFRONT,
    'AWS/CloudFront',
    [['DistributionId', 'Region']],
    CLOUDFRONT_DOC,
    {
      Requests: COUNT,
      BytesDownloaded: COUNT,
      '4xxErrorRate': ['Average'],
      '5xxErrorRate': ['Average'],
      TotalErrorRate: ['Average'],
    },
    'us-east-1',
  ),
  ...family(
    ResourceKind.CLOUDFRONT_ADDITIONAL,
    'AWS/CloudFront',
    [['DistributionId', 'Region']],
    CLOUDFRONT_DOC,
    {
      CacheHitRate: ['Average'],
      OriginLatency: ['pNN'],
      '502ErrorRate': ['Average'],
      '504ErrorRate': ['Average'],
    },
    'us-east-1',
  ),
];

/** True when `stat` is one of `statistics` (`pNN` admits any percentile such as `p95` or `p99.9`). */
export function statisticAllowed(statistics: readonly string[], stat: string): boolean {
  return statistics.includes(stat) || (statistics.includes('pNN') && /^p\d+(\.\d+)?$/.test(stat));
}

/** The published metrics of the given kinds. */
export function publishedBy(kind: ResourceKind): PublishedMetric[] {
  return PUBLISHED_METRICS.filter((m) => m.kind === kind);
}
