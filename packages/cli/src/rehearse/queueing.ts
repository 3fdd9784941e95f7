// The latency estimate: an M/M/c queue (Erlang C) over the in-service tasks of a web tier. Each task
// is one server whose service rate is its vCPU share divided by the CPU time of a request
// (`traffic.cpuMillisecondsPerRequest`); the load balancer spreads requests over the tasks as one
// queue. Overload (arrivals above capacity) becomes a backlog that drains at full capacity.

/** The utilisation the Erlang C estimate is capped at (it has no steady state at 100 %). */
export const MAX_UTILISATION = 0.995;

/** Service rate of one task in requests per second: vCPU × 1000 ÷ CPU milliseconds per request. */
export function serviceRatePerTask(vcpu: number, cpuMillisecondsPerRequest: number): number {
  return (vcpu * 1000) / cpuMillisecondsPerRequest;
}

/**
 * Erlang C: the probability that an arriving request waits, for `servers` servers at offered load
 * `offered` = λ/μ (in servers). 1 when the queue is unstable (offered ≥ servers).
 */
export function erlangC(servers: number, offered: number): number {
  if (servers <= 0) return 1;
  if (offered <= 0) return 0;
  if (offered >= servers) return 1;
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offered * b) / (k + offered * b);
  const rho = offered / servers;
  return b / (1 - rho * (1 - b));
}

/** One tick's latency distribution: M/M/c when stable, a backlog wait plus a service time when not. */
export interface LatencyState {
  /** Requests per second arriving. */
  readonly arrivalRate: number;
  /** Service rate of one task (requests per second). */
  readonly serviceRate: number;
  /** Tasks in service. */
  readonly servers: number;
  /** Seconds every request waits first (a backlog, a database resuming). */
  readonly fixedWaitSeconds: number;
  /** Erlang C for these servers and load, when already computed. */
  readonly waitProbability?: number;
}

/** P(response time > t) for a tick. */
export function responseTimeSurvival(state: LatencyState, t: number): number {
  const { arrivalRate: lambda, serviceRate: mu, servers: c, fixedWaitSeconds: w } = state;
  if (t < w) return 1;
  const s = t - w;
  if (c <= 0 || mu <= 0) return 1;
  if (w > 0) return Math.exp(-mu * s);
  // At (or a rounding error from) full utilisation the queue has no steady state: treat it as 99.5 %
  // busy, so the estimate is large instead of undefined.
  const load = Math.min(lambda, MAX_UTILISATION * c * mu);
  const theta = c * mu - load;
  const waitProbability =
    load < lambda ? erlangC(c, load / mu) : (state.waitProbability ?? erlangC(c, load / mu));
  const serviceOnly = Math.exp(-mu * s);
  // Wait ~ Exp(theta) with probability C, then service ~ Exp(mu): a hypoexponential tail.
  const waitThenService =
    Math.abs(theta - mu) < 1e-9
      ? Math.exp(-mu * s) * (1 + mu * s)
      : (theta * Math.exp(-mu * s) - mu * Math.exp(-theta * s)) / (theta - mu);
  return (1 - waitProbability) * serviceOnly + waitProbability * waitThenService;
}

/**
 * The q-quantile (0.95 for p95) of a mixture of tick distributions weighted by their request counts:
 * the response time only 1 - q of the requests exceed. Bisection on the survival function.
 */
export function mixtureQuantile(
  parts: ReadonlyArray<{ readonly state: LatencyState; readonly weight: number }>,
  q: number,
): number {
  const weighted = parts.filter((p) => p.weight > 0);
  const total = weighted.reduce((sum, p) => sum + p.weight, 0);
  if (total <= 0) return 0;
  const survival = (t: number): number =>
    weighted.reduce((sum, p) => sum + p.weight * responseTimeSurvival(p.state, t), 0) / total;
  let high = 1;
  while (survival(high) > 1 - q && high < 1e6) high *= 2;
  let low = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (survival(mid) > 1 - q) low = mid;
    else high = mid;
  }
  return high;
}

/** The q-quantile of one tick's response time, in seconds. */
export function responseTimeQuantile(state: LatencyState, q: number): number {
  return mixtureQuantile([{ state, weight: 1 }], q);
}
