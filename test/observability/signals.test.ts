import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SignalKind, ThresholdComparison } from '../../lib/observability/audit-manifest';
import { estimateJsonLength, toAuditSignal } from '../../lib/observability/private/signals';
import { testStack } from '../support/app';

describe('audit signals', () => {
  const metric = new cloudwatch.Metric({
    namespace: 'AWS/CloudFront',
    metricName: '5xxErrorRate',
    dimensionsMap: { DistributionId: 'E123', Region: 'Global' },
    region: 'us-east-1',
    statistic: 'Average',
    period: Duration.minutes(5),
  });

  test('a metric in another region carries its region; the manifest’s own region is left out', () => {
    expect(
      toAuditSignal(
        { id: 'edge1ErrorRate', label: '5xx rate', kind: SignalKind.ERRORS, metric },
        'eu-west-1',
      ),
    ).toEqual({
      id: 'edge1ErrorRate',
      label: '5xx rate',
      kind: SignalKind.ERRORS,
      namespace: 'AWS/CloudFront',
      metricName: '5xxErrorRate',
      dimensions: { DistributionId: 'E123', Region: 'Global' },
      stat: 'Average',
      period: 300,
      region: 'us-east-1',
    });
    expect(
      toAuditSignal({ id: 'e', label: 'x', kind: SignalKind.ERRORS, metric }, 'us-east-1').region,
    ).toBeUndefined();
  });

  test('a concern is kept only on a signal that can become a finding, and `count` is the default unit', () => {
    const plain = toAuditSignal(
      { id: 'a', label: 'x', kind: SignalKind.TRAFFIC, metric, unit: 'count', concern: 'traffic' as never },
      'us-east-1',
    );
    expect(plain.concern).toBeUndefined();
    expect(plain.unit).toBeUndefined();
    const judged = toAuditSignal(
      {
        id: 'b',
        label: 'x',
        kind: SignalKind.ERRORS,
        metric,
        unit: '%',
        concern: 'errors' as never,
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: 1 },
      },
      'us-east-1',
    );
    expect(judged).toMatchObject({ concern: 'errors', unit: '%' });
  });

  test('the size estimate counts a generated name for each Ref and a fixed length for other values', () => {
    const stack = testStack('Shop');
    const alarm = new cloudwatch.Alarm(stack, 'Alarm', {
      metric: metric.with({ region: 'eu-west-1' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    const json = stack.toJsonString({ alarms: [alarm.alarmName] });
    const logicalId = stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);
    expect(estimateJsonLength(stack, json)).toBe(
      '{"alarms":[""]}'.length + 'Shop'.length + logicalId.length + 14,
    );
    expect(estimateJsonLength(stack, stack.toJsonString({ a: 'b' }))).toBe('{"a":"b"}'.length);
  });
});
