// A rehearsal: templates + what the blueprint settings add + a profile + the platform constants →
// one simulation per stack → figures, usage and the summary `--fail-if` gates read.
import { DiagramStack } from '../diagram/assembly-reader';
import { CliError, ExitCode } from '../exit-codes';
import { PlatformConstant, constantValues } from './constants';
import { DatabaseModel, readDatabases, readQueues } from './data-config';
import { DatabaseFigures, stackFigures, WebFigures, WorkerFigures } from './figures';
import { Profile, scaleProfile, TrafficModel } from './profiles';
import { describePolicy, ServiceModel, readServices } from './scaling-config';
import { ServiceInput, simulateStack, StackTimeline, TICK_SECONDS, WARMUP_SECONDS } from './simulation';
import { PricedUsage, stackUsage, StackUsage, UsagePricer, usageTotals } from './usage';

/** What a blueprint's settings add to its templates. */
export interface BlueprintHints {
  readonly blueprint: string;
  readonly traffic?: TrafficModel;
  readonly slo?: {
    readonly latencyP95Ms?: number;
    readonly latencyP99Ms?: number;
    readonly maxMessageAgeSeconds?: number;
  };
  /** By construct name (`Web`, `Worker`): the settings section's pool size and message processing time. */
  readonly services: Readonly<
    Record<string, { readonly dbPoolSize?: number; readonly messageProcessingTimeSeconds?: number }>
  >;
}

export interface RehearsalInput {
  readonly stacks: readonly DiagramStack[];
  /** The whole app's profile (split over the stacks that serve web traffic). */
  readonly profile: Profile;
  readonly traffic: TrafficModel;
  /** Where the traffic model came from, for the report. */
  readonly trafficSource: string;
  readonly hints?: BlueprintHints;
  readonly constants: readonly PlatformConstant[];
  /** ISO time of t = 0 for scheduled actions (and predictive scaling's hours). */
  readonly start?: string;
  readonly source: { readonly blueprint?: string; readonly app?: string };
  readonly pricer?: UsagePricer;
}

/** What was read for one service, and from where. */
export interface ServiceConfig {
  readonly service: string;
  readonly role: 'web' | 'worker';
  readonly task: { readonly cpuUnits: number; readonly memoryMiB: number; readonly architecture: string };
  readonly capacityProviders: ServiceModel['capacityProviders'];
  readonly minCapacity: number | null;
  readonly maxCapacity: number | null;
  readonly policies: readonly string[];
  readonly scheduledActions: readonly string[];
  readonly healthCheck: { readonly intervalSeconds: number; readonly healthyThresholdCount: number } | null;
  readonly healthCheckGracePeriodSeconds: number | null;
  readonly deregistrationDelaySeconds: number | null;
  readonly poolSize: { readonly value: number; readonly source: string } | null;
  readonly messageProcessingSeconds: { readonly value: number; readonly source: string } | null;
  readonly latencySloMs: { readonly p95: number; readonly p99: number; readonly source: string } | null;
}

export interface StackReport {
  readonly stackName: string;
  readonly region: string | null;
  /** This stack's share of the app's traffic. */
  readonly trafficShare: number;
  readonly config: readonly ServiceConfig[];
  readonly web: readonly WebFigures[];
  readonly workers: readonly WorkerFigures[];
  readonly databases: readonly DatabaseFigures[];
  readonly notes: readonly string[];
}

export interface RehearsalReport {
  readonly version: 1;
  readonly source: { readonly blueprint: string | null; readonly app: string | null };
  readonly profile: {
    readonly name: string;
    readonly description: string;
    readonly durationSeconds: number;
    readonly start: string | null;
  };
  readonly model: {
    readonly tickSeconds: number;
    readonly warmupSeconds: number;
    readonly queueing: string;
  };
  readonly traffic: TrafficModel & { readonly source: string };
  readonly constants: readonly PlatformConstant[];
  readonly stacks: readonly StackReport[];
  readonly usage: { readonly stacks: readonly StackUsage[]; readonly totals: ReturnType<typeof usageTotals> };
  readonly cost: PricedUsage | null;
  /** The worst value of each figure over all stacks: what `--fail-if` compares. */
  readonly summary: Readonly<Record<string, number>>;
}

export const QUEUEING_MODEL =
  'M/M/c (Erlang C) per web tier: c = tasks in service, service rate per task = task vCPU × 1000 ÷ traffic.cpuMillisecondsPerRequest; ' +
  'demand above capacity queues as a backlog (failing past the load balancer idle timeout); workers process one message at a time';

