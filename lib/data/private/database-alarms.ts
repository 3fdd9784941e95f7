import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { addAlarm } from '../../private/alarms';
import { GIB_PER_ACU, instanceClassMemoryBytes } from '../connection-budget';
import type { ReplicatedDatabase } from '../replicated-database';
import { ReplicatedDatabaseProps } from '../replicated-database-props';
import { DatabaseAlarmThresholds } from './database-observation';
import { DatabaseSettings } from './database-settings';

/**
 * The default alarms of a ReplicatedDatabase (CPU, connections, replica lag, freeable memory, free
 * storage), pushed onto `alarms`; returns their thresholds for the audit manifest.
 */
export function createDatabaseAlarms(
  db: ReplicatedDatabase,
  alarms: cloudwatch.Alarm[],
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
  hasReaders: boolean,
): DatabaseAlarmThresholds {
  const cpuThreshold = props.cpuAlarmThresholdPercent ?? 80;
  addAlarm(db, alarms, 'CpuAlarm', {
    metric: db.metricCPUUtilization(),
    threshold: cpuThreshold,
    evaluationPeriods: 3,
    description: `CPU of an instance above ${cpuThreshold} % for 15 minutes. Queries queue and latency rises: look at the slow-query log and Performance Insights, move reads to the reader endpoint, or scale up`,
  });
  let connectionsThreshold: number | undefined;
  const maxConnections = settings.maxConnections;
  if (maxConnections !== undefined) {
    const percent = props.connectionsAlarmThresholdPercent ?? 80;
    connectionsThreshold = Math.floor((maxConnections * percent) / 100);
    addAlarm(db, alarms, 'ConnectionsAlarm', {
      metric: db.metricDatabaseConnections(),
      threshold: connectionsThreshold,
      evaluationPeriods: 2,
      description: `more than ${connectionsThreshold} connections on an instance (${percent} % of max_connections ${maxConnections}) for 10 minutes. New connections will soon be refused: pool through the proxy or lower the clients' pool size`,
    });
  }
  if (hasReaders) addReplicaLagAlarms(db, alarms, props, settings);
  addMemoryAlarm(db, alarms, props, settings);
  if (!settings.aurora) {
    const storageThreshold =
      props.freeStorageAlarmThreshold?.toBytes() ??
      (props.existingInstance ? undefined : Math.floor(((props.allocatedStorageGiB ?? 20) * 1024 ** 3) / 10));
    if (storageThreshold !== undefined) {
      addAlarm(db, alarms, 'FreeStorageSpaceAlarm', {
        metric: db.metricFreeStorageSpace(),
        threshold: storageThreshold,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        description: `free storage below ${Math.round(storageThreshold / 1024 ** 3)} GiB for 15 minutes. Storage auto scaling may be at its limit or in its cool-down: raise maxAllocatedStorageGiB or clean up`,
      });
    }
  }
  return { cpuPercent: cpuThreshold, connections: connectionsThreshold, replicaLagAlarm: hasReaders };
}

/** One alarm on the cluster's maximum reader lag (Aurora), or one per RDS read replica. */
function addReplicaLagAlarms(
  db: ReplicatedDatabase,
  alarms: cloudwatch.Alarm[],
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
): void {
  const lag =
    props.replicaLagAlarmThreshold ?? (settings.aurora ? Duration.seconds(1) : Duration.seconds(60));
  const replicas = settings.aurora ? [undefined] : db.readReplicaInstances;
  replicas.forEach((replica, index) => {
    addAlarm(db, alarms, index === 0 ? 'ReplicaLagAlarm' : `Replica${index + 1}LagAlarm`, {
      metric: replica
        ? db.metricReplicaLag({ dimensionsMap: { DBInstanceIdentifier: replica.instanceIdentifier } })
        : db.metricReplicaLag(),
      threshold: settings.aurora ? lag.toMilliseconds() : lag.toSeconds({ integral: false }),
      evaluationPeriods: 2,
      description: `${replica ? `read replica ${index + 1}` : 'a reader'} is more than ${lag.toHumanString()} behind the writer for 10 minutes. Reads from it return stale data: look for long write transactions or an undersized replica`,
    });
  });
}

/** Below 10 % of the instance memory (of `serverlessMaxCapacity` × 2 GiB), when it is known. */
function addMemoryAlarm(
  db: ReplicatedDatabase,
  alarms: cloudwatch.Alarm[],
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
): void {
  const memoryBytes = props.existingInstance
    ? undefined
    : settings.serverless
      ? settings.serverlessMax * GIB_PER_ACU * 1024 ** 3
      : instanceClassMemoryBytes(settings.instanceType.toString());
  const threshold =
    props.freeableMemoryAlarmThreshold?.toBytes() ??
    (memoryBytes ? Math.floor(memoryBytes * 0.1) : undefined);
  if (threshold === undefined) return;
  addAlarm(db, alarms, 'FreeableMemoryAlarm', {
    metric: db.metricFreeableMemory(),
    threshold,
    evaluationPeriods: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    description: `freeable memory below ${Math.round(threshold / 1024 ** 2)} MiB for 15 minutes. The buffer cache shrinks and the engine may swap: reduce connections (each costs memory) or scale up`,
  });
}
