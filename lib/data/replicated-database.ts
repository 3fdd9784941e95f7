import { Annotations, Duration, Names, RemovalPolicy, Size, Stack, Token, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
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
import { BlueprintValidationError } from '../errors';
import { acknowledgeAlarmRoutedByObservability } from '../private/acknowledge';
import { clientContainer, injectClientSettings } from '../private/client-settings';
import { ConnectOptions, IServiceClient } from '../service/service-client';
import { secureKey } from '../private/kms-keys';
import { createIamDatabaseUser } from './private/database-user';
import { databaseObservation, DatabaseAlarmThresholds } from './private/database-observation';
import { IObservable, Observation } from '../observability/observable';
import { secureLogGroup } from '../private/log-groups';
import {
  checkAtLeast,
  checkIntegerInRange,
  checkNotBoth,
  checkNumberInRange,
  checkPositiveDuration,
  checkSsmPath,
} from '../private/validate';
import {
  clientConnectionBudget,
  ConnectionFormula,
  instanceClassMemoryBytes,
  maxConnectionsForInstanceClass,
  maxConnectionsForServerless,
  GIB_PER_ACU,
} from './connection-budget';

/** The database engines a {@link ReplicatedDatabase} can run. */
export enum DatabaseEngine {
  /** Aurora PostgreSQL 16 (a cluster: writer + readers behind a reader endpoint). */
  AURORA_POSTGRESQL = 'aurora-postgresql',
  /** Aurora MySQL 3 (MySQL 8.0 compatible, LTS 3.10). */
  AURORA_MYSQL = 'aurora-mysql',
  /** RDS for PostgreSQL 16 (an instance plus RDS read replicas): the budget option. */
  POSTGRESQL = 'postgres',
  /** RDS for MySQL 8.4 (an instance plus RDS read replicas): the budget option. */
  MYSQL = 'mysql',
}

/** The role of an Aurora cluster in an Aurora Global Database. */
export enum GlobalClusterRole {
  /** The writable cluster (home region): created with the admin credentials, joins the global cluster first. */
  PRIMARY = 'PRIMARY',
  /**
   * A read-only cluster in another region: no admin credentials of its own (it replicates the
   * primary's users), its own region-local KMS key, optionally forwarding writes to the primary.
   */
  SECONDARY = 'SECONDARY',
}

/** Membership of a {@link ReplicatedDatabase} (Aurora engines) in an Aurora Global Database. */
export interface GlobalClusterOptions {
  /** Whether this cluster is the writable primary or a read-only secondary. */
  readonly role: GlobalClusterRole;

  /**
   * The identifier of the global cluster to join (an `AuroraGlobalCluster`'s
   * `globalClusterIdentifier`, or the same name given to every region through settings). The global
   * cluster must exist, with the same engine and engine version, before this cluster is created.
   */
  readonly globalClusterIdentifier: string;

  /**
   * SECONDARY only: forward the writes of this region's clients to the primary (Aurora global
   * write forwarding), so an app can run unchanged in every region. Writes then pay the round
   * trip to the primary region; reads stay local.
   *
   * @default true for a SECONDARY
   */
  readonly enableWriteForwarding?: boolean;

  /**
   * PRIMARY only: regions the admin secret is replicated to (encrypted there with the region's
   * `aws/secretsmanager` key, as the secondary regions' keys do not exist yet when the primary is
   * created), so an operator can sign in as the admin from a secondary region after a failover.
   * Applications never use it: they connect as `databaseUser` with IAM tokens in every region.
   *
   * @default - not replicated
   */
  readonly secretReplicaRegions?: string[];
}

/** Properties of a {@link ReplicatedDatabase}. */
export interface ReplicatedDatabaseProps {
  /** The VPC the database (or the replicas of `existingInstance`) and the proxy go in. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets for the database instances and the proxy.
   *
   * @default - the VPC's isolated subnets (no route to or from the internet)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The engine. Aurora engines build a cluster with a reader endpoint; `POSTGRESQL` and `MYSQL`
   * build an RDS instance with RDS read replicas (cheaper at small sizes).
   *
   * @default DatabaseEngine.AURORA_POSTGRESQL, or the engine of `existingInstance`
   */
  readonly engine?: DatabaseEngine;

  /**
   * Instance class of the writer and the replicas (Graviton by default). Not with
   * `serverlessMinCapacity`/`serverlessMaxCapacity`.
   *
   * @default - r7g.large for Aurora engines, t4g.medium for RDS engines (burstable: switch to
   * m7g.large or larger for steady production load)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Aurora Serverless v2 minimum capacity in ACUs (0 to 256, in steps of 0.5). 0 lets an idle
   * cluster pause (scale to zero) and resume on the next connection, after a few seconds: fine for
   * budgets and staging, not for latency-sensitive production. Setting this or
   * `serverlessMaxCapacity` makes every instance Serverless v2. Aurora engines only.
   *
   * @default - provisioned instances (`instanceType`); 0.5 when only `serverlessMaxCapacity` is set
   */
  readonly serverlessMinCapacity?: number;

  /**
   * Aurora Serverless v2 maximum capacity in ACUs (1 to 256). One ACU is about 2 GiB of memory,
   * which also sets `max_connections` for the connection budget. Aurora engines only.
   *
   * @default - provisioned instances; 16 (or `serverlessMinCapacity` if higher) when only
   * `serverlessMinCapacity` is set
   */
  readonly serverlessMaxCapacity?: number;

  /**
   * How many read replicas (Aurora readers, or RDS read replicas) to create, spread over the other
   * AZs of the subnets. 0 leaves only the writer (Aurora then has no failover target).
   *
   * @default 1
   */
  readonly readReplicas?: number;

  /**
   * Turns on Aurora replica auto scaling between `readReplicas` and this number of readers, with
   * target tracking on average reader CPU (`replicaScalingCpuTargetPercent`) and on average reader
   * connections (70 % of `max_connections`). Aurora engines only.
   *
   * @default - no replica auto scaling
   */
  readonly maxReadReplicas?: number;

  /**
   * Average reader CPU that replica auto scaling keeps, in percent.
   *
   * @default 70
   */
  readonly replicaScalingCpuTargetPercent?: number;

  /**
   * Adds read replicas (and an RDS Proxy when `existingSecret` is given) to an RDS instance this
   * stack does not own, for example one imported with `rds.DatabaseInstance.fromDatabaseInstanceAttributes()`.
   * Import it with `engine` (with its version: the replicas' parameter group must match it) and its
   * security groups. Nothing is created or changed for the instance itself, except security-group
   * ingress from the proxy and from clients.
   *
   * @default - a new database is created
   */
  readonly existingInstance?: rds.IDatabaseInstance;

  /**
   * The secret (JSON with `username` and `password`) of `existingInstance`, for the RDS Proxy and
   * for the clients of `connectFrom()`. Its rotation stays with its owner.
   *
   * @default - no proxy and no credentials injected for an existing instance
   */
  readonly existingSecret?: secretsmanager.ISecret;

  /**
   * Put an RDS Proxy (connection pooling, TLS required, IAM authentication) in front of the writer.
   *
   * @default true (for `existingInstance`: true when `existingSecret` is given)
   */
  readonly proxy?: boolean;

  /**
   * Require IAM authentication on the RDS Proxy: clients connect with a short-lived token
   * (`rds-db:connect`, granted by `connectFrom`) instead of the password. `false` lets the proxy
   * accept the database user's password (the one in the secret), for an application that can only
   * send a password; TLS stays required. Turning it off is an acknowledgeable warning
   * (`ReplicatedDatabase:proxyIamAuth`); only with a proxy.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html
   * @default true
   */
  readonly proxyIamAuth?: boolean;

  /**
   * SSM Parameter Store path under which the connection details are published with fixed names, so
   * an application outside CDK can find them: `<prefix>/host`, `<prefix>/port`, `<prefix>/writer-host`,
   * `<prefix>/reader-host`, `<prefix>/instance-port`, and `<prefix>/proxy-host` and `<prefix>/name`
   * where they exist. Changing it replaces the parameters (new names).
   *
   * @default - names generated by CloudFormation (read them from `connectionParameters`)
   */
  readonly parameterPrefix?: string;

  /**
   * How long a client waits for a pooled connection from the proxy before the proxy returns an
   * error.
   *
   * @default Duration.seconds(30)
   */
  readonly proxyBorrowTimeout?: Duration;

  /**
   * The share of the writer's `max_connections` the proxy may open, in percent. The rest is left
   * for admin sessions, the rotation Lambda and monitoring.
   *
   * @default 90
   */
  readonly proxyMaxConnectionsPercent?: number;

  /**
   * The writer's `max_connections`, for the connection budget and the connections alarm.
   *
   * @default - the engine's default formula applied to the instance class memory (or to
   * `serverlessMaxCapacity` × 2 GiB); unknown for `existingInstance` and for unlisted instance classes
   */
  readonly maxConnections?: number;

  /**
   * The port of the database instances. Not the engine's default port (Control Tower
   * CT.RDS.PR.20, cdk-nag RDS11); the proxy listens on the default port (`proxyPort`).
   *
   * @default - 5433 for PostgreSQL engines, 3307 for MySQL engines
   */
  readonly port?: number;

  /**
   * How far an Aurora MySQL cluster can be rewound in place (backtracking, up to 72 hours). Not
   * supported by Aurora PostgreSQL or RDS engines.
   *
   * @default - Duration.hours(24) for Aurora MySQL
   */
  readonly backtrackWindow?: Duration;

  /**
   * Queries slower than this are written to the slow-query log (`log_min_duration_statement` on
   * PostgreSQL, `slow_query_log` + `long_query_time` on MySQL), exported to CloudWatch Logs.
   *
   * @default Duration.millis(200)
   */
  readonly slowQueryThreshold?: Duration;

  /**
   * How long the exported database logs are kept (KMS-encrypted log groups).
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Enhanced monitoring interval (1, 5, 10, 15, 30 or 60 seconds).
   *
   * @default Duration.seconds(60)
   */
  readonly monitoringInterval?: Duration;

  /**
   * The admin (master) user name. Must not be a default or reserved name (`postgres`, `admin`,
   * `root`, `rdsadmin`, ...).
   *
   * @default 'dbadmin'
   */
  readonly adminUsername?: string;

  /**
   * Name of the database created on the new cluster or instance.
   *
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * The database user the application connects as, with IAM authentication tokens: never the
   * admin user, and no password exists for it, so nothing secret is injected into the tasks and the
   * rotation of the admin secret never breaks a running task. On a new Aurora cluster it is created
   * at deploy time through the RDS Data API (PostgreSQL: a LOGIN role granted `rds_iam` and all
   * privileges on the database; MySQL: a user identified by `AWSAuthenticationPlugin` requiring
   * TLS). On RDS engines create it yourself (the statements are on the construct's docs page); with
   * `existingInstance` it is the existing application user. Clients sign a token with the AWS SDK
   * (`@aws-sdk/rds-signer`) when they open a connection.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.html
   * @default 'app'
   */
  readonly databaseUser?: string;

  /**
   * How long automated backups are kept (1 to 35 days; less than 7 days is reported as a warning).
   *
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * Deletion protection on the cluster, instance and replicas. Turning it off is reported as a
   * warning.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the database when it leaves the stack. Replicas are always deleted (their data
   * is a copy); the admin secret is retained unless this is DESTROY, so a retained database or a
   * restored snapshot keeps its credentials.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Run the RDS writer as a Multi-AZ deployment (a synchronous standby in another AZ). RDS engines
   * only: Aurora fails over to a reader.
   *
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * Initial storage of an RDS instance, in GiB (gp3). RDS engines only.
   *
   * @default 20
   */
  readonly allocatedStorageGiB?: number;

  /**
   * Upper limit of RDS storage auto scaling, in GiB. RDS engines only.
   *
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;

  /**
   * How often the admin secret is rotated.
   *
   * @default Duration.days(30)
   */
  readonly secretRotationInterval?: Duration;

  /**
   * Subnets of the secret-rotation Lambda. It needs to reach the Secrets Manager API: through a
   * NAT gateway, or a Secrets Manager interface endpoint (Network creates one with `natGateways: 0`).
   *
   * @default - the VPC's private subnets with egress when it has any, else the database subnets
   */
  readonly rotationSubnets?: ec2.SubnetSelection;

  /**
   * The CPU alarm fires above this maximum CPU utilization of any instance, in percent, for
   * 15 minutes.
   *
   * @default 80
   */
  readonly cpuAlarmThresholdPercent?: number;

  /**
   * The connections alarm fires above this share of `max_connections` on any instance, in percent.
   *
   * @default 80
   */
  readonly connectionsAlarmThresholdPercent?: number;

  /**
   * The replica-lag alarm fires when a replica is this far behind the writer for 10 minutes.
   *
   * @default - 1 second for Aurora (typical lag is under 100 ms), 60 seconds for RDS read replicas
   */
  readonly replicaLagAlarmThreshold?: Duration;

  /**
   * The memory alarm fires when freeable memory drops below this.
   *
   * @default - 10 % of the instance memory (of `serverlessMaxCapacity` × 2 GiB for Serverless v2);
   * no alarm for `existingInstance` or an unlisted instance class
   */
  readonly freeableMemoryAlarmThreshold?: Size;

  /**
   * Membership in an Aurora Global Database (Aurora engines, new clusters only): the PRIMARY is
   * the home region's writable cluster, a SECONDARY a read-only copy in another region, without
   * admin credentials, with its own region-local KMS key and (by default) write forwarding. Aurora
   * MySQL backtracking is not available in a global database. A SECONDARY has no RDS Proxy and no
   * secret rotation of its own: its clients get the primary's secret, replicated to its region
   * (`secretReplicaRegions` on the primary).
   *
   * @default - a regional cluster
   */
  readonly globalCluster?: GlobalClusterOptions;

  /**
   * The storage alarm (RDS engines) fires when free storage drops below this.
   *
   * @default - 10 % of `allocatedStorageGiB`; no alarm for `existingInstance`
   */
  readonly freeStorageAlarmThreshold?: Size;
}

/** Options of {@link ReplicatedDatabase.connectFrom}. */
export interface DatabaseConnectOptions extends ConnectOptions {
  /**
   * Connections each task opens at most (the size of the application's connection pool). With the
   * client's `maxCapacity` it is the client's worst case in the connection budget.
   */
  readonly poolSize: number;
}

/** One client's share of the connection budget, as recorded by {@link ReplicatedDatabase.connectFrom}. */
export interface DatabaseClient {
  /** Construct path of the client (a `WebService`, a `QueueWorker`, or the ECS service of a `ServiceClient`). */
  readonly name: string;
  /** Its most tasks (the client's `maxCapacity`). */
  readonly maxCapacity: number;
  /** Connections per task. */
  readonly poolSize: number;
  /** `maxCapacity` × `poolSize`. */
  readonly worstCaseConnections: number;
}

/**
 * How long a pooled connection may stay idle before the application closes it, on a cluster that can
 * pause: well under Aurora's default auto-pause delay (300 s), so an idle application lets it pause.
 */
const POOL_IDLE_TIMEOUT_SECONDS = 60;

const RESERVED_USERNAMES = [
  'postgres',
  'admin',
  'root',
  'rdsadmin',
  'rdsrepladmin',
  'mysql',
  'master',
  'user',
];
const ENHANCED_MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

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
  public readonly readReplicaInstances: rds.DatabaseInstanceReadReplica[] = [];
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
  public readonly logGroups: Record<string, logs.LogGroup> = {};
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
   * Connection details in SSM parameters, keyed `HOST` (the proxy when there is one, else the
   * writer), `PORT` (of `HOST`), `WRITER_HOST`, `READER_HOST`, `PROXY_HOST` (with a proxy),
   * `INSTANCE_PORT` (of the writer and reader hosts) and `NAME` (new databases), for apps that are
   * not wired with `connectFrom()`. Credentials stay in `secret`.
   */
  public readonly connectionParameters: Record<string, ssm.StringParameter> = {};
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
  private readonly existingInstance?: rds.IDatabaseInstance;
  /** Serverless v2 with a minimum of 0 ACU: the cluster pauses when no connection is open. */
  private readonly canPause: boolean;
  private readonly adminUsername: string;
  private readonly databaseName?: string;
  private readonly metricDimensions: Record<string, string>;
  private readonly replicaLagDimensions?: Record<string, string>;
  private readonly isAurora: boolean;
  private readonly proxyMaxConnectionsPercent: number;
  private alarmThresholds?: DatabaseAlarmThresholds;

  constructor(scope: Construct, id: string, props: ReplicatedDatabaseProps) {
    super(scope, id);
    this.engine = this.resolveEngine(props);
    this.isAurora =
      this.engine === DatabaseEngine.AURORA_POSTGRESQL || this.engine === DatabaseEngine.AURORA_MYSQL;
    this.validateProps(props);
    this.proxyMaxConnectionsPercent = props.proxyMaxConnectionsPercent ?? 90;
    this.globalClusterRole = props.globalCluster?.role;
    this.globalClusterIdentifier = props.globalCluster?.globalClusterIdentifier;
    const secondary = this.globalClusterRole === GlobalClusterRole.SECONDARY;

    const existing = props.existingInstance;
    this.existingInstance = existing;
    const serverless = props.serverlessMinCapacity !== undefined || props.serverlessMaxCapacity !== undefined;
    this.canPause = serverless && props.serverlessMinCapacity === 0;
    const serverlessMin = props.serverlessMinCapacity ?? 0.5;
    const serverlessMax = props.serverlessMaxCapacity ?? Math.max(16, serverlessMin);
    const instanceType = props.instanceType ?? defaultInstanceType(this.isAurora);
    const readReplicas = props.readReplicas ?? 1;
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    const subnetAzs = props.vpc.selectSubnets(vpcSubnets).availabilityZones;
    const logRetention = props.logRetention;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    const deletionProtection = props.deletionProtection ?? true;
    const monitoringInterval = props.monitoringInterval ?? Duration.seconds(60);
    this.adminUsername = props.adminUsername ?? 'dbadmin';
    this.databaseUser = props.databaseUser ?? 'app';
    this.databaseName = existing ? undefined : (props.databaseName ?? 'app');
    const postgres =
      this.engine === DatabaseEngine.AURORA_POSTGRESQL || this.engine === DatabaseEngine.POSTGRESQL;
    this.proxyPort = postgres ? 5432 : 3306;
    this.port = existing
      ? Token.isUnresolved(existing.dbInstanceEndpointPort)
        ? Token.asNumber(existing.dbInstanceEndpointPort)
        : Number(existing.dbInstanceEndpointPort)
      : (props.port ?? (postgres ? 5433 : 3307));

    this.maxConnections =
      props.maxConnections ??
      (existing
        ? undefined
        : serverless
          ? maxConnectionsForServerless(connectionFormula(this.engine), serverlessMax)
          : maxConnectionsForInstanceClass(connectionFormula(this.engine), instanceType.toString()));

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Database ${this.node.path}: ingress from its proxy and its clients only`,
      allowAllOutbound: false,
    });

    this.monitoringRole = new iam.Role(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole'),
      ],
      description: 'Lets RDS enhanced monitoring publish OS metrics to CloudWatch Logs',
    });
    Validations.of(this.monitoringRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason:
        "AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy for RDS enhanced monitoring; it only allows writing to the RDS OS-metrics log groups, and AWS updates it when the service's needs change",
    });

    const instanceEngine = existing ? existing.engine : undefined;
    const engineForParameters: rds.IEngine = this.isAurora
      ? clusterEngine(this.engine)
      : (instanceEngine ?? newInstanceEngine(this.engine));
    this.parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
      engine: engineForParameters,
      description: `TLS forced, slow-query log at ${slowQueryMillis(props)} ms${postgres ? ', pg_stat_statements' : ''} (${this.node.path})`,
      parameters: databaseParameters(this.engine, slowQueryMillis(props)),
    });

    const key = existing
      ? undefined
      : secureKey(
          this,
          'Key',
          `Encrypts the database ${this.node.path}, its Performance Insights and its secret`,
        );
    this.encryptionKey = key;

    let writerIdentifier: string;
    let proxyTarget: rds.ProxyTarget | undefined;
    if (this.isAurora) {
      const cluster = this.createCluster(props, {
        key: key!,
        instanceType,
        serverless,
        serverlessMin,
        serverlessMax,
        readReplicas,
        subnetAzs,
        vpcSubnets,
        securityGroup,
        removalPolicy,
        deletionProtection,
        monitoringInterval,
      });
      this.cluster = cluster;
      // A secondary has no credentials of its own (its users are the primary's): no secret here, and
      // its clients connect as the application user with IAM tokens like everywhere else.
      this.secret = secondary ? undefined : cluster.secret;
      this.writerEndpoint = cluster.clusterEndpoint.hostname;
      this.readerEndpoint = cluster.clusterReadEndpoint.hostname;
      writerIdentifier = cluster.clusterIdentifier;
      this.metricDimensions = { DBClusterIdentifier: cluster.clusterIdentifier };
      this.replicaLagDimensions = readReplicas > 0 ? this.metricDimensions : undefined;
      // Aurora writes its logs to /aws/rds/cluster/<id>/<type>. The log groups are created right
      // after the cluster and before its instances, which are the only writers of those logs.
      for (const logType of exportedLogTypes(this.engine)) {
        const logGroup = secureLogGroup(this, `Logs-${logType}`, {
          logGroupName: `/aws/rds/cluster/${cluster.clusterIdentifier}/${logType}`,
          retention: logRetention,
        });
        this.logGroups[logType] = logGroup;
        for (const child of cluster.node.children) {
          if (child instanceof rds.CfnDBInstance || child.node.defaultChild instanceof rds.CfnDBInstance) {
            child.node.addDependency(logGroup);
          }
        }
      }
      if (!secondary) {
        cluster.addRotationSingleUser({
          automaticallyAfter: props.secretRotationInterval ?? Duration.days(30),
          vpcSubnets: props.rotationSubnets ?? defaultRotationSubnets(props.vpc, vpcSubnets),
        });
      }
      if (props.maxReadReplicas !== undefined && props.maxReadReplicas > readReplicas) {
        this.addReplicaAutoScaling(cluster, readReplicas, props.maxReadReplicas, props);
      }
      if (!secondary && cluster.secret && this.databaseName) {
        createIamDatabaseUser(this, {
          cluster,
          adminSecret: cluster.secret,
          databaseName: this.databaseName,
          username: this.databaseUser,
          postgres,
          writer: cluster.node.findChild('Writer'),
        });
      }
      proxyTarget = rds.ProxyTarget.fromCluster(cluster);
    } else {
      const logTypes = exportedLogTypes(this.engine);
      const subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
        vpc: props.vpc,
        vpcSubnets,
        description: `Subnets of the database ${this.node.path}`,
      });
      const sharedInstanceProps = {
        vpc: props.vpc,
        subnetGroup,
        storageType: rds.StorageType.GP3,
        securityGroups: [securityGroup],
        publiclyAccessible: false,
        iamAuthentication: true,
        deletionProtection,
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        parameterGroup: this.parameterGroup,
        cloudwatchLogsExports: logTypes,
        monitoringInterval,
        monitoringRole: this.monitoringRole,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: key,
        port: existing ? undefined : this.port,
      };
      let source: rds.IDatabaseInstance;
      if (existing) {
        source = existing;
        this.secret = props.existingSecret;
        this.writerEndpoint = existing.dbInstanceEndpointAddress;
        writerIdentifier = existing.instanceIdentifier;
      } else {
        const writerId = this.physicalIdentifier('writer');
        const instance = new rds.DatabaseInstance(this, 'Instance', {
          ...sharedInstanceProps,
          engine: newInstanceEngine(this.engine),
          instanceType,
          instanceIdentifier: writerId,
          credentials: rds.Credentials.fromGeneratedSecret(this.adminUsername, { encryptionKey: key }),
          databaseName: this.databaseName,
          multiAz: props.multiAz ?? true,
          storageEncrypted: true,
          storageEncryptionKey: key,
          allocatedStorage: props.allocatedStorageGiB ?? 20,
          maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 100,
          backupRetention: props.backupRetention ?? Duration.days(7),
          removalPolicy,
        });
        this.addInstanceLogGroups(instance, 'Writer', writerId, logTypes, logRetention);
        instance.addRotationSingleUser({
          automaticallyAfter: props.secretRotationInterval ?? Duration.days(30),
          vpcSubnets: props.rotationSubnets ?? defaultRotationSubnets(props.vpc, vpcSubnets),
        });
        this.instance = instance;
        this.secret = instance.secret;
        Annotations.of(this).addInfo(
          `The application connects as \`${this.databaseUser}\` with IAM tokens; RDS for ${this.engine} has no Data API ` +
            'to create that user at deploy time: run the statements on the ReplicatedDatabase docs page once as the admin',
        );
        this.writerEndpoint = instance.dbInstanceEndpointAddress;
        writerIdentifier = instance.instanceIdentifier;
        source = instance;
      }
      for (let i = 0; i < readReplicas; i++) {
        const replicaId = this.physicalIdentifier(`replica${i + 1}`);
        const replica = new rds.DatabaseInstanceReadReplica(this, `Replica${i + 1}`, {
          ...sharedInstanceProps,
          sourceDatabaseInstance: source,
          instanceType,
          instanceIdentifier: replicaId,
          availabilityZone: subnetAzs.length > 1 ? subnetAzs[(i + 1) % subnetAzs.length] : undefined,
          // A replica's data is a copy of the writer's: it is deleted, not snapshotted.
          removalPolicy: RemovalPolicy.DESTROY,
        });
        acknowledgeReplicaFindings(replica, existing !== undefined);
        this.addInstanceLogGroups(replica, `Replica${i + 1}`, replicaId, logTypes, logRetention);
        this.readReplicaInstances.push(replica);
      }
      this.readerEndpoint = this.readReplicaInstances[0]?.dbInstanceEndpointAddress ?? this.writerEndpoint;
      this.metricDimensions = { DBInstanceIdentifier: writerIdentifier };
      this.replicaLagDimensions = this.readReplicaInstances[0]
        ? { DBInstanceIdentifier: this.readReplicaInstances[0].instanceIdentifier }
        : undefined;
      proxyTarget = rds.ProxyTarget.fromInstance(source);
    }

    // A retained or snapshotted database keeps the credentials it was created with.
    const generatedSecret = (this.cluster ?? this.instance)?.node.tryFindChild('Secret');
    if (generatedSecret instanceof secretsmanager.Secret && removalPolicy !== RemovalPolicy.DESTROY) {
      generatedSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    if (this.proxyWanted(props) && this.secret) {
      // A new database: end-to-end IAM authentication. Clients sign in to the proxy with IAM tokens
      // as the application user and the proxy signs in to the database the same way, so the proxy
      // needs no secret (the admin password never leaves Secrets Manager). An existing instance's
      // users have passwords: the proxy signs in with `existingSecret`.
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting-iam.html
      const endToEndIam = !existing;
      const proxyRole = endToEndIam
        ? new iam.Role(this, 'ProxyRole', {
            assumedBy: new iam.ServicePrincipal('rds.amazonaws.com'),
            description: `RDS Proxy of ${this.node.path}: connects to the database with IAM tokens`,
          })
        : undefined;
      this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
        proxyTarget,
        secrets: endToEndIam ? undefined : [this.secret],
        defaultAuthScheme: endToEndIam ? rds.DefaultAuthScheme.IAM_AUTH : undefined,
        role: proxyRole,
        vpc: props.vpc,
        vpcSubnets,
        requireTLS: true,
        iamAuth: endToEndIam ? true : (props.proxyIamAuth ?? true),
        borrowTimeout: props.proxyBorrowTimeout ?? Duration.seconds(30),
        maxConnectionsPercent: this.proxyMaxConnectionsPercent,
        securityGroups: [
          new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
            vpc: props.vpc,
            description: `RDS Proxy of ${this.node.path}: ingress from the database clients only`,
            allowAllOutbound: false,
          }),
        ],
      });
      if (proxyRole) {
        if (this.cluster) this.cluster.grantConnect(proxyRole, this.databaseUser);
        if (this.instance) this.instance.grantConnect(proxyRole, this.databaseUser);
      }
      // The proxy reaches the database on its port; the database side of this rule is added by CDK.
      this.proxy.connections.allowTo(
        this.databaseConnections(existing, securityGroup),
        ec2.Port.tcp(this.port),
        'Proxy to the database',
      );
    }
    this.proxyIamAuth = this.proxy !== undefined && (props.proxyIamAuth ?? true);
    // A secondary has no writer: its reader endpoint forwards writes to the primary.
    this.endpoint = secondary ? this.readerEndpoint : (this.proxy?.endpoint ?? this.writerEndpoint);
    // This construct's own security group: the new database, or the replicas it adds to an existing
    // instance. An existing writer's security groups stay its owner's: its clients write through the
    // proxy (which this construct admits), and only the proxy is added to them.
    this.connections = new ec2.Connections({
      securityGroups: [securityGroup],
      defaultPort: ec2.Port.tcp(this.port),
    });

    const instancePort = Token.isUnresolved(this.port) ? Token.asString(this.port) : `${this.port}`;
    const connectionDetails: Array<[string, string, string | undefined]> = [
      ['HOST', 'Host', this.endpoint],
      ['PORT', 'Port', this.proxy ? `${this.proxyPort}` : instancePort],
      // A secondary's cluster endpoint accepts no connection until the cluster is promoted.
      ['WRITER_HOST', 'WriterHost', secondary ? undefined : this.writerEndpoint],
      ['READER_HOST', 'ReaderHost', this.readerEndpoint],
      ['PROXY_HOST', 'ProxyHost', this.proxy?.endpoint],
      ['INSTANCE_PORT', 'InstancePort', instancePort],
      ['NAME', 'Name', this.databaseName],
    ];
    this.parameterPrefix = props.parameterPrefix;
    for (const [name, id, value] of connectionDetails) {
      if (value === undefined) continue;
      this.connectionParameters[name] = new ssm.StringParameter(this, `${id}Parameter`, {
        // Same layout as CacheCluster's: `<prefix>/writer-host` for WRITER_HOST.
        parameterName:
          this.parameterPrefix === undefined
            ? undefined
            : `${this.parameterPrefix}/${name.toLowerCase().replace(/_/g, '-')}`,
        stringValue: value,
        description: `${name} of the database ${this.node.path}`,
      });
    }

    this.createAlarms(props, { instanceType, serverless, serverlessMax, existing: existing !== undefined });
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
    this.recordClient(client.node.path, client.maxCapacity, options.poolSize);

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
    const environment = Object.fromEntries(
      Object.entries(this.clientEnvironment(passwords)).map(([name, value]) => [`${prefix}${name}`, value]),
    );
    const secrets: Record<string, ecs.Secret> = {};
    if (passwords && this.secret) {
      secrets[`${prefix}USERNAME`] = ecs.Secret.fromSecretsManager(this.secret, 'username');
      secrets[`${prefix}PASSWORD`] = ecs.Secret.fromSecretsManager(this.secret, 'password');
    }
    injectClientSettings(container, { environment, secrets });
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

  /** The connection details a client container gets as plain environment (no secret among them). */
  private clientEnvironment(passwords: boolean): Record<string, string> {
    const port = this.proxy
      ? `${this.proxyPort}`
      : Token.isUnresolved(this.port)
        ? Token.asString(this.port)
        : `${this.port}`;
    const secondary = this.globalClusterRole === GlobalClusterRole.SECONDARY;
    const environment: Record<string, string> = {
      HOST: this.endpoint,
      PORT: port,
      READER_HOST: this.readerEndpoint,
      IAM_AUTH: String(!passwords),
      REGION: Stack.of(this).region,
    };
    if (!secondary) environment.WRITER_HOST = this.writerEndpoint;
    if (secondary) environment.WRITE_FORWARDING = 'true';
    if (this.databaseName) environment.NAME = this.databaseName;
    if (!passwords) environment.USER = this.databaseUser;
    if (this.canPause) {
      // Aurora Serverless v2 pauses only when no connection is open for its auto-pause delay: a pool
      // that keeps idle connections keeps it at its minimum capacity (billed) forever.
      // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html
      environment.POOL_MIN = '0';
      environment.POOL_IDLE_TIMEOUT_SECONDS = `${POOL_IDLE_TIMEOUT_SECONDS}`;
    }
    return environment;
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
    if (this.isAurora) return this.metric('AuroraReplicaLagMaximum', 'Maximum', props);
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

  private resolveEngine(props: ReplicatedDatabaseProps): DatabaseEngine {
    const existing = props.existingInstance;
    if (!existing) return props.engine ?? DatabaseEngine.AURORA_POSTGRESQL;
    const engineType = existing.engine?.engineType;
    const derived =
      engineType === 'postgres'
        ? DatabaseEngine.POSTGRESQL
        : engineType === 'mysql'
          ? DatabaseEngine.MYSQL
          : undefined;
    if (props.engine === DatabaseEngine.AURORA_POSTGRESQL || props.engine === DatabaseEngine.AURORA_MYSQL) {
      throw new BlueprintValidationError(
        this,
        'engine',
        `\`existingInstance\` takes an RDS instance: \`engine\` must be POSTGRESQL or MYSQL, got: ${props.engine}`,
      );
    }
    if (!existing.engine || !existing.engine.parameterGroupFamily || !derived) {
      throw new BlueprintValidationError(
        this,
        'existingInstance',
        `\`existingInstance\` must be imported with its \`engine\` and version, e.g. rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_14 }) (PostgreSQL or MySQL), got: ${engineType ?? 'no engine'}`,
      );
    }
    if (props.engine !== undefined && props.engine !== derived) {
      throw new BlueprintValidationError(
        this,
        'engine',
        `\`engine\` must match the engine of \`existingInstance\` (${derived}), got: ${props.engine}`,
      );
    }
    return derived;
  }

  private validateProps(props: ReplicatedDatabaseProps): void {
    const aurora = this.isAurora;
    const notFor = (prop: string, value: unknown, what: string) => {
      if (value !== undefined) {
        throw new BlueprintValidationError(
          this,
          prop,
          `\`${prop}\` applies to ${what} only, got: ${String(value)} with engine ${this.engine}`,
        );
      }
    };
    if (!aurora) {
      notFor('serverlessMinCapacity', props.serverlessMinCapacity, 'Aurora engines');
      notFor('serverlessMaxCapacity', props.serverlessMaxCapacity, 'Aurora engines');
      notFor(
        'maxReadReplicas',
        props.maxReadReplicas,
        'Aurora engines (RDS read replicas do not auto scale)',
      );
    } else {
      notFor('multiAz', props.multiAz, 'RDS engines (Aurora fails over to a reader)');
      notFor(
        'allocatedStorageGiB',
        props.allocatedStorageGiB,
        'RDS engines (Aurora storage grows by itself)',
      );
      notFor(
        'maxAllocatedStorageGiB',
        props.maxAllocatedStorageGiB,
        'RDS engines (Aurora storage grows by itself)',
      );
    }
    if (props.existingInstance) {
      notFor('databaseName', props.databaseName, 'a new database (not `existingInstance`)');
      notFor('adminUsername', props.adminUsername, 'a new database (not `existingInstance`)');
      if (props.proxy === true && !props.existingSecret) {
        throw new BlueprintValidationError(
          this,
          'proxy',
          '`proxy` needs the credentials of `existingInstance`: pass its secret as `existingSecret`, or set `proxy: false`',
        );
      }
    } else if (props.existingSecret) {
      throw new BlueprintValidationError(
        this,
        'existingSecret',
        '`existingSecret` applies to `existingInstance` only',
      );
    }
    if (
      props.instanceType !== undefined &&
      (props.serverlessMinCapacity !== undefined || props.serverlessMaxCapacity !== undefined)
    ) {
      checkNotBoth(
        this,
        'instanceType',
        props.instanceType,
        'serverlessMinCapacity/serverlessMaxCapacity',
        true,
      );
    }
    checkNumberInRange(this, 'serverlessMinCapacity', props.serverlessMinCapacity, 0, 256);
    checkNumberInRange(this, 'serverlessMaxCapacity', props.serverlessMaxCapacity, 1, 256);
    for (const [prop, value] of [
      ['serverlessMinCapacity', props.serverlessMinCapacity],
      ['serverlessMaxCapacity', props.serverlessMaxCapacity],
    ] as const) {
      if (value !== undefined && !Token.isUnresolved(value) && !Number.isInteger(value * 2)) {
        throw new BlueprintValidationError(
          this,
          prop,
          `\`${prop}\` must be a multiple of 0.5 ACU, got: ${value}`,
        );
      }
    }
    checkAtLeast(
      this,
      'serverlessMaxCapacity',
      props.serverlessMaxCapacity,
      'serverlessMinCapacity',
      props.serverlessMinCapacity,
    );
    checkIntegerInRange(this, 'port', props.port, 1150, 65535);
    this.validateGlobalCluster(props);
    if (props.backtrackWindow !== undefined) {
      if (this.engine !== DatabaseEngine.AURORA_MYSQL) {
        throw new BlueprintValidationError(
          this,
          'backtrackWindow',
          `\`backtrackWindow\` applies to Aurora MySQL only, got: ${props.backtrackWindow.toHumanString()} with engine ${this.engine}`,
        );
      }
      if (!props.backtrackWindow.isUnresolved()) {
        checkIntegerInRange(
          this,
          'backtrackWindow',
          props.backtrackWindow.toSeconds({ integral: false }),
          0,
          259200,
          'give whole seconds, at most 72 hours',
        );
      }
    }
    checkIntegerInRange(this, 'readReplicas', props.readReplicas, 0, 15);
    checkIntegerInRange(this, 'maxReadReplicas', props.maxReadReplicas, 1, 15);
    checkAtLeast(this, 'maxReadReplicas', props.maxReadReplicas, 'readReplicas', props.readReplicas ?? 1);
    checkIntegerInRange(this, 'replicaScalingCpuTargetPercent', props.replicaScalingCpuTargetPercent, 10, 90);
    checkIntegerInRange(this, 'proxyMaxConnectionsPercent', props.proxyMaxConnectionsPercent, 1, 100);
    this.validateProxyIamAuth(props);
    checkSsmPath(this, 'parameterPrefix', props.parameterPrefix, '/my-app/database');
    if (props.proxyBorrowTimeout !== undefined && !props.proxyBorrowTimeout.isUnresolved()) {
      checkIntegerInRange(
        this,
        'proxyBorrowTimeout',
        props.proxyBorrowTimeout.toSeconds(),
        1,
        3600,
        'give whole seconds',
      );
    }
    checkIntegerInRange(this, 'maxConnections', props.maxConnections, 1, 100000);
    checkPositiveDuration(this, 'slowQueryThreshold', props.slowQueryThreshold);
    if (props.slowQueryThreshold !== undefined && !props.slowQueryThreshold.isUnresolved()) {
      const ms = props.slowQueryThreshold.toMilliseconds();
      if (!Number.isInteger(ms)) {
        throw new BlueprintValidationError(
          this,
          'slowQueryThreshold',
          `\`slowQueryThreshold\` must be a whole number of milliseconds, got: ${ms}`,
        );
      }
    }
    if (props.monitoringInterval !== undefined && !props.monitoringInterval.isUnresolved()) {
      const seconds = props.monitoringInterval.toSeconds({ integral: false });
      if (!ENHANCED_MONITORING_INTERVALS.includes(seconds)) {
        throw new BlueprintValidationError(
          this,
          'monitoringInterval',
          `\`monitoringInterval\` must be one of ${ENHANCED_MONITORING_INTERVALS.join(', ')} seconds, got: ${seconds}`,
        );
      }
    }
    if (props.adminUsername !== undefined) {
      if (
        !/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/.test(props.adminUsername) ||
        RESERVED_USERNAMES.includes(props.adminUsername.toLowerCase())
      ) {
        throw new BlueprintValidationError(
          this,
          'adminUsername',
          `\`adminUsername\` must be 1 to 16 letters, digits or underscores starting with a letter, and not a default or reserved name (${RESERVED_USERNAMES.join(', ')}), got: '${props.adminUsername}'`,
        );
      }
    }
    if (
      props.databaseUser !== undefined &&
      (!/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/.test(props.databaseUser) ||
        RESERVED_USERNAMES.includes(props.databaseUser.toLowerCase()) ||
        props.databaseUser === (props.adminUsername ?? 'dbadmin'))
    ) {
      throw new BlueprintValidationError(
        this,
        'databaseUser',
        `\`databaseUser\` must be 1 to 32 letters, digits or underscores starting with a letter, not a reserved name and not the admin user, got: '${props.databaseUser}'`,
      );
    }
    if (props.databaseName !== undefined && !/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(props.databaseName)) {
      throw new BlueprintValidationError(
        this,
        'databaseName',
        `\`databaseName\` must be 1 to 63 letters, digits or underscores starting with a letter, got: '${props.databaseName}'`,
      );
    }
    if (props.backupRetention !== undefined && !props.backupRetention.isUnresolved()) {
      const days = props.backupRetention.toDays({ integral: false });
      checkIntegerInRange(this, 'backupRetention', days, 1, 35, 'give whole days');
      if (days < 7) {
        Validations.of(this).addWarning(
          'ReplicatedDatabase:backupRetention',
          `\`backupRetention\` of ${days} days is below the 7 days Control Tower and most recovery plans expect`,
        );
      }
    }
    if (props.deletionProtection === false) {
      Validations.of(this).addWarning(
        'ReplicatedDatabase:deletionProtection',
        '`deletionProtection` is off: a stack update or deletion can delete the database',
      );
    }
    if (props.removalPolicy === RemovalPolicy.DESTROY) {
      Validations.of(this).addWarning(
        'ReplicatedDatabase:removalPolicy',
        '`removalPolicy` is DESTROY: the database is deleted without a final snapshot when it leaves the stack',
      );
    }
    if (aurora && props.readReplicas === 0) {
      Validations.of(this).addWarning(
        'ReplicatedDatabase:readReplicas',
        '`readReplicas` is 0: the Aurora cluster has no reader to fail over to, and reads share the writer',
      );
    }
    if (props.multiAz === false) {
      Validations.of(this).addWarning(
        'ReplicatedDatabase:multiAz',
        '`multiAz` is off: the writer has no standby, and losing its AZ means promoting a read replica by hand',
      );
    }
    checkIntegerInRange(this, 'allocatedStorageGiB', props.allocatedStorageGiB, 20, 65536);
    checkIntegerInRange(this, 'maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, 20, 65536);
    checkAtLeast(
      this,
      'maxAllocatedStorageGiB',
      props.maxAllocatedStorageGiB,
      'allocatedStorageGiB',
      props.allocatedStorageGiB ?? 20,
    );
    checkIntegerInRange(this, 'cpuAlarmThresholdPercent', props.cpuAlarmThresholdPercent, 1, 100);
    checkIntegerInRange(
      this,
      'connectionsAlarmThresholdPercent',
      props.connectionsAlarmThresholdPercent,
      1,
      100,
    );
    checkPositiveDuration(this, 'replicaLagAlarmThreshold', props.replicaLagAlarmThreshold);
    checkPositiveDuration(this, 'secretRotationInterval', props.secretRotationInterval);
  }

  /** Whether the construct puts a proxy in front of the writer (it also needs credentials to do so). */
  private proxyWanted(props: ReplicatedDatabaseProps): boolean {
    const secondary = props.globalCluster?.role === GlobalClusterRole.SECONDARY;
    return props.proxy ?? (props.existingInstance ? props.existingSecret !== undefined : !secondary);
  }

  private validateProxyIamAuth(props: ReplicatedDatabaseProps): void {
    if (props.proxyIamAuth === undefined) return;
    if (!this.proxyWanted(props)) {
      throw new BlueprintValidationError(
        this,
        'proxyIamAuth',
        '`proxyIamAuth` only applies with a proxy; remove it, or set `proxy: true`',
      );
    }
    if (props.proxyIamAuth === false && props.existingInstance === undefined) {
      throw new BlueprintValidationError(
        this,
        'proxyIamAuth',
        '`proxyIamAuth` false applies to an `existingInstance` only: on a new database the application user ' +
          '(`databaseUser`) has no password, only IAM tokens, and the proxy signs in to the database with IAM ' +
          '(end-to-end IAM authentication); remove `proxyIamAuth`, got: false',
      );
    }
    if (props.proxyIamAuth === false) {
      Validations.of(this).addWarning(
        'ReplicatedDatabase:proxyIamAuth',
        '`proxyIamAuth` is false: the RDS Proxy accepts the database password instead of IAM tokens (TLS is still ' +
          'required), so whoever holds the password can connect through it, and access is no longer granted and ' +
          'revoked with IAM; keep the secret rotated and move the application to IAM tokens when it can',
      );
    }
  }

  private validateGlobalCluster(props: ReplicatedDatabaseProps): void {
    const global = props.globalCluster;
    if (!global) return;
    if (!this.isAurora) {
      throw new BlueprintValidationError(
        this,
        'globalCluster',
        `\`globalCluster\` applies to Aurora engines only, got engine ${this.engine}`,
      );
    }
    const id = global.globalClusterIdentifier;
    if (!Token.isUnresolved(id) && !/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$/.test(id)) {
      throw new BlueprintValidationError(
        this,
        'globalCluster.globalClusterIdentifier',
        '`globalCluster.globalClusterIdentifier` must be 1 to 63 letters, digits or hyphens, start with a letter, ' +
          `and have no trailing or double hyphen, got: '${id}'`,
      );
    }
    if (props.backtrackWindow !== undefined) {
      throw new BlueprintValidationError(
        this,
        'backtrackWindow',
        '`backtrackWindow` is not available in an Aurora Global Database: remove it or `globalCluster`',
      );
    }
    const onlyFor = (prop: string, value: unknown, role: GlobalClusterRole) => {
      if (value !== undefined && global.role !== role) {
        throw new BlueprintValidationError(
          this,
          prop,
          `\`${prop}\` applies to a ${role} \`globalCluster\` only, got: ${JSON.stringify(value)} on a ${global.role}`,
        );
      }
    };
    onlyFor('globalCluster.enableWriteForwarding', global.enableWriteForwarding, GlobalClusterRole.SECONDARY);
    onlyFor('globalCluster.secretReplicaRegions', global.secretReplicaRegions, GlobalClusterRole.PRIMARY);
    const region = Stack.of(this).region;
    for (const replica of global.secretReplicaRegions ?? []) {
      if (Token.isUnresolved(replica)) continue;
      if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(replica) || replica === region) {
        throw new BlueprintValidationError(
          this,
          'globalCluster.secretReplicaRegions',
          `\`globalCluster.secretReplicaRegions\` must hold region names other than the stack's own (${region}), got: '${replica}'`,
        );
      }
    }
    if (global.role === GlobalClusterRole.SECONDARY) {
      // What a secondary takes from its primary cannot be set on it.
      for (const [prop, value, why] of [
        ['proxy', props.proxy === true ? true : undefined, 'its clients connect to the cluster endpoints'],
        [
          'secretRotationInterval',
          props.secretRotationInterval,
          'the secret is rotated in the primary region',
        ],
        ['rotationSubnets', props.rotationSubnets, 'the secret is rotated in the primary region'],
      ] as Array<[string, unknown, string]>) {
        if (value !== undefined) {
          throw new BlueprintValidationError(
            this,
            prop,
            `\`${prop}\` does not apply to a SECONDARY \`globalCluster\` (${why}), got: ${String(value)}`,
          );
        }
      }
    }
  }

  private createCluster(
    props: ReplicatedDatabaseProps,
    o: {
      key: kms.Key;
      instanceType: ec2.InstanceType;
      serverless: boolean;
      serverlessMin: number;
      serverlessMax: number;
      readReplicas: number;
      subnetAzs: string[];
      vpcSubnets: ec2.SubnetSelection;
      securityGroup: ec2.SecurityGroup;
      removalPolicy: RemovalPolicy;
      deletionProtection: boolean;
      monitoringInterval: Duration;
    },
  ): rds.DatabaseCluster {
    const azs = o.subnetAzs.filter((az) => !Token.isUnresolved(az));
    // Writer in the first AZ, readers round-robin over the others, so a reader is always in another AZ.
    const azFor = (index: number) => (azs.length > 1 ? azs[index % azs.length] : undefined);
    const instance = (id: string, index: number): rds.IClusterInstance => {
      const common = {
        publiclyAccessible: false,
        availabilityZone: azFor(index),
        autoMinorVersionUpgrade: true,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: o.key,
        // The first reader has the writer's size and promotion tier: it takes over on failover.
        promotionTier: index <= 1 ? 1 : 2,
      };
      return o.serverless
        ? rds.ClusterInstance.serverlessV2(id, { ...common, scaleWithWriter: index <= 1 })
        : rds.ClusterInstance.provisioned(id, { ...common, instanceType: o.instanceType });
    };
    const readers: rds.IClusterInstance[] = [];
    for (let i = 1; i <= o.readReplicas; i++) readers.push(instance(`Reader${i}`, i));
    const global = props.globalCluster;
    const cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: clusterEngine(this.engine),
      // A generated name (a fixed one would block a re-created stack while the retained secret lives).
      credentials: rds.Credentials.fromGeneratedSecret(this.adminUsername, {
        encryptionKey: o.key,
        replicaRegions:
          global?.role === GlobalClusterRole.PRIMARY
            ? global.secretReplicaRegions?.map((region) => ({ region }))
            : undefined,
      }),
      // The Data API creates the IAM-authenticated application user at deploy time (writer only:
      // a SECONDARY has no writer and takes the primary's users).
      enableDataApi: global?.role !== GlobalClusterRole.SECONDARY,
      defaultDatabaseName: this.databaseName,
      vpc: props.vpc,
      vpcSubnets: o.vpcSubnets,
      securityGroups: [o.securityGroup],
      port: this.port,
      writer: instance('Writer', 0),
      readers,
      serverlessV2MinCapacity: o.serverless ? o.serverlessMin : undefined,
      serverlessV2MaxCapacity: o.serverless ? o.serverlessMax : undefined,
      parameterGroup: this.parameterGroup,
      storageEncrypted: true,
      storageEncryptionKey: o.key,
      // Backtracking is not available in an Aurora Global Database.
      backtrackWindow:
        this.engine === DatabaseEngine.AURORA_MYSQL && !global
          ? (props.backtrackWindow ?? Duration.hours(24))
          : undefined,
      iamAuthentication: true,
      deletionProtection: o.deletionProtection,
      backup: { retention: props.backupRetention ?? Duration.days(7) },
      removalPolicy: o.removalPolicy,
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: exportedLogTypes(this.engine),
      monitoringInterval: o.monitoringInterval,
      monitoringRole: this.monitoringRole,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: o.key,
    });
    if (global) this.joinGlobalCluster(cluster, global);
    return cluster;
  }

  /**
   * Aurora Global Database membership on the L1 (the L2 has none): the global cluster identifier;
   * for a SECONDARY also write forwarding and no credentials or database name of its own (both
   * come from the primary), and no generated secret.
   */
  private joinGlobalCluster(cluster: rds.DatabaseCluster, global: GlobalClusterOptions): void {
    const cfn = cluster.node.defaultChild as rds.CfnDBCluster;
    cfn.globalClusterIdentifier = global.globalClusterIdentifier;
    if (global.role !== GlobalClusterRole.SECONDARY) return;
    cfn.enableGlobalWriteForwarding = global.enableWriteForwarding ?? true;
    cfn.masterUsername = undefined;
    cfn.masterUserPassword = undefined;
    cfn.databaseName = undefined;
    // The L2 always generates an admin secret; a secondary cannot use it (its users are the primary's).
    cluster.node.tryRemoveChild('Secret');
  }

  private addReplicaAutoScaling(
    cluster: rds.DatabaseCluster,
    minReaders: number,
    maxReaders: number,
    props: ReplicatedDatabaseProps,
  ): void {
    const target = new appscaling.ScalableTarget(this, 'ReplicaScaling', {
      serviceNamespace: appscaling.ServiceNamespace.RDS,
      scalableDimension: 'rds:cluster:ReadReplicaCount',
      resourceId: `cluster:${cluster.clusterIdentifier}`,
      minCapacity: minReaders,
      maxCapacity: maxReaders,
    });
    target.scaleToTrackMetric('ReaderCpu', {
      predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION,
      targetValue: props.replicaScalingCpuTargetPercent ?? 70,
    });
    if (this.maxConnections !== undefined) {
      target.scaleToTrackMetric('ReaderConnections', {
        predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
        targetValue: Math.max(1, Math.floor(this.maxConnections * 0.7)),
      });
    }
  }

  /** Creates the log groups an RDS instance exports to, before the instance writes its first log. */
  private addInstanceLogGroups(
    instance: Construct,
    id: string,
    identifier: string,
    logTypes: string[],
    retention: logs.RetentionDays | undefined,
  ): void {
    for (const logType of logTypes) {
      const logGroup = secureLogGroup(this, `${id}Logs-${logType}`, {
        logGroupName: `/aws/rds/instance/${identifier}/${logType}`,
        retention,
      });
      this.logGroups[`${id}/${logType}`] = logGroup;
      instance.node.addDependency(logGroup);
    }
  }

  /**
   * A fixed DB instance identifier for an RDS instance, so its log groups can exist before it
   * does: unique per stack and construct path, lower-case, at most 63 characters.
   */
  private physicalIdentifier(suffix: string): string {
    const base = Names.uniqueResourceName(this, { maxLength: 50, separator: '-' })
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .replace(/-+/g, '-')
      .replace(/^[^a-z]+/, '');
    return `${base || 'db'}-${suffix}`.replace(/-+/g, '-');
  }

  private databaseConnections(
    existing: rds.IDatabaseInstance | undefined,
    securityGroup: ec2.ISecurityGroup,
  ): ec2.IConnectable {
    return existing ?? { connections: new ec2.Connections({ securityGroups: [securityGroup] }) };
  }

  private recordClient(name: string, maxCapacity: number, poolSize: number): void {
    const client: DatabaseClient = {
      name,
      maxCapacity,
      poolSize,
      worstCaseConnections: maxCapacity * poolSize,
    };
    const clients = [...this.clients, client];
    const total = clients.reduce((sum, c) => sum + c.worstCaseConnections, 0);
    const shares = clients
      .map((c) => `${c.name} ${c.worstCaseConnections} (${c.maxCapacity} tasks × ${c.poolSize})`)
      .join(', ');
    if (this.maxConnections === undefined) {
      if (!this.proxy) {
        throw new BlueprintValidationError(
          this,
          'maxConnections',
          `cannot check the connection budget of ${name} (${shares}): the writer's \`max_connections\` is unknown for this instance class or existing instance; set \`maxConnections\``,
        );
      }
      this.clients.push(client);
      return;
    }
    if (this.proxy) {
      const pool = clientConnectionBudget(this.maxConnections, this.proxyMaxConnectionsPercent);
      if (total > pool) {
        Annotations.of(this).addInfo(
          `Connection budget: clients may open ${total} connections to the proxy (${shares}); the proxy pools them onto at most ${pool} database connections, so at peak some requests wait up to the borrow timeout for a connection`,
        );
      }
      this.clients.push(client);
      return;
    }
    const budget = clientConnectionBudget(this.maxConnections);
    if (total > budget) {
      const others = total - client.worstCaseConnections;
      const fittingPool = Math.floor(Math.max(0, budget - others) / client.maxCapacity);
      throw new BlueprintValidationError(
        this,
        'poolSize',
        `connection budget exceeded by ${name}: \`maxCapacity\` ${client.maxCapacity} × \`poolSize\` ${client.poolSize} brings the clients' worst case to ${total} connections, over the ${budget} the writer allows without a proxy (max_connections ${this.maxConnections}, 90 % for clients). Clients: ${shares}. Turn on \`proxy\`, use a \`poolSize\` of at most ${fittingPool} here, or a larger \`instanceType\``,
      );
    }
    this.clients.push(client);
  }

  /**
   * Records a default alarm. Alarms are created without actions: the Observability construct (or
   * the caller) attaches the alarm topic, so Control Tower's alarm-action rule is acknowledged here.
   */
  private addAlarm(alarm: cloudwatch.Alarm): void {
    acknowledgeAlarmRoutedByObservability(alarm);
    this.alarms.push(alarm);
  }

  /**
   * What this database offers an Observability: CPU and connections with the thresholds of its own
   * alarms, Serverless v2 capacity, replica lag, its graphs and its alarms.
   */
  public observation(): Observation {
    return databaseObservation(this, this.alarmThresholds!);
  }

  private createAlarms(
    props: ReplicatedDatabaseProps,
    o: { instanceType: ec2.InstanceType; serverless: boolean; serverlessMax: number; existing: boolean },
  ): void {
    const cpuThreshold = props.cpuAlarmThresholdPercent ?? 80;
    let connectionsThreshold: number | undefined;
    this.addAlarm(
      this.metricCPUUtilization().createAlarm(this, 'CpuAlarm', {
        threshold: cpuThreshold,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        alarmDescription: `${this.node.path}: CPU of an instance above ${cpuThreshold} % for 15 minutes. Queries queue and latency rises: look at the slow-query log and Performance Insights, move reads to the reader endpoint, or scale up`,
      }),
    );
    if (this.maxConnections !== undefined) {
      const percent = props.connectionsAlarmThresholdPercent ?? 80;
      const threshold = Math.floor((this.maxConnections * percent) / 100);
      connectionsThreshold = threshold;
      this.addAlarm(
        this.metricDatabaseConnections().createAlarm(this, 'ConnectionsAlarm', {
          threshold,
          evaluationPeriods: 2,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.MISSING,
          alarmDescription: `${this.node.path}: more than ${threshold} connections on an instance (${percent} % of max_connections ${this.maxConnections}) for 10 minutes. New connections will soon be refused: pool through the proxy or lower the clients' pool size`,
        }),
      );
    }
    this.alarmThresholds = {
      cpuPercent: cpuThreshold,
      connections: connectionsThreshold,
      replicaLagAlarm: this.replicaLagDimensions !== undefined,
    };
    if (this.replicaLagDimensions) {
      const lag =
        props.replicaLagAlarmThreshold ?? (this.isAurora ? Duration.seconds(1) : Duration.seconds(60));
      const lagReplicas = this.isAurora ? [undefined] : this.readReplicaInstances;
      lagReplicas.forEach((replica, index) => {
        const metric = replica
          ? this.metricReplicaLag({ dimensionsMap: { DBInstanceIdentifier: replica.instanceIdentifier } })
          : this.metricReplicaLag();
        const threshold = this.isAurora ? lag.toMilliseconds() : lag.toSeconds({ integral: false });
        this.addAlarm(
          metric.createAlarm(this, index === 0 ? 'ReplicaLagAlarm' : `Replica${index + 1}LagAlarm`, {
            threshold,
            evaluationPeriods: 2,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.MISSING,
            alarmDescription: `${this.node.path}: ${replica ? `read replica ${index + 1}` : 'a reader'} is more than ${lag.toHumanString()} behind the writer for 10 minutes. Reads from it return stale data: look for long write transactions or an undersized replica`,
          }),
        );
      });
    }
    const memoryBytes = o.existing
      ? undefined
      : o.serverless
        ? o.serverlessMax * GIB_PER_ACU * 1024 ** 3
        : instanceClassMemoryBytes(o.instanceType.toString());
    const memoryThreshold =
      props.freeableMemoryAlarmThreshold?.toBytes() ??
      (memoryBytes ? Math.floor(memoryBytes * 0.1) : undefined);
    if (memoryThreshold !== undefined) {
      this.addAlarm(
        this.metricFreeableMemory().createAlarm(this, 'FreeableMemoryAlarm', {
          threshold: memoryThreshold,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.MISSING,
          alarmDescription: `${this.node.path}: freeable memory below ${Math.round(memoryThreshold / 1024 ** 2)} MiB for 15 minutes. The buffer cache shrinks and the engine may swap: reduce connections (each costs memory) or scale up`,
        }),
      );
    }
    if (!this.isAurora) {
      const storageThreshold =
        props.freeStorageAlarmThreshold?.toBytes() ??
        (o.existing ? undefined : Math.floor(((props.allocatedStorageGiB ?? 20) * 1024 ** 3) / 10));
      if (storageThreshold !== undefined) {
        this.addAlarm(
          this.metricFreeStorageSpace().createAlarm(this, 'FreeStorageSpaceAlarm', {
            threshold: storageThreshold,
            evaluationPeriods: 3,
            comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.MISSING,
            alarmDescription: `${this.node.path}: free storage below ${Math.round(storageThreshold / 1024 ** 3)} GiB for 15 minutes. Storage auto scaling may be at its limit or in its cool-down: raise maxAllocatedStorageGiB or clean up`,
          }),
        );
      }
    }
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
}

