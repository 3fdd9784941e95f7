import { Duration, Fn, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { acknowledgeAlarmRoutedByObservability } from '../private/acknowledge';
import { clientContainer, injectClientSettings } from '../private/client-settings';
import { ConnectOptions, IServiceClient } from '../service/service-client';
import { IObservable, Observation } from '../observability/observable';
import { CacheAlarmThresholds, cacheObservation } from './private/cache-observation';
import { secureKey } from '../private/kms-keys';
import { stackInstanceSuffix } from '../private/names';
import { secureLogGroup } from '../private/log-groups';
import {
  checkIntegerInRange,
  checkNumberInRange,
  checkSsmPath,
  checkWholeDuration,
} from '../private/validate';

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
   * (`serverlessMaxDataStorageGb`, `serverlessMaxEcpuPerSecond`), is always multi-AZ and TLS-only.
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
  readonly serverlessMaxDataStorageGb?: number;

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
  readonly cpuAlarmThreshold?: number;

  /**
   * The memory use (percent of the usable memory, 1 to 100) above which the memory alarm fires.
   *
   * @default 80
   */
  readonly memoryAlarmThreshold?: number;

  /**
   * Caches only: the hit rate (percent, 0 to 100) below which the hit-rate alarm fires.
   *
   * @default 80
   */
  readonly hitRateAlarmThreshold?: number;
}

const DEFAULT_NODE_TYPE = 'cache.m7g.large';
const DEFAULT_VERSIONS: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: '8.0',
  [CacheEngine.REDIS]: '7.1',
  [CacheEngine.MEMCACHED]: '1.6.22',
};
const DEFAULT_PORTS: Record<CacheEngine, number> = {
  [CacheEngine.VALKEY]: 6379,
  [CacheEngine.REDIS]: 6379,
  [CacheEngine.MEMCACHED]: 11211,
};
const SERVERLESS_PORT = 6379;
/** The user name apps authenticate with on a serverless cache. */
const SERVERLESS_APP_USER = 'app';
/** CloudWatch allows at most 10 metrics in one alarm's math expression. */
const METRICS_PER_ALARM = 10;

/**
 * An ElastiCache cache or session store, secure and highly available by default: Valkey (default)
 * or Redis OSS replication group with a replica in another AZ and automatic failover, TLS and KMS
 * encryption at rest always written out, an AUTH token from Secrets Manager, daily snapshots, slow
 * and engine logs in CloudWatch Logs, isolated subnets, and ingress only from the clients given to
 * `connectFrom`. Memcached (a plain cache over several AZs) and ElastiCache Serverless are options.
 * The connection details are injected into ECS services and published to SSM Parameter Store.
 *
 * @example
 * const cache = new CacheCluster(stack, 'Sessions', { vpc: network.vpc });
 * cache.connectFrom(web);
 * cache.connectFrom(worker);
 */
