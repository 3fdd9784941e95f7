import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { IObservable, Observation } from '../observability/observable';
import { clientContainer, injectClientSettings } from '../private/client-settings';
import { checkIntegerInRange } from '../private/validate';
import { IServiceClient } from '../service/service-client';
import { createAuroraCluster } from './private/aurora-cluster';
import { checkConnectionBudget } from './private/connection-budget-check';
import {
  clientEnvironment,
  DatabaseEndpoints,
  portString,
  publishConnectionParameters,
} from './private/connection-details';
import { createDatabaseAlarms } from './private/database-alarms';
import { DatabaseAlarmThresholds, databaseObservation } from './private/database-observation';
import { createDatabaseProxy } from './private/database-proxy';
import { DatabaseSettings, databaseSettings } from './private/database-settings';
import { createFoundation } from './private/database-shape';
import { createRdsInstances } from './private/rds-instances';
import {
  DatabaseClient,
  DatabaseConnectOptions,
  DatabaseEngine,
  GlobalClusterRole,
  ReplicatedDatabaseProps,
} from './replicated-database-props';

export * from './replicated-database-props';

/**
 * A database that scales reads and connections from day one: Aurora PostgreSQL (default) or MySQL
 * with readers behind a reader endpoint, or an RDS instance with read replicas, or read replicas
 * added to an existing RDS instance; an RDS Proxy for pooling; a synth-time connection budget over
 * the clients added with {@link connectFrom}; a slow-query log (200 ms) in CloudWatch Logs;
 * Performance Insights and enhanced monitoring; KMS encryption, TLS forced, IAM authentication, a
 * rotated secret, backups, deletion protection and a snapshot on removal; default alarms.
 *
 * @example
 * const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc });
 * db.connectFrom(web, { poolSize: 10 });
 */
export class ReplicatedDatabase extends Construct implements ec2.IConnectable, IObservable {
  /** The engine. */
  public readonly engine: DatabaseEngine;
  /** The Aurora cluster (Aurora engines). */
  public readonly cluster?: rds.DatabaseCluster;
  /** The RDS instance (RDS engines, without `existingInstance`). */
  public readonly instance?: rds.DatabaseInstance;
  /** The RDS read replicas (RDS engines and `existingInstance`). */
  public readonly readReplicaInstances: rds.DatabaseInstanceReadReplica[];
  /** The RDS Proxy, when `proxy` is on. */
  public readonly proxy?: rds.DatabaseProxy;
  /**
   * The admin secret (or `existingSecret`); absent on a global SECONDARY, whose users are the
   * primary's. Applications do not use it: they connect as `databaseUser` with IAM tokens.
   */
  public readonly secret?: secretsmanager.ISecret;
  /** The KMS key of storage, Performance Insights and the secret (not for `existingInstance`). */
  public readonly encryptionKey?: kms.Key;
  /** The parameter group carrying TLS enforcement and the slow-query log. */
  public readonly parameterGroup: rds.ParameterGroup;
  /** The enhanced-monitoring role. */
  public readonly monitoringRole: iam.Role;
  /** The log groups the database exports its logs to, keyed by instance and log type. */
  public readonly logGroups: Record<string, logs.LogGroup>;
  /** Hostname of the writer. */
  public readonly writerEndpoint: string;
  /** Hostname for read traffic: the Aurora reader endpoint, or the first read replica (the writer when there is none). */
  public readonly readerEndpoint: string;
  /**
   * Hostname clients should use for writes: the proxy when there is one, else the writer; on a
   * global SECONDARY (no writer of its own) the reader endpoint, which forwards writes to the
   * primary (write forwarding).
   */
  public readonly endpoint: string;
  /** The database user the application connects as, with IAM tokens (see `databaseUser`). */
  public readonly databaseUser: string;
  /** The port of the database instances (writer and readers). */
  public readonly port: number;
  /** The port of the proxy: the engine's default port (5432 for PostgreSQL, 3306 for MySQL). */
  public readonly proxyPort: number;
  /**
   * The security groups of the database instances, default port `port`. The proxy has its own,
   * in `proxy.connections` (port `proxyPort`).
   */
  public readonly connections: ec2.Connections;
  /**
   * Connection details in SSM parameters, keyed by the last segment of their name (as
   * CacheCluster's): `host` (the proxy when there is one, else the writer), `port` (of `host`),
   * `writer-host`, `reader-host`, `proxy-host` (with a proxy), `instance-port` (of the writer and
   * reader hosts) and `name` (new databases), for apps that are not wired with `connectFrom()`.
   * Credentials stay in `secret`.
   */
  public readonly connectionParameters: Record<string, ssm.StringParameter>;
  /** The SSM path of `connectionParameters` when `parameterPrefix` is given, else undefined (generated names). */
  public readonly parameterPrefix?: string;
  /** Whether the proxy requires IAM authentication (false when there is no proxy). */
  public readonly proxyIamAuth: boolean;
  /** The writer's `max_connections`, when known (see `maxConnections`). */
  public readonly maxConnections?: number;
  /** The default alarms (no actions: Observability adds them). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The role of the cluster in an Aurora Global Database (`globalCluster`), else undefined. */
  public readonly globalClusterRole?: GlobalClusterRole;
  /** The identifier of the Aurora Global Database the cluster belongs to, else undefined. */
  public readonly globalClusterIdentifier?: string;

