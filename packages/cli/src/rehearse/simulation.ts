// The discrete-time model of one stack: 10-second ticks of demand, tasks (launching, running,
// in service, draining), the 1-minute CloudWatch datapoints the alarms see (published after a delay),
// the Application Auto Scaling decisions taken at each alarm evaluation, queue backlog and age, and
// database connections and capacity. Deterministic: the same input gives the same timeline.
import { ConstantName } from './constants';
import { DatabaseModel, QueueModel } from './data-config';
import { compileExpression, CompiledExpression, Datapoint } from './metric-math';
import {
  adjustedCapacity,
  aggregate,
  alarmState,
  CooldownState,
  matchingStep,
  scaleOutWithCooldown,
  targetTrackingCapacity,
} from './policy-model';
import { demandAt, Profile } from './profiles';
import { erlangC, LatencyState, responseTimeQuantile, serviceRatePerTask } from './queueing';
import { PolicyModel, ServiceModel, StepPolicyModel, TargetTrackingPolicyModel } from './scaling-config';
import { CompiledSchedule, compileSchedule, firingsBetween } from './schedule';
import { MetricSource, MetricStat } from './template-refs';

/** Length of one tick of the model. */
export const TICK_SECONDS = 10;
/** The model runs this long at the profile's first demand before t = 0, to start from a steady state. */
export const WARMUP_SECONDS = 30 * 60;
const MINUTE = 60;

/** One service and what the template does not say about it. */
export interface ServiceInput {
  readonly model: ServiceModel;
  /** Database connections one task's pool opens at most. */
  readonly poolSize?: number;
  /** Seconds one worker takes per message. */
  readonly messageProcessingSeconds?: number;
  /** The latency SLO, in ms. */
  readonly latencySloMs: { readonly p95: number; readonly p99: number };
}

export interface StackInput {
  readonly stackName: string;
  readonly region?: string;
  readonly services: readonly ServiceInput[];
  readonly databases: readonly DatabaseModel[];
  readonly queues: readonly QueueModel[];
  /** This stack's demand (its share of the app's). */
  readonly profile: Profile;
  readonly traffic: {
    readonly cpuMillisecondsPerRequest: number;
    readonly databaseQueriesPerRequest: number;
    readonly queueMessagesPerRequest: number;
  };
  readonly constants: Readonly<Record<ConstantName, number>>;
  /** Wall-clock time of t = 0, for scheduled actions; without it they are not applied. */
  readonly startEpochMs?: number;
}

/** One tick of a service, from t = 0. */
export interface ServiceTick {
  readonly t: number;
  /** Requests per second (web) or messages per second (worker) arriving. */
  readonly demand: number;
  readonly desired: number;
  readonly minCapacity: number;
  /** Tasks started (RUNNING), draining ones included. */
  readonly running: number;
  /** Tasks taking traffic (web: healthy in the target group; worker: running). */
  readonly inService: number;
  /** What the in-service tasks can serve per second. */
  readonly capacity: number;
  /** Requests (web) or messages (worker) waiting. */
  readonly backlog: number;
  /** Requests that failed this tick (no healthy task, or queued beyond the idle timeout). */
  readonly failed: number;
  /** Web: the tick's latency distribution. */
  readonly latency?: LatencyState;
  readonly p95Seconds?: number;
  readonly p99Seconds?: number;
  /** Worker: age of the oldest message. */
  readonly oldestAgeSeconds?: number;
  /** Task counts on on-demand Fargate and on Fargate Spot (fractional: the weights' expectation). */
  readonly onDemandTasks: number;
  readonly spotTasks: number;
}

export interface ScalingEvent {
  readonly t: number;
  readonly from: number;
  readonly to: number;
  /** The policy logical id, `schedule:<name>` or `predictive`. */
  readonly by: string;
}

export interface ServiceTimeline {
  readonly input: ServiceInput;
  readonly serviceRatePerTask: number;
  readonly taskStartSeconds: number;
  readonly registrationSeconds: number;
  readonly ticks: readonly ServiceTick[];
  readonly events: readonly ScalingEvent[];
}

export interface DatabaseTick {
  readonly t: number;
  readonly connections: number;
  readonly acu?: number;
  readonly acuDemand?: number;
  readonly paused: boolean;
}

export interface DatabaseTimeline {
  readonly model: DatabaseModel;
  /** The services whose pools count against it. */
  readonly clients: readonly string[];
  readonly ticks: readonly DatabaseTick[];
  readonly resumes: number;
}

