import { Match, Template } from 'aws-cdk-lib/assertions';
import { estimateJsonLength } from '../../lib/observability/private/signals';
import { testApp } from '../support/app';
import { deployedManifest } from './support';
import { CUSTOM_SLO, fullStack } from './full-stack';
import { ComplianceGates } from '../../lib';

describe('Observability over every construct', () => {
  const { stack, web, db, cache, cdn, worker, obs } = fullStack(testApp(), { slo: CUSTOM_SLO });
  const template = Template.fromStack(stack);

  test('the SLO alarms are Observability’s, at the SLO; the WebService’s own latency alarms keep their thresholds', () => {
    for (const [statistic, slo, own] of [
      ['p95', 0.3, 0.5],
      ['p99', 1, 2],
    ] as const) {
      const alarms = Object.entries(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { MetricName: 'TargetResponseTime', ExtendedStatistic: statistic },
        }),
      );
      expect(
        alarms.map(([id, alarm]) => [id.replace(/[0-9A-F]{8}$/, ''), alarm.Properties.Threshold]).sort(),
      ).toEqual([
        [`ObservabilityWebLatency${statistic.toUpperCase()}Alarm`, slo],
        [`WebLatency${statistic.toUpperCase()}Alarm`, own],
      ]);
      for (const [, alarm] of alarms) {
        expect(alarm.Properties).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 3, Period: 60 });
      }
    }
    const own = web.alarms.find((a) => a.node.id === 'LatencyP95Alarm')!;
    expect(obs.sloAlarms).not.toContain(own);
    expect(obs.alarms).toContain(own);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Shop-Web-slo-p95',
      AlarmDescription: Match.stringLikeRegexp('^Web: SLO: p95 latency above 300 ms'),
    });
  });

  test('the 5xx-rate SLO alarm is metric math at the SLO error rate', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.5,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests' }),
      ]),
    });
  });

  test('database CPU, connections and replica lag alarms are wired', () => {
    for (const metricName of ['CPUUtilization', 'DatabaseConnections', 'AuroraReplicaLagMaximum']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/RDS',
        MetricName: metricName,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^ObservabilityAlarmTopic') }],
      });
    }
    expect(db.alarms.every((alarm) => obs.alarms.includes(alarm))).toBe(true);
  });

  test('cache memory and evictions alarms are wired', () => {
    const ids = cache.alarms.map((a) => a.node.id);
    expect(ids).toEqual(expect.arrayContaining(['MemoryAlarm', 'EvictionsAlarm']));
    expect(cache.alarms.every((alarm) => obs.alarms.includes(alarm))).toBe(true);
  });

  test('the queue SLO alarm is at maxMessageAge; the worker’s own age alarm keeps targetLatency', () => {
    const ageAlarms = Object.entries(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'ApproximateAgeOfOldestMessage' },
      }),
    ).map(([id, alarm]) => [id.replace(/[0-9A-F]{8}$/, ''), alarm.Properties.Threshold]);
    expect(ageAlarms.sort()).toEqual([
      ['ObservabilityWorkerOldestMessageAgeAlarm', 120],
      ['WorkerOldestMessageAgeAlarm', 300],
    ]);
    expect(obs.sloAlarms.map((a) => a.node.path)).toContain(
      'Shop/Observability/Worker/OldestMessageAgeAlarm',
    );
    expect(worker.alarms.map((a) => a.node.id)).toContain('DeadLetterQueueAlarm');
    expect(worker.alarms.every((alarm) => obs.alarms.includes(alarm))).toBe(true);
  });

  test('the CDN alarms are wired', () => {
    expect(cdn.alarms.length).toBeGreaterThan(0);
    expect(cdn.alarms.every((alarm) => obs.alarms.includes(alarm))).toBe(true);
  });

  test('every alarm in the stack notifies the encrypted topic on ALARM and OK', () => {
    const topicRef = { Ref: Match.stringLikeRegexp('^ObservabilityAlarmTopic') };
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'));
    // Step scaling alarms act on the scalable target (CDK's scaleOnMetric), they notify nobody.
    const notifying = alarms.filter(([id]) => !/StepScale(Out|In)/.test(id));
    expect(notifying.length).toBe(obs.alarms.length - 1);
    for (const [id, alarm] of notifying) {
      expect({ id, props: alarm.Properties }).toMatchObject({
        id,
        props: {
          AlarmActions: [{ Ref: expect.stringMatching(/^ObservabilityAlarmTopic/) }],
          OKActions: [{ Ref: expect.stringMatching(/^ObservabilityAlarmTopic/) }],
        },
      });
    }
    template.allResourcesProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmActions: [topicRef],
      OKActions: [topicRef],
    });
  });

  test('the composite alarm covers the four web SLO alarms', () => {
    const [composite] = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')) as {
      Properties: { AlarmRule: unknown };
    }[];
    const rule = JSON.stringify(composite.Properties.AlarmRule);
    expect(rule.match(/ALARM\(/g)).toHaveLength(4);
    for (const id of [
      'ObservabilityWebLatencyP95Alarm',
      'ObservabilityWebLatencyP99Alarm',
      'ObservabilityWebErrorRateAlarm',
      'ObservabilityWebAvailabilityAlarm',
    ]) {
      expect(rule).toContain(id);
    }
  });

  test('the dashboard has a section per tier, edge first, with running vs maximum tasks', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]);
    const order = [
      '## Edge: Cdn',
      '## Web: Web',
      '## Database: Db',
      '## Cache: Cache',
      '## Queue: Worker',
    ].map((h) => body.indexOf(h));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(body).toContain('Scaling: running vs maximum tasks');
    expect(body).toContain('maximum 10');
    expect(body).toContain('RunningTaskCount');
  });

  test('the manifest validates, lists the tiers in order with their signals, and fits an SSM parameter', () => {
    const manifest = deployedManifest(stack, obs);
    expect(manifest.tiers.map((t) => `${t.tier}:${t.name}`)).toEqual([
      'edge:Cdn',
      'web:Web',
      'database:Db',
      'cache:Cache',
      'queue:Worker',
    ]);
    expect(manifest.slo).toEqual({
      latencyP95Ms: 300,
      latencyP99Ms: 1000,
      errorRatePercent: 0.5,
      availabilityPercent: 99.5,
      maxMessageAgeSeconds: 120,
    });
    // CloudFront metrics live in us-east-1, the stack's own region here: no per-signal region.
    expect(manifest.tiers[0].signals.every((s) => s.region === undefined)).toBe(true);
    const webSignals = manifest.tiers[1].signals;
    expect(webSignals.find((s) => s.concern === 'tasksAtMax')).toMatchObject({ capacity: 10 });
    expect(manifest.alarms).toHaveLength(obs.alarms.length);
    const length = estimateJsonLength(stack, obs.auditManifestJson);
    expect(length).toBeLessThan(8192);
  });

  test('cdk-nag finds nothing in Observability', () => {
    expect(ComplianceGates.nagFindings(obs)).toEqual([]);
  });
});
