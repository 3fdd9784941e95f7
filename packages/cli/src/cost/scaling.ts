// How many tasks an ECS service runs in each half-hour slot of a week: its scalable target's bounds
// and schedules, its target-tracking policies, and the load the traffic model puts on it.
import { SLOTS_PER_WEEK } from './profiles';
import {
  isRecord,
  listOf,
  literalNumber,
  literalString,
  referencedId,
  referencedIds,
  TemplateIndex,
  TemplateResource,
} from './template';

/** The scaling of one ECS service as the template states it. */
export interface ServiceScaling {
  /** The scalable target, if the service scales. */
  readonly targetId?: string;
  /** Tasks the service keeps at least, per slot (scheduled minimums included). */
  readonly floor: number[];
  readonly maxCapacity: number;
  /** Target of the CPU target-tracking policy, percent. */
  readonly targetCpuPercent?: number;
  /** Target of the requests-per-target tracking policy, requests per task per minute. */
  readonly targetRequestsPerTaskPerMinute?: number;
  /** The queue a backlog-per-task policy reads (a worker), and its target backlog. */
  readonly backlogQueueId?: string;
  readonly targetBacklogPerTask?: number;
  /** Target-tracking policies with the number of metrics each of their two alarms evaluates. */
  readonly targetTrackingAlarmMetrics: number[];
  /** Scheduled minimum capacities, described for the assumptions. */
  readonly schedules: string[];
}

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

/** The week days (0 = Monday) a cron day-of-week field names: `*`, `MON-FRI`, `SAT,SUN`, `1-5`. */
export function cronWeekDays(field: string): number[] {
  if (field === '*' || field === '?') return [0, 1, 2, 3, 4, 5, 6];
  const index = (name: string): number => {
    const upper = name.toUpperCase();
    if (DAYS.includes(upper)) return DAYS.indexOf(upper);
    const n = Number(name); // cron: 1 = Sunday
    if (Number.isInteger(n) && n >= 1 && n <= 7) return (n + 5) % 7;
    throw new Error(`unknown week day '${name}'`);
  };
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [from, to] = part.split('-');
    if (to === undefined) days.add(index(from));
    else
      for (let d = index(from); ; d = (d + 1) % 7) {
        days.add(d);
        if (d === index(to)) break;
      }
  }
  return [...days].sort();
}

/**
 * The slots (0 = Monday 00:00, local time of the schedule) a scheduled action's cron expression
 * fires at; undefined for expressions this reader does not follow (rate, at, day-of-month lists).
 */
export function cronSlots(schedule: string): number[] | undefined {
  const match = /^cron\(\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s*\)$/.exec(schedule);
  if (!match) return undefined;
  const [, minute, hour, dayOfMonth, month, dayOfWeek] = match;
  if ((dayOfMonth !== '?' && dayOfMonth !== '*') || month !== '*') return undefined;
  const half = Number(hour) * 2 + Math.round(Number(minute) / 30);
  try {
    return cronWeekDays(dayOfWeek).map((d) => (d * 48 + half) % SLOTS_PER_WEEK);
  } catch {
    return undefined;
  }
}

/** The scalable target (ECS desired count) of a service, if any. */
export function scalableTargetOf(index: TemplateIndex, serviceId: string): TemplateResource | undefined {
  return index
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .find(
      (t) =>
        t.properties.ScalableDimension === 'ecs:service:DesiredCount' &&
        referencedIds(t.properties.ResourceId).has(serviceId),
    );
}

