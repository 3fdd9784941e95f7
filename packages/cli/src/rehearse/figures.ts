// The figures of a rehearsal, computed from a stack's timeline: recovery, SLO minutes and requests
// at risk, the task peak against maxCapacity, database connections against the budget, queue age
// and drain time.
import { CLIENT_SHARE_OF_MAX_CONNECTIONS } from './usage';
import { mixtureQuantile } from './queueing';
import { DatabaseTimeline, ServiceTick, ServiceTimeline, StackTimeline } from './simulation';

export interface WebFigures {
  readonly service: string;
  readonly latencySloMs: { readonly p95: number; readonly p99: number };
  /** Requests per second one task serves at 100 % of its vCPU. */
  readonly requestsPerSecondPerTask: number;
  /** Seconds from a task's launch to its first request (start + registration). */
  readonly taskReadySeconds: number;
  readonly tasksAtStart: number;
  /**
   * The longest time demand exceeded what the in-service tasks can serve (or a backlog remained):
   * the time until capacity met demand. 0 when it never fell short.
   */
  readonly timeToCapacitySeconds: number;
  /** False when the shortfall lasted to the end of the profile. */
  readonly capacityMet: boolean;
  /** The longest time the p95 or p99 latency estimate stayed above its SLO. */
  readonly recoverySeconds: number;
  /** False when the SLO was still at risk at the end of the profile. */
  readonly recovered: boolean;
  readonly sloMinutesAtRisk: { readonly p95: number; readonly p99: number };
  readonly requests: number;
  /** Requests in the minutes whose p95 or p99 was above the SLO (failed ones included). */
  readonly requestsAtRisk: number;
  /** Requests that failed: no healthy task, or queued longer than the load balancer's idle timeout. */
  readonly requestsFailed: number;
  readonly peakLatencyMs: { readonly p95: number; readonly p99: number };
  readonly peakTasks: number;
  readonly peakDesiredTasks: number;
  readonly maxCapacity: number;
  readonly hitMaxCapacity: boolean;
  /** When the first scale-out decision came, from t = 0 (null: none). */
  readonly firstScaleOutSeconds: number | null;
}

export interface WorkerFigures {
  readonly service: string;
  readonly messages: number;
  readonly messagesPerSecondPerTask: number;
  readonly peakBacklog: number;
  readonly peakMessageAgeSeconds: number;
  readonly messageAgeSloSeconds: number | null;
  readonly messageAgeMinutesAtRisk: number;
  /** The longest time messages arrived faster than the running workers process them. */
  readonly timeToCapacitySeconds: number;
  /** From the backlog's peak until it is back to its level at t = 0 (null: not within the profile). */
  readonly drainSeconds: number | null;
  readonly peakTasks: number;
  readonly maxCapacity: number;
  readonly hitMaxCapacity: boolean;
  /** Seconds from the first message with no worker running to the first worker running (null: never at 0). */
  readonly wakeFromZeroSeconds: number | null;
}

export interface DatabaseFigures {
  readonly database: string;
  readonly engine: string;
  readonly clients: readonly string[];
  readonly peakConnections: number;
  readonly maxConnections: number | null;
  readonly maxConnectionsSource: string;
  /** What clients may plan for: 90 % of max_connections, or the proxy's share with RDS Proxy. */
  readonly budget: number | null;
  readonly budgetBasis: string;
  readonly percentOfBudget: number | null;
  /** Peak above the budget (with a proxy: requests wait for a pooled connection; without: connections are refused). */
  readonly exhausted: boolean;
  readonly serverless: { readonly minAcu: number; readonly maxAcu: number } | null;
  readonly peakAcu: number | null;
  /** Minutes the modelled ACU demand exceeded the maximum. */
  readonly minutesAtAcuCeiling: number;
  readonly resumesFromZero: number;
}

/** Lengths (in seconds) of the runs of consecutive ticks where `condition` holds; and whether the last run reached the end. */
function runs(ticks: readonly ServiceTick[], tickSeconds: number, condition: (tick: ServiceTick) => boolean) {
  let longest = 0;
  let current = 0;
  for (const tick of ticks) {
    current = condition(tick) ? current + tickSeconds : 0;
    longest = Math.max(longest, current);
  }
  return { longest, open: current > 0 };
}

/** Minute buckets of ticks. */
function minutes(ticks: readonly ServiceTick[]): ServiceTick[][] {
  const buckets: ServiceTick[][] = [];
  for (const tick of ticks) {
    const index = Math.floor(tick.t / 60);
    (buckets[index] ??= []).push(tick);
  }
  return buckets.filter((bucket) => bucket !== undefined);
}

