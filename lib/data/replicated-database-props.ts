import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ConnectOptions } from '../service/service-client';

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