export interface StackTimeline {
  readonly stackName: string;
  readonly region?: string;
  readonly tickSeconds: number;
  readonly durationSeconds: number;
  readonly services: readonly ServiceTimeline[];
  readonly databases: readonly DatabaseTimeline[];
  readonly notes: readonly string[];
}

/** Per-minute sums the CloudWatch datapoints are computed from. */
interface MinuteAccumulator {
  ticks: number;
  cpuUsed: number;
  cpuReserved: number;
  runningSum: number;
  runningMax: number;
  requests: number;
  healthySum: number;
  visibleSum: number;
  visibleMax: number;
  /** Messages received and being processed (SQS ApproximateNumberOfMessagesNotVisible). */
  inFlightSum: number;
  ageMax: number;
}

function emptyAccumulator(): MinuteAccumulator {
  return {
    ticks: 0,
    cpuUsed: 0,
    cpuReserved: 0,
    runningSum: 0,
    runningMax: 0,
    requests: 0,
    healthySum: 0,
    visibleSum: 0,
    visibleMax: 0,
    inFlightSum: 0,
    ageMax: 0,
  };
}

interface Task {
  readonly launchedAt: number;
  readonly runningAt: number;
  readonly inServiceAt: number;
  /** Set when the task leaves: it stops taking traffic, and stops running at `stopsAt`. */
  stopsAt?: number;
}

interface PolicyState {
  cooldown: CooldownState;
  lastScaleInAt?: number;
}

/** The mutable state of one service during the run. */
class ServiceState {
  public minCapacity: number;
  public maxCapacity: number;
  public desired: number;
  public tasks: Task[] = [];
  public backlog = 0;
  public readonly minutes: MinuteAccumulator[] = [];
  public readonly ticks: ServiceTick[] = [];
  public readonly events: ScalingEvent[] = [];
  public readonly policyStates = new Map<string, PolicyState>();
  public readonly vcpu: number;
  public readonly serviceRate: number;
  public readonly taskStartSeconds: number;
  public readonly registrationSeconds: number;
  /** Worker: cumulative messages arrived at the end of each tick, and the tick times, for the oldest message's age. */
  public readonly arrivals: number[] = [];
  public readonly arrivalTimes: number[] = [];
  public processedTotal = 0;
  public arrivedTotal = 0;
  public predictiveFloor = 0;

  constructor(
    public readonly input: ServiceInput,
    cpuMillisecondsPerRequest: number,
    constants: Readonly<Record<ConstantName, number>>,
  ) {
    const scaling = input.model.scaling;
    this.minCapacity = scaling?.minCapacity ?? 1;
    this.maxCapacity = scaling?.maxCapacity ?? this.minCapacity;
    this.desired = this.minCapacity;
    this.vcpu = input.model.cpuUnits / 1024;
    this.serviceRate = serviceRatePerTask(this.vcpu, cpuMillisecondsPerRequest);
    this.taskStartSeconds =
      constants.fargateProvisioningSeconds +
      constants.imagePullSecondsPerMb * constants.imageSizeMb +
      constants.containerStartSeconds;
    this.registrationSeconds = input.model.targetGroup
      ? input.model.targetGroup.healthCheckIntervalSeconds * constants.initialHealthChecks
      : 0;
  }

  get model(): ServiceModel {
    return this.input.model;
  }

  active(): Task[] {
    return this.tasks.filter((task) => task.stopsAt === undefined);
  }

  running(now: number): number {
    return this.tasks.filter(
      (task) => task.runningAt <= now && (task.stopsAt === undefined || task.stopsAt > now),
    ).length;
  }

  inService(now: number): number {
    return this.tasks.filter((task) => task.inServiceAt <= now && task.stopsAt === undefined).length;
  }

  accumulator(minute: number): MinuteAccumulator {
    while (this.minutes.length <= minute) this.minutes.push(emptyAccumulator());
    return this.minutes[minute];
  }

  setDesired(now: number, value: number, by: string, warmup: number): void {
    const clamped = Math.max(this.minCapacity, Math.min(this.maxCapacity, value));
    if (clamped === this.desired) return;
    this.events.push({ t: now - warmup, from: this.desired, to: clamped, by });
    this.desired = clamped;
  }