/** A minute's p-quantile latency: the mixture of its ticks weighted by requests (failed ticks count as the timeout). */
function minuteQuantile(
  bucket: readonly ServiceTick[],
  q: number,
  timeoutSeconds: number,
  tickSeconds: number,
): number {
  const requests = bucket.reduce((s, t) => s + t.demand * tickSeconds, 0);
  const failedShare = bucket.reduce((s, t) => s + t.failed, 0) / Math.max(1e-9, requests);
  if (failedShare >= 1 - q) return timeoutSeconds;
  const parts = bucket.filter((t) => t.latency).map((t) => ({ state: t.latency!, weight: t.demand }));
  return parts.length === 0 ? timeoutSeconds : mixtureQuantile(parts, q);
}

export function webFigures(timeline: ServiceTimeline, tickSeconds: number): WebFigures {
  const { ticks, input } = timeline;
  const slo = input.latencySloMs;
  const timeout = input.model.targetGroup?.idleTimeoutSeconds ?? 60;
  const shortfall = runs(ticks, tickSeconds, (t) => t.demand >= t.capacity * (1 - 1e-9) || t.backlog > 1e-6);
  const atRisk = (t: ServiceTick): boolean =>
    (t.p95Seconds ?? 0) * 1000 > slo.p95 || (t.p99Seconds ?? 0) * 1000 > slo.p99;
  const risk = runs(ticks, tickSeconds, atRisk);
  let p95Minutes = 0;
  let p99Minutes = 0;
  let requestsAtRisk = 0;
  for (const bucket of minutes(ticks)) {
    const p95 = minuteQuantile(bucket, 0.95, timeout, tickSeconds) * 1000 > slo.p95;
    const p99 = minuteQuantile(bucket, 0.99, timeout, tickSeconds) * 1000 > slo.p99;
    if (p95) p95Minutes++;
    if (p99) p99Minutes++;
    if (p95 || p99) requestsAtRisk += bucket.reduce((s, t) => s + t.demand * tickSeconds, 0);
  }
  const first = timeline.events.find((e) => e.to > e.from);
  const maxCapacity = input.model.scaling?.maxCapacity ?? ticks[0]?.desired ?? 0;
  const peakDesired = Math.max(0, ...ticks.map((t) => t.desired));
  return {
    service: input.model.name,
    latencySloMs: slo,
    requestsPerSecondPerTask: timeline.serviceRatePerTask,
    taskReadySeconds: timeline.taskStartSeconds + timeline.registrationSeconds,
    tasksAtStart: ticks[0]?.inService ?? 0,
    timeToCapacitySeconds: shortfall.longest,
    capacityMet: !shortfall.open,
    recoverySeconds: risk.longest,
    recovered: !risk.open,
    sloMinutesAtRisk: { p95: p95Minutes, p99: p99Minutes },
    requests: ticks.reduce((s, t) => s + t.demand * tickSeconds, 0),
    requestsAtRisk,
    requestsFailed: ticks.reduce((s, t) => s + t.failed, 0),
    peakLatencyMs: {
      p95: Math.max(0, ...ticks.map((t) => (t.p95Seconds ?? 0) * 1000)),
      p99: Math.max(0, ...ticks.map((t) => (t.p99Seconds ?? 0) * 1000)),
    },
    peakTasks: Math.max(0, ...ticks.map((t) => t.running)),
    peakDesiredTasks: peakDesired,
    maxCapacity,
    hitMaxCapacity: peakDesired >= maxCapacity,
    firstScaleOutSeconds: first ? first.t : null,
  };
}