export class CacheCluster extends Construct implements ec2.IConnectable, IObservable {
  /** The engine. */
  public readonly engine: CacheEngine;
  /** What the cache holds. */
  public readonly usage: CacheUsage;
  /** Whether this is an ElastiCache Serverless cache. */
  public readonly serverless: boolean;
  /** The replication group (Valkey or Redis OSS on nodes), else undefined. */
  public readonly replicationGroup?: elasticache.CfnReplicationGroup;
  /** The Memcached cluster, else undefined. */
  public readonly cacheCluster?: elasticache.CfnCacheCluster;
  /** The serverless cache (`serverless: true`), else undefined. */
  public readonly serverlessCache?: elasticache.CfnServerlessCache;
  /** The Global Datastore created by a PRIMARY, else undefined. */
  public readonly globalReplicationGroup?: elasticache.CfnGlobalReplicationGroup;
  /** The full id of the Global Datastore (primary or secondary), else undefined. */
  public readonly globalReplicationGroupId?: string;
  /** The subnet group (not created for serverless, which takes subnets directly). */
  public readonly subnetGroup?: elasticache.CfnSubnetGroup;
  /** The parameter group (Valkey and Redis OSS on nodes, primary or regional only). */
  public readonly parameterGroup?: elasticache.CfnParameterGroup;
  /** The RBAC user group (serverless only). */
  public readonly userGroup?: elasticache.CfnUserGroup;
  /** The security group of the cache; ingress only from clients. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Network connections, with the cache port as the default port. */
  public readonly connections: ec2.Connections;
  /** The key that encrypts the cache at rest and the AUTH secret (undefined for Memcached). */
  public readonly encryptionKey?: kms.IKey;
  /**
   * The AUTH token (nodes) or the app user's password (serverless), a 64-character alphanumeric
   * string. Undefined for Memcached, which has no authentication.
   */
  public readonly secret?: secretsmanager.ISecret;
  /** The slow log group (Valkey and Redis OSS on nodes). */
  public readonly slowLogGroup?: logs.LogGroup;
  /** The engine log group (Valkey and Redis OSS on nodes). */
  public readonly engineLogGroup?: logs.LogGroup;
  /**
   * The address clients connect to: the primary endpoint, the configuration endpoint (cluster
   * mode, Memcached) or the serverless endpoint.
   */
  public readonly endpoint: string;
  /** The reader endpoint (Valkey and Redis OSS without cluster mode, and serverless), else undefined. */
  public readonly readerEndpoint?: string;
  /** The port clients connect to. */
  public readonly port: number;
  /** Whether clients must use TLS (always true). */
  public readonly tls = true;
  /** The user name clients authenticate with (serverless RBAC), else undefined (AUTH token only). */
  public readonly username?: string;
  /** The SSM path under which the connection details are published. */
  public readonly parameterPrefix: string;
  /** The published connection details, keyed by name (`host`, `port`, `tls`, ...). */
  public readonly parameters: Record<string, ssm.StringParameter> = {};
  /**
   * The CacheClusterId of every node (Valkey and Redis OSS on nodes), the dimension of the
   * per-node metrics; the first is the initial primary.
   */
  public readonly nodeIds: string[] = [];
  /** The default alarms, without actions (Observability adds them). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  private readonly alarmThresholds: CacheAlarmThresholds;

  constructor(scope: Construct, id: string, props: CacheClusterProps) {
    super(scope, id);
    this.engine = props.engine ?? CacheEngine.VALKEY;
    this.usage =
      props.usage ?? (this.engine === CacheEngine.MEMCACHED ? CacheUsage.CACHE : CacheUsage.SESSION_STORE);
    this.serverless = props.serverless ?? false;
    const engineVersion = props.engineVersion ?? DEFAULT_VERSIONS[this.engine];
    this.validateProps(props, engineVersion);

    const isMemcached = this.engine === CacheEngine.MEMCACHED;
    const snapshotDays =
      props.snapshotRetention?.toDays() ??
      (isMemcached ? 0 : this.usage === CacheUsage.SESSION_STORE ? 7 : 1);
    this.port = this.serverless ? SERVERLESS_PORT : (props.port ?? DEFAULT_PORTS[this.engine]);
    this.parameterPrefix = props.parameterPrefix ?? defaultParameterPrefix(this);
    const subnets = props.vpc.selectSubnets(
      props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    );
    const removalPolicy =
      props.removalPolicy ??
      (this.serverless ? RemovalPolicy.RETAIN : isMemcached ? RemovalPolicy.DESTROY : RemovalPolicy.SNAPSHOT);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `ElastiCache ${this.engine} ${this.node.path}: ingress from its clients only`,
      allowAllOutbound: false,
    });
    const ports = this.serverless
      ? ec2.Port.tcpRange(SERVERLESS_PORT, SERVERLESS_PORT + 1)
      : ec2.Port.tcp(this.port);
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ports });

    if (!isMemcached || this.serverless) {
      this.encryptionKey =
        props.encryptionKey ??
        secureKey(
          this,
          'Key',
          `Encrypts the ElastiCache ${this.engine} cache ${this.node.path} and its AUTH secret`,
        );
    }
    if (!isMemcached) {
      this.secret = props.globalDatastore?.authSecret ?? this.createSecret(props);
    }

    if (this.serverless) {
      this.userGroup = this.engine === CacheEngine.MEMCACHED ? undefined : this.createUserGroup();
      const cache = this.createServerlessCache(props, subnets, engineVersion, snapshotDays);
      cache.applyRemovalPolicy(removalPolicy);
      if (removalPolicy === RemovalPolicy.RETAIN && this.userGroup) {
        // A retained cache still uses its user group and users: deleting them with the stack would
        // fail (or leave the cache without its app user).
        for (const rbac of this.node.children) {
          if (rbac instanceof elasticache.CfnUserGroup || rbac instanceof elasticache.CfnUser) {
            rbac.applyRemovalPolicy(RemovalPolicy.RETAIN);
          }
        }
      }
      this.serverlessCache = cache;
      this.endpoint = cache.attrEndpointAddress;
      this.readerEndpoint = cache.attrReaderEndpointAddress;
      this.username = SERVERLESS_APP_USER;
    } else {
      this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
        description: `Subnets of the ElastiCache cache ${this.node.path}`,
        subnetIds: subnets.subnetIds,
      });
      if (isMemcached) {
        const cluster = this.createMemcachedCluster(props, engineVersion);
        cluster.applyRemovalPolicy(removalPolicy);
        this.cacheCluster = cluster;
        this.endpoint = cluster.attrConfigurationEndpointAddress;
      } else {
        const secondary = props.globalDatastore?.role === GlobalDatastoreRole.SECONDARY;
        // A Global Datastore secondary uses the primary's parameter group.
        this.parameterGroup = secondary ? undefined : this.createParameterGroup(props, engineVersion);
        const retention = props.logRetention;
        this.slowLogGroup = secureLogGroup(this, 'SlowLog', { retention });
        this.engineLogGroup = secureLogGroup(this, 'EngineLog', { retention });
        const group = this.createReplicationGroup(props, engineVersion, snapshotDays);
        group.applyRemovalPolicy(removalPolicy);
        this.replicationGroup = group;
        const clusterMode = (props.shards ?? 1) > 1;
        this.endpoint = clusterMode
          ? group.attrConfigurationEndPointAddress
          : group.attrPrimaryEndPointAddress;
        if (!clusterMode) this.readerEndpoint = group.attrReaderEndPointAddress;
        if (props.globalDatastore?.role === GlobalDatastoreRole.PRIMARY) {
          this.globalReplicationGroup = this.createGlobalDatastore(
            props.globalDatastore,
            group,
            engineVersion,
          );
          this.globalReplicationGroupId = this.globalReplicationGroup.attrGlobalReplicationGroupId;
        } else if (secondary) {
          this.globalReplicationGroupId = props.globalDatastore!.globalReplicationGroupId;
        }
      }
      if (removalPolicy === RemovalPolicy.RETAIN) {
        // A retained cache still uses its subnet and parameter groups: deleting them would fail.
        this.subnetGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
        this.parameterGroup?.applyRemovalPolicy(RemovalPolicy.RETAIN);
      }
    }

    this.publishConnectionDetails();
    this.alarmThresholds = {
      cpuPercent: props.cpuAlarmThreshold ?? 80,
      memoryPercent: props.memoryAlarmThreshold ?? 80,
      hitRatePercent: props.hitRateAlarmThreshold ?? 80,
    };
    this.createAlarms(props);
  }

  /**
   * What this cache offers an Observability: the signals its kind of cache publishes, with the
   * thresholds of its own alarms, its graphs and its alarms.
   */
  public observation(): Observation {
    return cacheObservation(this, this.alarmThresholds);
  }

