import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Duration } from 'aws-cdk-lib';
import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  ThresholdComparison,
} from '../../observability/audit-manifest';
import { Observation, ObservedSignal } from '../../observability/observable';
import { graph, graphRow, LIMIT_COLOR } from '../../private/dashboard';
import type { ReplicatedDatabase } from '../replicated-database';

/** The thresholds of a ReplicatedDatabase's own alarms, as it created them. */
export interface DatabaseAlarmThresholds {
  /** CpuAlarm, percent. */
  readonly cpuPercent: number;
  /** ConnectionsAlarm, connections (only when `max_connections` is known). */
  readonly connections?: number;
  /** Whether the database has readers, and so a replica-lag alarm. */
  readonly replicaLagAlarm: boolean;
}

/**
 * Aurora Serverless v2 near its maximum capacity: the audit reads ACUUtilization above this as a
 * database that cannot scale up any further (the construct has no alarm on it).
 */
const AUDIT_ACU_SATURATION_PERCENT = 90;

/**
 * What a ReplicatedDatabase offers an Observability: CPU and connections with the thresholds of its
 * own alarms, the Serverless v2 capacity, replica lag, its graphs (with the proxy's client
 * connections) and its alarms.
 */
export function databaseObservation(
  db: ReplicatedDatabase,
  thresholds: DatabaseAlarmThresholds,
): Observation {
  const cpu = db.metricCPUUtilization();
  const connections = db.metricDatabaseConnections();
  const memory = db.metricFreeableMemory();
  const readLatency = db.metricReadLatency();
  const writeLatency = db.metricWriteLatency();
  const replicaLag = db.metricReplicaLag();
  const acu = db.metricACUUtilization();
  const maxConnections = db.maxConnections;
  const lagUnit = replicaLag.metricName === 'AuroraReplicaLagMaximum' ? 'ms' : 's';

  const signals: ObservedSignal[] = [
    {
      id: 'Cpu',
      label: 'CPU',
      metric: cpu,
      kind: SignalKind.SATURATION,
      unit: '%',
      concern: SignalConcern.DB_CPU,
      threshold: { comparison: ThresholdComparison.GREATER_THAN, value: thresholds.cpuPercent },
    },
    {
      id: 'Connections',
      label: 'connections',
      metric: connections,
      kind: SignalKind.SATURATION,
      unit: 'count',
      concern: SignalConcern.DB_CONNECTIONS,
      ...(maxConnections !== undefined && { capacity: maxConnections }),
      ...(thresholds.connections !== undefined && {
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: thresholds.connections },
      }),
    },
  ];
  if (acu) {
    signals.push({
      id: 'Acu',
      label: 'capacity (ACU)',
      metric: acu,
      kind: SignalKind.SCALING,
      unit: '%',
      concern: SignalConcern.DB_CAPACITY,
      threshold: { comparison: ThresholdComparison.GREATER_THAN, value: AUDIT_ACU_SATURATION_PERCENT },
    });
  }
  // Read latency, memory and the backlog are on the dashboard only: the manifest keeps to what the
  // audit judges, to fit an SSM parameter with all five tiers.
  if (thresholds.replicaLagAlarm) {
    signals.push({
      id: 'ReplicaLag',
      label: 'replica lag',
      metric: replicaLag,
      kind: SignalKind.SATURATION,
      unit: lagUnit,
      concern: SignalConcern.REPLICA_LAG,
    });
  }

  const graphs = [
    graph('CPU (%)', [cpu], { max: 100 }),
    graph('Connections', [connections], {
      annotations:
        maxConnections !== undefined
          ? [{ value: maxConnections, label: `max_connections ${maxConnections}`, color: LIMIT_COLOR }]
          : [],
      right: db.proxy
        ? [
            new cloudwatch.Metric({
              namespace: 'AWS/RDS',
              metricName: 'ClientConnections',
              dimensionsMap: { ProxyName: db.proxy.dbProxyName },
              // Published by each instance serving the proxy: their Sum per minute is the proxy's count.
              // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html
              statistic: 'Sum',
              period: Duration.minutes(1),
              label: 'proxy client connections',
            }),
          ]
        : undefined,
    }),
    graph('I/O latency (s)', [readLatency.with({ label: 'read' }), writeLatency.with({ label: 'write' })]),
    graph('Freeable memory (bytes)', [memory]),
  ];
  if (thresholds.replicaLagAlarm) graphs.push(graph(`Replica lag (${lagUnit})`, [replicaLag]));
  if (acu) graphs.push(graph('Capacity used (% of maximum ACUs)', [acu], { max: 100 }));
  return {
    tier: AuditTierKind.DATABASE,
    signals,
    widgets: graphRow(graphs),
    alarms: [...db.alarms],
  };
}
