import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addBudgetStartup, BudgetStartupStack } from '../../blueprints/budget-startup';
import costEstimate from '../../blueprints/budget-startup/cost-estimate.json';
import { BlueprintSettingsError } from '../../blueprints/settings';
import { testApp } from '../support/app';
import { ArchitectureSummary } from '../../lib';

function synth(settings?: Record<string, unknown>): { stack: BudgetStartupStack; template: Template } {
  const app: App = testApp({ context: settings ? { 'budget-startup': settings } : {} });
  const stack = addBudgetStartup(app);
  return { stack, template: Template.fromStack(stack) };
}

describe('budget-startup blueprint', () => {
  const { stack, template } = synth();

  test('architecture snapshot', () => {
    expect(ArchitectureSummary.of(stack)).toMatchSnapshot();
  });

  test('one stack in one region (us-east-1, so CloudFront and its WAF live beside the app)', () => {
    expect(stack.region).toBe('us-east-1');
    expect(stack.account).toBe('123456789012');
    expect(Stack.of(stack.cdn).region).toBe('us-east-1');
  });

  test('2 AZs and a single NAT instance (t4g.nano) instead of a NAT gateway, for cost', () => {
    expect(stack.network.vpc.availabilityZones).toHaveLength(2);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Instance', 1);
    template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.nano' });
  });

  test('network.natInstanceType null: a NAT gateway', () => {
    const { template: t } = synth({ network: { natInstanceType: null } });
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.resourceCountIs('AWS::EC2::Instance', 0);
  });

  test('CloudFront with the lowest price class and a WAF web ACL', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ PriceClass: 'PriceClass_100', WebACLId: Match.anyValue() }),
    });
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
  });

  test('web tier scales 2 → 6 tasks with a Fargate Spot share above one on-demand task', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 6,
      ResourceId: Match.objectLike({
        'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('service/')])]),
      }),
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: Match.arrayWith([
        Match.objectLike({ CapacityProvider: 'FARGATE', Base: 1 }),
        Match.objectLike({ CapacityProvider: 'FARGATE_SPOT' }),
      ]),
    });
  });

  test('the database is Aurora Serverless v2 that can pause (0 ACU), without a proxy or reader', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4 },
    });
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
  });

  test('the connection budget covers both clients: 6 web tasks × 10 + 4 workers × 5', () => {
    expect(stack.database.worstCaseConnections).toBe(6 * 10 + 4 * 5);
    expect(stack.database.maxConnections).toBeGreaterThan(stack.database.worstCaseConnections);
  });

  test('a small serverless Valkey cache', () => {
    template.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      Engine: 'valkey',
      CacheUsageLimits: Match.objectLike({ DataStorage: Match.objectLike({ Maximum: 1 }) }),
    });
  });

  test('the queue worker scales to zero and wakes on messages', () => {
    expect(stack.worker?.minCapacity).toBe(0);
    const targets = template.findResources('AWS::ApplicationAutoScaling::ScalableTarget', {
      Properties: { MinCapacity: 0, MaxCapacity: 4 },
    });
    expect(Object.keys(targets)).toHaveLength(1);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    // The wake-up: an alarm on "messages visible while no task runs" driving a step policy.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('IF\\(') })]),
      AlarmActions: Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp('^Worker') })]),
    });
  });

  test('an AWS Budgets monthly limit with alerts at 80 % and 100 % (and on the forecast)', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      // The default limit is the committed 1× cost estimate with its headroom.
      Budget: Match.objectLike({
        BudgetLimit: { Amount: costEstimate.budget.monthlyLimitUsd, Unit: 'USD' },
        TimeUnit: 'MONTHLY',
      }),
      NotificationsWithSubscribers: [
        Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 80 }) }),
        Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 100 }) }),
        Match.objectLike({
          Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 100 }),
        }),
      ],
    });
  });

  test('SLO alarms at the settings thresholds, wired to the alarm topic, and the audit manifest published', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'TargetResponseTime',
      ExtendedStatistic: 'p95',
      Threshold: 0.5,
      AlarmActions: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p99', Threshold: 1.5 });
    template.hasOutput('AuditManifestParameter', {});
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/scaling-blueprints/BudgetStartup/audit-manifest',
    });
  });

  test('settings change the architecture without code', () => {
    const custom = synth({
      stackName: 'Shop',
      web: { minCapacity: 2, maxCapacity: 12 },
      database: { readReplicas: 1 },
      worker: { enabled: false },
      slo: { latencyP95Ms: 300, latencyP99Ms: 900 },
    });
    expect(custom.stack.stackName).toBe('Shop');
    custom.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 12,
    });
    custom.template.resourceCountIs('AWS::RDS::DBInstance', 2);
    custom.template.resourceCountIs('AWS::SQS::Queue', 0);
    custom.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ExtendedStatistic: 'p95',
      Threshold: 0.3,
    });
  });

  test.each([
    [
      { web: { minCapacity: 4, maxCapacity: 2 } },
      /`budget-startup\.web\.maxCapacity`: must be at least web\.minCapacity \(4\), got: 2/,
    ],
    [
      { network: { natGateways: 3 } },
      /`budget-startup\.network\.natGateways`: must not exceed network\.maxAzs \(2\)/,
    ],
    [
      { environment: { region: 'eu-west-1' } },
      /`budget-startup\.cdn\.webAclArn`: required outside us-east-1/,
    ],
    [
      { budget: { alertEmails: ['not-an-email'] } },
      /`budget-startup\.budget\.alertEmails\[0\]`: Invalid email address, got: "not-an-email"/,
    ],
    [
      { database: { minCapacityAcu: 8, maxCapacityAcu: 4 } },
      /`budget-startup\.database\.maxCapacityAcu`: must be at least database\.minCapacityAcu \(8\)/,
    ],
    [{ web: { cpu: 'lots' } }, /`budget-startup\.web\.cpu`: Invalid input: expected number, received string/],
    [{ wbe: {} }, /`budget-startup\.wbe`: unknown setting: did you mean `web`\?/],
  ])('invalid settings %j fail naming the setting', (settings, message) => {
    expect(() => synth(settings)).toThrow(BlueprintSettingsError);
    expect(() => synth(settings)).toThrow(message);
  });

  test('a construct-level error surfaces through the blueprint naming the setting, not the prop', () => {
    expect(() => synth({ web: { cpu: 300 } })).toThrow(
      /`budget-startup\.web\.cpu` is 300: `web\.cpu` must be one of 256, 512/,
    );
  });
});