  private readonly clients: DatabaseClient[] = [];
  private readonly settings: DatabaseSettings;
  private readonly existingInstance?: rds.IDatabaseInstance;
  private readonly endpoints: DatabaseEndpoints;
  private readonly metricDimensions: Record<string, string>;
  private readonly replicaLagDimensions?: Record<string, string>;
  private readonly proxyMaxConnectionsPercent: number;
  private readonly alarmThresholds: DatabaseAlarmThresholds;

  constructor(scope: Construct, id: string, props: ReplicatedDatabaseProps) {
    super(scope, id);
    const settings = databaseSettings(this, props);
    this.settings = settings;
    this.engine = settings.engine;
    this.databaseUser = settings.databaseUser;
    this.port = settings.port;
    this.proxyPort = settings.proxyPort;
    this.maxConnections = settings.maxConnections;
    this.proxyMaxConnectionsPercent = props.proxyMaxConnectionsPercent ?? 90;
    this.globalClusterRole = props.globalCluster?.role;
    this.globalClusterIdentifier = props.globalCluster?.globalClusterIdentifier;
    this.existingInstance = props.existingInstance;

    const foundation = createFoundation(this, props, settings);
    this.monitoringRole = foundation.monitoringRole;
    this.parameterGroup = foundation.parameterGroup;
    this.encryptionKey = foundation.key;
    const shape = settings.aurora
      ? createAuroraCluster(this, props, settings, foundation)
      : createRdsInstances(this, props, settings, foundation);
    this.cluster = shape.cluster;
    this.instance = shape.instance;
    this.readReplicaInstances = shape.readReplicaInstances;
    this.secret = shape.secret;
    this.writerEndpoint = shape.writerEndpoint;
    this.readerEndpoint = shape.readerEndpoint;
    this.logGroups = shape.logGroups;
    this.metricDimensions = shape.metricDimensions;
    this.replicaLagDimensions = shape.replicaLagDimensions;
    this.retainGeneratedSecret();

    this.proxy = createDatabaseProxy(this, props, settings, shape);
    this.proxyIamAuth = this.proxy !== undefined && (props.proxyIamAuth ?? true);
    // A secondary has no writer: its reader endpoint forwards writes to the primary.
    this.endpoint = settings.secondary ? this.readerEndpoint : (this.proxy?.endpoint ?? this.writerEndpoint);
    // This construct's own security group: the new database, or the replicas it adds to an existing
    // instance. An existing writer's security groups stay its owner's: its clients write through the
    // proxy (which this construct admits), and only the proxy is added to them.
    this.connections = new ec2.Connections({
      securityGroups: [foundation.securityGroup],
      defaultPort: ec2.Port.tcp(this.port),
    });

    const instancePort = portString(this.port);
    this.endpoints = {
      endpoint: this.endpoint,
      // A secondary's cluster endpoint accepts no connection until the cluster is promoted.
      writerEndpoint: settings.secondary ? undefined : this.writerEndpoint,
      readerEndpoint: this.readerEndpoint,
      proxyEndpoint: this.proxy?.endpoint,
      port: this.proxy ? `${this.proxyPort}` : instancePort,
      instancePort,
      databaseName: settings.databaseName,
    };
    this.parameterPrefix = props.parameterPrefix;
    this.connectionParameters = publishConnectionParameters(this, this.endpoints, this.parameterPrefix);
    this.alarmThresholds = createDatabaseAlarms(
      this,
      this.alarms,
      props,
      settings,
      !!this.replicaLagDimensions,
    );
  }