  /** Launches or stops tasks so the active count matches the desired count. */
  reconcile(now: number): void {
    const active = this.active();
    for (let i = active.length; i < this.desired; i++) {
      const runningAt = now + this.taskStartSeconds;
      this.tasks.push({ launchedAt: now, runningAt, inServiceAt: runningAt + this.registrationSeconds });
    }
    if (active.length > this.desired) {
      // Tasks not yet in service go first (newest first), then the newest in-service ones.
      const order = [...active].sort((a, b) => {
        const aServing = a.inServiceAt <= now ? 1 : 0;
        const bServing = b.inServiceAt <= now ? 1 : 0;
        return aServing - bServing || b.launchedAt - a.launchedAt;
      });
      const delay = this.model.targetGroup?.deregistrationDelaySeconds ?? 0;
      for (const task of order.slice(0, active.length - this.desired)) {
        task.stopsAt = task.inServiceAt <= now ? now + delay : now;
      }
    }
    this.tasks = this.tasks.filter((task) => task.stopsAt === undefined || task.stopsAt > now);
  }

  splitCapacityProviders(tasks: number): { onDemand: number; spot: number } {
    const { base, onDemandWeight, spotWeight } = this.model.capacityProviders;
    const onBase = Math.min(tasks, base);
    const rest = tasks - onBase;
    const total = onDemandWeight + spotWeight;
    const onDemandShare = total > 0 ? onDemandWeight / total : 1;
    return { onDemand: onBase + rest * onDemandShare, spot: rest * (1 - onDemandShare) };
  }
}

interface DatabaseState {
  readonly model: DatabaseModel;
  readonly clients: ServiceState[];
  readonly ticks: DatabaseTick[];
  paused: boolean;
  idleSince?: number;
  resumingUntil: number;
  resumes: number;
}

/** Rounds ACUs up to Aurora Serverless v2's half-ACU steps. */
function halfStep(acu: number): number {
  return Math.ceil(acu * 2 - 1e-9) / 2;
}

