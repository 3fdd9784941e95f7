import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { IObservable, Observation } from '../observability/observable';
import { clientContainer, injectClientSettings } from '../private/client-settings';
import {
  baseServiceProps,
  checkEnvironmentKey,
  clusterFor,
  createFargateTask,
  dependOnCapacityProviders,
  runningTaskCountMetric,
} from '../private/fargate-task';
import { IServiceClient } from '../service/service-client';
import { queueWorkerObservation } from './private/queue-worker-observation';
import { validateQueueWorkerProps } from './private/validate-queue-worker-props';
import {
  createBacklogScaling,
  createQueues,
  createWakeFromZero,
  createWorkerAlarms,
} from './private/worker-resources';
import { AddProducerOptions, QueueWorkerProps } from './queue-worker-props';

export * from './queue-worker-props';

const DEFAULT_PROCESSING_TIME = Duration.seconds(10);
const DEFAULT_TARGET_LATENCY = Duration.minutes(5);

/**
 * An SQS queue with a dead-letter queue and a Fargate worker service that consumes it and scales
 * on backlog per task: CloudWatch metric math divides the visible messages by the running tasks
 * and target tracking keeps that at the backlog a task clears within the latency target
 * (`targetLatency` ÷ `messageProcessingTime`). It can scale to zero and wakes on the first message.
 *
 * The queue is encrypted (SQS-managed by default, or KMS), accepts only TLS, and moves messages that
 * fail `maxReceiveCount` times to a dead-letter queue that only this queue may redrive into. The
 * worker runs with the same hardened task settings as {@link WebService}.
 *
 * @example
 * const worker = new QueueWorker(stack, 'Worker', {
 *   vpc: network.vpc,
 *   image: ecs.ContainerImage.fromRegistry('my-registry/thumbnailer:1.4'),
 *   messageProcessingTime: Duration.seconds(2),
 *   targetLatency: Duration.minutes(1),
 * });
 * worker.addProducer(web);
 */
