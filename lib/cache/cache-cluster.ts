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
import { IObservable, Observation } from '../observability/observable';
import { clientContainer, injectClientSettings } from '../private/client-settings';
import { ConnectOptions, IServiceClient } from '../service/service-client';
import { CacheClusterProps, CacheEngine, CacheUsage } from './cache-cluster-props';
import { createCacheAlarms } from './private/cache-alarms';
import { CacheAlarmThresholds, cacheObservation } from './private/cache-observation';
import { cacheSettings } from './private/cache-settings';
import { CacheShape, createCacheFoundation } from './private/cache-shape';
import { createMemcachedCluster } from './private/memcached-cluster';
import { createReplicationGroup } from './private/replication-group';
import { createServerlessCache } from './private/serverless-cache';

export * from './cache-cluster-props';

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
  public readonly memcachedCluster?: elasticache.CfnCacheCluster;
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
  public readonly connectionParameters: Record<string, ssm.StringParameter>;
  /**
   * The CacheClusterId of every node (Valkey and Redis OSS on nodes), the dimension of the
   * per-node metrics; the first is the initial primary.
   */
  public readonly nodeIds: string[];
  /** The default alarms, without actions (Observability adds them). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  private readonly alarmThresholds: CacheAlarmThresholds;

  constructor(scope: Construct, id: string, props: CacheClusterProps) {
    super(scope, id);
    const settings = cacheSettings(this, props);
    this.engine = settings.engine;
    this.usage = settings.usage;
    this.serverless = settings.serverless;
    this.port = settings.port;
    this.parameterPrefix = props.parameterPrefix ?? defaultParameterPrefix(this);

    const foundation = createCacheFoundation(this, props, settings);
    this.securityGroup = foundation.securityGroup;
    this.connections = foundation.connections;
    this.encryptionKey = foundation.encryptionKey;
    this.secret = foundation.secret;
    const build = settings.serverless
      ? createServerlessCache
      : settings.memcached
        ? createMemcachedCluster
        : createReplicationGroup;
    const shape: CacheShape = build(this, props, settings, foundation);
    this.replicationGroup = shape.replicationGroup;
    this.memcachedCluster = shape.memcachedCluster;
    this.serverlessCache = shape.serverlessCache;
    this.globalReplicationGroup = shape.globalReplicationGroup;
    this.globalReplicationGroupId = shape.globalReplicationGroupId;
    this.subnetGroup = shape.subnetGroup;
    this.parameterGroup = shape.parameterGroup;
    this.userGroup = shape.userGroup;
    this.slowLogGroup = shape.slowLogGroup;
    this.engineLogGroup = shape.engineLogGroup;
    this.endpoint = shape.endpoint;
    this.readerEndpoint = shape.readerEndpoint;
    this.username = shape.username;
    this.nodeIds = shape.nodeIds;

    this.connectionParameters = this.publishConnectionDetails();
    this.alarmThresholds = {
      cpuPercent: props.cpuAlarmThresholdPercent ?? 80,
      memoryPercent: props.memoryAlarmThresholdPercent ?? 80,
      hitRatePercent: props.hitRateAlarmThresholdPercent ?? 80,
    };
    createCacheAlarms(this, this.alarms, props, this.alarmThresholds);
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
    for (const parameter of Object.values(this.connectionParameters)) {
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
   * Bytes of data held (serverless: against `serverlessMaxDataStorageGB`).
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
    if (this.memcachedCluster) return { CacheClusterId: this.memcachedCluster.ref };
    return { CacheClusterId: this.nodeIds[0] };
  }

  /** The connection details in SSM parameters under `parameterPrefix` (`HostParameter`, ...). */
  private publishConnectionDetails(): Record<string, ssm.StringParameter> {
    const parameters: Record<string, ssm.StringParameter> = {};
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
      parameters[name] = new ssm.StringParameter(this, `${id}Parameter`, {
        parameterName: `${this.parameterPrefix}/${name}`,
        stringValue: value,
        description: `ElastiCache ${this.node.path}: ${name}`,
      });
    }
    return parameters;
  }
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