/** Runs one stack through its profile. */
export function simulateStack(input: StackInput): StackTimeline {
  const dt = TICK_SECONDS;
  const warmup = WARMUP_SECONDS;
  const constants = input.constants;
  const notes = new Set<string>();
  const services = input.services.map(
    (service) => new ServiceState(service, input.traffic.cpuMillisecondsPerRequest, constants),
  );
  const web = services.filter((s) => s.model.role === 'web');
  const workers = services.filter((s) => s.model.role === 'worker' && s.model.queueId !== undefined);
  const byTargetGroup = new Map(web.map((s) => [s.model.targetGroup!.logicalId, s]));
  const byService = new Map(services.map((s) => [s.model.logicalId, s]));
  const byQueue = new Map(workers.map((s) => [s.model.queueId!, s]));
  if (web.length > 1) notes.add(`the web demand is split evenly over ${web.length} web services`);

  const databases: DatabaseState[] = input.databases.map((model) => ({
    model,
    clients: services.filter((s) => s.model.databaseIds.includes(model.logicalId)),
    ticks: [],
    paused: false,
    resumingUntil: 0,
    resumes: 0,
  }));

  const expressions = new Map<string, CompiledExpression>();
  const compiled = (expression: string): CompiledExpression | undefined => {
    if (!expressions.has(expression)) {
      try {
        expressions.set(expression, compileExpression(expression));
      } catch (error) {
        notes.add(`metric math not modelled (${(error as Error).message}): its alarm never fires`);
        expressions.set(expression, () => undefined);
      }
    }
    return expressions.get(expression);
  };

  /** One datapoint of a metric: period index `index` of `periodSeconds`. */
  const statValue = (stat: MetricStat, index: number, periodSeconds: number): Datapoint => {
    const perPeriod = Math.max(1, Math.round(periodSeconds / MINUTE));
    const owner =
      (stat.dimensions.ServiceName && byService.get(stat.dimensions.ServiceName)) ||
      (stat.dimensions.TargetGroup && byTargetGroup.get(stat.dimensions.TargetGroup)) ||
      (stat.dimensions.QueueName && byQueue.get(stat.dimensions.QueueName)) ||
      undefined;
    if (!owner) {
      notes.add(
        `${stat.namespace} ${stat.metricName} is not tied to a modelled service: its alarm never fires`,
      );
      return undefined;
    }
    const acc = emptyAccumulator();
    for (let m = index * perPeriod; m < (index + 1) * perPeriod; m++) {
      const minute = owner.minutes[m];
      if (!minute) return undefined;
      acc.ticks += minute.ticks;
      acc.cpuUsed += minute.cpuUsed;
      acc.cpuReserved += minute.cpuReserved;
      acc.runningSum += minute.runningSum;
      acc.runningMax = Math.max(acc.runningMax, minute.runningMax);
      acc.requests += minute.requests;
      acc.healthySum += minute.healthySum;
      acc.visibleSum += minute.visibleSum;
      acc.visibleMax = Math.max(acc.visibleMax, minute.visibleMax);
      acc.inFlightSum += minute.inFlightSum;
      acc.ageMax = Math.max(acc.ageMax, minute.ageMax);
    }
    if (acc.ticks === 0) return undefined;
    const key = `${stat.namespace} ${stat.metricName}`;
    switch (key) {
      case 'AWS/ECS CPUUtilization':
        // ECS publishes nothing for a service with no running task.
        return acc.cpuReserved > 0 ? (100 * acc.cpuUsed) / acc.cpuReserved : undefined;
      case 'ECS/ContainerInsights RunningTaskCount':
      case 'ECS/ContainerInsights DesiredTaskCount':
        return stat.statistic === 'Maximum' ? acc.runningMax : acc.runningSum / acc.ticks;
      case 'AWS/ApplicationELB RequestCountPerTarget': {
        const healthy = acc.healthySum / acc.ticks;
        return healthy > 0 ? acc.requests / healthy / perPeriod : undefined;
      }
      case 'AWS/ApplicationELB RequestCount':
        return acc.requests;
      case 'AWS/SQS ApproximateNumberOfMessagesVisible':
        return stat.statistic === 'Maximum' ? acc.visibleMax : acc.visibleSum / acc.ticks;
      case 'AWS/SQS ApproximateNumberOfMessagesNotVisible':
        return acc.inFlightSum / acc.ticks;
      case 'AWS/SQS ApproximateAgeOfOldestMessage':
        return acc.ageMax;
      default:
        notes.add(`${key} is not modelled: the policy or alarm using it never acts`);
        return undefined;
    }
  };

  const sourceValue = (source: MetricSource, index: number, periodSeconds: number): Datapoint => {
    if (source.kind === 'stat') return statValue(source.stat, index, periodSeconds);
    const values: Record<string, Datapoint> = {};
    for (const [id, stat] of Object.entries(source.metrics))
      values[id] = statValue(stat, index, periodSeconds);
    return compiled(source.expression)?.(values);
  };

  const trackedValue = (policy: TargetTrackingPolicyModel, index: number): Datapoint => {
    const metric = policy.metric;
    switch (metric.kind) {
      case 'cpu':
        return statValue(
          {
            namespace: 'AWS/ECS',
            metricName: 'CPUUtilization',
            statistic: 'Average',
            periodSeconds: 60,
            dimensions: { ServiceName: metric.serviceId },
          },
          index,
          60,
        );
      case 'requestsPerTarget':
        return statValue(
          {
            namespace: 'AWS/ApplicationELB',
            metricName: 'RequestCountPerTarget',
            statistic: 'Sum',
            periodSeconds: 60,
            dimensions: { TargetGroup: metric.targetGroupId },
          },
          index,
          60,
        );
      case 'memory':
        notes.add('memory target tracking is not modelled (the model has no memory demand): it never acts');
        return undefined;
      default:
        return sourceValue(metric.source, index, 60);
    }
  };

  // Scheduled actions: compiled once; without a start time they are not applied.
  const schedules = new Map<
    ServiceState,
    Array<{ name: string; schedule: CompiledSchedule; min?: number; max?: number }>
  >();
  for (const service of services) {
    const actions = service.model.scaling?.scheduledActions ?? [];
    if (actions.length === 0) continue;
    if (input.startEpochMs === undefined) {
      notes.add(
        `${service.model.name}: ${actions.length} scheduled action(s) not applied (an unplanned spike; pass --start to rehearse at a given time)`,
      );
      continue;
    }
    const compiledActions = [];
    for (const action of actions) {
      try {
        compiledActions.push({
          name: action.name,
          schedule: compileSchedule(action.schedule, action.timeZone),
          min: action.minCapacity,
          max: action.maxCapacity,
        });
      } catch (error) {
        notes.add(
          `${service.model.name}: scheduled action ${action.name} not applied: ${(error as Error).message}`,
        );
      }
    }
    schedules.set(service, compiledActions);
  }
  const wallClock = (now: number): number => input.startEpochMs! + (now - warmup) * 1000;

  // The state before the warm-up: the latest firing of each scheduled action in the week before.
  for (const [service, actions] of schedules) {
    const begin = wallClock(0);
    const fired = actions
      .flatMap((action) =>
        firingsBetween(action.schedule, begin - 7 * 86400_000, begin).map((at) => ({ at, action })),
      )
      .sort((a, b) => a.at - b.at);
    for (const { action } of fired) {
      if (action.min !== undefined) service.minCapacity = action.min;
      if (action.max !== undefined) service.maxCapacity = action.max;
    }
    service.desired = Math.max(service.minCapacity, Math.min(service.maxCapacity, service.desired));
  }

  // Predictive scaling forecasts only a cycle it has seen: the daily profile.
  const predictive = new Map<ServiceState, { target: number; metric: 'requests' | 'cpu'; buffer: number }>();
  for (const service of services) {
    const policy = service.model.scaling?.policies.find((p) => p.kind === 'predictive');
    if (policy?.kind !== 'predictive') continue;
    if (policy.mode === 'ForecastOnly') {
      notes.add(`${service.model.name}: predictive scaling is ForecastOnly: it does not change capacity`);
    } else if (!input.profile.periodic) {
      notes.add(
        `${service.model.name}: predictive scaling has no history of this profile to forecast (only the daily cycle repeats): not applied`,
      );
    } else {
      predictive.set(service, {
        target: policy.target,
        metric: policy.metric,
        buffer: policy.schedulingBufferSeconds,
      });
    }
  }

  // Tasks at the start: the desired count, long in service.
  for (const service of services) {
    for (let i = 0; i < service.desired; i++)
      service.tasks.push({ launchedAt: -3600, runningAt: -3600, inServiceAt: -3600 });
  }

  const total = warmup + input.profile.durationSeconds;
  const evaluationInterval = Math.max(dt, constants.alarmEvaluationIntervalSeconds);
  const demandOf = (now: number) => demandAt(input.profile, Math.max(0, now - warmup));

  for (let now = 0; now < total; now += dt) {
    // Scheduled actions fire at minute starts.
    if (now % MINUTE === 0) {
      for (const [service, actions] of schedules) {
        for (const action of actions) {
          if (!action.schedule.firesAt(wallClock(now))) continue;
          if (action.min !== undefined) service.minCapacity = action.min;
          if (action.max !== undefined) service.maxCapacity = action.max;
          service.setDesired(now, service.desired, `schedule:${action.name}`, warmup);
        }
      }
    }
    if (now % evaluationInterval === 0) {
      for (const service of services) {
        evaluatePolicies(service, now);
        const forecast = predictive.get(service);
        if (forecast) {
          const floor = predictiveCapacity(service, forecast, now);
          if (floor > service.desired) service.setDesired(now, floor, 'predictive', warmup);
        }
      }
    }
    for (const service of services) service.reconcile(now);

    const demand = demandOf(now);
    const minute = Math.floor(now / MINUTE);
    const dbWait = new Map<ServiceState, number>();
    for (const database of databases) {
      const wait = Math.max(0, database.resumingUntil - now);
      for (const client of database.clients) dbWait.set(client, Math.max(dbWait.get(client) ?? 0, wait));
    }

    let queriesPerSecond = 0;
    for (const service of web) {
      const lambda = demand.web / web.length;
      const served = stepWebService(service, now, lambda, dbWait.get(service) ?? 0, minute);
      queriesPerSecond += served * input.traffic.databaseQueriesPerRequest;
    }
    const messages = demand.queue ?? demand.web * input.traffic.queueMessagesPerRequest;
    for (const service of workers) stepWorker(service, now, messages / workers.length, minute);
    for (const service of services) {
      if (service.model.role === 'worker' && !workers.includes(service))
        stepIdleService(service, now, minute);
    }
    for (const database of databases)
      stepDatabase(database, now, queriesPerSecond / Math.max(1, databases.length));
  }

  return {
    stackName: input.stackName,
    region: input.region,
    tickSeconds: dt,
    durationSeconds: input.profile.durationSeconds,
    services: services.map((service) => ({
      input: service.input,
      serviceRatePerTask: service.serviceRate,
      taskStartSeconds: service.taskStartSeconds,
      registrationSeconds: service.registrationSeconds,
      ticks: service.ticks.filter((tick) => tick.t >= 0),
      events: service.events.filter((event) => event.t >= 0),
    })),
    databases: databases.map((database) => ({
      model: database.model,
      clients: database.clients.map((c) => c.model.name),
      ticks: database.ticks.filter((tick) => tick.t >= 0),
      resumes: database.resumes,
    })),
    notes: [...notes].sort(),
  };

  function evaluatePolicies(service: ServiceState, now: number): void {
    const policies = service.model.scaling?.policies ?? [];
    const current = service.desired;
    const outs: Array<{ desired: number; by: string; policy?: PolicyModel }> = [];
    const ins: Array<{ desired: number; by: string; policy: PolicyModel }> = [];
    let trackingPolicies = 0;
    let trackingReadyToScaleIn = 0;
    for (const policy of policies) {
      const state = service.policyStates.get(policy.logicalId) ?? { cooldown: {} };
      service.policyStates.set(policy.logicalId, state);
      if (policy.kind === 'step') {
        for (const proposal of stepProposals(policy, state, now, current)) {
          (proposal.desired > current ? outs : ins).push({ ...proposal, policy });
        }
      } else if (policy.kind === 'targetTracking') {
        const latest = newestIndex(now, 60);
        if (latest < 0) continue;
        const datapoints: Datapoint[] = [];
        const window = Math.max(
          constants.targetTrackingScaleOutDatapoints,
          constants.targetTrackingScaleInDatapoints,
        );
        for (let i = Math.max(0, latest - window + 1); i <= latest; i++)
          datapoints.push(trackedValue(policy, i));
        const value = datapoints[datapoints.length - 1];
        const high = datapoints.slice(-constants.targetTrackingScaleOutDatapoints);
        const low = datapoints.slice(-constants.targetTrackingScaleInDatapoints);
        if (!policy.disableScaleIn) trackingPolicies++;
        if (
          value !== undefined &&
          high.length >= constants.targetTrackingScaleOutDatapoints &&
          high.every((v) => v !== undefined && v > policy.target)
        ) {
          const result = scaleOutWithCooldown(
            now,
            current,
            policy.scaleOutCooldownSeconds,
            state.cooldown,
            (base) => targetTrackingCapacity(base, value, policy.target),
          );
          state.cooldown = result.state;
          if (result.desired > current) outs.push({ desired: result.desired, by: policy.logicalId });
        } else if (
          !policy.disableScaleIn &&
          value !== undefined &&
          low.length >= constants.targetTrackingScaleInDatapoints &&
          low.every((v) => v !== undefined && v < policy.target * constants.targetTrackingScaleInRatio) &&
          (state.lastScaleInAt === undefined || now >= state.lastScaleInAt + policy.scaleInCooldownSeconds)
        ) {
          trackingReadyToScaleIn++;
          ins.push({
            desired: targetTrackingCapacity(current, value, policy.target),
            by: policy.logicalId,
            policy,
          });
        }
      }
    }
    if (outs.length > 0) {
      const best = outs.reduce((a, b) => (b.desired > a.desired ? b : a));
      service.setDesired(now, best.desired, best.by, warmup);
      return;
    }
    // Target tracking scales in only when every target-tracking policy is ready to.
    const trackingIns = ins.filter((i) => i.policy.kind === 'targetTracking');
    const stepIns = ins.filter((i) => i.policy.kind === 'step');
    let target = current;
    let by = '';
    if (trackingPolicies > 0 && trackingReadyToScaleIn === trackingPolicies && trackingIns.length > 0) {
      const highest = trackingIns.reduce((a, b) => (b.desired > a.desired ? b : a));
      target = Math.min(current, highest.desired);
      by = highest.by;
    }
    for (const stepIn of stepIns) {
      if (stepIn.desired < target) {
        target = stepIn.desired;
        by = stepIn.by;
      }
    }
    if (target < current) {
      service.setDesired(now, target, by, warmup);
      for (const i of ins) {
        const state = service.policyStates.get(i.policy.logicalId);
        if (state) state.lastScaleInAt = now;
      }
    }
  }

  /** The index of the newest datapoint of `periodSeconds` an alarm can see at `now`. */
  function newestIndex(now: number, periodSeconds: number): number {
    return Math.floor((now - constants.metricPublicationDelaySeconds) / periodSeconds) - 1;
  }

  function stepProposals(
    policy: StepPolicyModel,
    state: PolicyState,
    now: number,
    current: number,
  ): Array<{ desired: number; by: string }> {
    const proposals: Array<{ desired: number; by: string }> = [];
    for (const alarm of policy.alarms) {
      const latest = newestIndex(now, alarm.periodSeconds);
      if (latest < 0) continue;
      const datapoints: Datapoint[] = [];
      for (let i = Math.max(0, latest - alarm.evaluationPeriods + 1); i <= latest; i++) {
        datapoints.push(sourceValue(alarm.source, i, alarm.periodSeconds));
      }
      if (!alarmState(datapoints, alarm)) continue;
      const values = datapoints.filter((v): v is number => v !== undefined);
      const step = matchingStep(policy.steps, aggregate(values, policy.aggregation) - alarm.threshold);
      if (!step || step.adjustment === 0) continue;
      const proposal = (base: number): number =>
        adjustedCapacity(base, policy.adjustmentType, step.adjustment, policy.minAdjustmentMagnitude);
      if (proposal(current) > current) {
        const result = scaleOutWithCooldown(now, current, policy.cooldownSeconds, state.cooldown, proposal);
        state.cooldown = result.state;
        if (result.desired > current) proposals.push({ desired: result.desired, by: policy.logicalId });
      } else if (state.lastScaleInAt === undefined || now >= state.lastScaleInAt + policy.cooldownSeconds) {
        proposals.push({ desired: proposal(current), by: policy.logicalId });
      }
    }
    return proposals;
  }

  function predictiveCapacity(
    service: ServiceState,
    forecast: { target: number; metric: 'requests' | 'cpu'; buffer: number },
    now: number,
  ): number {
    const t = now - warmup + forecast.buffer;
    const hourStart = Math.floor(t / 3600) * 3600;
    let peak = 0;
    for (let s = hourStart; s < hourStart + 3600; s += 5 * MINUTE) {
      const cycle =
        ((s % input.profile.durationSeconds) + input.profile.durationSeconds) % input.profile.durationSeconds;
      peak = Math.max(peak, demandAt(input.profile, cycle).web / Math.max(1, web.length));
    }
    const tasks =
      forecast.metric === 'requests'
        ? (peak * MINUTE) / forecast.target
        : (peak * input.traffic.cpuMillisecondsPerRequest) / 1000 / (service.vcpu * (forecast.target / 100));
    return Math.min(service.maxCapacity, Math.ceil(tasks - 1e-9));
  }

  function stepWebService(
    service: ServiceState,
    now: number,
    lambda: number,
    extraWait: number,
    minute: number,
  ): number {
    const n = service.inService(now);
    const running = service.running(now);
    const mu = service.serviceRate;
    const arrivals = lambda * dt;
    let failed = 0;
    let served = 0;
    const before = service.backlog;
    if (n === 0) {
      failed = arrivals + service.backlog;
      service.backlog = 0;
    } else {
      const capacity = n * mu * dt;
      const waiting = service.backlog + arrivals;
      served = Math.min(waiting, capacity);
      service.backlog = waiting - served;
      const limit = (service.model.targetGroup?.idleTimeoutSeconds ?? 60) * n * mu;
      if (service.backlog > limit) {
        failed = service.backlog - limit;
        service.backlog = limit;
      }
    }
    const wait = n > 0 ? (before + service.backlog) / 2 / (n * mu) + extraWait : 0;
    const latency: LatencyState | undefined =
      n > 0
        ? {
            arrivalRate: lambda,
            serviceRate: mu,
            servers: n,
            fixedWaitSeconds: wait,
            waitProbability: erlangC(n, lambda / mu),
          }
        : undefined;
    const acc = service.accumulator(minute);
    acc.ticks++;
    acc.cpuUsed += (served * input.traffic.cpuMillisecondsPerRequest) / 1000;
    acc.cpuReserved += running * service.vcpu * dt;
    acc.runningSum += running;
    acc.runningMax = Math.max(acc.runningMax, running);
    acc.requests += arrivals;
    acc.healthySum += n;
    const split = service.splitCapacityProviders(running);
    const timeout = service.model.targetGroup?.idleTimeoutSeconds ?? 60;
    service.ticks.push({
      t: now - warmup,
      demand: lambda,
      desired: service.desired,
      minCapacity: service.minCapacity,
      running,
      inService: n,
      capacity: n * mu,
      backlog: service.backlog,
      failed,
      latency,
      p95Seconds: latency ? responseTimeQuantile(latency, 0.95) : timeout,
      p99Seconds: latency ? responseTimeQuantile(latency, 0.99) : timeout,
      onDemandTasks: split.onDemand,
      spotTasks: split.spot,
    });
    return served / dt;
  }

  function stepWorker(service: ServiceState, now: number, rate: number, minute: number): void {
    const processing = service.input.messageProcessingSeconds ?? 10;
    const running = service.running(now);
    const arrivals = rate * dt;
    service.arrivedTotal += arrivals;
    service.arrivals.push(service.arrivedTotal);
    service.arrivalTimes.push(now + dt);
    const capacity = (running * dt) / processing;
    const processed = Math.min(service.backlog + arrivals, capacity);
    service.backlog = service.backlog + arrivals - processed;
    service.processedTotal += processed;
    const age = service.backlog > 1e-9 ? oldestAge(service, now + dt) : 0;
    const acc = service.accumulator(minute);
    acc.ticks++;
    acc.cpuUsed += processed * processing * service.vcpu;
    acc.cpuReserved += running * service.vcpu * dt;
    acc.runningSum += running;
    acc.runningMax = Math.max(acc.runningMax, running);
    acc.visibleSum += service.backlog;
    acc.visibleMax = Math.max(acc.visibleMax, service.backlog);
    // Each busy worker holds the message it processes: in flight, not visible.
    acc.inFlightSum += (processed * processing) / dt;
    acc.ageMax = Math.max(acc.ageMax, age);
    const split = service.splitCapacityProviders(running);
    service.ticks.push({
      t: now - warmup,
      demand: rate,
      desired: service.desired,
      minCapacity: service.minCapacity,
      running,
      inService: running,
      capacity: running / processing,
      backlog: service.backlog,
      failed: 0,
      oldestAgeSeconds: age,
      onDemandTasks: split.onDemand,
      spotTasks: split.spot,
    });
  }

  /** A worker with no queue the model knows: its tasks only count (cost, connections). */
  function stepIdleService(service: ServiceState, now: number, minute: number): void {
    const running = service.running(now);
    const acc = service.accumulator(minute);
    acc.ticks++;
    acc.cpuReserved += running * service.vcpu * dt;
    acc.runningSum += running;
    acc.runningMax = Math.max(acc.runningMax, running);
    const split = service.splitCapacityProviders(running);
    service.ticks.push({
      t: now - warmup,
      demand: 0,
      desired: service.desired,
      minCapacity: service.minCapacity,
      running,
      inService: running,
      capacity: 0,
      backlog: 0,
      failed: 0,
      onDemandTasks: split.onDemand,
      spotTasks: split.spot,
    });
  }

  /** FIFO approximation: the oldest waiting message arrived when the cumulative arrivals passed the processed count. */
  function oldestAge(service: ServiceState, now: number): number {
    const target = service.processedTotal;
    let low = 0;
    let high = service.arrivals.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (service.arrivals[mid] > target + 1e-9) high = mid;
      else low = mid + 1;
    }
    // Arrivals spread over the tick that ended at arrivalTimes[low].
    const end = service.arrivalTimes[low];
    const previous = low > 0 ? service.arrivals[low - 1] : 0;
    const inTick = service.arrivals[low] - previous;
    const fraction = inTick > 0 ? (target - previous) / inTick : 0;
    const arrivedAt = end - dt + Math.max(0, Math.min(1, fraction)) * dt;
    return Math.max(0, now - arrivedAt);
  }

  function stepDatabase(database: DatabaseState, now: number, queriesPerSecond: number): void {
    const connections = database.clients.reduce(
      (sum, client) => sum + client.running(now) * (client.input.poolSize ?? 0),
      0,
    );
    const serverless = database.model.serverless;
    let acu: number | undefined;
    let acuDemand: number | undefined;
    if (serverless) {
      if (serverless.minAcu === 0) {
        if (connections === 0) {
          database.idleSince ??= now;
          if (!database.paused && now - database.idleSince >= serverless.secondsUntilAutoPause)
            database.paused = true;
        } else {
          database.idleSince = undefined;
          if (database.paused) {
            database.paused = false;
            database.resumingUntil = now + constants.auroraResumeSeconds;
            database.resumes++;
          }
        }
      }
      acuDemand = queriesPerSecond / Math.max(1e-9, constants.queriesPerSecondPerAcu);
      acu = database.paused
        ? 0
        : Math.min(serverless.maxAcu, Math.max(serverless.minAcu, 0.5, halfStep(acuDemand)));
    }
    database.ticks.push({ t: now - warmup, connections, acu, acuDemand, paused: database.paused });
  }
}
