import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** The in-memory engine a {@link CacheCluster} runs. */
export enum CacheEngine {
  /** Valkey, the open-source fork of Redis OSS (the cheapest ElastiCache engine). */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
  /** Memcached: a plain multi-threaded cache, no persistence, replication or failover. */
  MEMCACHED = 'memcached',
}

/** What the cache holds, which decides its eviction policy and snapshot defaults. */
export enum CacheUsage {
  /**
   * User sessions: only keys with a TTL are evicted (`volatile-lru`), so a session is never
   * dropped to make room for another before it expires; daily snapshots kept 7 days.
   */
  SESSION_STORE = 'session-store',
  /**
   * A cache-aside cache in front of a database: the least recently used key is evicted
   * (`allkeys-lru`), everything can be rebuilt from the source of truth; snapshots kept 1 day.
   */
  CACHE = 'cache',
}

/** The role of this cluster in an ElastiCache Global Datastore. */
export enum GlobalDatastoreRole {
  /** The writable cluster in the home region; creates the Global Datastore. */
  PRIMARY = 'PRIMARY',
  /** A read-only cluster in another region that joins an existing Global Datastore. */
  SECONDARY = 'SECONDARY',
}

/** Membership of a {@link CacheCluster} in an ElastiCache Global Datastore (multi-region). */
export interface CacheGlobalDatastoreOptions {
  /** Whether this cluster creates the Global Datastore (home region) or joins it (other regions). */
  readonly role: GlobalDatastoreRole;

  /**
   * PRIMARY only: the suffix of the Global Datastore's name (AWS prefixes it with a short
   * region-specific string, see `CacheCluster.globalReplicationGroupId`).
   *
   * @default - derived from the construct path
   */
  readonly globalReplicationGroupIdSuffix?: string;

  /**
   * PRIMARY only: regions the AUTH token secret is replicated to, so secondary clusters' clients
   * can read it from their own region (import the replica with `Secret.fromSecretNameV2`).
   *
   * @default - no replica
   */
  readonly secretReplicaRegions?: string[];

  /**
   * SECONDARY only (required): the full id of the Global Datastore to join, as AWS named it
   * (the primary's `globalReplicationGroupId`, e.g. `ldgnf-sessions`).
   *
   * @default - none; required for a SECONDARY
   */
  readonly globalReplicationGroupId?: string;

  /**
   * SECONDARY only (required): the AUTH token secret in this region (the replica of the
   * primary's secret). A secondary inherits the primary's token, so it cannot have its own.
   *
   * @default - none; required for a SECONDARY
   */
  readonly authSecret?: secretsmanager.ISecret;
}

/** Properties of a {@link CacheCluster}. */
export interface CacheClusterProps {
  /** The VPC the cache lives in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the cache: the data tier, with no route to the internet. Must span at least
   * two Availability Zones for multi-AZ.
   *
   * @default { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The engine.
   *
   * @default CacheEngine.VALKEY
   */
  readonly engine?: CacheEngine;

  /**
   * What the cache holds: sessions or a cache in front of the database. Decides the eviction
   * policy (`maxmemory-policy`), the snapshot retention and the default alarms.
   * `SESSION_STORE` is not possible with Memcached (no persistence, no failover).
   *
   * @default - CacheUsage.CACHE for Memcached, CacheUsage.SESSION_STORE otherwise
   */
  readonly usage?: CacheUsage;

  /**
   * The engine version, `major.minor` (`major` for serverless is taken from it). Memcached needs
   * 1.6.12 or later for TLS.
   *
   * @default - '8.0' for Valkey, '7.1' for Redis OSS, '1.6.22' for Memcached
   */
  readonly engineVersion?: string;

  /**
   * The node type. Graviton (`g`) types are cheaper for the same memory. Does not apply to
   * `serverless`.
   *
   * @default 'cache.m7g.large'
   */
  readonly nodeType?: string;

  /**
   * Read replicas per shard (0 to 5). At least 1 gives multi-AZ with automatic failover; 0 is a
   * single point of failure and raises a warning. Not for Memcached or serverless.
   *
   * @default 1
   */
  readonly replicasPerShard?: number;