/** The rehearsal of every stack with an ECS service; the timelines are for the chart. */
export function rehearse(input: RehearsalInput): { report: RehearsalReport; timelines: StackTimeline[] } {
  const constants = constantValues(input.constants);
  const startEpochMs = input.start !== undefined ? Date.parse(input.start) : undefined;
  if (startEpochMs !== undefined && Number.isNaN(startEpochMs)) {
    throw new CliError(
      ExitCode.USAGE,
      `--start ${input.start}: not a date: use an ISO time such as 2026-03-02T09:00:00Z`,
    );
  }
  const candidates = input.stacks
    .map((stack) => ({ stack, services: readServices(stack.template, stack.pathsByLogicalId) }))
    .filter((c) => c.services.length > 0);
  if (candidates.length === 0) {
    throw new CliError(
      ExitCode.USAGE,
      'nothing to rehearse: no ECS service in the templates: pass a blueprint or app with a WebService or QueueWorker',
    );
  }
  const serving = candidates.filter((c) => c.services.some((s) => s.role === 'web')).length || 1;
  const share = 1 / serving;
  const timelines: StackTimeline[] = [];
  const reports: StackReport[] = [];
  for (const { stack, services } of candidates) {
    const databases = readDatabases(stack.template);
    const queues = readQueues(stack.template);
    const notes: string[] = [];
    const inputs = services.map((model) => serviceInput(model, input.hints, queues, notes));
    const timeline = simulateStack({
      stackName: stack.stackName,
      region: stack.region,
      services: inputs.map((i) => i.input),
      databases,
      queues,
      profile: scaleProfile(input.profile, share),
      traffic: input.traffic,
      constants,
      startEpochMs,
    });
    timelines.push(timeline);
    const ageSlo = (queueId: string): number | undefined =>
      queues.find((q) => q.logicalId === queueId)?.maxAgeSloSeconds ?? input.hints?.slo?.maxMessageAgeSeconds;
    const figures = stackFigures(timeline, ageSlo);
    reports.push({
      stackName: stack.stackName,
      region: stack.region ?? null,
      trafficShare: share,
      config: inputs.map((i) => i.config),
      ...figures,
      notes: [...notes, ...databaseNotes(databases), ...timeline.notes],
    });
  }
  const usage = timelines.map(stackUsage);
  const totals = usageTotals(usage);
  return {
    timelines,
    report: {
      version: 1,
      source: { blueprint: input.source.blueprint ?? null, app: input.source.app ?? null },
      profile: {
        name: input.profile.name,
        description: input.profile.description,
        durationSeconds: input.profile.durationSeconds,
        start: input.start ?? null,
      },
      model: { tickSeconds: TICK_SECONDS, warmupSeconds: WARMUP_SECONDS, queueing: QUEUEING_MODEL },
      traffic: { ...input.traffic, source: input.trafficSource },
      constants: input.constants,
      stacks: reports,
      usage: { stacks: usage, totals },
      cost: input.pricer ? input.pricer.price(usage) : null,
      summary: summarize(reports, totals),
    },
  };
}

function serviceInput(
  model: ServiceModel,
  hints: BlueprintHints | undefined,
  queues: ReturnType<typeof readQueues>,
  notes: string[],
): { input: ServiceInput; config: ServiceConfig } {
  const section = hints?.services[model.name.split('/')[0]];
  let poolSize: ServiceConfig['poolSize'] = null;
  if (model.databaseIds.length > 0) {
    if (model.poolSizeFromTemplate !== undefined) {
      poolSize = { value: model.poolSizeFromTemplate, source: 'the container environment (template)' };
    } else if (section?.dbPoolSize !== undefined) {
      const key = `${model.name.charAt(0).toLowerCase()}${model.name.slice(1).split('/')[0]}.dbPoolSize`;
      poolSize = {
        value: section.dbPoolSize,
        source: `the ${hints!.blueprint} setting ${key} (the template does not carry pool sizes)`,
      };
    } else {
      poolSize = {
        value: 10,
        source: 'assumed (the template does not carry pool sizes and no setting names one)',
      };
      notes.push(`${model.name}: database pool size unknown, assumed 10 per task`);
    }
  }
  let processing: ServiceConfig['messageProcessingSeconds'] = null;
  if (model.role === 'worker' && model.queueId !== undefined) {
    const queue = queues.find((q) => q.logicalId === model.queueId);
    if (section?.messageProcessingTimeSeconds !== undefined) {
      processing = {
        value: section.messageProcessingTimeSeconds,
        source: `the ${hints!.blueprint} setting worker.messageProcessingTimeSeconds`,
      };
    } else if (queue) {
      processing = {
        value: queue.visibilityTimeoutSeconds / 6,
        source: `the queue's visibility timeout ÷ 6 (QueueWorker's default rule): ${queue.visibilityTimeoutSeconds} s`,
      };
    } else {
      processing = { value: 10, source: 'assumed (QueueWorker default)' };
    }
  }
  let latency: ServiceConfig['latencySloMs'] = null;
  if (model.role === 'web') {
    const fromTemplate = model.latencySloMs;
    const p95 = fromTemplate.p95 ?? hints?.slo?.latencyP95Ms ?? 500;
    const p99 = fromTemplate.p99 ?? hints?.slo?.latencyP99Ms ?? 2000;
    const source =
      fromTemplate.p95 !== undefined && fromTemplate.p99 !== undefined
        ? 'the TargetResponseTime p95/p99 alarms (template)'
        : hints?.slo
          ? `the ${hints.blueprint} slo settings`
          : 'WebService defaults (500 ms / 2 s)';
    latency = { p95, p99, source };
  }
  const scaling = model.scaling;
  const config: ServiceConfig = {
    service: model.name,
    role: model.role,
    task: { cpuUnits: model.cpuUnits, memoryMiB: model.memoryMiB, architecture: model.architecture },
    capacityProviders: model.capacityProviders,
    minCapacity: scaling?.minCapacity ?? null,
    maxCapacity: scaling?.maxCapacity ?? null,
    policies: (scaling?.policies ?? []).map(describePolicy),
    scheduledActions: (scaling?.scheduledActions ?? []).map(
      (a) =>
        `${a.name}: ${a.schedule} ${a.timeZone}${a.minCapacity !== undefined ? ` min ${a.minCapacity}` : ''}${a.maxCapacity !== undefined ? ` max ${a.maxCapacity}` : ''}`,
    ),
    healthCheck: model.targetGroup
      ? {
          intervalSeconds: model.targetGroup.healthCheckIntervalSeconds,
          healthyThresholdCount: model.targetGroup.healthyThresholdCount,
        }
      : null,
    healthCheckGracePeriodSeconds: model.healthCheckGracePeriodSeconds ?? null,
    deregistrationDelaySeconds: model.targetGroup?.deregistrationDelaySeconds ?? null,
    poolSize,
    messageProcessingSeconds: processing,
    latencySloMs: latency,
  };
  if (!scaling) notes.push(`${model.name}: no scalable target: its task count stays as deployed`);
  return {
    config,
    input: {
      model,
      poolSize: poolSize?.value,
      messageProcessingSeconds: processing?.value,
      latencySloMs: { p95: latency?.p95 ?? 500, p99: latency?.p99 ?? 2000 },
    },
  };
}

