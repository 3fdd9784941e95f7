import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { addAlarm } from '../../private/alarms';
import { addAtMaxCapacityAlarm } from '../../private/fargate-task';
import { secureKey } from '../../private/kms-keys';
import type { QueueWorker } from '../queue-worker';
import { QueueWorkerProps } from '../queue-worker-props';
import { DEAD_LETTER_RETENTION, VISIBILITY_FACTOR } from './validate-queue-worker-props';
import { stackInstanceSuffix } from '../../private/names';

/** The queues, the scaling policies and the alarms of a QueueWorker. */

/**
 * The queue (`Queue`, with a physical name) and its dead-letter queue (`DeadLetterQueue`), encrypted
 * (SQS-managed, `aws/sqs` or a customer-managed key, `Key`), TLS only; the DLQ accepts redrives from
 * this queue only.
 */
export function createQueues(
  worker: QueueWorker,
  props: QueueWorkerProps,
  processingTime: Duration,
): { queue: sqs.Queue; deadLetterQueue?: sqs.Queue; encryptionKey?: kms.IKey } {
  const encryption = props.encryption ?? sqs.QueueEncryption.SQS_MANAGED;
  const encryptionKey =
    encryption === sqs.QueueEncryption.KMS
      ? (props.encryptionMasterKey ?? secureKey(worker, 'Key', `Encrypts the queues of ${worker.node.path}`))
      : undefined;
  const fifo = props.fifo ? true : undefined;
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
  // The queue gets a physical name so the dead-letter queue's redrive-allow policy can name it
  // without a circular reference (the queue's redrive policy already points at the DLQ).
  // The name ends with the stack instance's suffix: a queue retained by a deleted stack never blocks
  // the queue of the stack created again (80 characters at most, `.fifo` included).
  const queueName =
    `${Names.uniqueResourceName(worker, { maxLength: 61 })}-${stackInstanceSuffix()}` +
    (props.fifo ? '.fifo' : '');

  let deadLetterQueue: sqs.Queue | undefined;
  if (props.deadLetterQueueEnabled ?? true) {
    const sourceQueueArn = Stack.of(worker).formatArn({ service: 'sqs', resource: queueName });
    deadLetterQueue = new sqs.Queue(worker, 'DeadLetterQueue', {
      fifo,
      encryption,
      encryptionMasterKey: encryptionKey,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy,
      redriveAllowPolicy: {
        redrivePermission: sqs.RedrivePermission.BY_QUEUE,
        sourceQueues: [sqs.Queue.fromQueueArn(worker, 'SourceQueueRef', sourceQueueArn)],
      },
    });
  }

  const queue = new sqs.Queue(worker, 'Queue', {
    queueName,
    fifo,
    encryption,
    encryptionMasterKey: encryptionKey,
    enforceSSL: true,
    visibilityTimeout:
      props.visibilityTimeout ?? Duration.millis(processingTime.toMilliseconds() * VISIBILITY_FACTOR),
    retentionPeriod: props.retentionPeriod ?? Duration.days(4),
    removalPolicy,
    deadLetterQueue: deadLetterQueue
      ? { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 }
      : undefined,
  });
  return { queue, deadLetterQueue, encryptionKey };
}

/**
 * Target tracking on visible messages ÷ running tasks. The L2 target-tracking policy accepts only
 * a single metric, so this is the CloudFormation resource with a metric-math customized metric.
 */
export function createBacklogScaling(worker: QueueWorker): appscaling.CfnScalingPolicy {
  const target = worker.scaling.node.findChild('Target') as appscaling.ScalableTarget;
  const queueName = worker.queue.queueName;
  return new appscaling.CfnScalingPolicy(worker, 'BacklogPerTaskScaling', {
    policyName: Names.uniqueResourceName(worker, { maxLength: 200 }) + '-backlog-per-task',
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.scalableTargetId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: worker.acceptableBacklogPerTask,
      scaleOutCooldown: 60,
      scaleInCooldown: 120,
      customizedMetricSpecification: {
        metrics: [
          {
            id: 'visible',
            label: 'Visible messages',
            returnData: false,
            metricStat: {
              metric: {
                namespace: 'AWS/SQS',
                metricName: 'ApproximateNumberOfMessagesVisible',
                dimensions: [{ name: 'QueueName', value: queueName }],
              },
              stat: 'Average',
            },
          },
          {
            id: 'tasks',
            label: 'Running tasks',
            returnData: false,
            metricStat: {
              metric: {
                namespace: 'ECS/ContainerInsights',
                metricName: 'RunningTaskCount',
                dimensions: [
                  { name: 'ClusterName', value: worker.cluster.clusterName },
                  { name: 'ServiceName', value: worker.service.serviceName },
                ],
              },
              stat: 'Average',
            },
          },
          {
            id: 'backlogPerTask',
            label: 'Backlog per task',
            expression: 'visible / IF(tasks > 0, tasks, 1)',
            returnData: true,
          },
        ],
      },
    },
  });
}

/**
 * At zero tasks target tracking has nothing to multiply (desired = current × ratio = 0), so a
 * step policy starts the first task as soon as a message is visible and no task runs.
 */
export function createWakeFromZero(worker: QueueWorker): void {
  worker.scaling.scaleOnMetric('WakeFromZero', {
    metric: new cloudwatch.MathExpression({
      expression: 'IF(FILL(visible, 0) > 0 AND FILL(tasks, 0) < 1, 1, 0)',
      usingMetrics: {
        visible: worker.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM }),
        tasks: worker.metricRunningTasks({ statistic: cloudwatch.Stats.MAXIMUM }),
      },
      label: 'Messages waiting and no worker running',
      period: Duration.minutes(1),
    }),
    adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
    cooldown: Duration.minutes(2),
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    scalingSteps: [
      { upper: 1, change: 0 },
      { lower: 1, change: 1 },
    ],
  });
}

/** The default alarms: age of the oldest message (`targetLatency`), dead letters, at maximum capacity. */
export function createWorkerAlarms(worker: QueueWorker, targetLatency: Duration): void {
  const latencySeconds = targetLatency.toSeconds({ integral: false });
  addAlarm(worker, worker.alarms, 'OldestMessageAgeAlarm', {
    metric: worker.metricApproximateAgeOfOldestMessage(),
    threshold: latencySeconds,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    description:
      `the oldest message has waited more than ${targetLatency.toHumanString()} (\`targetLatency\`) for 3 ` +
      'minutes: the workers are not keeping up (at maxCapacity, failing, or a poison message being retried)',
  });
  if (worker.deadLetterQueue) {
    addAlarm(worker, worker.alarms, 'DeadLetterQueueAlarm', {
      metric: worker.metricDeadLetterQueueMessagesVisible(),
      threshold: 0,
      evaluationPeriods: 1,
      description:
        'the dead-letter queue holds at least one message: work failed `maxReceiveCount` times and will not be ' +
        'retried until someone inspects it and redrives it (see the QueueWorker runbook)',
    });
  }
  addAtMaxCapacityAlarm(
    worker,
    worker.alarms,
    worker.metricRunningTasks({ statistic: cloudwatch.Stats.MAXIMUM }),
    worker.maxCapacity,
    'the backlog and the age of the oldest message keep growing',
  );
}
