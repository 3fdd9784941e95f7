import { Fn, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { secureLogGroup } from '../../private/log-groups';
import { CacheClusterProps, CacheEngine, CacheUsage, GlobalDatastoreRole } from '../cache-cluster-props';
import { CacheFoundation, CacheShape, createSubnetGroup } from './cache-shape';
import { CacheSettings, DEFAULT_NODE_TYPE, DEFAULT_PORTS } from './cache-settings';

/**
 * A Valkey or Redis OSS replication group (`Resource`): `shards` node groups (cluster mode above
 * one) of a primary and `replicasPerShard` replicas in other AZs with automatic failover, TLS and
 * KMS at rest, the AUTH token, slow and engine logs (`SlowLog`, `EngineLog`), the parameter group
 * of its usage; as a Global Datastore PRIMARY (`GlobalDatastore`) or SECONDARY (which inherits
 * engine, sizes, parameters, encryption, port and token from the primary).
 */
export function createReplicationGroup(
  scope: Construct,
  props: CacheClusterProps,
  settings: CacheSettings,
  foundation: CacheFoundation,
): CacheShape {
  const subnetGroup = createSubnetGroup(scope, settings);
  const role = props.globalDatastore?.role;
  const secondary = role === GlobalDatastoreRole.SECONDARY;
  // A Global Datastore secondary uses the primary's parameter group.
  const parameterGroup = secondary ? undefined : createParameterGroup(scope, props, settings);
  if (settings.removalPolicy === RemovalPolicy.RETAIN)
    parameterGroup?.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const slowLogGroup = secureLogGroup(scope, 'SlowLog', { retention: props.logRetention });
  const engineLogGroup = secureLogGroup(scope, 'EngineLog', { retention: props.logRetention });

  const shards = props.shards ?? 1;
  const replicas = props.replicasPerShard ?? 1;
  const clusterMode = shards > 1;
  const highlyAvailable = replicas > 0;
  const logDelivery = (logType: string, logGroup: logs.ILogGroup) => ({
    destinationType: 'cloudwatch-logs',
    destinationDetails: { cloudWatchLogsDetails: { logGroup: logGroup.logGroupName } },
    logFormat: 'json',
    logType,
  });
  // A secondary of a Global Datastore inherits engine, version, node type, shards, parameter group,
  // encryption settings, port and AUTH token from the primary: CloudFormation rejects them.
  const inherited: Partial<elasticache.CfnReplicationGroupProps> = secondary
    ? {}
    : {
        engine: settings.engine,
        engineVersion: settings.engineVersion,
        cacheNodeType: props.nodeType ?? DEFAULT_NODE_TYPE,
        cacheParameterGroupName: parameterGroup!.ref,
        port: settings.port,
        atRestEncryptionEnabled: true,
        transitEncryptionEnabled: true,
        authToken: foundation.secret!.secretValue.unsafeUnwrap(),
        ...(clusterMode ? { clusterMode: 'enabled', numNodeGroups: shards } : {}),
      };
  const group = new elasticache.CfnReplicationGroup(scope, 'Resource', {
    replicationGroupDescription: `${settings.usage} ${scope.node.path}`.slice(0, 255),
    ...inherited,
    ...(clusterMode ? { replicasPerNodeGroup: replicas } : { numCacheClusters: 1 + replicas }),
    globalReplicationGroupId: secondary ? props.globalDatastore!.globalReplicationGroupId : undefined,
    cacheSubnetGroupName: subnetGroup.ref,
    securityGroupIds: [foundation.securityGroup.securityGroupId],
    kmsKeyId: foundation.encryptionKey!.keyArn,
    multiAzEnabled: highlyAvailable,
    automaticFailoverEnabled: highlyAvailable || clusterMode,
    autoMinorVersionUpgrade: true,
    snapshotRetentionLimit: settings.snapshotDays,
    logDeliveryConfigurations: [
      logDelivery('slow-log', slowLogGroup),
      logDelivery('engine-log', engineLogGroup),
    ],
  });
  group.applyRemovalPolicy(settings.removalPolicy);
  acknowledgeReplicationGroupFindings(group, settings, secondary);

  // Node ids follow ElastiCache's naming: <group>-001 (no cluster mode), <group>-0001-001 (cluster mode).
  const nodeIds: string[] = [];
  for (let shard = 1; shard <= shards; shard++) {
    for (let node = 1; node <= 1 + replicas; node++) {
      const suffix = clusterMode ? `${pad(shard, 4)}-${pad(node, 3)}` : pad(node, 3);
      nodeIds.push(Fn.join('-', [group.ref, suffix]));
    }
  }
  const globalReplicationGroup =
    role === GlobalDatastoreRole.PRIMARY ? createGlobalDatastore(scope, props, settings, group) : undefined;
  return {
    replicationGroup: group,
    globalReplicationGroup,
    globalReplicationGroupId:
      globalReplicationGroup?.attrGlobalReplicationGroupId ??
      (secondary ? props.globalDatastore!.globalReplicationGroupId : undefined),
    subnetGroup,
    parameterGroup,
    slowLogGroup,
    engineLogGroup,
    endpoint: clusterMode ? group.attrConfigurationEndPointAddress : group.attrPrimaryEndPointAddress,
    readerEndpoint: clusterMode ? undefined : group.attrReaderEndPointAddress,
    nodeIds,
  };
}

/** The eviction policy of the usage, memory reserved for snapshots and replication, cluster mode. */
function createParameterGroup(
  scope: Construct,
  props: CacheClusterProps,
  settings: CacheSettings,
): elasticache.CfnParameterGroup {
  const parameters: Record<string, string> = {
    'maxmemory-policy': settings.usage === CacheUsage.SESSION_STORE ? 'volatile-lru' : 'allkeys-lru',
    'reserved-memory-percent': String(props.reservedMemoryPercent ?? 25),
  };
  if ((props.shards ?? 1) > 1) parameters['cluster-enabled'] = 'yes';
  return new elasticache.CfnParameterGroup(scope, 'ParameterGroup', {
    cacheParameterGroupFamily: parameterGroupFamily(settings.engine, settings.engineVersion),
    description: `${settings.usage} settings of the ElastiCache cache ${scope.node.path}`,
    properties: parameters,
  });
}

/** The Global Datastore a PRIMARY creates, with the group as its primary member. */
function createGlobalDatastore(
  scope: Construct,
  props: CacheClusterProps,
  settings: CacheSettings,
  group: elasticache.CfnReplicationGroup,
): elasticache.CfnGlobalReplicationGroup {
  return new elasticache.CfnGlobalReplicationGroup(scope, 'GlobalDatastore', {
    globalReplicationGroupIdSuffix:
      props.globalDatastore!.globalReplicationGroupIdSuffix ??
      Names.uniqueResourceName(scope, { maxLength: 40, separator: '-' }).toLowerCase(),
    globalReplicationGroupDescription: `Global Datastore of ${scope.node.path}`,
    engine: settings.engine,
    engineVersion: settings.engineVersion,
    automaticFailoverEnabled: true,
    members: [
      { replicationGroupId: group.ref, replicationGroupRegion: Stack.of(scope).region, role: 'PRIMARY' },
    ],
  });
}

function acknowledgeReplicationGroupFindings(
  group: elasticache.CfnReplicationGroup,
  settings: CacheSettings,
  secondary: boolean,
): void {
  if (settings.engine === CacheEngine.REDIS && !secondary) {
    Validations.of(group).acknowledge({
      id: 'cdk-validator-cfnguard::elasticache_repl_grp_rbac_auth_enabled_check',
      reason:
        'Clients authenticate with an AUTH token from Secrets Manager over TLS (cdk-nag AEC6 requires the token); ' +
        'ElastiCache does not allow an AUTH token and an RBAC user group on the same replication group',
    });
  }
  if (
    settings.engine === CacheEngine.REDIS &&
    !secondary &&
    settings.port === DEFAULT_PORTS[CacheEngine.REDIS]
  ) {
    Validations.of(group).acknowledge({
      id: 'AwsSolutions-AEC5',
      reason:
        'The standard port 6379 is kept so standard clients and tools work unchanged; a different port hides ' +
        'nothing from a scanner inside the VPC. Access is limited to the client security groups, TLS and the ' +
        'AUTH token. Set `port` to move it',
    });
  }
  if (!secondary) return;
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

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** ElastiCache parameter group family for an engine version: valkey8, valkey7, redis7, redis6.x. */
function parameterGroupFamily(engine: CacheEngine, version: string): string {
  const [major, minor] = version.split('.');
  if (engine === CacheEngine.VALKEY) return `valkey${major}`;
  if (Number(major) >= 7) return `redis${major}`;
  if (Number(major) === 6) return 'redis6.x';
  return `redis${major}.${minor}`;
}
