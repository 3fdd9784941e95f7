import { Duration, Token, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BlueprintValidationError } from '../../errors';
import { checkEnvironmentKey, validateFargateTaskOptions } from '../../private/fargate-task';
import {
  checkAtLeast,
  checkIntegerInRange,
  checkNotBoth,
  checkPositiveDuration,
} from '../../private/validate';
import type { QueueWorker } from '../queue-worker';
import { QueueWorkerProps } from '../queue-worker-props';

/** Six visibility timeouts per processing time: a slow message is not delivered twice. */
export const VISIBILITY_FACTOR = 6;
/** How long the dead-letter queue keeps messages, and the longest retention SQS allows. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * Validation of {@link QueueWorkerProps}, one function per concern, run before any child exists
 * (`minCapacity` and `maxCapacity` are resolved first).
 */
export function validateQueueWorkerProps(
  worker: QueueWorker,
  props: QueueWorkerProps,
  processingTime: Duration,
  targetLatency: Duration,
): void {
  validateFargateTaskOptions(worker, props);
  for (const [prop, value] of Object.entries({
    fifo: props.fifo,
    encryption: props.encryption,
    encryptionMasterKey: props.encryptionMasterKey,
    visibilityTimeout: props.visibilityTimeout,
    retentionPeriod: props.retentionPeriod,
    deadLetterQueueEnabled: props.deadLetterQueueEnabled,
    maxReceiveCount: props.maxReceiveCount,
  })) {
    checkNotBoth(worker, 'queue', props.queue, prop, value);
  }
  checkIntegerInRange(worker, 'maxCapacity', worker.maxCapacity, 1, 1000);
  checkIntegerInRange(worker, 'minCapacity', worker.minCapacity, 0, 1000);
  checkAtLeast(worker, 'maxCapacity', worker.maxCapacity, 'minCapacity', worker.minCapacity);
  checkIntegerInRange(worker, 'maxReceiveCount', props.maxReceiveCount, 1, 1000);
  checkPositiveDuration(worker, 'messageProcessingTime', props.messageProcessingTime);
  checkPositiveDuration(worker, 'targetLatency', props.targetLatency);
  if (props.acceptableBacklogPerTask !== undefined && !Token.isUnresolved(props.acceptableBacklogPerTask)) {
    if (!(props.acceptableBacklogPerTask > 0) || !Number.isFinite(props.acceptableBacklogPerTask)) {
      throw new BlueprintValidationError(
        worker,
        'acceptableBacklogPerTask',
        `\`acceptableBacklogPerTask\` must be a positive number, got: ${props.acceptableBacklogPerTask}`,
      );
    }
  }
  if (props.queueUrlEnvironmentVariable !== undefined) {
    checkEnvironmentKey(worker, 'queueUrlEnvironmentVariable', props.queueUrlEnvironmentVariable);
  }
  validateTimings(worker, props, processingTime, targetLatency);
  validateEncryption(worker, props);
  if (props.deadLetterQueueEnabled === false) {
    Validations.of(worker).addWarning(
      'QueueWorker:deadLetterQueueEnabled',
      '`deadLetterQueueEnabled` is false: a message that always fails is retried until `retentionPeriod` ends and ' +
        'blocks a worker each time (cdk-nag AwsSolutions-SQS3 and Control Tower CT.SQS.PR.1 report the queue until ' +
        'acknowledged on it)',
    );
  }
}

function validateTimings(
  worker: QueueWorker,
  props: QueueWorkerProps,
  processingTime: Duration,
  targetLatency: Duration,
): void {
  if (processingTime.isUnresolved() || targetLatency.isUnresolved()) return;
  if (processingTime.toMilliseconds() > Duration.hours(2).toMilliseconds()) {
    throw new BlueprintValidationError(
      worker,
      'messageProcessingTime',
      `\`messageProcessingTime\` must be at most 2 hours (6 × it must fit the 12-hour visibility timeout limit), ` +
        `got: ${processingTime.toHumanString()}`,
    );
  }
  if (
    props.acceptableBacklogPerTask === undefined &&
    targetLatency.toMilliseconds() < processingTime.toMilliseconds()
  ) {
    throw new BlueprintValidationError(
      worker,
      'targetLatency',
      `\`targetLatency\` must be at least \`messageProcessingTime\` (${processingTime.toHumanString()}), got: ` +
        `${targetLatency.toHumanString()}; a message cannot wait less than it takes to process one`,
    );
  }
  const visibility = props.visibilityTimeout;
  if (visibility !== undefined && !visibility.isUnresolved()) {
    const minimum = processingTime.toMilliseconds() * VISIBILITY_FACTOR;
    if (visibility.toMilliseconds() < minimum) {
      throw new BlueprintValidationError(
        worker,
        'visibilityTimeout',
        `\`visibilityTimeout\` must be at least 6 × \`messageProcessingTime\` (6 × ${processingTime.toHumanString()} = ` +
          `${Duration.millis(minimum).toHumanString()}), got: ${visibility.toHumanString()}; otherwise a message ` +
          'still being processed becomes visible again and is processed twice',
      );
    }
    if (visibility.toMilliseconds() > Duration.hours(12).toMilliseconds()) {
      throw new BlueprintValidationError(
        worker,
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
        worker,
        'retentionPeriod',
        `\`retentionPeriod\` must be between 1 minute and 14 days, got: ${retention.toHumanString()}`,
      );
    }
  }
}

function validateEncryption(worker: QueueWorker, props: QueueWorkerProps): void {
  if (props.encryption === sqs.QueueEncryption.UNENCRYPTED) {
    throw new BlueprintValidationError(
      worker,
      'encryption',
      '`encryption` must be SQS_MANAGED, KMS_MANAGED or KMS, got: UNENCRYPTED; queue messages are always encrypted at rest',
    );
  }
  if (props.encryptionMasterKey !== undefined && props.encryption !== sqs.QueueEncryption.KMS) {
    throw new BlueprintValidationError(
      worker,
      'encryptionMasterKey',
      `\`encryptionMasterKey\` requires \`encryption: sqs.QueueEncryption.KMS\`, got: ${props.encryption ?? 'SQS_MANAGED (default)'}`,
    );
  }
}
