// A construct of the user's own implements IObservable and appears on the dashboard, among the
// routed alarms and in the audit manifest like the library's constructs.
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../../lib/errors';
import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  SloObjective,
  ThresholdComparison,
} from '../../lib/observability/audit-manifest';
import { IObservable, LatencyUnit, Observation, ObservedSignal } from '../../lib/observability/observable';
import { Observability } from '../../lib/observability/observability';
import { testStack } from '../support/app';
import { deployedManifest } from './support';

/** A search cluster the library knows nothing about: CPU with its own alarm, and a hit ratio. */
class SearchCluster extends Construct implements IObservable {
  public readonly cpuAlarm: cloudwatch.Alarm;
  private readonly cpu: cloudwatch.Metric;

  constructor(
    scope: Construct,
    id: string,
    private readonly extraSignals: ObservedSignal[] = [],
  ) {
    super(scope, id);
    this.cpu = this.metric('CPUUtilization', 'Maximum');
    this.cpuAlarm = this.cpu.createAlarm(this, 'CpuAlarm', { threshold: 75, evaluationPeriods: 3 });
  }

  public observation(): Observation {
    return {
      tier: AuditTierKind.DATABASE,
      signals: [
        {
          id: 'Cpu',
          label: 'search CPU',
          metric: this.cpu,
          kind: SignalKind.SATURATION,
          unit: '%',
          concern: SignalConcern.CPU,
          threshold: { comparison: ThresholdComparison.GREATER_THAN, value: 75 },
        },
        { id: 'Hits', label: 'hits', metric: this.metric('Hits', 'Sum'), kind: SignalKind.TRAFFIC },
        { id: 'Queries', label: 'queries', metric: this.metric('Queries', 'Sum'), kind: SignalKind.TRAFFIC },
        {
          id: 'HitRatio',
          label: 'hit ratio',
          expression: '100 * Hits / Queries',
          period: Duration.minutes(5),
          kind: SignalKind.TRAFFIC,
          unit: '%',
        },
        ...this.extraSignals,
      ],
      widgets: [new cloudwatch.GraphWidget({ title: 'Search CPU (%)', left: [this.cpu], width: 24 })],
      alarms: [this.cpuAlarm],
    };
  }

  private metric(metricName: string, statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'Shop/Search',
      metricName,
      dimensionsMap: { Cluster: this.node.id },
      statistic,
      period: Duration.minutes(5),
    });
  }
}

/** An API in front of nothing the library knows: it serves users, with latency in milliseconds. */
class Api extends Construct implements IObservable {
  public observation(): Observation {
    const metric = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: { ApiName: 'shop' } });
    return {
      tier: AuditTierKind.WEB,
      requests: {
        latency: metric('Latency'),
        latencyUnit: LatencyUnit.MILLISECONDS,
        requests: metric('Count'),
        serverErrors: metric('5XXError'),
      },
      signals: [],
      widgets: [],
      alarms: [],
    };
  }
}