  /**
   * Lets a client (a `WebService`, a `QueueWorker`, or any ECS service through
   * `ServiceClient.fromEcsService`) use the cache: opens the security group to it, and gives its
   * container (the client's `container`, or `options.container`) the environment variables
   * `<prefix>HOST`, `<prefix>PORT`, `<prefix>TLS` (`true`), `<prefix>USERNAME` (serverless) and the
   * secret `<prefix>AUTH_TOKEN`, read from Secrets Manager at task start (never a plain variable).
   * The prefix is `CACHE_` unless `options.environmentPrefix` says otherwise.
   */
  public connectFrom(client: IServiceClient, options: ConnectOptions = {}): void {
    const container = clientContainer(client, options.container);
    this.connections.allowDefaultPortFrom(client, `${client.node.path} to the cache`);
    const prefix = options.environmentPrefix ?? 'CACHE_';
    const environment: Record<string, string> = {
      [`${prefix}HOST`]: this.endpoint,
      [`${prefix}PORT`]: String(this.port),
      [`${prefix}TLS`]: String(this.tls),
    };
    if (this.username) environment[`${prefix}USERNAME`] = this.username;
    injectClientSettings(container, {
      environment,
      secrets: this.secret ? { [`${prefix}AUTH_TOKEN`]: ecs.Secret.fromSecretsManager(this.secret) } : {},
    });
  }

  /**
   * Let a principal read the published connection details: the SSM parameters and the AUTH
   * secret (with its key). For an app outside CDK, such as a legacy monolith's instance role.
   */
  public grantReadConnectionDetails(grantee: iam.IGrantable): iam.Grant {
    let grant = this.secret?.grantRead(grantee);
    for (const parameter of Object.values(this.parameters)) {
      const parameterGrant = parameter.grantRead(grantee);
      grant = grant ? grant.combine(parameterGrant) : parameterGrant;
    }
    return grant!;
  }

