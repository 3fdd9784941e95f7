import { RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../../errors';
import {
  checkIntegerInRange,
  checkNumberInRange,
  checkSsmPath,
  checkWholeDuration,
} from '../../private/validate';
import { CacheClusterProps, CacheEngine, CacheUsage, GlobalDatastoreRole } from '../cache-cluster-props';

/** What a cache is, resolved before validation: the props are checked against it. */
export interface ResolvedCacheKind {
  readonly engine: CacheEngine;
  readonly usage: CacheUsage;
  readonly serverless: boolean;
  readonly engineVersion: string;
}

/**
 * Validation of {@link CacheClusterProps}, one function per concern, run before any child exists;
 * risky-but-legal choices become acknowledgeable warnings (`CacheCluster:<prop>`).
 */
export function validateCacheClusterProps(
  scope: IConstruct,
  props: CacheClusterProps,
  resolved: ResolvedCacheKind,
): void {
  validateEngine(scope, resolved);
  if (resolved.serverless) validateServerlessFit(scope, props);
  else validateNodesFit(scope, props);
  if (resolved.engine === CacheEngine.MEMCACHED) validateMemcachedFit(scope, props, resolved);
  else validateReplication(scope, props);
  checkIntegerInRange(scope, 'port', props.port, 1024, 65535);
  checkIntegerInRange(scope, 'reservedMemoryPercent', props.reservedMemoryPercent, 0, 100);
  checkNumberInRange(scope, 'cpuAlarmThresholdPercent', props.cpuAlarmThresholdPercent, 1, 100);
  checkNumberInRange(scope, 'memoryAlarmThresholdPercent', props.memoryAlarmThresholdPercent, 1, 100);
  checkNumberInRange(scope, 'hitRateAlarmThresholdPercent', props.hitRateAlarmThresholdPercent, 0, 100);
  validateSnapshots(scope, props, resolved);
  validateRemovalPolicy(scope, props, resolved);
  checkSsmPath(scope, 'parameterPrefix', props.parameterPrefix, '/my-app/cache');
  validateAuthSecretName(scope, props, resolved);
  validateGlobalDatastore(scope, props);
  validateSubnets(scope, props);
}

/** Memcached for sessions (no persistence, no failover), and the engine version. */
function validateEngine(scope: IConstruct, resolved: ResolvedCacheKind): void {
  const { engine, usage, engineVersion } = resolved;
  const isMemcached = engine === CacheEngine.MEMCACHED;
  if (isMemcached && usage === CacheUsage.SESSION_STORE) {
    throw new BlueprintValidationError(
      scope,
      'usage',
      '`usage` must be CacheUsage.CACHE with `engine` CacheEngine.MEMCACHED, got: CacheUsage.SESSION_STORE. ' +
        'Memcached has no persistence, replication or failover: use Valkey for sessions',
    );
  }
  if (Token.isUnresolved(engineVersion)) return;
  if (!/^\d+\.\d+(\.\d+)?$/.test(engineVersion)) {
    throw new BlueprintValidationError(
      scope,
      'engineVersion',
      `\`engineVersion\` must look like '8.0' or '1.6.22', got: '${engineVersion}'`,
    );
  }
  if (isMemcached && compareVersions(engineVersion, '1.6.12') < 0) {
    throw new BlueprintValidationError(
      scope,
      'engineVersion',
      `\`engineVersion\` must be at least 1.6.12 for Memcached (TLS in transit), got: '${engineVersion}'`,
    );
  }
}

/** Throws for the first prop of `props` that is set, with `why`. */
function rejectEach(scope: IConstruct, props: Array<[string, unknown]>, why: (prop: string) => string): void {
  for (const [prop, value] of props) {
    if (value !== undefined) throw new BlueprintValidationError(scope, prop, why(prop));
  }
}

/** A serverless cache has no nodes to size; its usage limits have bounds. */
function validateServerlessFit(scope: IConstruct, props: CacheClusterProps): void {
  rejectEach(
    scope,
    [
      ['nodeType', props.nodeType],
      ['replicasPerShard', props.replicasPerShard],
      ['shards', props.shards],
      ['port', props.port],
      ['reservedMemoryPercent', props.reservedMemoryPercent],
      ['globalDatastore', props.globalDatastore],
    ],
    (prop) =>
      `\`${prop}\` does not apply when \`serverless\` is true: remove it, or set \`serverless\` to false`,
  );
  checkIntegerInRange(scope, 'serverlessMaxDataStorageGB', props.serverlessMaxDataStorageGB, 1, 5000);
  checkIntegerInRange(
    scope,
    'serverlessMaxEcpuPerSecond',
    props.serverlessMaxEcpuPerSecond,
    1000,
    15_000_000,
  );
}

/** Nodes have no serverless usage limits. */
function validateNodesFit(scope: IConstruct, props: CacheClusterProps): void {
  rejectEach(
    scope,
    [
      ['serverlessMaxDataStorageGB', props.serverlessMaxDataStorageGB],
      ['serverlessMaxEcpuPerSecond', props.serverlessMaxEcpuPerSecond],
    ],
    (prop) => `\`${prop}\` applies only when \`serverless\` is true`,
  );
}

/** Memcached has no replication, persistence or Global Datastore; its shards are nodes (1 to 40). */
function validateMemcachedFit(
  scope: IConstruct,
  props: CacheClusterProps,
  resolved: ResolvedCacheKind,
): void {
  rejectEach(
    scope,
    [
      ['replicasPerShard', props.replicasPerShard],
      ['reservedMemoryPercent', props.reservedMemoryPercent],
      ['globalDatastore', props.globalDatastore],
    ],
    (prop) =>
      `\`${prop}\` does not apply to Memcached (no replication, persistence or Global Datastore): remove it, or use CacheEngine.VALKEY`,
  );
  if (!resolved.serverless) {
    checkIntegerInRange(scope, 'shards', props.shards, 1, 40, 'For Memcached it is the number of nodes');
  }
}

/** Valkey and Redis OSS: replicas per shard (0 is a warning), shards. */
function validateReplication(scope: IConstruct, props: CacheClusterProps): void {
  checkIntegerInRange(scope, 'replicasPerShard', props.replicasPerShard, 0, 5);
  checkIntegerInRange(scope, 'shards', props.shards, 1, 500);
  if (props.replicasPerShard === 0 && (props.shards ?? 1) === 1) {
    Validations.of(scope).addWarning(
      'CacheCluster:replicasPerShard',
      '`replicasPerShard` is 0: one node, no multi-AZ and no automatic failover; a node failure loses the cache ' +
        '(and the sessions) until it is replaced',
    );
  }
}

function validateSnapshots(scope: IConstruct, props: CacheClusterProps, resolved: ResolvedCacheKind): void {
  const { engine } = resolved;
  const retention = props.snapshotRetention;
  checkWholeDuration(scope, 'snapshotRetention', retention, 'days', 0, 35);
  if (retention === undefined || retention.isUnresolved()) return;
  const days = retention.toDays({ integral: false });
  if (engine === CacheEngine.MEMCACHED && days > 0) {
    throw new BlueprintValidationError(
      scope,
      'snapshotRetention',
      `\`snapshotRetention\` does not apply to Memcached (no snapshots), got: ${retention.toHumanString()}`,
    );
  }
  if (days === 0 && engine !== CacheEngine.MEMCACHED) {
    Validations.of(scope).addWarning(
      'CacheCluster:snapshotRetention',
      '`snapshotRetention` is 0: no snapshots, the data cannot be restored after a failure of every node or a mistake',
    );
  }
}

function validateRemovalPolicy(
  scope: IConstruct,
  props: CacheClusterProps,
  resolved: ResolvedCacheKind,
): void {
  const { engine, serverless } = resolved;
  if (props.removalPolicy !== RemovalPolicy.SNAPSHOT) return;
  if (engine === CacheEngine.MEMCACHED || serverless) {
    throw new BlueprintValidationError(
      scope,
      'removalPolicy',
      '`removalPolicy` RemovalPolicy.SNAPSHOT is only possible with Valkey or Redis OSS on nodes, ' +
        `got it with ${serverless ? 'serverless' : 'Memcached'}: use RETAIN or DESTROY`,
    );
  }
}

function validateAuthSecretName(
  scope: IConstruct,
  props: CacheClusterProps,
  resolved: ResolvedCacheKind,
): void {
  const { engine } = resolved;
  const name = props.authSecretName;
  if (name === undefined) return;
  if (engine === CacheEngine.MEMCACHED) {
    throw new BlueprintValidationError(
      scope,
      'authSecretName',
      '`authSecretName` does not apply to Memcached (it has no AUTH token): remove it, or use CacheEngine.VALKEY',
    );
  }
  if (Token.isUnresolved(name)) return;
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
    throw new BlueprintValidationError(
      scope,
      'authSecretName',
      "`authSecretName` must be a Secrets Manager name such as 'my-app/session-store/auth' (1 to 512 letters, " +
        `digits and /_+=.@-), got: '${name}'`,
    );
  }
}

