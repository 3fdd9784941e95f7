// What a profile uses, in the units AWS bills: task-vCPU-hours and task-GB-hours on on-demand
// Fargate and on Fargate Spot, Aurora capacity-unit-hours, database instance-hours, requests and
// queue messages. Dollars come from a `UsagePricer` (the `cost` command's price table plugs in here).
import { StackTimeline } from './simulation';

/** The share of max_connections clients may plan for (as the construct library's connection budget). */
export const CLIENT_SHARE_OF_MAX_CONNECTIONS = 0.9;

/** Fargate usage of one service over the profile. */
export interface ServiceUsage {
  readonly service: string;
  readonly architecture: string;
  readonly vcpuPerTask: number;
  readonly memoryGbPerTask: number;
  readonly onDemand: { readonly taskHours: number; readonly vcpuHours: number; readonly gbHours: number };
  readonly spot: { readonly taskHours: number; readonly vcpuHours: number; readonly gbHours: number };
}

export interface DatabaseUsage {
  readonly database: string;
  readonly engine: string;
  /** Aurora Serverless v2 capacity-unit-hours (0 for provisioned instances). */
  readonly acuHours: number;
  /** Provisioned instance-hours by instance class. */
  readonly instanceHours: Readonly<Record<string, number>>;
}

/** The usage of one stack over the profile. */
export interface StackUsage {
  readonly stackName: string;
  readonly region?: string;
  readonly hours: number;
  readonly services: readonly ServiceUsage[];
  readonly databases: readonly DatabaseUsage[];
  /** Requests that reached the web tier (load balancer). */
  readonly webRequests: number;
  readonly queueMessages: number;
}

/** A line of a priced usage. */
export interface PricedLine {
  readonly stackName: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
}

export interface PricedUsage {
  /** Where the prices come from (a dated price table). */
  readonly source: string;
  readonly lines: readonly PricedLine[];
  readonly totalUsd: number;
}

/**
 * Turns usage into dollars. The `cost` command's price table implements it; until it is wired in,
 * the rehearsal prints usage only.
 */
export interface UsagePricer {
  price(usage: readonly StackUsage[]): PricedUsage;
}

function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function stackUsage(timeline: StackTimeline): StackUsage {
  const hoursPerTick = timeline.tickSeconds / 3600;
  const services = timeline.services.map((service): ServiceUsage => {
    const vcpu = service.input.model.cpuUnits / 1024;
    const memoryGb = service.input.model.memoryMiB / 1024;
    const onDemandTaskHours = service.ticks.reduce((s, t) => s + t.onDemandTasks * hoursPerTick, 0);
    const spotTaskHours = service.ticks.reduce((s, t) => s + t.spotTasks * hoursPerTick, 0);
    return {
      service: service.input.model.name,
      architecture: service.input.model.architecture,
      vcpuPerTask: vcpu,
      memoryGbPerTask: memoryGb,
      onDemand: {
        taskHours: round(onDemandTaskHours),
        vcpuHours: round(onDemandTaskHours * vcpu),
        gbHours: round(onDemandTaskHours * memoryGb),
      },
      spot: {
        taskHours: round(spotTaskHours),
        vcpuHours: round(spotTaskHours * vcpu),
        gbHours: round(spotTaskHours * memoryGb),
      },
    };
  });
  const hours = timeline.durationSeconds / 3600;
  const databases = timeline.databases.map((database): DatabaseUsage => {
    const instanceHours: Record<string, number> = {};
    let acuHours = 0;
    for (const instance of database.model.instances) {
      if (instance.instanceClass === 'db.serverless') {
        // Each Serverless v2 instance scales on its own; the model gives every instance the writer's load.
        acuHours += database.ticks.reduce((s, t) => s + (t.acu ?? 0) * hoursPerTick, 0);
      } else {
        instanceHours[instance.instanceClass] = round((instanceHours[instance.instanceClass] ?? 0) + hours);
      }
    }
    return {
      database: database.model.logicalId,
      engine: database.model.engine,
      acuHours: round(acuHours),
      instanceHours,
    };
  });
  const web = timeline.services.filter((s) => s.input.model.role === 'web');
  const workers = timeline.services.filter((s) => s.input.model.role === 'worker');
  return {
    stackName: timeline.stackName,
    region: timeline.region,
    hours: round(hours),
    services,
    databases,
    webRequests: Math.round(
      web.reduce((s, w) => s + w.ticks.reduce((a, t) => a + t.demand * timeline.tickSeconds, 0), 0),
    ),
    queueMessages: Math.round(
      workers.reduce((s, w) => s + w.ticks.reduce((a, t) => a + t.demand * timeline.tickSeconds, 0), 0),
    ),
  };
}

/** Totals over services and stacks, for the summary and `--fail-if`. */
export function usageTotals(usage: readonly StackUsage[]): {
  taskVcpuHours: number;
  taskGbHours: number;
  spotTaskVcpuHours: number;
  acuHours: number;
} {
  let taskVcpuHours = 0;
  let taskGbHours = 0;
  let spotTaskVcpuHours = 0;
  let acuHours = 0;
  for (const stack of usage) {
    for (const service of stack.services) {
      taskVcpuHours += service.onDemand.vcpuHours + service.spot.vcpuHours;
      taskGbHours += service.onDemand.gbHours + service.spot.gbHours;
      spotTaskVcpuHours += service.spot.vcpuHours;
    }
    for (const database of stack.databases) acuHours += database.acuHours;
  }
  return {
    taskVcpuHours: round(taskVcpuHours),
    taskGbHours: round(taskGbHours),
    spotTaskVcpuHours: round(spotTaskVcpuHours),
    acuHours: round(acuHours),
  };
}
