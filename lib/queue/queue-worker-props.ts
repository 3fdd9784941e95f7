import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { FargateTaskOptions } from '../service/fargate-task-options';

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