/**
 * The engine (with its pinned version) of the Aurora clusters a {@link ReplicatedDatabase} builds:
 * an Aurora global cluster must be created with exactly this engine version.
 */
export function auroraClusterEngine(engine: DatabaseEngine): rds.IClusterEngine {
  if (engine !== DatabaseEngine.AURORA_POSTGRESQL && engine !== DatabaseEngine.AURORA_MYSQL) {
    throw new Error(`auroraClusterEngine takes an Aurora engine, got: ${engine}`);
  }
  return clusterEngine(engine);
}

function defaultInstanceType(aurora: boolean): ec2.InstanceType {
  return aurora
    ? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE)
    : ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM);
}

function clusterEngine(engine: DatabaseEngine): rds.IClusterEngine {
  return engine === DatabaseEngine.AURORA_MYSQL
    ? rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_10_4 })
    : rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 });
}

function newInstanceEngine(engine: DatabaseEngine): rds.IInstanceEngine {
  return engine === DatabaseEngine.MYSQL
    ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 })
    : rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 });
}

function connectionFormula(engine: DatabaseEngine): ConnectionFormula {
  switch (engine) {
    case DatabaseEngine.AURORA_MYSQL:
      return ConnectionFormula.AURORA_MYSQL;
    case DatabaseEngine.MYSQL:
      return ConnectionFormula.MYSQL;
    default:
      return ConnectionFormula.POSTGRESQL;
  }
}

