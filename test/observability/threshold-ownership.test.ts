// Each threshold has one owner: a construct's alarms keep the construct's values, the SLO alarms
// Observability creates carry the SLO's, and observing a construct changes none of its alarms.
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CacheCluster } from '../../lib/cache/cache-cluster';
import { ReplicatedDatabase } from '../../lib/data/replicated-database';
import { Network } from '../../lib/network/network';
import { Observability } from '../../lib/observability/observability';
import { WebService } from '../../lib/service/web-service';
import { testApp, TEST_ENV } from '../support/app';
import { deployedManifest } from './support';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable');

/** The alarm resources of the template, keyed by construct path (relative to the stack). */
function alarmsByPath(stack: Stack): Record<string, Record<string, unknown>> {
  const template = Template.fromStack(stack).toJSON();
  const byPath: Record<string, Record<string, unknown>> = {};
  for (const alarm of stack.node.findAll().filter((c) => c instanceof cloudwatch.Alarm)) {
    const logicalId = stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);
    byPath[alarm.node.path.slice(stack.node.path.length + 1)] = template.Resources[logicalId].Properties;
  }
  return byPath;
}

describe('a WebService with its own targets under an Observability with other SLOs', () => {
  const stack = new Stack(testApp(), 'Shop', { env: TEST_ENV });
  const network = new Network(stack, 'Network');
  const web = new WebService(stack, 'Web', {
    vpc: network.vpc,
    image,
    latencyP99AlarmThreshold: Duration.seconds(3),
    errorRateAlarmThresholdPercent: 5,
  });
  const obs = new Observability(stack, 'Observability', {
    slo: { latencyP99: Duration.millis(1500), errorRatePercent: 1 },
  });
  obs.observe(web);
  const alarms = alarmsByPath(stack);

  test('the WebService keeps 3 s on its p99 alarm and 5 % on the 5xx alarm that rolls deployments back', () => {
    expect(alarms['Web/LatencyP99Alarm']).toMatchObject({ Threshold: 3, ExtendedStatistic: 'p99' });
    expect(alarms['Web/ErrorRateAlarm']).toMatchObject({ Threshold: 5 });
    // The deployment-rollback alarms the service names are those, with the values they were given.
    const rollback = Template.fromStack(stack).findResources('AWS::ECS::Service');
    const names = Object.values(rollback)[0].Properties.DeploymentConfiguration.Alarms.AlarmNames;
    expect(names).toEqual([
      alarms['Web/ErrorRateAlarm'].AlarmName,
      alarms['Web/UnhealthyHostsAlarm'].AlarmName,
    ]);
    expect(web.deploymentAlarms.map((a) => a.node.id)).toEqual(['ErrorRateAlarm', 'UnhealthyHostsAlarm']);
  });

  test('the SLO alarms carry the SLO’s: 1.5 s and 1 %', () => {
    expect(alarms['Observability/Web/LatencyP99Alarm']).toMatchObject({
      Threshold: 1.5,
      ExtendedStatistic: 'p99',
    });
    expect(alarms['Observability/Web/ErrorRateAlarm']).toMatchObject({ Threshold: 1 });
    expect(obs.sloAlarms.map((a) => a.node.path.slice('Shop/'.length))).toEqual([
      'Observability/Web/LatencyP95Alarm',
      'Observability/Web/LatencyP99Alarm',
      'Observability/Web/ErrorRateAlarm',
      'Observability/Web/AvailabilityAlarm',
    ]);
  });

  test('the audit manifest judges the SLO signals against the SLO', () => {
    const signals = deployedManifest(stack, obs).tiers[0].signals;
    expect(signals.find((s) => s.id === 'web1P99')?.threshold).toEqual({ comparison: 'gt', value: 1500 });
    expect(signals.find((s) => s.id === 'web1ErrorRate')?.threshold).toEqual({ comparison: 'gt', value: 1 });
  });

  test('the WebService’s alarms are routed to the topic and listed, never rewritten', () => {
    for (const alarm of web.alarms) expect(obs.alarms).toContain(alarm);
    expect(alarms['Web/LatencyP99Alarm'].AlarmDescription).toMatch(
      /^Shop\/Web: p99 target response time above 3 s/,
    );
  });
});

test('observing constructs changes nothing on their alarms but the actions', () => {
  const build = (observe: boolean) => {
    const stack = new Stack(testApp(), 'Shop', { env: TEST_ENV });
    const network = new Network(stack, 'Network');
    const web = new WebService(stack, 'Web', {
      vpc: network.vpc,
      image,
      latencyP95AlarmThreshold: Duration.seconds(1),
    });
    const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc, cpuAlarmThresholdPercent: 65 });
    const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc, cpuAlarmThresholdPercent: 70 });
    if (observe) new Observability(stack, 'Observability').observe(web, db, cache);
    const alarms = alarmsByPath(stack);
    return Object.fromEntries(
      Object.entries(alarms)
        .filter(([path]) => !path.startsWith('Observability/'))
        .map(([path, props]) => [
          path,
          Object.fromEntries(
            Object.entries(props).filter(([key]) => !/^(AlarmActions|OKActions)$/.test(key)),
          ),
        ]),
    );
  };
  const unobserved = build(false);
  expect(Object.keys(unobserved).length).toBeGreaterThan(10);
  expect(build(true)).toEqual(unobserved);
});

test('the manifest carries the thresholds of the constructs’ own alarms, not a fixed 80 %', () => {
  const stack = new Stack(testApp(), 'Shop', { env: TEST_ENV });
  const network = new Network(stack, 'Network');
  const db = new ReplicatedDatabase(stack, 'Db', {
    vpc: network.vpc,
    cpuAlarmThresholdPercent: 65,
    connectionsAlarmThresholdPercent: 70,
  });
  const cache = new CacheCluster(stack, 'Cache', {
    vpc: network.vpc,
    cpuAlarmThresholdPercent: 70,
    memoryAlarmThresholdPercent: 90,
  });
  const obs = new Observability(stack, 'Observability');
  obs.observe(db, cache);
  const alarms = alarmsByPath(stack);
  const [database, cacheTier] = deployedManifest(stack, obs).tiers;
  const threshold = (tier: typeof database, id: string) => tier.signals.find((s) => s.id === id)?.threshold;
  expect(threshold(database, 'database1Cpu')).toEqual({
    comparison: 'gt',
    value: alarms['Db/CpuAlarm'].Threshold,
  });
  expect(threshold(database, 'database1Cpu')?.value).toBe(65);
  expect(threshold(database, 'database1Connections')).toEqual({
    comparison: 'gt',
    value: alarms['Db/ConnectionsAlarm'].Threshold,
  });
  expect(threshold(database, 'database1Connections')?.value).toBe(Math.floor(db.maxConnections! * 0.7));
  expect(threshold(cacheTier, 'cache1Cpu')).toEqual({ comparison: 'gt', value: 70 });
  expect(threshold(cacheTier, 'cache1Memory')).toEqual({ comparison: 'gt', value: 90 });
  expect(alarms['Cache/CpuAlarm'].Threshold).toBe(70);
});
