import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  ThresholdComparison,
} from '../../observability/audit-manifest';
import { Observation } from '../../observability/observable';
import { graph, graphRow, LIMIT_COLOR, WARNING_COLOR } from '../../private/dashboard';
import { loadBalancerRequestMetrics } from '../../private/request-metrics';
import type { WebService } from '../web-service';

/**
 * CPU the audit reads as saturation. A WebService has no CPU alarm (CPU drives its scaling, with a
 * target of 60 % by default): sustained CPU above this means scaling does not keep the service cool.
 */
const AUDIT_CPU_SATURATION_PERCENT = 80;

/**
 * What a WebService offers an Observability: its load balancer's request metrics (for the request
 * SLOs), CPU and running tasks against `maxCapacity`, saturation and scaling graphs, and its own
 * alarms with their own thresholds (latency, the deployment-rollback 5xx and unhealthy-host alarms,
 * at maximum capacity).
 */
export function webServiceObservation(web: WebService): Observation {
  const cpu = web.metricCpuUtilization();
  const memory = web.metricMemoryUtilization();
  const running = web.metricRunningTasks({ statistic: 'Maximum' });
  const unhealthy = web.metricUnhealthyHosts();
  return {
    tier: AuditTierKind.WEB,
    requests: loadBalancerRequestMetrics(web.loadBalancer),
    signals: [
      {
        id: 'Cpu',
        label: 'CPU',
        metric: cpu,
        kind: SignalKind.SATURATION,
        unit: '%',
        concern: SignalConcern.CPU,
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: AUDIT_CPU_SATURATION_PERCENT },
      },
      {
        id: 'RunningTasks',
        label: 'running tasks',
        metric: running,
        kind: SignalKind.SCALING,
        unit: 'count',
        concern: SignalConcern.TASKS_AT_MAX,
        capacity: web.maxCapacity,
        // The threshold of the construct's AtMaxCapacityAlarm.
        threshold: { comparison: ThresholdComparison.GREATER_THAN_OR_EQUAL, value: web.maxCapacity },
      },
    ],
    widgets: graphRow([
      graph(
        'Saturation: CPU and memory (%)',
        [cpu.with({ label: 'CPU' }), memory.with({ label: 'memory' })],
        {
          max: 100,
          right: [unhealthy.with({ label: 'unhealthy targets' })],
        },
      ),
      graph('Scaling: running vs maximum tasks', [running.with({ label: 'running tasks' })], {
        annotations: [
          { value: web.maxCapacity, label: `maximum ${web.maxCapacity}`, color: LIMIT_COLOR },
          { value: web.minCapacity, label: `minimum ${web.minCapacity}`, color: WARNING_COLOR },
        ],
      }),
    ]),
    alarms: [...web.alarms] as cloudwatch.AlarmBase[],
  };
}