function databaseNotes(databases: readonly DatabaseModel[]): string[] {
  return databases
    .filter((d) => d.maxConnections === undefined)
    .map(
      (d) =>
        `${d.logicalId}: max_connections ${d.maxConnectionsSource}: the connection budget is not checked`,
    );
}

/** The worst value of each figure over all stacks. */
function summarize(
  stacks: readonly StackReport[],
  totals: ReturnType<typeof usageTotals>,
): Record<string, number> {
  const web = stacks.flatMap((s) => s.web);
  const workers = stacks.flatMap((s) => s.workers);
  const databases = stacks.flatMap((s) => s.databases);
  const max = (values: number[]): number => (values.length === 0 ? 0 : Math.max(...values));
  const requests = web.reduce((s, w) => s + w.requests, 0);
  const atRisk = web.reduce((s, w) => s + w.requestsAtRisk, 0);
  return {
    timeToCapacitySeconds: max(web.map((w) => (w.capacityMet ? w.timeToCapacitySeconds : Infinity))),
    recoverySeconds: max(web.map((w) => (w.recovered ? w.recoverySeconds : Infinity))),
    sloMinutesAtRiskP95: max(web.map((w) => w.sloMinutesAtRisk.p95)),
    sloMinutesAtRiskP99: max(web.map((w) => w.sloMinutesAtRisk.p99)),
    requestsAtRisk: Math.round(atRisk),
    requestsAtRiskPercent: requests > 0 ? (100 * atRisk) / requests : 0,
    requestsFailed: Math.round(web.reduce((s, w) => s + w.requestsFailed, 0)),
    peakTasks: max(web.map((w) => w.peakTasks)),
    hitMaxCapacity: web.some((w) => w.hitMaxCapacity) || workers.some((w) => w.hitMaxCapacity) ? 1 : 0,
    peakDbConnections: max(databases.map((d) => d.peakConnections)),
    dbConnectionsPercentOfBudget: max(databases.map((d) => d.percentOfBudget ?? 0)),
    queueDrainSeconds: max(workers.map((w) => w.drainSeconds ?? Infinity)),
    peakMessageAgeSeconds: max(workers.map((w) => w.peakMessageAgeSeconds)),
    messageAgeMinutesAtRisk: max(workers.map((w) => w.messageAgeMinutesAtRisk)),
    taskVcpuHours: totals.taskVcpuHours,
    taskGbHours: totals.taskGbHours,
    acuHours: totals.acuHours,
  };
}

/** The names `--fail-if` accepts. */
export const SUMMARY_METRICS = [
  'timeToCapacitySeconds',
  'recoverySeconds',
  'sloMinutesAtRiskP95',
  'sloMinutesAtRiskP99',
  'requestsAtRisk',
  'requestsAtRiskPercent',
  'requestsFailed',
  'peakTasks',
  'hitMaxCapacity',
  'peakDbConnections',
  'dbConnectionsPercentOfBudget',
  'queueDrainSeconds',
  'peakMessageAgeSeconds',
  'messageAgeMinutesAtRisk',
  'taskVcpuHours',
  'taskGbHours',
  'acuHours',
] as const;