function validateGlobalDatastore(scope: IConstruct, props: CacheClusterProps): void {
  const global = props.globalDatastore;
  if (!global) return;
  if (global.role === GlobalDatastoreRole.SECONDARY) {
    if (global.globalReplicationGroupId === undefined || global.authSecret === undefined) {
      throw new BlueprintValidationError(
        scope,
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
          scope,
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
          scope,
          prop,
          `\`${prop}\` applies only to a SECONDARY \`globalDatastore\``,
        );
      }
    }
    const suffix = global.globalReplicationGroupIdSuffix;
    if (suffix !== undefined && !Token.isUnresolved(suffix) && !/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(suffix)) {
      throw new BlueprintValidationError(
        scope,
        'globalDatastore.globalReplicationGroupIdSuffix',
        '`globalDatastore.globalReplicationGroupIdSuffix` must start with a letter and have up to 40 letters, ' +
          `digits or hyphens, got: '${suffix}'`,
      );
    }
  }
}

function validateSubnets(scope: IConstruct, props: CacheClusterProps): void {
  let subnets: ec2.SelectedSubnets;
  try {
    subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  } catch (error) {
    throw new BlueprintValidationError(
      scope,
      'vpcSubnets',
      `\`vpcSubnets\` selects no subnet of the VPC (${(error as Error).message}). ` +
        'Give the VPC isolated subnets (the Network construct has them) or pass `vpcSubnets`',
    );
  }
  const zones = new Set(subnets.availabilityZones.filter((az) => !Token.isUnresolved(az)));
  if (subnets.subnetIds.length > 0 && zones.size === subnets.subnetIds.length && zones.size < 2) {
    throw new BlueprintValidationError(
      scope,
      'vpcSubnets',
      `\`vpcSubnets\` must select subnets in at least 2 Availability Zones (multi-AZ), got: ${zones.size}`,
    );
  }
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