describe('a construct of your own', () => {
  const stack = testStack();
  const search = new SearchCluster(stack, 'Search');
  const api = new Api(stack, 'Api');
  const obs = new Observability(stack, 'Observability', { slo: { latencyP95: Duration.millis(300) } });
  obs.observe(search, api);
  const template = Template.fromStack(stack);

  test('is in the audit manifest with its signals, ids prefixed and expressions rewritten', () => {
    const manifest = deployedManifest(stack, obs);
    expect(manifest.tiers.map((t) => `${t.tier}:${t.name}`)).toEqual(['web:Api', 'database:Search']);
    const signals = manifest.tiers[1].signals;
    expect(signals.map((s) => s.id)).toEqual([
      'database1Cpu',
      'database1Hits',
      'database1Queries',
      'database1HitRatio',
    ]);
    expect(signals[0]).toMatchObject({
      namespace: 'Shop/Search',
      metricName: 'CPUUtilization',
      dimensions: { Cluster: 'Search' },
      stat: 'Maximum',
      period: 300,
      threshold: { comparison: 'gt', value: 75 },
    });
    expect(signals[3]).toMatchObject({ expression: '100 * database1Hits / database1Queries', period: 300 });
    // Its CPU alarm (a name CloudFormation generates), then the API's four SLO alarms and the composite.
    expect(manifest.alarms).toHaveLength(6);
  });

  test('its alarm is routed to the topic, unchanged', () => {
    expect(obs.alarms).toContain(search.cpuAlarm);
    const cpu =
      template.toJSON().Resources[
        stack.getLogicalId(search.cpuAlarm.node.defaultChild as cloudwatch.CfnAlarm)
      ];
    expect(cpu.Properties).toMatchObject({
      Threshold: 75,
      AlarmActions: [{ Ref: expect.stringMatching(/^ObservabilityAlarmTopic/) }],
    });
  });

  test('is on the dashboard in its tier’s section', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('## Database: Search');
    expect(body).toContain('Search CPU (%)');
    expect(body).toContain('## Web: Api');
  });

  test('a tier that serves users gets the request SLOs on its metrics, in its latency unit', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'TestStack-Api-slo-p95',
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p95',
      Threshold: 300,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'TestStack-Api-slo-5xx-rate',
      Metrics: Match.anyValue(),
    });
    const web = deployedManifest(stack, obs).tiers[0].signals;
    expect(web.find((s) => s.slo === SloObjective.LATENCY_P95)).toMatchObject({
      unit: 'ms',
      threshold: { value: 300 },
    });
    expect(web.find((s) => s.slo === SloObjective.LATENCY_P95)?.scale).toBeUndefined();
    expect(web.find((s) => s.slo === SloObjective.ERROR_RATE)).toMatchObject({
      expression: '100 * FILL(web1Target5xx, 0) / web1Requests',
    });
    expect(obs.usersHurtingAlarm).toBeDefined();
  });
});

describe('what a construct offers is checked', () => {
  test.each<[string, ObservedSignal, RegExp]>([
    [
      'an id that is not a letter then letters and digits',
      { id: 'cpu-2', label: 'x', kind: SignalKind.TRAFFIC, expression: 'Hits' },
      /TestStack\/Search offers a signal id that is not a letter then letters and digits: 'cpu-2'/,
    ],
    [
      'an id twice',
      { id: 'Hits', label: 'x', kind: SignalKind.TRAFFIC, expression: 'Queries' },
      /offers the signal id 'Hits' twice/,
    ],
    [
      'neither a metric nor an expression',
      { id: 'Empty', label: 'x', kind: SignalKind.TRAFFIC },
      /offers the signal 'Empty' with neither a metric nor an expression/,
    ],
    [
      'metric math as a metric',
      {
        id: 'Math',
        label: 'x',
        kind: SignalKind.TRAFFIC,
        metric: new cloudwatch.MathExpression({ expression: '1 + 1', usingMetrics: {} }),
      },
      /offers the signal 'Math' with metric math as its metric/,
    ],
  ])('%s', (_name, signal, message) => {
    const stack = testStack();
    const obs = new Observability(stack, 'Observability');
    expect(() => obs.observe(new SearchCluster(stack, 'Search', [signal]))).toThrow(message);
    expect(() => obs.observe(new SearchCluster(stack, 'Search2', [signal]))).toThrow(
      BlueprintValidationError,
    );
  });
});

test('a construct is observed by one Observability, once', () => {
  const stack = testStack();
  const search = new SearchCluster(stack, 'Search');
  const obs = new Observability(stack, 'Observability');
  obs.observe(search);
  expect(() => obs.observe(search)).toThrow(
    'TestStack/Search is already observed: observe each construct once',
  );
  const other = new Observability(stack, 'Other', { publishAuditManifest: false });
  expect(() => other.observe(search)).toThrow(
    /already observed by TestStack\/Observability: observe each construct with one Observability/,
  );
});