  /**
   * Shards (node groups). More than 1 turns on cluster mode (1 to 500), and clients must then
   * use a cluster-aware driver. For Memcached, the number of nodes (1 to 40), spread over AZs.
   * Not for serverless.
   *
   * @default - 1 (Valkey, Redis OSS), 2 (Memcached)
   */
  readonly shards?: number;

  /**
   * Use ElastiCache Serverless instead of nodes: it scales by itself within the usage limits
   * (`serverlessMaxDataStorageGB`, `serverlessMaxEcpuPerSecond`), is always multi-AZ and TLS-only.
   * Authentication is an RBAC user whose password is in `secret`.
   *
   * @default false
   */
  readonly serverless?: boolean;

  /**
   * Serverless only: the most data the cache may hold, in GB (1 to 5000). Beyond it keys are evicted.
   *
   * @default 10
   */
  readonly serverlessMaxDataStorageGB?: number;

  /**
   * Serverless only: the most ElastiCache Processing Units per second (1000 to 15000000).
   * Beyond it requests are throttled.
   *
   * @default 100000
   */
  readonly serverlessMaxEcpuPerSecond?: number;

  /**
   * How long daily snapshots are kept, in whole days (0 to 35). 0 turns snapshots off and raises
   * a warning. Memcached has no snapshots.
   *
   * @default - 7 days for a session store, 1 day for a cache, none for Memcached
   */
  readonly snapshotRetention?: Duration;

  /**
   * Memory kept free for snapshots, replication and fragmentation, in percent of the node's
   * memory (`reserved-memory-percent`, 0 to 100). Valkey and Redis OSS on nodes only.
   *
   * @default 25
   */
  readonly reservedMemoryPercent?: number;

  /**
   * The port clients connect to (1024 to 65535). Serverless always uses 6379.
   *
   * @default - 6379 (Valkey, Redis OSS), 11211 (Memcached)
   */
  readonly port?: number;

  /**
   * What happens to the cache when it leaves the stack. SNAPSHOT is only possible with Valkey or
   * Redis OSS on nodes.
   *
   * @default - RemovalPolicy.SNAPSHOT for Valkey and Redis OSS on nodes, RemovalPolicy.RETAIN for
   * serverless, RemovalPolicy.DESTROY for Memcached (a Memcached cache holds nothing that cannot be
   * rebuilt, and cannot be snapshotted)
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Membership in an ElastiCache Global Datastore (Valkey or Redis OSS on nodes only), for the
   * multi-region blueprint.
   *
   * @default - a regional cluster
   */
  readonly globalDatastore?: CacheGlobalDatastoreOptions;

  /**
   * The KMS key that encrypts the cache at rest and the AUTH token secret.
   *
   * @default - a new key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * A fixed name for the AUTH-token secret (the app user's password on a serverless cache), so
   * another stack or region can find it by name without a cross-stack reference: for example a
   * Global Datastore SECONDARY importing the replica of the primary's secret with
   * `Secret.fromSecretNameV2(this, 'CacheAuth', name)`. Set it when the cache is created: changing it
   * later replaces the secret and with it the AUTH token. The secret is retained when it leaves the
   * stack, so a name can be used again only after the old secret is deleted.
   *
   * @default - a name generated by CloudFormation
   */
  readonly authSecretName?: string;

  /**
   * SSM Parameter Store path under which the connection details are published for apps outside
   * CDK: `<prefix>/host`, `<prefix>/port`, `<prefix>/tls`, `<prefix>/engine`, `<prefix>/auth-secret-arn`
   * (and `<prefix>/reader-host`, `<prefix>/username` where they exist).
   *
   * @default - '/' followed by the construct path, e.g. '/MyStack/Cache'
   */
  readonly parameterPrefix?: string;

  /**
   * How long the slow log and engine log are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The engine CPU (percent, 1 to 100) above which the CPU alarm fires.
   *
   * @default 80
   */
  readonly cpuAlarmThresholdPercent?: number;

  /**
   * The memory use (percent of the usable memory, 1 to 100) above which the memory alarm fires.
   *
   * @default 80
   */
  readonly memoryAlarmThresholdPercent?: number;

  /**
   * Caches only: the hit rate (percent, 0 to 100) below which the hit-rate alarm fires.
   *
   * @default 80
   */
  readonly hitRateAlarmThresholdPercent?: number;
}