/** Reads a service's scaling from its scalable target and the policies attached to it. */
export function serviceScaling(
  index: TemplateIndex,
  service: TemplateResource,
  notes: string[],
): ServiceScaling {
  const target = scalableTargetOf(index, service.logicalId);
  const desired = literalNumber(service.properties.DesiredCount);
  if (target === undefined) {
    const count = desired ?? 1;
    return {
      floor: new Array<number>(SLOTS_PER_WEEK).fill(count),
      maxCapacity: count,
      targetTrackingAlarmMetrics: [],
      schedules: [],
    };
  }
  const min = literalNumber(target.properties.MinCapacity) ?? 0;
  const max = literalNumber(target.properties.MaxCapacity) ?? min;
  const floor = scheduledFloor(target, min, notes);
  const scaling: {
    targetCpuPercent?: number;
    targetRequestsPerTaskPerMinute?: number;
    backlogQueueId?: string;
    targetBacklogPerTask?: number;
  } = {};
  const targetTrackingAlarmMetrics: number[] = [];
  for (const policy of index.ofType('AWS::ApplicationAutoScaling::ScalingPolicy')) {
    if (referencedId(policy.properties.ScalingTargetId) !== target.logicalId) continue;
    const config = policy.properties.TargetTrackingScalingPolicyConfiguration;
    if (policy.properties.PolicyType !== 'TargetTrackingScaling' || !isRecord(config)) continue;
    const value = literalNumber(config.TargetValue);
    const predefined = isRecord(config.PredefinedMetricSpecification)
      ? literalString(config.PredefinedMetricSpecification.PredefinedMetricType)
      : undefined;
    if (predefined === 'ECSServiceAverageCPUUtilization') scaling.targetCpuPercent = value;
    if (predefined === 'ALBRequestCountPerTarget') scaling.targetRequestsPerTaskPerMinute = value;
    const custom = isRecord(config.CustomizedMetricSpecification)
      ? config.CustomizedMetricSpecification
      : undefined;
    let metrics = 1;
    if (custom !== undefined) {
      const stats = listOf(custom.Metrics).filter((m) => isRecord(m) && isRecord(m.MetricStat));
      metrics = Math.max(1, stats.length);
      for (const stat of stats) {
        const metric = isRecord(stat) && isRecord(stat.MetricStat) ? stat.MetricStat.Metric : undefined;
        if (!isRecord(metric) || metric.Namespace !== 'AWS/SQS') continue;
        for (const dimension of listOf(metric.Dimensions)) {
          if (isRecord(dimension) && dimension.Name === 'QueueName') {
            scaling.backlogQueueId = referencedId(dimension.Value);
            scaling.targetBacklogPerTask = value;
          }
        }
      }
    }
    targetTrackingAlarmMetrics.push(metrics);
  }
  const schedules = listOf(target.properties.ScheduledActions).flatMap((a) => {
    if (!isRecord(a) || !isRecord(a.ScalableTargetAction)) return [];
    const m = literalNumber(a.ScalableTargetAction.MinCapacity);
    return m === undefined
      ? []
      : [`${String(a.Schedule)} → min ${m}${a.Timezone ? ` (${String(a.Timezone)})` : ''}`];
  });
  return {
    targetId: target.logicalId,
    floor,
    maxCapacity: max,
    targetTrackingAlarmMetrics,
    schedules,
    ...scaling,
  };
}

/** The minimum capacity in each slot: MinCapacity, changed by the scheduled actions as the week goes. */
function scheduledFloor(target: TemplateResource, min: number, notes: string[]): number[] {
  const events: Array<{ slot: number; min: number }> = [];
  for (const action of listOf(target.properties.ScheduledActions)) {
    if (!isRecord(action) || !isRecord(action.ScalableTargetAction)) continue;
    const value = literalNumber(action.ScalableTargetAction.MinCapacity);
    const schedule = literalString(action.Schedule);
    if (value === undefined || schedule === undefined) continue;
    const slots = cronSlots(schedule);
    if (slots === undefined) {
      notes.push(`scheduled action '${schedule}' is not a weekly cron: ignored`);
      continue;
    }
    for (const slot of slots) events.push({ slot, min: value });
  }
  if (events.length === 0) return new Array<number>(SLOTS_PER_WEEK).fill(min);
  events.sort((a, b) => a.slot - b.slot);
  // Before the week's first event, the floor is what the week's last event left.
  let current = events[events.length - 1].min;
  const floor: number[] = [];
  let next = 0;
  for (let slot = 0; slot < SLOTS_PER_WEEK; slot++) {
    while (next < events.length && events[next].slot === slot) current = events[next++].min;
    floor.push(current);
  }
  return floor;
}

