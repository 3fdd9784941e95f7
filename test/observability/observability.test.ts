import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SloObjective } from '../../lib/observability/audit-manifest';
import { Observability, ObservabilityProps } from '../../lib/observability/observability';
import { testStack } from '../support/app';
import { InvalidValue, mutationOf, propertyStack, runMutations, wiringFindings } from '../support/property';
import { deployedManifest, importedAlb, importedInstance } from './support';
import { ComplianceGates } from '../../lib';

const TOPIC_REF = { Ref: 'ObservabilityAlarmTopicF724909D' };

function build(props: ObservabilityProps = {}): { stack: Stack; obs: Observability } {
  const stack = testStack();
  return { stack, obs: new Observability(stack, 'Observability', props) };
}

/** Every alarm and composite alarm in the template notifies `target` on ALARM and on OK. */
function expectEveryAlarmWired(template: Template, target: unknown = TOPIC_REF): void {
  for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
    for (const [id, resource] of Object.entries(template.findResources(type))) {
      const props = (resource as { Properties: Record<string, unknown> }).Properties;
      expect({ id, alarm: props.AlarmActions }).toEqual({ id, alarm: [target] });
      expect({ id, ok: props.OKActions }).toEqual({ id, ok: [target] });
    }
  }
}

describe('Observability', () => {
  describe('with defaults', () => {
    const { stack, obs } = build();
    const template = Template.fromStack(stack);

    test('states the default SLOs', () => {
      expect(obs.slo.latencyP95?.toMilliseconds()).toBe(500);
      expect(obs.slo.latencyP99?.toMilliseconds()).toBe(1500);
      expect(obs.slo.errorRatePercent).toBe(1);
      expect(obs.slo.availabilityPercent).toBe(99.9);
      expect(obs.slo.maxMessageAge?.toSeconds()).toBe(300);
    });

    test('creates a topic encrypted with a rotating customer-managed key', () => {
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ObservabilityAlarmTopicKey'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    test('the key lets CloudWatch alarms publish into the encrypted topic', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'kms:CreateGrant' }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
    });

    test('the topic policy denies plain HTTP and lets only this account’s alarms publish', () => {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: {
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
                StringEquals: { 'aws:SourceAccount': '123456789012' },
              },
            }),
          ]),
        },
      });
    });

    test('creates a dashboard, no subscriptions and no alarms until something is observed', () => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
      template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
      expect(obs.usersHurtingAlarm).toBeUndefined();
    });

    test('publishes the audit manifest under the stack’s parameter name, tiered by size', () => {
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/scaling-blueprints/TestStack/audit-manifest',
        Type: 'String',
        Tier: 'Intelligent-Tiering',
      });
      const manifest = deployedManifest(stack, obs);
      expect(manifest).toMatchObject({
        version: 2,
        stackName: 'TestStack',
        region: 'eu-west-1',
        slo: {
          latencyP95Ms: 500,
          latencyP99Ms: 1500,
          errorRatePercent: 1,
          availabilityPercent: 99.9,
          maxMessageAgeSeconds: 300,
        },
        tiers: [],
        alarms: [],
      });
    });

    test('cdk-nag AwsSolutions finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  test('subscribes each alarm email', () => {
    const { stack } = build({ alarmEmails: ['oncall@example.com', 'team@example.com'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: TOPIC_REF,
    });
  });

  test('an existing topic is used as is: no topic, key or topic policy is created', () => {
    const stack = testStack();
    const topic = sns.Topic.fromTopicArn(
      stack,
      'Existing',
      stack.formatArn({ service: 'sns', resource: 'ops-alarms' }),
    );
    const obs = new Observability(stack, 'Observability', {
      alarmTopic: topic,
      alarmEmails: ['a@example.com'],
    });
    obs.observeLoadBalancer(importedAlb(stack));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    expect(obs.alarmTopicKey).toBeUndefined();
    expectEveryAlarmWired(template, stack.resolve(topic.topicArn));
  });

  test('a paging topic receives the composite alarm, the alarm topic everything else', () => {
    const stack = testStack();
    const pager = sns.Topic.fromTopicArn(
      stack,
      'Pager',
      stack.formatArn({ service: 'sns', resource: 'pager' }),
    );
    const obs = new Observability(stack, 'Observability', { pagingTopic: pager });
    obs.observeLoadBalancer(importedAlb(stack));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmActions: [stack.resolve(pager.topicArn)],
      OKActions: [stack.resolve(pager.topicArn)],
    });
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [TOPIC_REF],
      OKActions: [TOPIC_REF],
    });
  });

  describe('observing an existing load balancer', () => {
    const { stack, obs } = build({ dashboardName: 'Shop' });
    obs.observeLoadBalancer(importedAlb(stack));
    const template = Template.fromStack(stack);

    test.each([
      ['p95', 0.5],
      ['p99', 1.5],
    ])('alarms on TargetResponseTime %s at the SLO, 3 of 5 one-minute periods', (statistic, threshold) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'TargetResponseTime',
        ExtendedStatistic: statistic,
        Dimensions: [{ Name: 'LoadBalancer', Value: 'app/legacy/0123456789abcdef' }],
        Period: 60,
        Threshold: threshold,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    test('alarms on the 5xx rate with metric math, not on raw counts', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 1,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
        Metrics: Match.arrayWith([
          Match.objectLike({
            Expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests',
            ReturnData: true,
          }),
          Match.objectLike({
            Id: 'target5xx',
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count' }),
              Stat: 'Sum',
              Period: 60,
            }),
          }),
          Match.objectLike({
            Id: 'elb5xx',
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_5XX_Count' }),
            }),
          }),
          Match.objectLike({
            Id: 'requests',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestCount' }) }),
          }),
        ]),
      });
    });

    test('alarms when hourly availability drops below the SLO', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 99.9,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 1,
        Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 - rate' })]),
      });
    });

    test('the composite "users are hurting" alarm fires on any of the four SLO alarms', () => {
      expect(obs.sloAlarms).toHaveLength(4);
      const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));
      expect(composite).toHaveLength(1);
      const rule = JSON.stringify(
        stack.resolve((composite[0] as { Properties: { AlarmRule: unknown } }).Properties.AlarmRule),
      );
      for (const id of ['LatencyP95Alarm', 'LatencyP99Alarm', 'ErrorRateAlarm', 'AvailabilityAlarm']) {
        expect(rule).toContain(`ObservabilityAlb${id}`);
      }
      expect(rule).toContain(' OR ');
    });

    test('every alarm notifies the topic on ALARM and OK', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
      expectEveryAlarmWired(template);
      expect(obs.alarms).toHaveLength(5);
    });

    test('the dashboard shows latency percentiles with the SLO annotations', () => {
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Shop' });
      const body = JSON.stringify(
        stack.resolve(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]),
      );
      expect(body).toContain('Latency (s): p50 / p95 / p99');
      expect(body).toContain('SLO p95 500 ms');
      expect(body).toContain('SLO p99 1.5 s');
      expect(body).toContain('## Web: Alb');
    });

    test('the manifest lists the web tier’s signals, SLOs in milliseconds, and every alarm', () => {
      const manifest = deployedManifest(stack, obs);
      expect(manifest.tiers.map((t) => [t.tier, t.name])).toEqual([['web', 'Alb']]);
      const signals = manifest.tiers[0].signals;
      expect(signals.find((s) => s.slo === SloObjective.LATENCY_P95)).toMatchObject({
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        dimensions: { LoadBalancer: 'app/legacy/0123456789abcdef' },
        stat: 'p95',
        period: 60,
        unit: 'ms',
        scale: 1000,
        threshold: { comparison: 'gt', value: 500 },
      });
      expect(signals.find((s) => s.slo === SloObjective.ERROR_RATE)).toMatchObject({
        expression: '100 * (FILL(web1Target5xx, 0) + FILL(web1Elb5xx, 0)) / web1Requests',
      });
      expect(signals.find((s) => s.slo === SloObjective.AVAILABILITY)).toMatchObject({
        expression: '100 - web1ErrorRate',
        threshold: { comparison: 'lt', value: 99.9 },
      });
      expect(manifest.alarms).toHaveLength(5);
    });
  });

  test('custom SLOs set the alarm thresholds', () => {
    const { stack, obs } = build({
      slo: {
        latencyP95: Duration.millis(300),
        latencyP99: Duration.seconds(1),
        errorRatePercent: 0.5,
        availabilityPercent: 99.5,
      },
    });
    obs.observeLoadBalancer(importedAlb(stack));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p95', Threshold: 0.3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p99', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 0.5, Metrics: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 99.5, Metrics: Match.anyValue() });
  });

  test('a second load balancer joins the same composite alarm', () => {
    const { stack, obs } = build();
    obs.observeLoadBalancer(importedAlb(stack, 'Alb'));
    obs.observeLoadBalancer(importedAlb(stack, 'Api'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    const rule = JSON.stringify(template.toJSON());
    expect(rule).toContain('ObservabilityApiLatencyP95Alarm');
    expect(deployedManifest(stack, obs).tiers.map((t) => t.name)).toEqual(['Alb', 'Api']);
  });

  describe('observing an existing RDS instance', () => {
    test('alarms on CPU and, given max_connections, on 80 % of it', () => {
      const { stack, obs } = build();
      obs.observeDatabaseInstance(importedInstance(stack), { maxConnections: 200 });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/RDS',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'legacy-db' }],
        Statistic: 'Maximum',
        Threshold: 80,
        EvaluationPeriods: 3,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'DatabaseConnections',
        Threshold: 160,
      });
      expectEveryAlarmWired(template);
      // A database alone is not user-facing: no composite alarm.
      template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
      const signals = deployedManifest(stack, obs).tiers[0].signals;
      expect(signals.find((s) => s.concern === 'dbConnections')).toMatchObject({ capacity: 200 });
    });

    test('without max_connections there is no connections alarm', () => {
      const { stack, obs } = build();
      obs.observeDatabaseInstance(importedInstance(stack));
      Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 1);
    });

    test.each([0, -5, 1.5])('rejects maxConnections %p', (maxConnections) => {
      const { stack, obs } = build();
      expect(() => obs.observeDatabaseInstance(importedInstance(stack), { maxConnections })).toThrow(
        `\`maxConnections\` must be a positive integer, got: ${maxConnections}`,
      );
    });
  });

  describe('observeLoadBalancer and observeDatabaseInstance', () => {
    test('put resources no construct of this library owns in their tiers', () => {
      const { stack, obs } = build();
      obs.observeLoadBalancer(importedAlb(stack));
      obs.observeDatabaseInstance(importedInstance(stack));
      expect(deployedManifest(stack, obs).tiers.map((t) => t.tier)).toEqual(['web', 'database']);
    });

    test('reject observing the same resource twice', () => {
      const { stack, obs } = build();
      const alb = importedAlb(stack);
      obs.observeLoadBalancer(alb);
      expect(() => obs.observeLoadBalancer(alb)).toThrow(
        'TestStack/Alb is already observed: observe each construct once',
      );
    });

    test('name the SLO alarms of an existing load balancer after it', () => {
      const { stack, obs } = build();
      obs.observeLoadBalancer(importedAlb(stack));
      const names = obs.sloAlarms.map(
        (alarm) => (alarm.node.defaultChild as { alarmName?: string }).alarmName,
      );
      expect(names).toEqual([
        'TestStack-Alb-slo-p95',
        'TestStack-Alb-slo-p99',
        'TestStack-Alb-slo-5xx-rate',
        'TestStack-Alb-slo-availability',
      ]);
      expect(deployedManifest(stack, obs).alarms.slice(0, 4)).toEqual(names);
    });
  });

  test('only one Observability per stack publishes the manifest', () => {
    const { stack } = build();
    expect(() => new Observability(stack, 'Second')).toThrow(
      /TestStack\/Observability already publishes the audit manifest/,
    );
    expect(() => new Observability(stack, 'Third', { publishAuditManifest: false })).not.toThrow();
  });

  describe('validates its props', () => {
    test.each<[string, ObservabilityProps, string]>([
      [
        'p95 zero',
        { slo: { latencyP95: Duration.millis(0) } },
        '`slo.latencyP95` must be a positive duration, got: 0 millis',
      ],
      [
        'p99 below p95',
        { slo: { latencyP95: Duration.seconds(1), latencyP99: Duration.millis(800) } },
        '`slo.latencyP99` must be at least `slo.latencyP95` (1 s), got: 800 ms',
      ],
      [
        'p99 below the default p95',
        { slo: { latencyP99: Duration.millis(400) } },
        '`slo.latencyP99` must be at least `slo.latencyP95` (500 ms), got: 400 ms',
      ],
      [
        'error rate 0',
        { slo: { errorRatePercent: 0 } },
        '`slo.errorRatePercent` must be greater than 0 and at most 100, got: 0',
      ],
      [
        'error rate 101',
        { slo: { errorRatePercent: 101 } },
        '`slo.errorRatePercent` must be greater than 0 and at most 100, got: 101',
      ],
      [
        'availability 100',
        { slo: { availabilityPercent: 100 } },
        '`slo.availabilityPercent` must be greater than 0 and less than 100 (100 % leaves no error budget), got: 100',
      ],
      [
        'queue age 0',
        { slo: { maxMessageAge: Duration.seconds(0) } },
        '`slo.maxMessageAge` must be between 1 second and 14 days (the longest SQS retention), got: 0 seconds',
      ],
      [
        'queue age 15 days',
        { slo: { maxMessageAge: Duration.days(15) } },
        '`slo.maxMessageAge` must be between 1 second and 14 days (the longest SQS retention), got: 15 days',
      ],
      [
        'email',
        { alarmEmails: ['oncall'] },
        "`alarmEmails` must hold email addresses such as 'oncall@example.com', got: 'oncall'",
      ],
      [
        'dashboard name',
        { dashboardName: 'my dashboard' },
        "`dashboardName` must be 1 to 255 letters, digits, '-' or '_', got: 'my dashboard'",
      ],
    ])('%s', (_name, props, message) => {
      const stack = testStack();
      expect(() => new Observability(stack, 'Observability', props)).toThrow(message);
    });

    test('p99 equal to p95 is allowed', () => {
      expect(() =>
        build({ slo: { latencyP95: Duration.seconds(1), latencyP99: Duration.seconds(1) } }),
      ).not.toThrow();
    });

    test('property: mutations of a valid configuration build, or throw our error naming the invalid prop and value', () => {
      const duration = (d: Duration): InvalidValue => ({ value: d, shown: d.toHumanString() });
      const mutations = [
        mutationOf(
          'slo.latencyP95',
          [Duration.millis(100), Duration.millis(500), Duration.seconds(1)],
          [duration(Duration.millis(0))],
        ),
        mutationOf(
          'slo.latencyP99',
          [Duration.millis(1500), Duration.seconds(2), Duration.seconds(5)],
          [duration(Duration.seconds(0))],
        ),
        mutationOf('slo.errorRatePercent', [0.1, 1, 100], [{ value: 0 }, { value: 100.5 }, { value: -1 }]),
        mutationOf('slo.availabilityPercent', [50, 99, 99.9], [{ value: 100 }, { value: 0 }]),
        mutationOf(
          'slo.maxMessageAge',
          [Duration.seconds(1), Duration.hours(1), Duration.days(14)],
          [duration(Duration.millis(500)), duration(Duration.days(15))],
        ),
        mutationOf(
          'alarmEmails',
          [['oncall@example.com'], [], ['a@example.com', 'b@example.org']],
          [{ value: ['oncall'], shown: "'oncall'" }],
        ),
        mutationOf('dashboardName', ['my-dashboard', 'ops_1'], [{ value: 'my dashboard' }]),
      ];
      /** The flat props of a case (`slo.<name>` for the SLO's) as ObservabilityProps. */
      const nested = (flat: Record<string, unknown>): ObservabilityProps => {
        const slo: Record<string, unknown> = {};
        const top: Record<string, unknown> = { publishAuditManifest: false };
        for (const [key, value] of Object.entries(flat)) {
          if (key.startsWith('slo.')) slo[key.slice(4)] = value;
          else top[key] = value;
        }
        return { ...top, slo } as ObservabilityProps;
      };
      const stack = propertyStack();
      const numRuns = 1000;
      const run = runMutations<Record<string, unknown>, Observability>({
        base: {},
        mutations,
        numRuns,
        build: (props, index) => new Observability(stack, `Obs${index}`, nested(props)),
      });
      for (const { props } of run.samples) {
        const sample = testStack();
        new Observability(sample, 'Observability', nested(props));
        const template = Template.fromStack(sample);
        const emails = (props.alarmEmails as string[] | undefined) ?? [];
        template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, emails.length);
        template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
          DashboardName: props.dashboardName ?? Match.absent(),
        });
        expect(wiringFindings(sample)).toEqual([]);
      }
    });
  });
});
