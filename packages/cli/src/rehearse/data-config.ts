// Reads the data tier of a template: databases (Aurora Serverless v2 ACU bounds, instance classes,
// max_connections, the RDS Proxy pool) and queues (visibility timeout, the message-age alarm).
import { CfnTemplate } from '../diagram/assembly-reader';
import {
  alarmMetricSource,
  idsOfType,
  isRecord,
  numberValue,
  prop,
  referencedId,
  Resources,
  resourcesOf,
  stringValue,
} from './template-refs';

export interface DatabaseModel {
  readonly logicalId: string;
  readonly engine: string;
  /** Aurora Serverless v2 capacity bounds, when the cluster has them. */
  readonly serverless?: {
    readonly minAcu: number;
    readonly maxAcu: number;
    /** Idle time before a 0-ACU instance pauses (default 300 s). */
    readonly secondsUntilAutoPause: number;
  };
  /** The instances (writer first) with their class (`db.serverless` for Serverless v2). */
  readonly instances: ReadonlyArray<{ readonly logicalId: string; readonly instanceClass: string }>;
  /** The writer's max_connections, when the template lets us know it. */
  readonly maxConnections?: number;
  /** How `maxConnections` was found. */
  readonly maxConnectionsSource: string;
  /** The RDS Proxy in front of it. */
  readonly proxy?: { readonly logicalId: string; readonly maxConnectionsPercent: number };
}

export interface QueueModel {
  readonly logicalId: string;
  readonly visibilityTimeoutSeconds: number;
  /** Threshold of the ApproximateAgeOfOldestMessage alarm on the queue (the message-age SLO), in seconds. */
  readonly maxAgeSloSeconds?: number;
}

const GIB = 1024 ** 3;
/** Aurora Serverless v2: one ACU is about 2 GiB of memory. */
const GIB_PER_ACU = 2;

// The engines' default max_connections formulas, as lib/data/connection-budget.ts applies them at
// synth time (that module is internal to the construct package; a test keeps the two in step).
const VCPUS_BY_SIZE: Record<string, number> = {
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  '32xlarge': 128,
  '48xlarge': 192,
};
const GIB_PER_VCPU: Record<string, number> = { m: 4, r: 8, x: 16 };
const BURSTABLE_GIB: Record<string, number> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};
const AURORA_MYSQL_BY_CLASS: Record<string, number> = {
  't.medium': 90,
  't.large': 135,
  'r.large': 1000,
  'r.xlarge': 2000,
  'r.2xlarge': 3000,
  'r.4xlarge': 4000,
  'r.8xlarge': 5000,
  'r.12xlarge': 6000,
  'r.16xlarge': 6000,
  'r.24xlarge': 7000,
};

/** Nominal memory of an instance class in bytes, or undefined for classes the table does not know. */
export function instanceClassMemoryBytes(instanceClass: string): number | undefined {
  const match = /^(?:db\.)?([a-z]+)\d+[a-z0-9-]*\.([a-z0-9]+)$/.exec(instanceClass);
  if (!match) return undefined;
  const [, series, size] = match;
  if (series === 't') return BURSTABLE_GIB[size] === undefined ? undefined : BURSTABLE_GIB[size] * GIB;
  const perVcpu = GIB_PER_VCPU[series.charAt(0)];
  const vcpus = VCPUS_BY_SIZE[size];
  return perVcpu === undefined || vcpus === undefined ? undefined : perVcpu * vcpus * GIB;
}

/** The engine's default max_connections for an amount of memory. */
export function maxConnectionsForMemory(engine: string, memoryBytes: number): number {
  if (engine.includes('postgres')) return Math.min(Math.floor(memoryBytes / 9531392), 5000);
  if (engine === 'aurora-mysql' || engine === 'aurora') {
    return Math.max(
      1,
      Math.floor(
        Math.max(Math.log2(memoryBytes / 805306368) * 45, Math.log2(memoryBytes / 8187281408) * 1000),
      ),
    );
  }
  return Math.floor(memoryBytes / 12582880);
}