/** Tasks a web service needs for `requestsPerSecond` (per task: vCPU, target tracking), before bounds. */
export function webTasksNeeded(
  requestsPerSecond: number,
  cpuMillisecondsPerRequest: number,
  vcpu: number,
  scaling: Pick<ServiceScaling, 'targetCpuPercent' | 'targetRequestsPerTaskPerMinute'>,
): number {
  if (requestsPerSecond <= 0) return 0;
  const byCpu =
    scaling.targetCpuPercent === undefined
      ? 0
      : Math.ceil(
          (requestsPerSecond * cpuMillisecondsPerRequest) / (1000 * vcpu * (scaling.targetCpuPercent / 100)) -
            1e-9,
        );
  const byRequests =
    scaling.targetRequestsPerTaskPerMinute === undefined
      ? 0
      : Math.ceil((requestsPerSecond * 60) / scaling.targetRequestsPerTaskPerMinute - 1e-9);
  return Math.max(byCpu, byRequests);
}

/** `value` within [low, high]. */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** On-demand and Spot tasks for `tasks` running under a capacity provider strategy. */
export function capacitySplit(tasks: number, strategy: CapacityStrategy): { onDemand: number; spot: number } {
  const base = Math.min(tasks, strategy.base);
  const rest = tasks - base;
  const totalWeight = strategy.onDemandWeight + strategy.spotWeight;
  const spotShare = totalWeight === 0 ? 0 : strategy.spotWeight / totalWeight;
  const spot = rest * spotShare + (strategy.baseOnSpot ? base : 0);
  return { onDemand: tasks - spot, spot };
}

/** A capacity provider strategy reduced to what prices it: the base and the weights. */
export interface CapacityStrategy {
  readonly base: number;
  readonly baseOnSpot: boolean;
  readonly onDemandWeight: number;
  readonly spotWeight: number;
  readonly description: string;
}

/** The capacity provider strategy of a service (or its cluster's default, or plain Fargate). */
export function capacityStrategy(index: TemplateIndex, service: TemplateResource): CapacityStrategy {
  let items = listOf(service.properties.CapacityProviderStrategy);
  if (items.length === 0 && service.properties.LaunchType === undefined) {
    const clusterId = referencedId(service.properties.Cluster);
    const association = index
      .ofType('AWS::ECS::ClusterCapacityProviderAssociations')
      .find((a) => clusterId !== undefined && referencedId(a.properties.Cluster) === clusterId);
    items = listOf(association?.properties.DefaultCapacityProviderStrategy);
  }
  if (items.length === 0) {
    return { base: 0, baseOnSpot: false, onDemandWeight: 1, spotWeight: 0, description: 'Fargate on-demand' };
  }
  let base = 0;
  let baseOnSpot = false;
  let onDemandWeight = 0;
  let spotWeight = 0;
  for (const item of items) {
    if (!isRecord(item)) continue;
    const spot = item.CapacityProvider === 'FARGATE_SPOT';
    const weight = literalNumber(item.Weight) ?? 0;
    const itemBase = literalNumber(item.Base) ?? 0;
    if (itemBase > 0) {
      base = itemBase;
      baseOnSpot = spot;
    }
    if (spot) spotWeight += weight;
    else onDemandWeight += weight;
  }
  const total = onDemandWeight + spotWeight;
  const spotPercent = total === 0 ? 0 : Math.round((100 * spotWeight) / total);
  return {
    base,
    baseOnSpot,
    onDemandWeight,
    spotWeight,
    description: `${base > 0 ? `${base} ${baseOnSpot ? 'Spot' : 'on-demand'} base task${base === 1 ? '' : 's'}, then ` : ''}${spotPercent} % Spot`,
  };
}