/**
 * The log types exported to CloudWatch Logs: exactly the list Control Tower expects per engine
 * (CT.RDS.PR.14/25). The general and audit logs of MySQL stay empty until `general_log` or
 * `server_audit_logging` is turned on.
 */
function exportedLogTypes(engine: DatabaseEngine): string[] {
  switch (engine) {
    case DatabaseEngine.AURORA_POSTGRESQL:
      return ['postgresql'];
    case DatabaseEngine.POSTGRESQL:
      return ['postgresql', 'upgrade'];
    default:
      return ['audit', 'error', 'general', 'slowquery'];
  }
}

function slowQueryMillis(props: ReplicatedDatabaseProps): number {
  return (props.slowQueryThreshold ?? Duration.millis(200)).toMilliseconds();
}

/** TLS enforcement and the slow-query log, per engine. */
function databaseParameters(engine: DatabaseEngine, slowQueryMs: number): Record<string, string> {
  if (engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.POSTGRESQL) {
    return {
      'rds.force_ssl': '1',
      log_min_duration_statement: `${slowQueryMs}`,
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track': 'top',
    };
  }
  return {
    require_secure_transport: engine === DatabaseEngine.AURORA_MYSQL ? 'ON' : '1',
    slow_query_log: '1',
    long_query_time: `${slowQueryMs / 1000}`,
    // Only the FILE output is exported to CloudWatch Logs.
    log_output: 'FILE',
  };
}

