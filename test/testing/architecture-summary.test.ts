import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Network } from '../../lib/network/network';
import { architectureSummary } from '../../lib/testing/architecture-summary';
import { testApp, TEST_ENV } from '../support/app';

describe('architectureSummary', () => {
  function build(queueName = 'Jobs'): Stack {
    const stack = new Stack(testApp(), 'Arch', { env: TEST_ENV });
    new Network(stack, 'Network');
    const dlq = new sqs.Queue(stack, 'Dlq', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    const queue = new sqs.Queue(stack, queueName, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
    });
    queue.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'AgeAlarm', {
      threshold: 300,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    return stack;
  }

  test('lists picked properties by type and path, references as construct paths', () => {
    const summary = architectureSummary(build()) as Record<string, Array<Record<string, unknown>>>;
    expect(summary['AWS::SQS::Queue']).toEqual([
      { path: 'Dlq', SqsManagedSseEnabled: true },
      { path: 'Jobs', SqsManagedSseEnabled: true, 'RedrivePolicy.maxReceiveCount': 5 },
    ]);
    expect(summary['AWS::CloudWatch::Alarm']).toEqual([
      expect.objectContaining({
        path: 'AgeAlarm',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Threshold: 300,
        EvaluationPeriods: 3,
      }),
    ]);
    expect(summary['AWS::EC2::NatGateway']).toEqual([{ path: 'Network/Vpc/PublicSubnet1/NATGateway' }]);
    expect(summary['AWS::Logs::LogGroup']).toEqual([{ path: 'Network/FlowLogs', RetentionInDays: 365 }]);
    expect(summary.otherResources).toEqual(expect.objectContaining({ 'AWS::EC2::Subnet': 6 }));
  });

  test('is stable across identical builds and changes when the architecture changes', () => {
    expect(architectureSummary(build())).toEqual(architectureSummary(build()));
    expect(architectureSummary(build('Other'))).not.toEqual(architectureSummary(build()));
  });

  test('masks asset hashes and shows no logical ids', () => {
    const text = JSON.stringify(architectureSummary(build()));
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    expect(text).not.toMatch(/[A-Za-z]+[0-9A-F]{8}\b/);
  });

  test('references become the construct path they point to', () => {
    const stack = build();
    const jobs = stack.node.findChild('Jobs') as sqs.Queue;
    new sqs.Queue(stack, 'Source', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    const cfnSource = stack.node.findChild('Source').node.defaultChild as sqs.CfnQueue;
    cfnSource.redriveAllowPolicy = { redrivePermission: 'byQueue', sourceQueueArns: [jobs.queueArn] };
    const summary = architectureSummary(stack) as Record<string, Array<Record<string, unknown>>>;
    expect(summary['AWS::SQS::Queue']).toContainEqual({
      path: 'Source',
      SqsManagedSseEnabled: true,
      RedriveAllowPolicy: { redrivePermission: 'byQueue', sourceQueueArns: ['{Jobs.Arn}'] },
    });
  });

  test('other resource counts can be left out', () => {
    expect(architectureSummary(build(), { includeOtherResourceCounts: false })).not.toHaveProperty(
      'otherResources',
    );
  });
});