/** The databases of a template (clusters, and instances outside a cluster). */
export function readDatabases(template: CfnTemplate): DatabaseModel[] {
  const resources = resourcesOf(template);
  const proxies = readProxies(resources);
  const instances = idsOfType(resources, 'AWS::RDS::DBInstance');
  const databases: DatabaseModel[] = [];
  for (const clusterId of idsOfType(resources, 'AWS::RDS::DBCluster')) {
    const cluster = resources[clusterId];
    const members = instances
      .filter((id) => referencedId(prop(resources[id], 'DBClusterIdentifier')) === clusterId)
      .map((id) => ({
        logicalId: id,
        instanceClass: stringValue(prop(resources[id], 'DBInstanceClass')) ?? 'unknown',
        tier: numberValue(prop(resources[id], 'PromotionTier')) ?? 1,
      }))
      .sort((a, b) => a.tier - b.tier);
    const scaling = prop(cluster, 'ServerlessV2ScalingConfiguration');
    const serverless = isRecord(scaling)
      ? {
          minAcu: numberValue(scaling.MinCapacity) ?? 0.5,
          maxAcu: numberValue(scaling.MaxCapacity) ?? 16,
          secondsUntilAutoPause: numberValue(scaling.SecondsUntilAutoPause) ?? 300,
        }
      : undefined;
    const engine = stringValue(prop(cluster, 'Engine')) ?? 'aurora-postgresql';
    const writerClass = members[0]?.instanceClass;
    const fromParameters = parameterMaxConnections(resources, prop(cluster, 'DBClusterParameterGroupName'));
    const memory =
      writerClass === 'db.serverless' || (writerClass === undefined && serverless)
        ? serverless
          ? serverless.maxAcu * GIB_PER_ACU * GIB
          : undefined
        : writerClass
          ? instanceClassMemoryBytes(writerClass)
          : undefined;
    databases.push({
      logicalId: clusterId,
      engine,
      serverless,
      instances: members.map(({ logicalId, instanceClass }) => ({ logicalId, instanceClass })),
      ...maxConnectionsOf(engine, fromParameters, memory, writerClass, serverless?.maxAcu),
      proxy: proxies.get(clusterId),
    });
  }
  for (const instanceId of instances) {
    const instance = resources[instanceId];
    if (prop(instance, 'DBClusterIdentifier') !== undefined) continue;
    const engine = stringValue(prop(instance, 'Engine')) ?? 'postgres';
    const instanceClass = stringValue(prop(instance, 'DBInstanceClass')) ?? 'unknown';
    const fromParameters = parameterMaxConnections(resources, prop(instance, 'DBParameterGroupName'));
    databases.push({
      logicalId: instanceId,
      engine,
      instances: [{ logicalId: instanceId, instanceClass }],
      ...maxConnectionsOf(engine, fromParameters, instanceClassMemoryBytes(instanceClass), instanceClass),
      proxy: proxies.get(instanceId),
    });
  }
  return databases;
}

function maxConnectionsOf(
  engine: string,
  fromParameters: number | undefined,
  memory: number | undefined,
  writerClass: string | undefined,
  maxAcu?: number,
): { maxConnections?: number; maxConnectionsSource: string } {
  if (fromParameters !== undefined) {
    return { maxConnections: fromParameters, maxConnectionsSource: 'the max_connections parameter' };
  }
  if (engine.includes('mysql') && writerClass) {
    const match = /^(?:db\.)?([a-z])[a-z]*\d+[a-z0-9-]*\.([a-z0-9]+)$/.exec(writerClass);
    const documented = match ? AURORA_MYSQL_BY_CLASS[`${match[1]}.${match[2]}`] : undefined;
    if (documented !== undefined && engine.startsWith('aurora')) {
      return { maxConnections: documented, maxConnectionsSource: `Aurora MySQL's table for ${writerClass}` };
    }
  }
  if (memory === undefined) {
    return { maxConnectionsSource: `unknown for instance class ${writerClass ?? '(none)'}` };
  }
  const basis =
    maxAcu !== undefined && (writerClass === 'db.serverless' || writerClass === undefined)
      ? `${maxAcu} ACU × 2 GiB`
      : `${writerClass} (${memory / GIB} GiB)`;
  return {
    maxConnections: maxConnectionsForMemory(engine, memory),
    maxConnectionsSource: `the ${engine} default formula for ${basis}`,
  };
}

function parameterMaxConnections(resources: Resources, groupName: unknown): number | undefined {
  const group = resources[referencedId(groupName) ?? ''];
  const parameters = prop(group, 'Parameters');
  return isRecord(parameters) ? numberValue(parameters.max_connections) : undefined;
}

function readProxies(
  resources: Resources,
): Map<string, { logicalId: string; maxConnectionsPercent: number }> {
  const byDatabase = new Map<string, { logicalId: string; maxConnectionsPercent: number }>();
  for (const groupId of idsOfType(resources, 'AWS::RDS::DBProxyTargetGroup')) {
    const group = resources[groupId];
    const proxyId = referencedId(prop(group, 'DBProxyName')) ?? groupId;
    const pool = prop(group, 'ConnectionPoolConfigurationInfo');
    const percent = (isRecord(pool) ? numberValue(pool.MaxConnectionsPercent) : undefined) ?? 100;
    const targets = [
      ...(Array.isArray(prop(group, 'DBClusterIdentifiers'))
        ? (prop(group, 'DBClusterIdentifiers') as unknown[])
        : []),
      ...(Array.isArray(prop(group, 'DBInstanceIdentifiers'))
        ? (prop(group, 'DBInstanceIdentifiers') as unknown[])
        : []),
    ];
    for (const target of targets) {
      const id = referencedId(target);
      if (id) byDatabase.set(id, { logicalId: proxyId, maxConnectionsPercent: percent });
    }
  }
  return byDatabase;
}

/** The SQS queues of a template with their visibility timeout and message-age alarm. */
export function readQueues(template: CfnTemplate): QueueModel[] {
  const resources = resourcesOf(template);
  const ageAlarms = new Map<string, number>();
  for (const alarmId of idsOfType(resources, 'AWS::CloudWatch::Alarm')) {
    const properties = resources[alarmId].Properties ?? {};
    const source = alarmMetricSource(properties);
    if (source?.kind !== 'stat' || source.stat.metricName !== 'ApproximateAgeOfOldestMessage') continue;
    const queue = source.stat.dimensions.QueueName;
    const threshold = numberValue(properties.Threshold);
    if (queue && threshold !== undefined) ageAlarms.set(queue, threshold);
  }
  return idsOfType(resources, 'AWS::SQS::Queue').map((id) => ({
    logicalId: id,
    visibilityTimeoutSeconds: numberValue(prop(resources[id], 'VisibilityTimeout')) ?? 30,
    maxAgeSloSeconds: ageAlarms.get(id),
  }));
}
