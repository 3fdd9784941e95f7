import { Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
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
import { clientContainer, injectClientSettings } from '../private/client-settings';
import {
  addAlarm,
  addAtMaxCapacityAlarm,
  baseServiceProps,
  checkEnvironmentKey,
  clusterFor,
  createFargateTask,
  dependOnCapacityProviders,
  runningTaskCountMetric,
  validateFargateTaskOptions,
} from '../private/fargate-task';
import { secureKey } from '../private/kms-keys';
import { checkAtLeast, checkIntegerInRange, checkNotBoth, checkPositiveDuration } from '../private/validate';
import { FargateTaskOptions } from '../service/fargate-task-options';
import { IServiceClient } from '../service/service-client';
import { IObservable, Observation } from '../observability/observable';
import { queueWorkerObservation } from './private/queue-worker-observation';

/** Properties of a {@link QueueWorker}. */
export interface QueueWorkerProps extends FargateTaskOptions {
  /**
   * An existing queue to consume instead of creating one (and its dead-letter queue). Its
   * encryption, visibility timeout and redrive policy stay as they are: the queue props below
   * (`fifo`, `encryption`, `visibilityTimeout`, `retentionPeriod`, `deadLetterQueueEnabled`,
   * `maxReceiveCount`) cannot be combined with it.
   *
   * @default - a new queue with a dead-letter queue
   */
  readonly queue?: sqs.IQueue;

  /**
   * A FIFO queue (exactly-once processing, ordered per message group) instead of a standard one.
   *
   * @default false
   */
  readonly fifo?: boolean;

  /**
   * Server-side encryption of the queue and its dead-letter queue: `SQS_MANAGED` (SSE-SQS, no key to
   * manage), `KMS_MANAGED` (the `aws/sqs` key) or `KMS` (a customer-managed key, `encryptionMasterKey`
   * or a new one with rotation). Unencrypted queues are not offered.
   *
   * @default sqs.QueueEncryption.SQS_MANAGED
   */
  readonly encryption?: sqs.QueueEncryption;

  /**
   * The customer-managed key for `encryption: KMS`.
   *
   * @default - a new key with yearly rotation, when `encryption` is `KMS`
   */
  readonly encryptionMasterKey?: kms.IKey;

  /**
   * How long one message takes to process (typical, not best case). With `targetLatency` it sets
   * the acceptable backlog per task, and the visibility timeout defaults to 6 times it.
   *
   * @default Duration.seconds(10)
   */
  readonly messageProcessingTime?: Duration;

  /**
   * The longest a message should wait in the queue before a worker picks it up. The
   * age-of-oldest-message alarm fires above it.
   *
   * @default Duration.minutes(5)
   */
  readonly targetLatency?: Duration;

  /**
   * Messages waiting per running task that the scaling keeps to (target tracking on
   * visible messages ÷ running tasks).
   *
   * @default - `targetLatency` ÷ `messageProcessingTime`, rounded down (30 with the defaults)
   */
  readonly acceptableBacklogPerTask?: number;

  /**
   * How long a received message stays hidden from other workers. At least 6 × `messageProcessingTime`,
   * so a slow message is not delivered twice while it is still being processed.
   *
   * @default - 6 × `messageProcessingTime` (1 minute with the defaults)
   */
  readonly visibilityTimeout?: Duration;

  /**
   * How long the queue keeps an unprocessed message (1 minute to 14 days). The dead-letter queue
   * keeps messages 14 days.
   *
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;

  /**
   * Move messages that fail `maxReceiveCount` times to a dead-letter queue. Turning it off is
   * allowed with a warning: a poison message is then retried until it expires.
   *
   * @default true
   */
  readonly deadLetterQueueEnabled?: boolean;

  /**
   * Receives before a message moves to the dead-letter queue (1–1000).
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * The fewest worker tasks. 0 lets the service scale to zero when the queue is empty; a step
   * policy wakes it within about two minutes when messages arrive.
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /**
   * The most worker tasks (also the connection budget other tiers plan for).
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * Name of the environment variable that carries the queue URL into the worker container.
   *
   * @default 'QUEUE_URL'
   */
  readonly queueUrlEnvironmentVariable?: string;
}

/** Options of {@link QueueWorker.addProducer}. */
export interface AddProducerOptions {
  /**
   * The container that receives the queue URL.
   *
   * @default - the producer's `container`
   */
  readonly container?: ecs.ContainerDefinition;

  /**
   * Name of the environment variable that carries the queue URL.
   *
   * @default 'QUEUE_URL'
   */
  readonly environmentVariable?: string;
}

const DEFAULT_PROCESSING_TIME = Duration.seconds(10);
const DEFAULT_TARGET_LATENCY = Duration.minutes(5);
const VISIBILITY_FACTOR = 6;
const DEAD_LETTER_RETENTION = Duration.days(14);

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
    this.validateProps(props, processingTime);
    this.acceptableBacklogPerTask =
      props.acceptableBacklogPerTask ??
      Math.max(1, Math.floor(this.targetLatency.toMilliseconds() / processingTime.toMilliseconds()));

    const created = props.queue === undefined ? this.createQueues(props, processingTime) : undefined;
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
    this.backlogScalingPolicy = this.createBacklogScaling();
    if (this.minCapacity === 0) this.createWakeFromZero();
    this.createAlarms();
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

  private validateProps(props: QueueWorkerProps, processingTime: Duration): void {
    validateFargateTaskOptions(this, props);
    for (const [prop, value] of Object.entries({
      fifo: props.fifo,
      encryption: props.encryption,
      encryptionMasterKey: props.encryptionMasterKey,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      deadLetterQueueEnabled: props.deadLetterQueueEnabled,
      maxReceiveCount: props.maxReceiveCount,
    })) {
      checkNotBoth(this, 'queue', props.queue, prop, value);
    }
    checkIntegerInRange(this, 'maxCapacity', this.maxCapacity, 1, 1000);
    checkIntegerInRange(this, 'minCapacity', this.minCapacity, 0, 1000);
    checkAtLeast(this, 'maxCapacity', this.maxCapacity, 'minCapacity', this.minCapacity);
    checkIntegerInRange(this, 'maxReceiveCount', props.maxReceiveCount, 1, 1000);
    checkPositiveDuration(this, 'messageProcessingTime', props.messageProcessingTime);
    checkPositiveDuration(this, 'targetLatency', props.targetLatency);
    if (props.acceptableBacklogPerTask !== undefined && !Token.isUnresolved(props.acceptableBacklogPerTask)) {
      if (!(props.acceptableBacklogPerTask > 0) || !Number.isFinite(props.acceptableBacklogPerTask)) {
        throw new BlueprintValidationError(
          this,
          'acceptableBacklogPerTask',
          `\`acceptableBacklogPerTask\` must be a positive number, got: ${props.acceptableBacklogPerTask}`,
        );
      }
    }
    if (props.queueUrlEnvironmentVariable !== undefined) {
      checkEnvironmentKey(this, 'queueUrlEnvironmentVariable', props.queueUrlEnvironmentVariable);
    }
    this.validateTimings(props, processingTime);
    this.validateEncryption(props);
    if (props.deadLetterQueueEnabled === false) {
      Validations.of(this).addWarning(
        'QueueWorker:deadLetterQueueEnabled',
        '`deadLetterQueueEnabled` is false: a message that always fails is retried until `retentionPeriod` ends and ' +
          'blocks a worker each time (cdk-nag AwsSolutions-SQS3 and Control Tower CT.SQS.PR.1 report the queue until ' +
          'acknowledged on it)',
      );
    }
  }

  private validateTimings(props: QueueWorkerProps, processingTime: Duration): void {
    if (processingTime.isUnresolved() || this.targetLatency.isUnresolved()) return;
    if (processingTime.toMilliseconds() > Duration.hours(2).toMilliseconds()) {
      throw new BlueprintValidationError(
        this,
        'messageProcessingTime',
        `\`messageProcessingTime\` must be at most 2 hours (6 × it must fit the 12-hour visibility timeout limit), ` +
          `got: ${processingTime.toHumanString()}`,
      );
    }
    if (
      props.acceptableBacklogPerTask === undefined &&
      this.targetLatency.toMilliseconds() < processingTime.toMilliseconds()
    ) {
      throw new BlueprintValidationError(
        this,
        'targetLatency',
        `\`targetLatency\` must be at least \`messageProcessingTime\` (${processingTime.toHumanString()}), got: ` +
          `${this.targetLatency.toHumanString()}; a message cannot wait less than it takes to process one`,
      );
    }
    const visibility = props.visibilityTimeout;
    if (visibility !== undefined && !visibility.isUnresolved()) {
      const minimum = processingTime.toMilliseconds() * VISIBILITY_FACTOR;
      if (visibility.toMilliseconds() < minimum) {
        throw new BlueprintValidationError(
          this,
          'visibilityTimeout',
          `\`visibilityTimeout\` must be at least 6 × \`messageProcessingTime\` (6 × ${processingTime.toHumanString()} = ` +
            `${Duration.millis(minimum).toHumanString()}), got: ${visibility.toHumanString()}; otherwise a message ` +
            'still being processed becomes visible again and is processed twice',
        );
      }
      if (visibility.toMilliseconds() > Duration.hours(12).toMilliseconds()) {
        throw new BlueprintValidationError(
          this,
          'visibilityTimeout',
          `\`visibilityTimeout\` must be at most 12 hours (the SQS limit), got: ${visibility.toHumanString()}`,
        );
      }
    }
    const retention = props.retentionPeriod;
    if (retention !== undefined && !retention.isUnresolved()) {
      const seconds = retention.toSeconds({ integral: false });
      if (seconds < 60 || seconds > DEAD_LETTER_RETENTION.toSeconds()) {
        throw new BlueprintValidationError(
          this,
          'retentionPeriod',
          `\`retentionPeriod\` must be between 1 minute and 14 days, got: ${retention.toHumanString()}`,
        );
      }
    }
  }

  private validateEncryption(props: QueueWorkerProps): void {
    if (props.encryption === sqs.QueueEncryption.UNENCRYPTED) {
      throw new BlueprintValidationError(
        this,
        'encryption',
        '`encryption` must be SQS_MANAGED, KMS_MANAGED or KMS, got: UNENCRYPTED; queue messages are always encrypted at rest',
      );
    }
    if (props.encryptionMasterKey !== undefined && props.encryption !== sqs.QueueEncryption.KMS) {
      throw new BlueprintValidationError(
        this,
        'encryptionMasterKey',
        `\`encryptionMasterKey\` requires \`encryption: sqs.QueueEncryption.KMS\`, got: ${props.encryption ?? 'SQS_MANAGED (default)'}`,
      );
    }
  }

  private createQueues(
    props: QueueWorkerProps,
    processingTime: Duration,
  ): { queue: sqs.Queue; deadLetterQueue?: sqs.Queue; encryptionKey?: kms.IKey } {
    const encryption = props.encryption ?? sqs.QueueEncryption.SQS_MANAGED;
    const encryptionKey =
      encryption === sqs.QueueEncryption.KMS
        ? (props.encryptionMasterKey ?? secureKey(this, 'Key', `Encrypts the queues of ${this.node.path}`))
        : undefined;
    const fifo = props.fifo ? true : undefined;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    // The queue gets a physical name so the dead-letter queue's redrive-allow policy can name it
    // without a circular reference (the queue's redrive policy already points at the DLQ).
    const queueName = `${Names.uniqueResourceName(this, { maxLength: 70 })}${props.fifo ? '.fifo' : ''}`;

    let deadLetterQueue: sqs.Queue | undefined;
    if (props.deadLetterQueueEnabled ?? true) {
      const sourceQueueArn = Stack.of(this).formatArn({ service: 'sqs', resource: queueName });
      deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
        fifo,
        encryption,
        encryptionMasterKey: encryptionKey,
        enforceSSL: true,
        retentionPeriod: DEAD_LETTER_RETENTION,
        removalPolicy,
        redriveAllowPolicy: {
          redrivePermission: sqs.RedrivePermission.BY_QUEUE,
          sourceQueues: [sqs.Queue.fromQueueArn(this, 'SourceQueueRef', sourceQueueArn)],
        },
      });
    }

    const queue = new sqs.Queue(this, 'Queue', {
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
  private createBacklogScaling(): appscaling.CfnScalingPolicy {
    const target = this.scaling.node.findChild('Target') as appscaling.ScalableTarget;
    const queueName = this.queue.queueName;
    return new appscaling.CfnScalingPolicy(this, 'BacklogPerTaskScaling', {
      policyName: Names.uniqueResourceName(this, { maxLength: 200 }) + '-backlog-per-task',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: this.acceptableBacklogPerTask,
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
                    { name: 'ClusterName', value: this.cluster.clusterName },
                    { name: 'ServiceName', value: this.service.serviceName },
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
  private createWakeFromZero(): void {
    this.scaling.scaleOnMetric('WakeFromZero', {
      metric: new cloudwatch.MathExpression({
        expression: 'IF(FILL(visible, 0) > 0 AND FILL(tasks, 0) < 1, 1, 0)',
        usingMetrics: {
          visible: this.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM }),
          tasks: this.metricRunningTasks({ statistic: cloudwatch.Stats.MAXIMUM }),
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

  private createAlarms(): void {
    const latencySeconds = this.targetLatency.toSeconds({ integral: false });
    addAlarm(this, this.alarms, 'OldestMessageAgeAlarm', {
      metric: this.metricApproximateAgeOfOldestMessage(),
      threshold: latencySeconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      description:
        `the oldest message has waited more than ${this.targetLatency.toHumanString()} (\`targetLatency\`) for 3 ` +
        'minutes: the workers are not keeping up (at maxCapacity, failing, or a poison message being retried)',
    });
    if (this.deadLetterQueue) {
      addAlarm(this, this.alarms, 'DeadLetterQueueAlarm', {
        metric: this.metricDeadLetterQueueMessagesVisible(),
        threshold: 0,
        evaluationPeriods: 1,
        description:
          'the dead-letter queue holds at least one message: work failed `maxReceiveCount` times and will not be ' +
          'retried until someone inspects it and redrives it (see the QueueWorker runbook)',
      });
    }
    addAtMaxCapacityAlarm(
      this,
      this.alarms,
      this.metricRunningTasks({ statistic: cloudwatch.Stats.MAXIMUM }),
      this.maxCapacity,
      'the backlog and the age of the oldest message keep growing',
    );
  }
}