  /**
   * A metric of this cache in the `AWS/ElastiCache` namespace. Nodes: dimension `CacheClusterId`
   * of the first node (pass `dimensionsMap` for another one, see `nodeIds`); Memcached: the
   * cluster; serverless: `clusterId`.
   *
   * @default - statistic Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: this.defaultDimensions(),
      ...props,
    });
  }

  /**
   * CPU used by the engine thread (Valkey, Redis OSS on nodes), percent.
   *
   * @default - statistic Maximum over 5 minutes
   */
  public metricEngineCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EngineCPUUtilization', { statistic: 'Maximum', ...props });
  }

  /**
   * CPU of the whole host (all engines on nodes; the metric to watch for Memcached), percent.
   *
   * @default - statistic Maximum over 5 minutes
   */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', { statistic: 'Maximum', ...props });
  }

  /**
   * Memory used, in percent of the memory available for data (Valkey, Redis OSS on nodes).
   *
   * @default - statistic Maximum over 5 minutes
   */
  public metricDatabaseMemoryUsagePercentage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseMemoryUsagePercentage', { statistic: 'Maximum', ...props });
  }

  /**
   * Keys evicted because memory was full. For a session store each one is a user logged out.
   *
   * @default - statistic Sum over 5 minutes
   */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', { statistic: 'Sum', ...props });
  }

  /**
   * Hits in percent of all reads (Valkey, Redis OSS, serverless). For Memcached use `GetHits` and
   * `GetMisses` with `metric()`.
   *
   * @default - statistic Average over 5 minutes
   */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheHitRate', { statistic: 'Average', ...props });
  }

  /**
   * Open client connections.
   *
   * @default - statistic Maximum over 5 minutes
   */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CurrConnections', { statistic: 'Maximum', ...props });
  }

  /**
   * How far a replica is behind its primary, in seconds (replicas of Valkey, Redis OSS). Defaults
   * to the second node (the first replica); for a Global Datastore secondary use `GlobalDatastoreReplicationLag`.
   *
   * @default - statistic Maximum over 5 minutes
   */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const replica = this.nodeIds[1];
    return this.metric('ReplicationLag', {
      statistic: 'Maximum',
      ...(replica ? { dimensionsMap: { CacheClusterId: replica } } : {}),
      ...props,
    });
  }

  /**
   * Bytes of data held (serverless: against `serverlessMaxDataStorageGb`).
   *
   * @default - statistic Maximum over 5 minutes
   */
  public metricBytesUsedForCache(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BytesUsedForCache', { statistic: 'Maximum', ...props });
  }

  /**
   * ElastiCache Processing Units consumed (serverless), against `serverlessMaxEcpuPerSecond`.
   *
   * @default - statistic Sum over 5 minutes
   */
  public metricElastiCacheProcessingUnits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ElastiCacheProcessingUnits', { statistic: 'Sum', ...props });
  }

  private defaultDimensions(): Record<string, string> {
    if (this.serverlessCache) return { clusterId: this.serverlessCache.ref };
    if (this.cacheCluster) return { CacheClusterId: this.cacheCluster.ref };
    return { CacheClusterId: this.nodeIds[0] };
  }

  private validateProps(props: CacheClusterProps, engineVersion: string): void {
    const isMemcached = this.engine === CacheEngine.MEMCACHED;
    if (isMemcached && this.usage === CacheUsage.SESSION_STORE) {
      throw new BlueprintValidationError(
        this,
        'usage',
        '`usage` must be CacheUsage.CACHE with `engine` CacheEngine.MEMCACHED, got: CacheUsage.SESSION_STORE. ' +
          'Memcached has no persistence, replication or failover: use Valkey for sessions',
      );
    }
    if (!Token.isUnresolved(engineVersion) && !/^\d+\.\d+(\.\d+)?$/.test(engineVersion)) {
      throw new BlueprintValidationError(
        this,
        'engineVersion',
        `\`engineVersion\` must look like '8.0' or '1.6.22', got: '${engineVersion}'`,
      );
    }
    if (isMemcached && !Token.isUnresolved(engineVersion) && compareVersions(engineVersion, '1.6.12') < 0) {
      throw new BlueprintValidationError(
        this,
        'engineVersion',
        `\`engineVersion\` must be at least 1.6.12 for Memcached (TLS in transit), got: '${engineVersion}'`,
      );
    }
    if (this.serverless) {
      const nodeProps: Array<[string, unknown]> = [
        ['nodeType', props.nodeType],
        ['replicasPerShard', props.replicasPerShard],
        ['shards', props.shards],
        ['port', props.port],
        ['reservedMemoryPercent', props.reservedMemoryPercent],
        ['globalDatastore', props.globalDatastore],
      ];
      for (const [prop, value] of nodeProps) {
        if (value !== undefined) {
          throw new BlueprintValidationError(
            this,
            prop,
            `\`${prop}\` does not apply when \`serverless\` is true: remove it, or set \`serverless\` to false`,
          );
        }
      }
      checkIntegerInRange(this, 'serverlessMaxDataStorageGb', props.serverlessMaxDataStorageGb, 1, 5000);
      checkIntegerInRange(
        this,
        'serverlessMaxEcpuPerSecond',
        props.serverlessMaxEcpuPerSecond,
        1000,
        15_000_000,
      );
    } else {
      for (const [prop, value] of [
        ['serverlessMaxDataStorageGb', props.serverlessMaxDataStorageGb],
        ['serverlessMaxEcpuPerSecond', props.serverlessMaxEcpuPerSecond],
      ] as Array<[string, unknown]>) {
        if (value !== undefined) {
          throw new BlueprintValidationError(
            this,
            prop,
            `\`${prop}\` applies only when \`serverless\` is true`,
          );
        }
      }
    }
    if (isMemcached) {
      for (const [prop, value] of [
        ['replicasPerShard', props.replicasPerShard],
        ['reservedMemoryPercent', props.reservedMemoryPercent],
        ['globalDatastore', props.globalDatastore],
      ] as Array<[string, unknown]>) {
        if (value !== undefined) {
          throw new BlueprintValidationError(
            this,
            prop,
            `\`${prop}\` does not apply to Memcached (no replication, persistence or Global Datastore): remove it, or use CacheEngine.VALKEY`,
          );
        }
      }
      if (!this.serverless) {
        checkIntegerInRange(this, 'shards', props.shards, 1, 40, 'For Memcached it is the number of nodes');
      }
    } else {
      checkIntegerInRange(this, 'replicasPerShard', props.replicasPerShard, 0, 5);
      checkIntegerInRange(this, 'shards', props.shards, 1, 500);
    }
    checkIntegerInRange(this, 'port', props.port, 1024, 65535);
    checkIntegerInRange(this, 'reservedMemoryPercent', props.reservedMemoryPercent, 0, 100);
    checkNumberInRange(this, 'cpuAlarmThreshold', props.cpuAlarmThreshold, 1, 100);
    checkNumberInRange(this, 'memoryAlarmThreshold', props.memoryAlarmThreshold, 1, 100);
    checkNumberInRange(this, 'hitRateAlarmThreshold', props.hitRateAlarmThreshold, 0, 100);
    this.validateSnapshots(props);
    this.validateRemovalPolicy(props);
    checkSsmPath(this, 'parameterPrefix', props.parameterPrefix, '/my-app/cache');
    this.validateAuthSecretName(props);
    this.validateGlobalDatastore(props);
    this.validateSubnets(props);
    if (props.replicasPerShard === 0 && (props.shards ?? 1) === 1 && !isMemcached) {
      Validations.of(this).addWarning(
        'CacheCluster:replicasPerShard',
        '`replicasPerShard` is 0: one node, no multi-AZ and no automatic failover; a node failure loses the cache ' +
          '(and the sessions) until it is replaced',
      );
    }
  }

  private validateSnapshots(props: CacheClusterProps): void {
    const retention = props.snapshotRetention;
    checkWholeDuration(this, 'snapshotRetention', retention, 'days', 0, 35);
    if (retention === undefined || retention.isUnresolved()) return;
    const days = retention.toDays({ integral: false });
    if (this.engine === CacheEngine.MEMCACHED && days > 0) {
      throw new BlueprintValidationError(
        this,
        'snapshotRetention',
        `\`snapshotRetention\` does not apply to Memcached (no snapshots), got: ${retention.toHumanString()}`,
      );
    }
    if (days === 0 && this.engine !== CacheEngine.MEMCACHED) {
      Validations.of(this).addWarning(
        'CacheCluster:snapshotRetention',
        '`snapshotRetention` is 0: no snapshots, the data cannot be restored after a failure of every node or a mistake',
      );
    }
  }

  private validateRemovalPolicy(props: CacheClusterProps): void {
    if (props.removalPolicy !== RemovalPolicy.SNAPSHOT) return;
    if (this.engine === CacheEngine.MEMCACHED || this.serverless) {
      throw new BlueprintValidationError(
        this,
        'removalPolicy',
        '`removalPolicy` RemovalPolicy.SNAPSHOT is only possible with Valkey or Redis OSS on nodes, ' +
          `got it with ${this.serverless ? 'serverless' : 'Memcached'}: use RETAIN or DESTROY`,
      );
    }
  }

  private validateAuthSecretName(props: CacheClusterProps): void {
    const name = props.authSecretName;
    if (name === undefined) return;
    if (this.engine === CacheEngine.MEMCACHED) {
      throw new BlueprintValidationError(
        this,
        'authSecretName',
        '`authSecretName` does not apply to Memcached (it has no AUTH token): remove it, or use CacheEngine.VALKEY',
      );
    }
    if (Token.isUnresolved(name)) return;
    if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
      throw new BlueprintValidationError(
        this,
        'authSecretName',
        "`authSecretName` must be a Secrets Manager name such as 'my-app/session-store/auth' (1 to 512 letters, " +
          `digits and /_+=.@-), got: '${name}'`,
      );
    }
  }

  private validateGlobalDatastore(props: CacheClusterProps): void {
    const global = props.globalDatastore;
    if (!global) return;
    if (global.role === GlobalDatastoreRole.SECONDARY) {
      if (global.globalReplicationGroupId === undefined || global.authSecret === undefined) {
        throw new BlueprintValidationError(
          this,
          'globalDatastore',
          "a SECONDARY `globalDatastore` needs `globalReplicationGroupId` (the primary's id) and `authSecret` " +
            "(the replica of the primary's AUTH secret in this region)",
        );
      }
      for (const [prop, value] of [
        ['globalDatastore.globalReplicationGroupIdSuffix', global.globalReplicationGroupIdSuffix],
        ['globalDatastore.secretReplicaRegions', global.secretReplicaRegions],
        ['engineVersion', props.engineVersion],
        ['nodeType', props.nodeType],
        ['shards', props.shards],
        ['port', props.port],
        ['reservedMemoryPercent', props.reservedMemoryPercent],
        ['authSecretName', props.authSecretName],
      ] as Array<[string, unknown]>) {
        if (value !== undefined) {
          throw new BlueprintValidationError(
            this,
            prop,
            `\`${prop}\` does not apply to a SECONDARY \`globalDatastore\`: it is inherited from the primary`,
          );
        }
      }
    } else {
      for (const [prop, value] of [
        ['globalDatastore.globalReplicationGroupId', global.globalReplicationGroupId],
        ['globalDatastore.authSecret', global.authSecret],
      ] as Array<[string, unknown]>) {
        if (value !== undefined) {
          throw new BlueprintValidationError(
            this,
            prop,
            `\`${prop}\` applies only to a SECONDARY \`globalDatastore\``,
          );
        }
      }
      const suffix = global.globalReplicationGroupIdSuffix;
      if (
        suffix !== undefined &&
        !Token.isUnresolved(suffix) &&
        !/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(suffix)
      ) {
        throw new BlueprintValidationError(
          this,
          'globalDatastore.globalReplicationGroupIdSuffix',
          '`globalDatastore.globalReplicationGroupIdSuffix` must start with a letter and have up to 40 letters, ' +
            `digits or hyphens, got: '${suffix}'`,
        );
      }
    }
  }

  private validateSubnets(props: CacheClusterProps): void {
    let subnets: ec2.SelectedSubnets;
    try {
      subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    } catch (error) {
      throw new BlueprintValidationError(
        this,
        'vpcSubnets',
        `\`vpcSubnets\` selects no subnet of the VPC (${(error as Error).message}). ` +
          'Give the VPC isolated subnets (the Network construct has them) or pass `vpcSubnets`',
      );
    }
    const zones = new Set(subnets.availabilityZones.filter((az) => !Token.isUnresolved(az)));
    if (subnets.subnetIds.length > 0 && zones.size === subnets.subnetIds.length && zones.size < 2) {
      throw new BlueprintValidationError(
        this,
        'vpcSubnets',
        `\`vpcSubnets\` must select subnets in at least 2 Availability Zones (multi-AZ), got: ${zones.size}`,
      );
    }
  }

  private createSecret(props: CacheClusterProps): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'AuthSecret', {
      secretName: props.authSecretName,
      description: `${this.serverless ? 'Password of the app user' : 'AUTH token'} of the ElastiCache cache ${this.node.path}`,
      encryptionKey: this.encryptionKey,
      // ElastiCache accepts 16 to 128 printable characters but rejects several punctuation marks
      // ('@', '"', '/', spaces...): letters and digits only, long enough to need no symbols.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      replicaRegions: props.globalDatastore?.secretReplicaRegions?.map((region) => ({
        region,
      })),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ElastiCache has no managed rotation for an AUTH token (or a serverless RBAC password): rotating it needs a ' +
        'two-step ModifyReplicationGroup ROTATE/SET coordinated with every client. The token is 64 random characters, ' +
        'only reachable over TLS from the security groups given to connectFrom, and encrypted with a rotating KMS key',
    });
    return secret;
  }

  private createParameterGroup(
    props: CacheClusterProps,
    engineVersion: string,
  ): elasticache.CfnParameterGroup {
    const parameters: Record<string, string> = {
      'maxmemory-policy': this.usage === CacheUsage.SESSION_STORE ? 'volatile-lru' : 'allkeys-lru',
      'reserved-memory-percent': String(props.reservedMemoryPercent ?? 25),
    };
    if ((props.shards ?? 1) > 1) parameters['cluster-enabled'] = 'yes';
    return new elasticache.CfnParameterGroup(this, 'ParameterGroup', {
      cacheParameterGroupFamily: parameterGroupFamily(this.engine, engineVersion),
      description: `${this.usage} settings of the ElastiCache cache ${this.node.path}`,
      properties: parameters,
    });
  }

  private createReplicationGroup(
    props: CacheClusterProps,
    engineVersion: string,
    snapshotDays: number,
  ): elasticache.CfnReplicationGroup {
    const shards = props.shards ?? 1;
    const replicas = props.replicasPerShard ?? 1;
    const clusterMode = shards > 1;
    const highlyAvailable = replicas > 0;
    const secondary = props.globalDatastore?.role === GlobalDatastoreRole.SECONDARY;

    const logDelivery = (logType: string, logGroup: logs.ILogGroup) => ({
      destinationType: 'cloudwatch-logs',
      destinationDetails: { cloudWatchLogsDetails: { logGroup: logGroup.logGroupName } },
      logFormat: 'json',
      logType,
    });

    // A secondary of a Global Datastore inherits engine, version, node type, shards, parameter
    // group, encryption settings, port and AUTH token from the primary: CloudFormation rejects them.
    const inherited: Partial<elasticache.CfnReplicationGroupProps> = secondary
      ? {}
      : {
          engine: this.engine,
          engineVersion,
          cacheNodeType: props.nodeType ?? DEFAULT_NODE_TYPE,
          cacheParameterGroupName: this.parameterGroup!.ref,
          port: this.port,
          atRestEncryptionEnabled: true,
          transitEncryptionEnabled: true,
          authToken: this.secret!.secretValue.unsafeUnwrap(),
          ...(clusterMode ? { clusterMode: 'enabled', numNodeGroups: shards } : {}),
        };
    const group = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupDescription: `${this.usage} ${this.node.path}`.slice(0, 255),
      ...inherited,
      ...(clusterMode ? { replicasPerNodeGroup: replicas } : { numCacheClusters: 1 + replicas }),
      globalReplicationGroupId: secondary ? props.globalDatastore!.globalReplicationGroupId : undefined,
      cacheSubnetGroupName: this.subnetGroup!.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      kmsKeyId: this.encryptionKey!.keyArn,
      multiAzEnabled: highlyAvailable,
      automaticFailoverEnabled: highlyAvailable || clusterMode,
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: snapshotDays,
      logDeliveryConfigurations: [
        logDelivery('slow-log', this.slowLogGroup!),
        logDelivery('engine-log', this.engineLogGroup!),
      ],
    });
    group.node.addDependency(this.slowLogGroup!, this.engineLogGroup!);

    // Node ids follow ElastiCache's naming: <group>-001 (no cluster mode), <group>-0001-001 (cluster mode).
    for (let shard = 1; shard <= shards; shard++) {
      for (let node = 1; node <= 1 + replicas; node++) {
        const suffix = clusterMode ? `${pad(shard, 4)}-${pad(node, 3)}` : pad(node, 3);
        this.nodeIds.push(Fn.join('-', [group.ref, suffix]));
      }
    }

    if (this.engine === CacheEngine.REDIS && !secondary) {
      Validations.of(group).acknowledge({
        id: 'cdk-validator-cfnguard::elasticache_repl_grp_rbac_auth_enabled_check',
        reason:
          'Clients authenticate with an AUTH token from Secrets Manager over TLS (cdk-nag AEC6 requires the token); ' +
          'ElastiCache does not allow an AUTH token and an RBAC user group on the same replication group',
      });
    }
    if (this.engine === CacheEngine.REDIS && !secondary && this.port === DEFAULT_PORTS[CacheEngine.REDIS]) {
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-AEC5',
        reason:
          'The standard port 6379 is kept so standard clients and tools work unchanged; a different port hides ' +
          'nothing from a scanner inside the VPC. Access is limited to the client security groups, TLS and the ' +
          'AUTH token. Set `port` to move it',
      });
    }
    if (secondary) {
      for (const [id, what] of [
        ['AwsSolutions-AEC3', 'encryption at rest and in transit'],
        ['AwsSolutions-AEC5', 'the port'],
        ['AwsSolutions-AEC6', 'the AUTH token'],
      ]) {
        Validations.of(group).acknowledge({
          id,
          reason: `A Global Datastore secondary inherits ${what} from the primary (which sets it and passes this check); CloudFormation rejects the property on a secondary`,
        });
      }
    }
    return group;
  }

  private createGlobalDatastore(
    global: CacheGlobalDatastoreOptions,
    group: elasticache.CfnReplicationGroup,
    engineVersion: string,
  ): elasticache.CfnGlobalReplicationGroup {
    return new elasticache.CfnGlobalReplicationGroup(this, 'GlobalDatastore', {
      globalReplicationGroupIdSuffix:
        global.globalReplicationGroupIdSuffix ??
        Names.uniqueResourceName(this, { maxLength: 40, separator: '-' }).toLowerCase(),
      globalReplicationGroupDescription: `Global Datastore of ${this.node.path}`,
      engine: this.engine,
      engineVersion,
      automaticFailoverEnabled: true,
      members: [
        { replicationGroupId: group.ref, replicationGroupRegion: Stack.of(this).region, role: 'PRIMARY' },
      ],
    });
  }

  private createMemcachedCluster(
    props: CacheClusterProps,
    engineVersion: string,
  ): elasticache.CfnCacheCluster {
    const nodes = props.shards ?? 2;
    const cluster = new elasticache.CfnCacheCluster(this, 'Resource', {
      engine: this.engine,
      engineVersion,
      cacheNodeType: props.nodeType ?? DEFAULT_NODE_TYPE,
      numCacheNodes: nodes,
      azMode: nodes > 1 ? 'cross-az' : 'single-az',
      port: this.port,
      transitEncryptionEnabled: true,
      cacheSubnetGroupName: this.subnetGroup!.ref,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      autoMinorVersionUpgrade: true,
    });
    if (this.port === DEFAULT_PORTS[CacheEngine.MEMCACHED]) {
      Validations.of(cluster).acknowledge({
        id: 'AwsSolutions-AEC5',
        reason:
          'The standard port 11211 is kept so standard clients work unchanged; a different port hides nothing from ' +
          'a scanner inside the VPC. Access is limited to the client security groups and TLS. Set `port` to move it',
      });
    }
    return cluster;
  }

  /** Serverless Valkey / Redis OSS RBAC: the app user's password is `secret`; the default user is turned off. */
  private createUserGroup(): elasticache.CfnUserGroup {
    const name = this.serverlessCacheName();
    const password = this.secret!.secretValue.unsafeUnwrap();
    const defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
      engine: this.engine,
      userId: `${name}-def`,
      userName: 'default',
      accessString: 'off ~* -@all',
      authenticationMode: { Type: 'password', Passwords: [password] },
    });
    const appUser = new elasticache.CfnUser(this, 'AppUser', {
      engine: this.engine,
      userId: `${name}-app`,
      userName: SERVERLESS_APP_USER,
      accessString: 'on ~* +@all -@dangerous',
      authenticationMode: { Type: 'password', Passwords: [password] },
    });
    return new elasticache.CfnUserGroup(this, 'UserGroup', {
      engine: this.engine,
      userGroupId: name,
      userIds: [defaultUser.ref, appUser.ref],
    });
  }

  /**
   * Lower-case, unique in the account and region, at most 36 characters (user ids add 4). It ends
   * with the stack instance's suffix: a cache retained from a deleted stack keeps its name, and the
   * re-created stack must not collide with it ("already exists").
   */
  private serverlessCacheName(): string {
    const base = Names.uniqueResourceName(this, { maxLength: 27, separator: '-' }).toLowerCase();
    return `${base}-${stackInstanceSuffix()}`;
  }

  private createServerlessCache(
    props: CacheClusterProps,
    subnets: ec2.SelectedSubnets,
    engineVersion: string,
    snapshotDays: number,
  ): elasticache.CfnServerlessCache {
    return new elasticache.CfnServerlessCache(this, 'Resource', {
      serverlessCacheName: this.serverlessCacheName(),
      description: `${this.usage} ${this.node.path}`.slice(0, 255),
      engine: this.engine,
      majorEngineVersion: engineVersion.split('.')[0],
      subnetIds: subnets.subnetIds.slice(0, 3),
      securityGroupIds: [this.securityGroup.securityGroupId],
      kmsKeyId: this.encryptionKey?.keyArn,
      userGroupId: this.userGroup?.ref,
      snapshotRetentionLimit: this.engine === CacheEngine.MEMCACHED ? undefined : snapshotDays,
      cacheUsageLimits: {
        dataStorage: { maximum: props.serverlessMaxDataStorageGb ?? 10, unit: 'GB' },
        ecpuPerSecond: { maximum: props.serverlessMaxEcpuPerSecond ?? 100_000 },
      },
    });
  }

  private publishConnectionDetails(): void {
    const details: Record<string, string | undefined> = {
      host: this.endpoint,
      'reader-host': this.readerEndpoint,
      port: String(this.port),
      tls: String(this.tls),
      engine: this.engine,
      username: this.username,
      'auth-secret-arn': this.secret?.secretArn,
    };
    for (const [name, value] of Object.entries(details)) {
      if (value === undefined) continue;
      const id = name
        .split('-')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('');
      this.parameters[name] = new ssm.StringParameter(this, `${id}Parameter`, {
        parameterName: `${this.parameterPrefix}/${name}`,
        stringValue: value,
        description: `ElastiCache ${this.node.path}: ${name}`,
      });
    }
  }

  private createAlarms(props: CacheClusterProps): void {
    const { cpuPercent: cpu, memoryPercent: memory, hitRatePercent: hitRate } = this.alarmThresholds;
    const period = Duration.minutes(5);

    if (this.serverlessCache) {
      const ecpuPerPeriod = ((props.serverlessMaxEcpuPerSecond ?? 100_000) * period.toSeconds() * cpu) / 100;
      this.addAlarm(
        'EcpuAlarm',
        this.metricElastiCacheProcessingUnits({ period }),
        ecpuPerPeriod,
        3,
        `ECPU use above ${cpu} % of the serverless limit (serverlessMaxEcpuPerSecond) for 15 minutes: requests will be ` +
          'throttled at the limit; raise the limit or reduce the load',
      );
      const bytes = ((props.serverlessMaxDataStorageGb ?? 10) * 1e9 * memory) / 100;
      this.addAlarm(
        'MemoryAlarm',
        this.metricBytesUsedForCache({ period }),
        bytes,
        3,
        `Data above ${memory} % of the serverless storage limit (serverlessMaxDataStorageGb) for 15 minutes: keys ` +
          'will be evicted at the limit; raise the limit or shorten TTLs',
      );
    } else if (this.cacheCluster) {
      this.addAlarm(
        'CpuAlarm',
        this.metricCPUUtilization({ period }),
        cpu,
        3,
        `Memcached host CPU above ${cpu} % for 15 minutes: latency rises; use a larger node type or more nodes (shards)`,
      );
    } else {
      this.addAlarm(
        'CpuAlarm',
        this.aggregate('MAX', (m) => this.metricEngineCPUUtilization(m), period),
        cpu,
        3,
        `Engine CPU of a node above ${cpu} % for 15 minutes: the single engine thread is the bottleneck and latency ` +
          'rises; scale up the node type or add shards (cluster mode)',
      );
      this.addAlarm(
        'MemoryAlarm',
        this.aggregate('MAX', (m) => this.metricDatabaseMemoryUsagePercentage(m), period),
        memory,
        3,
        `Memory of a node above ${memory} % of the usable memory for 15 minutes: keys will be evicted soon; scale ` +
          'up the node type, add shards or shorten TTLs',
      );
    }

    if (this.usage === CacheUsage.SESSION_STORE) {
      const evictions = this.replicationGroup
        ? this.aggregate('SUM', (m) => this.metricEvictions(m), period)
        : this.metricEvictions({ period });
      this.addAlarm(
        'EvictionsAlarm',
        evictions,
        0,
        1,
        'Evictions above 0 in 5 minutes: a session store must never evict, each eviction logs a user out; the cache ' +
          'is out of memory: scale up or shorten session TTLs',
      );
    } else {
      const hits = this.replicationGroup
        ? this.aggregate('AVG', (m) => this.metricCacheHitRate(m), period)
        : this.cacheCluster
          ? new cloudwatch.MathExpression({
              expression: '100 * hits / (hits + misses)',
              usingMetrics: {
                hits: this.metric('GetHits', { statistic: 'Sum', period }),
                misses: this.metric('GetMisses', { statistic: 'Sum', period }),
              },
              period,
              label: 'Cache hit rate (%)',
            })
          : this.metricCacheHitRate({ period });
      this.addAlarm(
        'HitRateAlarm',
        hits,
        hitRate,
        3,
        `Cache hit rate below ${hitRate} % for 15 minutes: most reads reach the database; check key TTLs, ` +
          'invalidation and whether the cache is too small (evictions)',
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      );
    }
  }

  /** One metric-math expression per group of up to 10 nodes (the alarm limit). */
  private aggregate(
    fn: string,
    metricFor: (props: cloudwatch.MetricOptions) => cloudwatch.Metric,
    period: Duration,
  ): cloudwatch.IMetric {
    const nodes = this.nodeIds.slice(0, METRICS_PER_ALARM);
    if (nodes.length === 1) return metricFor({ period, dimensionsMap: { CacheClusterId: nodes[0] } });
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    nodes.forEach((node, index) => {
      usingMetrics[`n${index + 1}`] = metricFor({ period, dimensionsMap: { CacheClusterId: node } });
    });
    return new cloudwatch.MathExpression({
      expression: `${fn}([${Object.keys(usingMetrics).join(',')}])`,
      usingMetrics,
      period,
      label: `${fn} over ${nodes.length === this.nodeIds.length ? 'all' : `the first ${nodes.length}`} nodes`,
    });
  }

  private addAlarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    evaluationPeriods: number,
    alarmDescription: string,
    comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator,
      alarmDescription: `${this.node.path}: ${alarmDescription}`,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    acknowledgeAlarmRoutedByObservability(alarm);
    this.alarms.push(alarm);
  }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** ElastiCache parameter group family for an engine version: valkey8, valkey7, redis7, redis6.x. */
function parameterGroupFamily(engine: CacheEngine, version: string): string {
  const [major, minor] = version.split('.');
  if (engine === CacheEngine.VALKEY) return `valkey${major}`;
  if (Number(major) >= 7) return `redis${major}`;
  if (Number(major) === 6) return 'redis6.x';
  return `redis${major}.${minor}`;
}

/** '/' + the construct path, with characters SSM does not allow replaced by '-'. */
function defaultParameterPrefix(scope: Construct): string {
  return (
    '/' +
    scope.node.path
      .split('/')
      .map((part) => part.replace(/[^a-zA-Z0-9_.-]/g, '-'))
      .join('/')
  );
}