  /**
   * Lets a client (a `WebService`, a `QueueWorker`, or any ECS service through
   * `ServiceClient.fromEcsService`) use the database: opens the database (and proxy) security
   * groups to it, lets its task role sign IAM authentication tokens for the application user
   * (`rds-db:connect`, through the proxy when there is one), gives its container the connection
   * details as plain configuration — `<prefix>HOST` (the proxy, the writer, or on a global
   * SECONDARY the reader endpoint that forwards writes), `<prefix>PORT`, `<prefix>WRITER_HOST` (not
   * on a SECONDARY), `<prefix>READER_HOST`, `<prefix>NAME`, `<prefix>USER`, `<prefix>IAM_AUTH`
   * (`true`), `<prefix>REGION` (for signing tokens), `<prefix>WRITE_FORWARDING` on a SECONDARY,
   * and, on a cluster that can pause (Serverless v2 at 0 ACU), `<prefix>POOL_MIN` (`0`) and
   * `<prefix>POOL_IDLE_TIMEOUT_SECONDS`, so the pool lets the database pause — and records its
   * worst case (the client's `maxCapacity` × `poolSize`) in the connection budget.
   *
   * No password is injected: the application signs a token (valid 15 minutes) each time it opens a
   * connection, so the rotation of the admin secret never breaks a running task. Only an
   * `existingInstance` whose proxy takes passwords (`proxyIamAuth: false`) gives the container
   * `<prefix>USERNAME` and `<prefix>PASSWORD` from `existingSecret`, as ECS secrets.
   *
   * Without a proxy the sum over all clients must fit in 90 % of the writer's `max_connections`,
   * else this throws. With a proxy, connections beyond the proxy's pool wait (up to
   * `proxyBorrowTimeout`) instead of failing, which is reported as an info message.
   */
  public connectFrom(client: IServiceClient, options: DatabaseConnectOptions): void {
    checkIntegerInRange(this, 'poolSize', options.poolSize, 1, 10000);
    checkIntegerInRange(this, 'maxCapacity', client.maxCapacity, 1, 10000);
    const container = clientContainer(client, options.container);
    this.clients.push(
      checkConnectionBudget(this, this.clients, client.node.path, client.maxCapacity, options.poolSize, {
        maxConnections: this.maxConnections,
        proxy: this.proxy !== undefined,
        proxyMaxConnectionsPercent: this.proxyMaxConnectionsPercent,
      }),
    );

    // Writer and reader endpoints stay reachable directly (read traffic goes to the reader).
    allowClient(client, this.connections.securityGroups, this.port, 'the database instances');
    if (this.proxy) {
      allowClient(client, this.proxy.connections.securityGroups, this.proxyPort, 'the database proxy');
    }
    const passwords = this.proxy !== undefined && !this.proxyIamAuth;
    if (!passwords) {
      // Tokens for the proxy, and for the instances (reads go to the reader endpoint directly).
      if (this.proxy) this.proxy.grantConnect(client, this.databaseUser);
      this.grantInstancesConnect(client);
    }

    const prefix = options.environmentPrefix ?? 'DATABASE_';
    const plain = clientEnvironment(this.endpoints, {
      passwords,
      secondary: this.settings.secondary,
      canPause: this.settings.canPause,
      databaseUser: this.databaseUser,
      region: Stack.of(this).region,
    });
    const secrets: Record<string, ecs.Secret> = {};
    if (passwords && this.secret) {
      secrets[`${prefix}USERNAME`] = ecs.Secret.fromSecretsManager(this.secret, 'username');
      secrets[`${prefix}PASSWORD`] = ecs.Secret.fromSecretsManager(this.secret, 'password');
    }
    injectClientSettings(container, {
      environment: Object.fromEntries(
        Object.entries(plain).map(([name, value]) => [`${prefix}${name}`, value]),
      ),
      secrets,
    });
  }

  /** `rds-db:connect` as the application user on the writer and the readers. */
  private grantInstancesConnect(grantee: iam.IGrantable): void {
    if (this.cluster) this.cluster.grantConnect(grantee, this.databaseUser);
    if (this.instance) this.instance.grantConnect(grantee, this.databaseUser);
    // An existing instance imported without its resource id cannot be granted: its clients write
    // through the proxy (and the instance's owner manages its direct access).
    if (this.existingInstance?.instanceResourceId)
      this.existingInstance.grantConnect(grantee, this.databaseUser);
    for (const replica of this.readReplicaInstances) replica.grantConnect(grantee, this.databaseUser);
  }