export function workerFigures(
  timeline: ServiceTimeline,
  tickSeconds: number,
  messageAgeSloSeconds: number | undefined,
): WorkerFigures {
  const { ticks, input } = timeline;
  const growing = runs(ticks, tickSeconds, (t) => t.demand > t.capacity + 1e-9 && t.backlog > 1e-6);
  let peakIndex = 0;
  ticks.forEach((t, i) => {
    if (t.backlog > ticks[peakIndex].backlog) peakIndex = i;
  });
  const startLevel = Math.max(1, ticks[0]?.backlog ?? 0);
  let drainSeconds: number | null = 0;
  if ((ticks[peakIndex]?.backlog ?? 0) > startLevel) {
    const back = ticks.findIndex((t, i) => i > peakIndex && t.backlog <= startLevel);
    drainSeconds = back < 0 ? null : (back - peakIndex) * tickSeconds;
  }
  let wake: number | null = null;
  const idle = ticks.findIndex((t) => t.running === 0 && t.backlog > 1e-6);
  if (idle >= 0) {
    const running = ticks.findIndex((t, i) => i > idle && t.running > 0);
    wake = running < 0 ? null : (running - idle) * tickSeconds;
  }
  const processing = input.messageProcessingSeconds ?? 10;
  const ageMinutes = new Set<number>();
  for (const t of ticks) {
    if (messageAgeSloSeconds !== undefined && (t.oldestAgeSeconds ?? 0) > messageAgeSloSeconds) {
      ageMinutes.add(Math.floor(t.t / 60));
    }
  }
  const maxCapacity = input.model.scaling?.maxCapacity ?? ticks[0]?.desired ?? 0;
  const peakDesired = Math.max(0, ...ticks.map((t) => t.desired));
  return {
    service: input.model.name,
    messages: ticks.reduce((s, t) => s + t.demand * tickSeconds, 0),
    messagesPerSecondPerTask: 1 / processing,
    peakBacklog: Math.max(0, ...ticks.map((t) => t.backlog)),
    peakMessageAgeSeconds: Math.max(0, ...ticks.map((t) => t.oldestAgeSeconds ?? 0)),
    messageAgeSloSeconds: messageAgeSloSeconds ?? null,
    messageAgeMinutesAtRisk: ageMinutes.size,
    timeToCapacitySeconds: growing.longest,
    drainSeconds,
    peakTasks: Math.max(0, ...ticks.map((t) => t.running)),
    maxCapacity,
    hitMaxCapacity: peakDesired >= maxCapacity,
    wakeFromZeroSeconds: wake,
  };
}

export function databaseFigures(timeline: DatabaseTimeline): DatabaseFigures {
  const { model, ticks } = timeline;
  const peakConnections = Math.max(0, ...ticks.map((t) => t.connections));
  const max = model.maxConnections ?? null;
  let budget: number | null = null;
  let basis = 'unknown max_connections';
  if (max !== null) {
    if (model.proxy) {
      budget = Math.floor(max * CLIENT_SHARE_OF_MAX_CONNECTIONS * (model.proxy.maxConnectionsPercent / 100));
      basis = `RDS Proxy pool: 90 % × ${model.proxy.maxConnectionsPercent} % of max_connections ${max}`;
    } else {
      budget = Math.floor(max * CLIENT_SHARE_OF_MAX_CONNECTIONS);
      basis = `90 % of max_connections ${max}`;
    }
  }
  const ceilingMinutes = new Set<number>();
  for (const t of ticks) {
    if (model.serverless && (t.acuDemand ?? 0) > model.serverless.maxAcu)
      ceilingMinutes.add(Math.floor(t.t / 60));
  }
  return {
    database: model.logicalId,
    engine: model.engine,
    clients: timeline.clients,
    peakConnections,
    maxConnections: max,
    maxConnectionsSource: model.maxConnectionsSource,
    budget,
    budgetBasis: basis,
    percentOfBudget: budget ? (100 * peakConnections) / budget : null,
    exhausted: budget !== null && peakConnections > budget,
    serverless: model.serverless
      ? { minAcu: model.serverless.minAcu, maxAcu: model.serverless.maxAcu }
      : null,
    peakAcu: model.serverless ? Math.max(0, ...ticks.map((t) => t.acu ?? 0)) : null,
    minutesAtAcuCeiling: ceilingMinutes.size,
    resumesFromZero: timeline.resumes,
  };
}

/** The figures of one stack. */
export interface StackFigures {
  readonly web: readonly WebFigures[];
  readonly workers: readonly WorkerFigures[];
  readonly databases: readonly DatabaseFigures[];
}

export function stackFigures(
  timeline: StackTimeline,
  ageSlo: (queueId: string) => number | undefined,
): StackFigures {
  return {
    web: timeline.services
      .filter((s) => s.input.model.role === 'web')
      .map((s) => webFigures(s, timeline.tickSeconds)),
    workers: timeline.services
      .filter((s) => s.input.model.role === 'worker' && s.input.model.queueId !== undefined)
      .map((s) => workerFigures(s, timeline.tickSeconds, ageSlo(s.input.model.queueId!))),
    databases: timeline.databases.map((d) => databaseFigures(d)),
  };
}
