import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Network } from '../../lib/network/network';
import { testApp, TEST_ENV } from '../support/app';
import { ArchitectureSummary } from '../../lib';

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

  // One synthesized default build shared by the tests that only read it.
  const stack = build();
  const summary = ArchitectureSummary.of(stack) as Record<string, Array<Record<string, unknown>>>;

  test('lists picked properties by type and path, references as construct paths', () => {
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
    expect(ArchitectureSummary.of(build())).toEqual(summary);
    expect(ArchitectureSummary.of(build('Other'))).not.toEqual(summary);
  });

  test('masks asset hashes and shows no logical ids', () => {
    const text = JSON.stringify(summary);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    expect(text).not.toMatch(/[A-Za-z]+[0-9A-F]{8}\b/);
  });

  test('references become the construct path they point to', () => {
    const withSource = build();
    const jobs = withSource.node.findChild('Jobs') as sqs.Queue;
    new sqs.Queue(withSource, 'Source', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    const cfnSource = withSource.node.findChild('Source').node.defaultChild as sqs.CfnQueue;
    cfnSource.redriveAllowPolicy = { redrivePermission: 'byQueue', sourceQueueArns: [jobs.queueArn] };
    const queues = (ArchitectureSummary.of(withSource) as typeof summary)['AWS::SQS::Queue'];
    expect(queues).toContainEqual({
      path: 'Source',
      SqsManagedSseEnabled: true,
      RedriveAllowPolicy: { redrivePermission: 'byQueue', sourceQueueArns: ['{Jobs.Arn}'] },
    });
  });

  test('other resource counts can be left out', () => {
    // The same stack again: its synthesized assembly is reused.
    expect(ArchitectureSummary.of(stack, { includeOtherResourceCounts: false })).not.toHaveProperty(
      'otherResources',
    );
  });
});
