import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { createAlarm } from '../../private/alarms';
import { graph, graphRow, LIMIT_COLOR, WARNING_COLOR } from '../../private/dashboard';
import { AuditTierKind, SignalConcern, SignalKind, ThresholdComparison } from '../audit-manifest';
import { Observation } from '../observable';
import { loadBalancerRequestMetrics } from '../../private/request-metrics';
import { FAST_PERIOD } from './slo-sections';

/**
 * What Observability offers on behalf of resources no construct of this library owns (the legacy
 * uplift's existing load balancer and database): the same shape an `IObservable` returns, so both
 * are composed the same way.
 */

/** Resource signals: five-minute periods (RDS publishes at one or five minutes), alarms over 15 minutes. */
const SLOW_PERIOD = Duration.minutes(5);

/**
 * An existing Application Load Balancer: its request metrics carry the request SLOs; connections
 * and (with its target group) healthy and unhealthy targets show saturation.
 */
export function loadBalancerObservation(
  loadBalancer: elbv2.IApplicationLoadBalancer,
  targetGroup: elbv2.IApplicationTargetGroup | undefined,
): Observation {
  const period = FAST_PERIOD;
  const activeConnections = loadBalancer.metrics.activeConnectionCount({ period, statistic: 'Sum' });
  const rejectedConnections = loadBalancer.metrics.rejectedConnectionCount({ period, statistic: 'Sum' });
  const healthy = targetGroup?.metrics.healthyHostCount({ period, statistic: 'Minimum' });
  const unhealthy = targetGroup?.metrics.unhealthyHostCount({ period, statistic: 'Maximum' });
  const saturation: cloudwatch.IMetric[] = [activeConnections, rejectedConnections];
  if (healthy && unhealthy) saturation.push(healthy, unhealthy);
  return {
    tier: AuditTierKind.WEB,
    requests: loadBalancerRequestMetrics(loadBalancer),
    signals:
      healthy && unhealthy
        ? [
            {
              id: 'HealthyHosts',
              label: 'healthy targets',
              metric: healthy,
              kind: SignalKind.SATURATION,
              unit: 'count',
            },
            {
              id: 'UnhealthyHosts',
              label: 'unhealthy targets',
              metric: unhealthy,
              kind: SignalKind.ERRORS,
              unit: 'count',
              threshold: { comparison: ThresholdComparison.GREATER_THAN, value: 0 },
            },
          ]
        : [],
    widgets: graphRow([graph('Saturation: connections and targets', saturation)]),
    alarms: [],
  };
}

/** Options of {@link databaseInstanceObservation} (validated by Observability). */
export interface DatabaseInstanceSettings {
  readonly maxConnections?: number;
  readonly cpuAlarmThresholdPercent: number;
}

/**
 * An existing RDS instance: a CPU alarm, a connections alarm when `maxConnections` is known (both
 * created in `scope`, under Observability: nothing else owns them), and CPU, connections, latency,
 * IOPS and memory on the dashboard.
 */
export function databaseInstanceObservation(
  scope: Construct,
  subject: string,
  instance: rds.IDatabaseInstance,
  settings: DatabaseInstanceSettings,
): Observation {
  const period = SLOW_PERIOD;
  const { maxConnections, cpuAlarmThresholdPercent: cpuThreshold } = settings;
  const cpu = instance.metricCPUUtilization({ period, statistic: 'Maximum' });
  const connections = instance.metricDatabaseConnections({ period, statistic: 'Maximum' });
  const memory = instance.metricFreeableMemory({ period, statistic: 'Minimum' });
  const readLatency = instance.metric('ReadLatency', { period, statistic: 'Average' });
  const writeLatency = instance.metric('WriteLatency', { period, statistic: 'Average' });
  const readIops = instance.metric('ReadIOPS', { period, statistic: 'Average' });
  const writeIops = instance.metric('WriteIOPS', { period, statistic: 'Average' });
  const connectionsThreshold = maxConnections !== undefined ? Math.floor(maxConnections * 0.8) : undefined;

  const alarms = [
    createAlarm(scope, 'CpuAlarm', {
      metric: cpu,
      threshold: cpuThreshold,
      evaluationPeriods: 3,
      subject,
      description:
        `CPU above ${cpuThreshold} % for 15 minutes: queries queue and latency rises; find the slow queries ` +
        '(slow-query log, Performance Insights), add indexes or read replicas, or scale the instance up',
    }),
  ];
  if (connectionsThreshold !== undefined) {
    alarms.push(
      createAlarm(scope, 'ConnectionsAlarm', {
        metric: connections,
        threshold: connectionsThreshold,
        evaluationPeriods: 3,
        subject,
        description:
          `Connections above 80 % of max_connections (${maxConnections}) for 15 minutes: the pool is close to ` +
          'exhaustion; put RDS Proxy in front or reduce the pool size per task',
      }),
    );
  }
  return {
    tier: AuditTierKind.DATABASE,
    signals: [
      {
        id: 'Cpu',
        label: 'CPU',
        metric: cpu,
        kind: SignalKind.SATURATION,
        unit: '%',
        concern: SignalConcern.DB_CPU,
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: cpuThreshold },
      },
      {
        id: 'Connections',
        label: 'connections',
        metric: connections,
        kind: SignalKind.SATURATION,
        unit: 'count',
        concern: SignalConcern.DB_CONNECTIONS,
        ...(maxConnections !== undefined && {
          capacity: maxConnections,
          threshold: { comparison: ThresholdComparison.GREATER_THAN, value: connectionsThreshold! },
        }),
      },
      {
        id: 'ReadLatency',
        label: 'read latency',
        metric: readLatency,
        kind: SignalKind.LATENCY,
        unit: 'ms',
        scale: 1000,
        concern: SignalConcern.DB_LATENCY,
      },
    ],
    widgets: graphRow([
      graph('CPU (%)', [cpu], {
        annotations: [{ value: cpuThreshold, label: 'alarm', color: WARNING_COLOR }],
      }),
      graph('Connections', [connections], {
        annotations:
          maxConnections !== undefined
            ? [{ value: maxConnections, label: 'max_connections', color: LIMIT_COLOR }]
            : [],
      }),
      graph('Latency (s)', [readLatency, writeLatency]),
      graph('IOPS', [readIops, writeIops]),
      graph('Freeable memory (bytes)', [memory]),
    ]),
    alarms,
  };
}
