import { BLUEPRINTS } from 'cdk-scaling-blueprints/blueprints';
import {
  ConnectionFormula,
  maxConnectionsForInstanceClass,
  maxConnectionsForServerless,
} from '../../../../lib/data/connection-budget';
import { PROJECT_CONTEXT } from '../../../../test/support/app';
import { loadAppStacks } from '../../src/app-stacks';
import { DiagramStack } from '../../src/diagram/assembly-reader';
import {
  instanceClassMemoryBytes,
  maxConnectionsForMemory,
  readDatabases,
  readQueues,
} from '../../src/rehearse/data-config';
import { readServices, serviceOfResourceId } from '../../src/rehearse/scaling-config';

function stacksOf(blueprint: string): DiagramStack[] {
  return loadAppStacks({ blueprint, registry: BLUEPRINTS, cwd: process.cwd(), context: PROJECT_CONTEXT });
}

describe('reading the budget-startup template', () => {
  const [stack] = stacksOf('budget-startup');
  const services = readServices(stack.template, stack.pathsByLogicalId);
  const web = services.find((s) => s.name === 'Web')!;
  const worker = services.find((s) => s.name === 'Worker')!;

  test('maps each scalable target to its service through the ResourceId (service/<cluster>/<service> as a Join)', () => {
    expect(services.map((s) => [s.name, s.role])).toEqual([
      ['Web', 'web'],
      ['Worker', 'worker'],
    ]);
    const resources = stack.template.Resources!;
    const targetId = web.scaling!.logicalId;
    expect(serviceOfResourceId(resources, resources[targetId].Properties!.ResourceId)).toBe(web.logicalId);
  });

  test('the web tier: task size, Spot split, health check, grace period, deregistration delay, SLO alarms', () => {
    expect(web).toMatchObject({
      cpuUnits: 256,
      memoryMiB: 512,
      capacityProviders: { base: 1, onDemandWeight: 30, spotWeight: 70 },
      healthCheckGracePeriodSeconds: 60,
      targetGroup: {
        healthCheckIntervalSeconds: 15,
        healthyThresholdCount: 2,
        deregistrationDelaySeconds: 30,
      },
      latencySloMs: { p95: 500, p99: 1500 },
    });
    expect(web.databaseIds).toHaveLength(1);
    expect(web.poolSizeFromTemplate).toBeUndefined();
  });

  test('the web policies: CPU target tracking at 60 and the 1-minute step scale-out with its alarm', () => {
    const policies = web.scaling!.policies;
    expect(policies.find((p) => p.kind === 'targetTracking')).toMatchObject({
      metric: { kind: 'cpu', serviceId: web.logicalId },
      target: 60,
      scaleOutCooldownSeconds: 60,
      scaleInCooldownSeconds: 300,
      disableScaleIn: false,
    });
    expect(policies.find((p) => p.kind === 'step')).toMatchObject({
      adjustmentType: 'PercentChangeInCapacity',
      minAdjustmentMagnitude: 1,
      cooldownSeconds: 60,
      aggregation: 'Maximum',
      steps: [
        { lower: 0, upper: 15, adjustment: 25 },
        { lower: 15, upper: 20, adjustment: 50 },
        { lower: 20, adjustment: 100 },
      ],
      alarms: [
        {
          comparison: 'gte',
          threshold: 75,
          periodSeconds: 60,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          source: {
            kind: 'stat',
            stat: { metricName: 'CPUUtilization', dimensions: { ServiceName: web.logicalId } },
          },
        },
      ],
    });
  });

  test('the worker: its queue, the backlog-per-task metric math and the wake-from-zero alarm', () => {
    expect(worker.queueId).toMatch(/^WorkerQueue/);
    expect(worker.scaling).toMatchObject({ minCapacity: 0, maxCapacity: 4 });
    const tracking = worker.scaling!.policies.find((p) => p.kind === 'targetTracking');
    expect(tracking).toMatchObject({
      target: 150,
      metric: { kind: 'custom', source: { kind: 'math', expression: 'visible / IF(tasks > 0, tasks, 1)' } },
    });
    expect(worker.scaling!.policies.find((p) => p.kind === 'step')).toMatchObject({
      adjustmentType: 'ChangeInCapacity',
      cooldownSeconds: 120,
      alarms: [
        { source: { kind: 'math', expression: 'IF(FILL(visible, 0) > 0 AND FILL(tasks, 0) < 1, 1, 0)' } },
      ],
    });
    expect(readQueues(stack.template).find((q) => q.logicalId === worker.queueId)).toMatchObject({
      visibilityTimeoutSeconds: 12,
      maxAgeSloSeconds: 300,
    });
  });

  test("the database: Serverless v2 bounds and the library's max_connections for 4 ACU", () => {
    const [database] = readDatabases(stack.template);
    expect(database).toMatchObject({
      engine: 'aurora-postgresql',
      serverless: { minAcu: 0, maxAcu: 4, secondsUntilAutoPause: 300 },
      maxConnections: maxConnectionsForServerless(ConnectionFormula.POSTGRESQL, 4),
    });
    expect(database.proxy).toBeUndefined();
  });
});

describe('reading the multi-region-saas templates', () => {
  const stacks = stacksOf('multi-region-saas');

  test('per region: request-count tracking and its step policy, the local-time peak schedule, the database and its proxy', () => {
    const home = stacks.find((s) => s.region === 'us-east-1' && s.stackName.endsWith('us-east-1'))!;
    const [web] = readServices(home.template, home.pathsByLogicalId).filter((s) => s.role === 'web');
    const policies = web.scaling!.policies;
    expect(
      policies.find((p) => p.kind === 'targetTracking' && p.metric.kind === 'requestsPerTarget'),
    ).toMatchObject({
      target: 1200,
    });
    expect(
      policies.filter((p) => p.kind === 'step').map((p) => (p.kind === 'step' ? p.alarms[0].threshold : 0)),
    ).toEqual(expect.arrayContaining([75, 1500]));
    expect(web.scaling!.scheduledActions).toEqual([
      {
        name: 'PeakSchedule1Start',
        schedule: 'cron(30 8 ? * MON-FRI *)',
        timeZone: 'America/New_York',
        minCapacity: 30,
      },
      {
        name: 'PeakSchedule1End',
        schedule: 'cron(0 18 ? * MON-FRI *)',
        timeZone: 'America/New_York',
        minCapacity: 25,
      },
    ]);
    const [database] = readDatabases(home.template);
    expect(database.instances.map((i) => i.instanceClass)).toEqual(['db.r7g.large', 'db.r7g.large']);
    expect(database.maxConnections).toBe(
      maxConnectionsForInstanceClass(ConnectionFormula.POSTGRESQL, 'db.r7g.large'),
    );
    expect(database.proxy).toMatchObject({ maxConnectionsPercent: 90 });
  });
});

describe("the CLI's max_connections formulas agree with the construct library's", () => {
  test.each([['db.t4g.medium'], ['db.r7g.large'], ['db.r6g.2xlarge'], ['db.m7g.xlarge'], ['db.x2g.4xlarge']])(
    '%s',
    (instanceClass) => {
      const memory = instanceClassMemoryBytes(instanceClass)!;
      expect(maxConnectionsForMemory('aurora-postgresql', memory)).toBe(
        maxConnectionsForInstanceClass(ConnectionFormula.POSTGRESQL, instanceClass),
      );
      expect(maxConnectionsForMemory('mysql', memory)).toBe(
        maxConnectionsForInstanceClass(ConnectionFormula.MYSQL, instanceClass),
      );
    },
  );
});