  /** The clients recorded by {@link connectFrom}, with their worst-case connections. */
  public get clientConnections(): DatabaseClient[] {
    return [...this.clients];
  }

  /** Sum of the clients' worst-case connections. */
  public get worstCaseConnections(): number {
    return this.clients.reduce((sum, c) => sum + c.worstCaseConnections, 0);
  }

  /**
   * CPUUtilization: the highest of the instances (Aurora, by cluster) or of the writer (RDS).
   *
   * @default - Maximum over 5 minutes
   */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', 'Maximum', props);
  }

  /**
   * DatabaseConnections to the database (not to the proxy).
   *
   * @default - Maximum over 5 minutes
   */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseConnections', 'Maximum', props);
  }

  /**
   * FreeableMemory in bytes.
   *
   * @default - Minimum over 5 minutes
   */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FreeableMemory', 'Minimum', props);
  }

  /**
   * FreeStorageSpace in bytes (RDS engines; Aurora storage grows by itself).
   *
   * @default - Minimum over 5 minutes
   */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FreeStorageSpace', 'Minimum', props);
  }

  /**
   * Replica lag: `AuroraReplicaLagMaximum` of the cluster in milliseconds (Aurora), or `ReplicaLag`
   * of the first read replica in seconds (RDS).
   *
   * @default - Maximum over 5 minutes
   */
  public metricReplicaLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (this.settings.aurora) return this.metric('AuroraReplicaLagMaximum', 'Maximum', props);
    return this.metric('ReplicaLag', 'Maximum', {
      ...props,
      dimensionsMap: props?.dimensionsMap ?? this.replicaLagDimensions ?? this.metricDimensions,
    });
  }

  /**
   * ReadLatency in seconds per read I/O.
   *
   * @default - Average over 5 minutes
   */
  public metricReadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ReadLatency', 'Average', props);
  }

  /**
   * WriteLatency in seconds per write I/O.
   *
   * @default - Average over 5 minutes
   */
  public metricWriteLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('WriteLatency', 'Average', props);
  }

  /**
   * Deadlocks per second (published by Aurora; RDS engines have no such metric).
   *
   * @default - Sum over 5 minutes
   */
  public metricDeadlocks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Deadlocks', 'Sum', props);
  }

  /**
   * ServerlessDatabaseCapacity in ACUs (Aurora Serverless v2).
   *
   * @default - Maximum over 5 minutes
   */
  public metricServerlessDatabaseCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ServerlessDatabaseCapacity', 'Maximum', props);
  }

  private metric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap: this.metricDimensions,
      statistic,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * ACUUtilization: the capacity in use in percent of `serverlessMaxCapacity` (Aurora Serverless v2);
   * near 100 % the database cannot scale up any further. `undefined` without a Serverless v2
   * instance: provisioned instances publish no such metric.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.viewing.monitoring.html
   * @default - Maximum over 5 minutes
   */
  public metricACUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    const serverless = this.cluster?.node
      .findAll()
      .some((c) => c instanceof rds.CfnDBInstance && c.dbInstanceClass === 'db.serverless');
    return serverless ? this.metric('ACUUtilization', 'Maximum', props) : undefined;
  }

  /**
   * What this database offers an Observability: CPU and connections with the thresholds of its own
   * alarms, Serverless v2 capacity, replica lag, its graphs and its alarms.
   */
  public observation(): Observation {
    return databaseObservation(this, this.alarmThresholds);
  }

  /** A retained or snapshotted database keeps the credentials it was created with. */
  private retainGeneratedSecret(): void {
    const generatedSecret = (this.cluster ?? this.instance)?.node.tryFindChild('Secret');
    if (
      generatedSecret instanceof secretsmanager.Secret &&
      this.settings.removalPolicy !== RemovalPolicy.DESTROY
    ) {
      generatedSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }
}

/**
 * Ingress from the client's security groups to the targets on one port, and the matching egress
 * only where the client's security group restricts outbound traffic (adding egress to an
 * allow-all group is ignored by CDK with a warning).
 */
function allowClient(
  client: IServiceClient,
  targets: ec2.ISecurityGroup[],
  port: number,
  what: string,
): void {
  for (const clientGroup of client.connections.securityGroups) {
    for (const target of targets) {
      target.addIngressRule(clientGroup, ec2.Port.tcp(port), `From ${client.node.path}`);
      if (!clientGroup.allowAllOutbound) {
        clientGroup.addEgressRule(target, ec2.Port.tcp(port), `To ${what}`);
      }
    }
  }
}
