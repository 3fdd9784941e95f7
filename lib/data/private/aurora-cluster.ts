import { Duration, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { secureLogGroup } from '../../private/log-groups';
import {
  DatabaseEngine,
  GlobalClusterOptions,
  GlobalClusterRole,
  ReplicatedDatabaseProps,
} from '../replicated-database-props';
import { createIamDatabaseUser } from './database-user';
import { DatabaseFoundation, DatabaseShape } from './database-shape';
import { DatabaseSettings } from './database-settings';
import { clusterEngine, exportedLogTypes } from './engines';

/**
 * An Aurora cluster (`Cluster`): the writer and `readReplicas` readers spread over the subnets' AZs,
 * Serverless v2 or provisioned; its log groups before its instances; secret rotation; replica auto
 * scaling; the IAM-authenticated application user; membership in an Aurora Global Database.
 */
export function createAuroraCluster(
  scope: Construct,
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
  foundation: DatabaseFoundation,
): DatabaseShape {
  const cluster = buildCluster(scope, props, settings, foundation);
  const metricDimensions = { DBClusterIdentifier: cluster.clusterIdentifier };
  // Aurora writes its logs to /aws/rds/cluster/<id>/<type>. The log groups are created right after
  // the cluster and before its instances, which are the only writers of those logs.
  const logGroups: Record<string, logs.LogGroup> = {};
  for (const logType of exportedLogTypes(settings.engine)) {
    const logGroup = secureLogGroup(scope, `Logs-${logType}`, {
      logGroupName: `/aws/rds/cluster/${cluster.clusterIdentifier}/${logType}`,
      retention: props.logRetention,
    });
    logGroups[logType] = logGroup;
    for (const child of cluster.node.children) {
      if (child instanceof rds.CfnDBInstance || child.node.defaultChild instanceof rds.CfnDBInstance) {
        child.node.addDependency(logGroup);
      }
    }
  }
  if (!settings.secondary) {
    cluster.addRotationSingleUser({
      automaticallyAfter: settings.secretRotationInterval,
      vpcSubnets: settings.rotationSubnets,
    });
  }
  if (props.maxReadReplicas !== undefined && props.maxReadReplicas > settings.readReplicas) {
    addReplicaAutoScaling(scope, cluster, props, settings);
  }
  if (!settings.secondary && cluster.secret && settings.databaseName) {
    createIamDatabaseUser(scope, {
      cluster,
      adminSecret: cluster.secret,
      databaseName: settings.databaseName,
      username: settings.databaseUser,
      postgres: settings.postgres,
      writer: cluster.node.findChild('Writer'),
    });
  }
  return {
    cluster,
    readReplicaInstances: [],
    // A secondary has no credentials of its own (its users are the primary's): no secret here, and
    // its clients connect as the application user with IAM tokens like everywhere else.
    secret: settings.secondary ? undefined : cluster.secret,
    writerEndpoint: cluster.clusterEndpoint.hostname,
    readerEndpoint: cluster.clusterReadEndpoint.hostname,
    metricDimensions,
    replicaLagDimensions: settings.readReplicas > 0 ? metricDimensions : undefined,
    proxyTarget: rds.ProxyTarget.fromCluster(cluster),
    logGroups,
  };
}

function buildCluster(
  scope: Construct,
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
  foundation: DatabaseFoundation,
): rds.DatabaseCluster {
  const key = foundation.key!;
  const azs = settings.subnetAzs.filter((az) => !Token.isUnresolved(az));
  // Writer in the first AZ, readers round-robin over the others, so a reader is always in another AZ.
  const azFor = (index: number) => (azs.length > 1 ? azs[index % azs.length] : undefined);
  const instance = (id: string, index: number): rds.IClusterInstance => {
    const common = {
      publiclyAccessible: false,
      availabilityZone: azFor(index),
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      // The first reader has the writer's size and promotion tier: it takes over on failover.
      promotionTier: index <= 1 ? 1 : 2,
    };
    return settings.serverless
      ? rds.ClusterInstance.serverlessV2(id, { ...common, scaleWithWriter: index <= 1 })
      : rds.ClusterInstance.provisioned(id, { ...common, instanceType: settings.instanceType });
  };
  const readers: rds.IClusterInstance[] = [];
  for (let i = 1; i <= settings.readReplicas; i++) readers.push(instance(`Reader${i}`, i));
  const global = props.globalCluster;
  const cluster = new rds.DatabaseCluster(scope, 'Cluster', {
    engine: clusterEngine(settings.engine),
    // A generated name (a fixed one would block a re-created stack while the retained secret lives).
    credentials: rds.Credentials.fromGeneratedSecret(settings.adminUsername, {
      encryptionKey: key,
      replicaRegions:
        global?.role === GlobalClusterRole.PRIMARY
          ? global.secretReplicaRegions?.map((region) => ({ region }))
          : undefined,
    }),
    // The Data API creates the IAM-authenticated application user at deploy time (writer only:
    // a SECONDARY has no writer and takes the primary's users).
    enableDataApi: !settings.secondary,
    defaultDatabaseName: settings.databaseName,
    vpc: props.vpc,
    vpcSubnets: settings.vpcSubnets,
    securityGroups: [foundation.securityGroup],
    port: settings.port,
    writer: instance('Writer', 0),
    readers,
    serverlessV2MinCapacity: settings.serverless ? settings.serverlessMin : undefined,
    serverlessV2MaxCapacity: settings.serverless ? settings.serverlessMax : undefined,
    parameterGroup: foundation.parameterGroup,
    storageEncrypted: true,
    storageEncryptionKey: key,
    // Backtracking is not available in an Aurora Global Database.
    backtrackWindow:
      settings.engine === DatabaseEngine.AURORA_MYSQL && !global
        ? (props.backtrackWindow ?? Duration.hours(24))
        : undefined,
    iamAuthentication: true,
    deletionProtection: settings.deletionProtection,
    backup: { retention: settings.backupRetention },
    removalPolicy: settings.removalPolicy,
    copyTagsToSnapshot: true,
    cloudwatchLogsExports: exportedLogTypes(settings.engine),
    monitoringInterval: settings.monitoringInterval,
    monitoringRole: foundation.monitoringRole,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: key,
  });
  if (global) joinGlobalCluster(cluster, global);
  return cluster;
}

/**
 * Aurora Global Database membership on the L1 (the L2 has none): the global cluster identifier;
 * for a SECONDARY also write forwarding and no credentials or database name of its own (both come
 * from the primary), and no generated secret.
 */
function joinGlobalCluster(cluster: rds.DatabaseCluster, global: GlobalClusterOptions): void {
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

/** Aurora replica auto scaling (`ReplicaScaling`) on reader CPU and, when known, reader connections. */
function addReplicaAutoScaling(
  scope: Construct,
  cluster: rds.DatabaseCluster,
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
): void {
  const target = new appscaling.ScalableTarget(scope, 'ReplicaScaling', {
    serviceNamespace: appscaling.ServiceNamespace.RDS,
    scalableDimension: 'rds:cluster:ReadReplicaCount',
    resourceId: `cluster:${cluster.clusterIdentifier}`,
    minCapacity: settings.readReplicas,
    maxCapacity: props.maxReadReplicas!,
  });
  target.scaleToTrackMetric('ReaderCpu', {
    predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION,
    targetValue: props.replicaScalingCpuTargetPercent ?? 70,
  });
  if (settings.maxConnections !== undefined) {
    target.scaleToTrackMetric('ReaderConnections', {
      predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
      targetValue: Math.max(1, Math.floor(settings.maxConnections * 0.7)),
    });
  }
}
