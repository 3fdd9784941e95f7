import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  ThresholdComparison,
} from '../../observability/audit-manifest';
import { Observation } from '../../observability/observable';
import { graph, graphRow, LIMIT_COLOR, WARNING_COLOR } from '../../private/dashboard';
import type { QueueWorker } from '../queue-worker';

/**
 * What a QueueWorker offers an Observability: the age of its oldest message (for the queue-age
 * SLO), the dead-letter queue and running tasks against `maxCapacity`, backlog and scaling graphs,
 * and its own alarms with their own thresholds (age against `targetLatency`, dead letters, at
 * maximum capacity).
 */
export function queueWorkerObservation(worker: QueueWorker): Observation {
  const visible = worker.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' });
  const deadLetters = worker.deadLetterQueue
    ? worker.metricDeadLetterQueueMessagesVisible({ statistic: 'Maximum' })
    : undefined;
  const running = worker.metricRunningTasks({ statistic: 'Maximum' });
  const cpu = worker.metricCpuUtilization();
  const graphs = [
    graph('Backlog: messages waiting', [visible.with({ label: 'visible' })], {
      right: [worker.metricBacklogPerTask()],
    }),
    graph('Scaling: running vs maximum tasks', [running.with({ label: 'running tasks' })], {
      annotations: [
        { value: worker.maxCapacity, label: `maximum ${worker.maxCapacity}`, color: LIMIT_COLOR },
        { value: worker.minCapacity, label: `minimum ${worker.minCapacity}`, color: WARNING_COLOR },
      ],
      right: [cpu.with({ label: 'CPU (%)' })],
    }),
  ];
  if (deadLetters) graphs.push(graph('Dead-letter queue', [deadLetters]));
  return {
    tier: AuditTierKind.QUEUE,
    oldestMessageAge: worker.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum' }),
    signals: [
      ...(deadLetters
        ? [
            {
              id: 'DeadLetters',
              label: 'dead letters',
              metric: deadLetters,
              kind: SignalKind.ERRORS,
              concern: SignalConcern.DEAD_LETTERS,
              // The threshold of the construct's DeadLetterQueueAlarm.
              threshold: { comparison: ThresholdComparison.GREATER_THAN, value: 0 },
            },
          ]
        : []),
      {
        id: 'RunningTasks',
        label: 'running tasks',
        metric: running,
        kind: SignalKind.SCALING,
        concern: SignalConcern.TASKS_AT_MAX,
        capacity: worker.maxCapacity,
        // The threshold of the construct's AtMaxCapacityAlarm.
        threshold: { comparison: ThresholdComparison.GREATER_THAN_OR_EQUAL, value: worker.maxCapacity },
      },
    ],
    widgets: graphRow(graphs),
    alarms: [...worker.alarms] as cloudwatch.AlarmBase[],
  };
}
