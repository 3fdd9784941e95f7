import { Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { testStack } from '../support/app';
import { ComplianceGates } from '../../lib';

describe('listAcknowledgements', () => {
  test('returns every acknowledgement with its construct path, id and reason', () => {
    const stack: Stack = testStack();
    const queue = new sqs.Queue(stack, 'Queue');
    Validations.of(queue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: 'it is a dead-letter queue' },
      { id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: 'same' },
    );
    expect(ComplianceGates.listAcknowledgements(stack)).toEqual([
      {
        constructPath: 'TestStack/Queue',
        id: expect.stringContaining('AwsSolutions-SQS3'),
        reason: 'it is a dead-letter queue',
      },
      { constructPath: 'TestStack/Queue', id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: 'same' },
    ]);
  });

  test('is empty when nothing is acknowledged', () => {
    expect(ComplianceGates.listAcknowledgements(testStack())).toEqual([]);
  });
});