export class QueueWorker extends Construct implements IServiceClient, IObservable {
  /** The queue the workers consume (created, or the one given). */
  public readonly queue: sqs.IQueue;
  /** The dead-letter queue, when this construct created the queue with one. */
  public readonly deadLetterQueue?: sqs.Queue;
  /** The customer-managed key of the queues, when `encryption` is `KMS`. */
  public readonly encryptionKey?: kms.IKey;
  /** The cluster the workers run in (created, or the one given). */
  public readonly cluster: ecs.ICluster;
  /** The worker service. */
  public readonly service: ecs.FargateService;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The worker container: it receives the queue URL, and the settings of the stores it connects to. */
  public readonly container: ecs.ContainerDefinition;
  /** The worker tasks' security groups (no default port: the workers listen on none). */
  public readonly connections: ec2.Connections;
  /** The task role: what the stores and queues the workers use grant their permissions to. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The container log group (KMS-encrypted). */
  public readonly logGroup: logs.LogGroup;
  /** The task-count scaling of the worker service. */
  public readonly scaling: ecs.ScalableTaskCount;
  /** The backlog-per-task target-tracking policy (metric math, so written as CloudFormation). */
  public readonly backlogScalingPolicy: appscaling.CfnScalingPolicy;
  /** The fewest worker tasks. */
  public readonly minCapacity: number;
  /** The most worker tasks. */
  public readonly maxCapacity: number;
  /** Messages per running task the scaling keeps to. */
  public readonly acceptableBacklogPerTask: number;
  /** The default alarms, without actions (Observability adds them). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  private readonly targetLatency: Duration;

  constructor(scope: Construct, id: string, props: QueueWorkerProps) {
    super(scope, id);
    this.minCapacity = props.minCapacity ?? 1;
    this.maxCapacity = props.maxCapacity ?? 10;
    const processingTime = props.messageProcessingTime ?? DEFAULT_PROCESSING_TIME;
    this.targetLatency = props.targetLatency ?? DEFAULT_TARGET_LATENCY;
    validateQueueWorkerProps(this, props, processingTime, this.targetLatency);
    this.acceptableBacklogPerTask =
      props.acceptableBacklogPerTask ??
      Math.max(1, Math.floor(this.targetLatency.toMilliseconds() / processingTime.toMilliseconds()));

    const created = props.queue === undefined ? createQueues(this, props, processingTime) : undefined;
    this.queue = props.queue ?? created!.queue;
    this.deadLetterQueue = created?.deadLetterQueue;
    this.encryptionKey = created?.encryptionKey ?? props.queue?.encryptionMasterKey;

    this.cluster = clusterFor(this, props);
    const task = createFargateTask(this, props, {
      environment: { [props.queueUrlEnvironmentVariable ?? 'QUEUE_URL']: this.queue.queueUrl },
      // Time to finish the message in hand on scale-in or a Spot interruption (Fargate's maximum).
      stopTimeout: Duration.seconds(120),
    });
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;
    this.logGroup = task.logGroup;
    this.queue.grantConsumeMessages(this.taskDefinition.taskRole);

    this.service = new ecs.FargateService(this, 'Service', {
      ...baseServiceProps(this.cluster, this.taskDefinition, props),
      healthCheckGracePeriod: props.containerHealthCheck
        ? (props.healthCheckGracePeriod ?? Duration.seconds(60))
        : undefined,
      // Without DesiredCount, ECS starts one task when it creates the service: a worker that scales to
      // zero starts at zero instead. The service's count is then reset to 0 on a deployment that
      // changes it; the backlog policy brings workers back within a couple of minutes, and a task
      // being stopped gets `stopTimeout` (120 s) to finish its message.
      desiredCount: this.minCapacity === 0 ? 0 : undefined,
    });
    dependOnCapacityProviders(this.service, this.cluster);
    this.connections = this.service.connections;
    this.grantPrincipal = this.taskDefinition.taskRole;

    this.scaling = this.service.autoScaleTaskCount({
      minCapacity: this.minCapacity,
      maxCapacity: this.maxCapacity,
    });
    this.backlogScalingPolicy = createBacklogScaling(this);
    if (this.minCapacity === 0) createWakeFromZero(this);
    createWorkerAlarms(this, this.targetLatency);
  }

  /**
   * Let `grantee` send messages to the queue, and use its customer-managed key for that
   * (`kms:GenerateDataKey` and `kms:Decrypt` only: the L2 grant's `kms:ReEncrypt*` and
   * `kms:GenerateDataKey*` wildcards are not needed to send).
   */
  public grantSendMessages(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: [this.queue.queueArn],
      resource: this.queue,
    });
    this.encryptionKey?.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    return grant;
  }

  /**
   * Makes a client (a `WebService`, another `QueueWorker`, or any ECS service through
   * `ServiceClient.fromEcsService`) a producer: its container gets the queue URL in the environment
   * variable `options.environmentVariable` (`QUEUE_URL` by default), and its task role may send
   * messages.
   */
  public addProducer(producer: IServiceClient, options: AddProducerOptions = {}): iam.Grant {
    const environmentVariable = options.environmentVariable ?? 'QUEUE_URL';
    checkEnvironmentKey(this, 'environmentVariable', environmentVariable);
    injectClientSettings(clientContainer(producer, options.container), {
      environment: { [environmentVariable]: this.queue.queueUrl },
    });
    return this.grantSendMessages(producer);
  }

  /**
   * What this worker offers an Observability: the age of its oldest message (for the queue-age SLO),
   * dead letters and running tasks, its graphs, and its alarms with their own thresholds.
   */
  public observation(): Observation {
    return queueWorkerObservation(this);
  }

  /**
   * Messages waiting to be received (`ApproximateNumberOfMessagesVisible`).
   *
   * @default maximum over 1 minute
   */
  public metricApproximateNumberOfMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), ...props });
  }

  /**
   * Age of the oldest message in the queue (`ApproximateAgeOfOldestMessage`), in seconds: how late
   * the work is.
   *
   * @default maximum over 1 minute
   */
  public metricApproximateAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), ...props });
  }

  /**
   * Messages in the dead-letter queue (`ApproximateNumberOfMessagesVisible` of the DLQ): work that
   * failed `maxReceiveCount` times. Throws when there is no dead-letter queue.
   *
   * @default maximum over 1 minute
   */
  public metricDeadLetterQueueMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (!this.deadLetterQueue) {
      throw new BlueprintValidationError(
        this,
        'deadLetterQueueEnabled',
        'this QueueWorker has no dead-letter queue (`deadLetterQueueEnabled` is false or `queue` was given)',
      );
    }
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Backlog per task: visible messages ÷ running tasks (the visible messages themselves when no
   * task runs), the value the scaling keeps at `acceptableBacklogPerTask`.
   *
   * @default computed from 1-minute averages
   */
  public metricBacklogPerTask(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const period = props?.period ?? Duration.minutes(1);
    return new cloudwatch.MathExpression({
      expression: 'visible / IF(tasks > 0, tasks, 1)',
      usingMetrics: {
        visible: this.metricApproximateNumberOfMessagesVisible({
          statistic: cloudwatch.Stats.AVERAGE,
          period,
        }),
        tasks: this.metricRunningTasks({ statistic: cloudwatch.Stats.AVERAGE, period }),
      },
      label: props?.label ?? 'Backlog per task',
      period,
    });
  }

  /**
   * Running worker tasks (`RunningTaskCount`, ECS/ContainerInsights; Container Insights must be on
   * for the cluster).
   *
   * @default average over 1 minute
   */
  public metricRunningTasks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return runningTaskCountMetric(this.cluster, this.service, props);
  }

  /**
   * CPU utilization of the workers (`CPUUtilization`, AWS/ECS), in percent.
   *
   * @default average over 1 minute
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricCpuUtilization({ period: Duration.minutes(1), ...props });
  }
}
