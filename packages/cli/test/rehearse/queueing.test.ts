import {
  erlangC,
  mixtureQuantile,
  responseTimeQuantile,
  responseTimeSurvival,
  serviceRatePerTask,
} from '../../src/rehearse/queueing';

describe('queueing model', () => {
  test('a task serves vCPU × 1000 ÷ CPU ms per request: 0.25 vCPU at 25 ms → 10 req/s', () => {
    expect(serviceRatePerTask(0.25, 25)).toBe(10);
    expect(serviceRatePerTask(0.5, 30)).toBeCloseTo(16.667, 3);
  });

  test('Erlang C against hand-computed values', () => {
    // One server: the probability of waiting is the utilisation.
    expect(erlangC(1, 0.6)).toBeCloseTo(0.6, 12);
    // Two servers at a = 1: C = (1/2 · 1/(1 - 1/2)) / (1 + 1 + 1) = 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    // Unstable or idle.
    expect(erlangC(3, 3)).toBe(1);
    expect(erlangC(3, 0)).toBe(0);
  });

  test('M/M/1: the response time is exponential with rate μ − λ, so p95 = ln 20 ÷ (μ − λ)', () => {
    const state = { arrivalRate: 6, serviceRate: 10, servers: 1, fixedWaitSeconds: 0 };
    expect(responseTimeSurvival(state, 0.5)).toBeCloseTo(Math.exp(-4 * 0.5), 9);
    expect(responseTimeQuantile(state, 0.95)).toBeCloseTo(Math.log(20) / 4, 6);
    expect(responseTimeQuantile(state, 0.99)).toBeCloseTo(Math.log(100) / 4, 6);
  });

  test('more servers at the same utilisation wait less (pooling)', () => {
    const one = responseTimeQuantile(
      { arrivalRate: 7, serviceRate: 10, servers: 1, fixedWaitSeconds: 0 },
      0.95,
    );
    const ten = responseTimeQuantile(
      { arrivalRate: 70, serviceRate: 10, servers: 10, fixedWaitSeconds: 0 },
      0.95,
    );
    expect(ten).toBeLessThan(one);
    // Never faster than the service time alone: p95 of Exp(10) = ln 20 / 10.
    expect(ten).toBeGreaterThan(Math.log(20) / 10 - 1e-9);
  });

  test('a backlog wait shifts the distribution', () => {
    const state = { arrivalRate: 20, serviceRate: 10, servers: 1, fixedWaitSeconds: 30 };
    expect(responseTimeQuantile(state, 0.95)).toBeCloseTo(30 + Math.log(20) / 10, 6);
  });

  test('at (or a rounding error from) full utilisation the estimate is large, not undefined', () => {
    const p95 = responseTimeQuantile(
      { arrivalRate: 400, serviceRate: 400 / 24, servers: 24, fixedWaitSeconds: 0 },
      0.95,
    );
    expect(Number.isFinite(p95)).toBe(true);
    expect(p95).toBeGreaterThan(1);
  });

  test('a mixture quantile weighs the parts by their requests', () => {
    const fast = { arrivalRate: 1, serviceRate: 100, servers: 1, fixedWaitSeconds: 0 };
    const slow = { arrivalRate: 1, serviceRate: 100, servers: 1, fixedWaitSeconds: 10 };
    // 10 % of the requests wait 10 s: the p95 is among them, the p50 is not.
    const parts = [
      { state: fast, weight: 9 },
      { state: slow, weight: 1 },
    ];
    expect(mixtureQuantile(parts, 0.95)).toBeGreaterThan(10);
    expect(mixtureQuantile(parts, 0.5)).toBeLessThan(0.1);
  });
});
