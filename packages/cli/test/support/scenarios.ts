// Days (or hours) in the life of a budget-startup stack, for the audit tests. Low traffic on purpose:
// at 10 to 40 requests a second one error in a minute is more than 0.1 % of that minute.
import { runCli } from '../../src/program';
import { DeployedBlueprint, serveBlueprint } from './deployed-blueprint';
import { capturingDeps } from './fake-clients';
import { Traffic, TrafficTruth } from './traffic';

export const T0 = Date.parse('2026-03-09T00:00:00Z') / 1000;
export const MINUTES = 180;

/** 10 to 40 requests a second over the window. */
const lowTraffic = (m: number): number => 10 + 30 * Math.sin((Math.PI * m) / MINUTES) ** 2;

/** Every SLO met over the window: 0.04 % errors, p95 well under 500 ms. */
export const HEALTHY: Traffic = {
  requestsPerSecond: lowTraffic,
  latency: () => ({ medianMs: 120, sigma: 0.5, slowShare: 0.01, slowMedianMs: 900 }),
  targetErrorRate: () => 0.0004,
};

/** The same, with five times the errors: availability 99.8 %, error rate 0.2 %. */
export const MORE_ERRORS: Traffic = { ...HEALTHY, targetErrorRate: () => 0.002 };

/**
 * Bursts of slow requests one minute in ten: the p99 over the window and the p95 of the
 * per-minute p99s are far apart.
 */
export const SLOW_BURSTS: Traffic = {
  ...HEALTHY,
  latency: (m) =>
    m % 10 === 0
      ? { medianMs: 150, sigma: 0.5, slowShare: 0.25, slowMedianMs: 2500 }
      : { medianMs: 120, sigma: 0.5, slowShare: 0.01, slowMedianMs: 900 },
};

/** Slow requests while the database runs out of connections (800 of 901, threshold 720). */
export const POOL_EXHAUSTED: Traffic = {
  ...HEALTHY,
  latency: () => ({ medianMs: 320, sigma: 0.6, slowShare: 0.03, slowMedianMs: 1800 }),
  gauge: (stream) => (stream.metricName === 'DatabaseConnections' ? 800 : undefined),
};

/** One audit of the served blueprint: exit code, stdout, stderr. */
export interface AuditRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A blueprint served with one scenario: audit it as often as needed, then close it. */
export interface Scenario {
  readonly truth: TrafficTruth | undefined;
  /** `scaling-blueprints audit --stack <stack> --region <region> --since 3h ...args`, in-process. */
  audit(args?: string[]): Promise<AuditRun>;
  close(): Promise<void>;
}

/** Serves `blueprint` with `traffic` over the window (none: an empty CloudWatch). */
export async function serveScenario(
  blueprint: DeployedBlueprint,
  traffic: Traffic | undefined,
  seed = 1,
): Promise<Scenario> {
  const world = await serveBlueprint(blueprint, { start: T0, minutes: MINUTES, traffic, seed });
  return {
    truth: world.truth,
    audit: async (args = []) => {
      const deps = capturingDeps(world.aws.url, new Date((T0 + MINUTES * 60) * 1000));
      const code = await runCli(
        [
          'audit',
          '--stack',
          blueprint.stackName,
          '--region',
          blueprint.region,
          '--since',
          `${MINUTES / 60}h`,
          ...args,
        ],
        deps,
      );
      return { code, out: deps.out(), err: deps.err() };
    },
    close: () => world.aws.close(),
  };
}