function defaultRotationSubnets(vpc: ec2.IVpc, databaseSubnets: ec2.SubnetSelection): ec2.SubnetSelection {
  return vpc.privateSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : databaseSubnets;
}

/**
 * A same-region read replica takes its encryption from its source (CloudFormation rejects
 * `StorageEncrypted` next to `SourceDBInstanceIdentifier`), and its redundancy from the other
 * replicas and the Multi-AZ writer.
 */
function acknowledgeReplicaFindings(replica: rds.DatabaseInstanceReadReplica, existingSource: boolean): void {
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS2',
    reason: existingSource
      ? 'A read replica inherits the storage encryption of its source instance, which this stack does not own; encrypt the existing instance to encrypt its replicas'
      : 'A read replica inherits the storage encryption of its source instance, which this construct encrypts with its KMS key; CloudFormation rejects StorageEncrypted on a same-region replica',
  });
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS11',
    reason: existingSource
      ? "A read replica listens on its source instance's port; the existing instance's port is its owner's choice, and cdk-nag cannot read it because CloudFormation takes no Engine on a replica"
      : 'The replica listens on the non-default port set on it and on its source (5433/3307 by default); cdk-nag reports it only because CloudFormation takes no Engine on a replica',
  });
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS3',
    reason:
      'A read replica serves reads and holds a copy of the data; availability comes from the Multi-AZ writer and the other replicas, so a standby per replica would double its cost for no durability gain',
  });
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
