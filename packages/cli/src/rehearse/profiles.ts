// Traffic profiles: demand over time at the web tier (requests per second reaching the origin,
// after the CDN) and at the queue (messages per second). The built-in ones scale a blueprint's
// traffic model (`traffic.*`: 1× is `averageRequestsPerSecond`); a profile file gives its own points.
import * as fs from 'node:fs';
import { CliError, ExitCode } from '../exit-codes';

/** The parts of a traffic model (`trafficSchema` in blueprints/settings.ts) the rehearsal uses. */
export interface TrafficModel {
  /** Viewer requests per second averaged over the month: "1×". */
  readonly averageRequestsPerSecond: number;
  /** Viewer requests per second in the busiest minute of a normal day. */
  readonly peakRequestsPerSecond: number;
  readonly cdnHitRatioPercent: number;
  readonly cpuMillisecondsPerRequest: number;
  readonly databaseQueriesPerRequest: number;
  readonly queueMessagesPerRequest: number;
}

/** Demand at one point of a profile. */
export interface DemandPoint {
  readonly atSeconds: number;
  /** Requests per second reaching the web tier (after the CDN). */
  readonly webRequestsPerSecond: number;
  /** Messages per second sent to the queue; default: web requests × `queueMessagesPerRequest`. */
  readonly queueMessagesPerSecond?: number;
}

export interface Profile {
  readonly name: string;
  readonly description: string;
  readonly durationSeconds: number;
  /** `step`: a point's rate holds until the next point; `linear`: rates are interpolated. */
  readonly interpolation: 'step' | 'linear';
  readonly points: readonly DemandPoint[];
  /** A daily cycle repeats, so predictive scaling has a history to forecast it from. */
  readonly periodic: boolean;
  /** Wall-clock start used when `--start` is not given (only the daily cycle has one). */
  readonly defaultStart?: string;
}

export const PROFILE_NAMES = ['step-10x', 'ramp', 'daily', 'spike'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

const MINUTE = 60;

/** Requests per second at the origin for a multiple of the average viewer rate. */
function origin(traffic: TrafficModel, multiple: number, share: number): number {
  return traffic.averageRequestsPerSecond * multiple * (1 - traffic.cdnHitRatioPercent / 100) * share;
}

/**
 * A built-in profile for a traffic model; `share` is this stack's part of the app's traffic (1 for
 * one region, ½ for each of two regions).
 */
export function builtInProfile(name: ProfileName, traffic: TrafficModel, share = 1): Profile {
  const at = (minutes: number, multiple: number): DemandPoint => ({
    atSeconds: minutes * MINUTE,
    webRequestsPerSecond: origin(traffic, multiple, share),
  });
  switch (name) {
    case 'step-10x':
      return {
        name,
        description: '1× average traffic for 5 minutes, then 10× from minute 5 to minute 30',
        durationSeconds: 30 * MINUTE,
        interpolation: 'step',
        points: [at(0, 1), at(5, 10)],
        periodic: false,
      };
    case 'spike':
      return {
        name,
        description: '1× for 5 minutes, 10× for 5 minutes, then 1× until minute 30',
        durationSeconds: 30 * MINUTE,
        interpolation: 'step',
        points: [at(0, 1), at(5, 10), at(10, 1)],
        periodic: false,
      };
    case 'ramp':
      return {
        name,
        description: '1× for 5 minutes, a linear climb to 10× over 20 minutes, 10× until minute 40',
        durationSeconds: 40 * MINUTE,
        interpolation: 'linear',
        points: [at(0, 1), at(5, 1), at(25, 10), at(40, 10)],
        periodic: false,
      };
    case 'daily': {
      // A cosine day (UTC): a quarter of the average at 04:00, the traffic model's peak at 16:00.
      const trough = 0.25;
      const peak = traffic.peakRequestsPerSecond / traffic.averageRequestsPerSecond;
      const points: DemandPoint[] = [];
      for (let minute = 0; minute <= 24 * 60; minute += 10) {
        const phase = (2 * Math.PI * (minute / 60 - 4)) / 24;
        points.push(at(minute, trough + ((peak - trough) * (1 - Math.cos(phase))) / 2));
      }
      return {
        name,
        description: `a day (UTC): ${trough}× average at 04:00 to the peak (${peak.toFixed(1)}× average) at 16:00`,
        durationSeconds: 24 * 60 * MINUTE,
        interpolation: 'linear',
        points,
        periodic: true,
        defaultStart: '2026-01-07T00:00:00Z',
      };
    }
  }
}

/** Demand at time `t` (seconds from the profile start). */
export function demandAt(profile: Profile, t: number): { web: number; queue?: number } {
  const points = profile.points;
  if (points.length === 0) return { web: 0 };
  let index = 0;
  while (index + 1 < points.length && points[index + 1].atSeconds <= t) index++;
  const current = points[index];
  const next = points[index + 1];
  if (t < current.atSeconds || profile.interpolation === 'step' || next === undefined) {
    return { web: current.webRequestsPerSecond, queue: current.queueMessagesPerSecond };
  }
  const f = (t - current.atSeconds) / (next.atSeconds - current.atSeconds);
  const queue =
    current.queueMessagesPerSecond !== undefined && next.queueMessagesPerSecond !== undefined
      ? current.queueMessagesPerSecond + f * (next.queueMessagesPerSecond - current.queueMessagesPerSecond)
      : undefined;
  return {
    web: current.webRequestsPerSecond + f * (next.webRequestsPerSecond - current.webRequestsPerSecond),
    queue,
  };
}

/** A profile whose rates are multiplied by `share` (a region's part of the app's traffic). */
export function scaleProfile(profile: Profile, share: number): Profile {
  if (share === 1) return profile;
  return {
    ...profile,
    points: profile.points.map((p) => ({
      atSeconds: p.atSeconds,
      webRequestsPerSecond: p.webRequestsPerSecond * share,
      queueMessagesPerSecond:
        p.queueMessagesPerSecond === undefined ? undefined : p.queueMessagesPerSecond * share,
    })),
  };
}

function fail(file: string, what: string): never {
  throw new CliError(
    ExitCode.BAD_INPUT_FILE,
    `--profile-file ${file}: ${what}: see docs/cli.md#rehearse for the format`,
  );
}

function positiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Reads a profile file: `{ "name"?, "description"?, "interpolation"?: "step" | "linear",
 * "durationSeconds"?, "points": [{ "atSeconds", "webRequestsPerSecond" | "viewerRequestsPerSecond",
 * "queueMessagesPerSecond"? }] }`. Viewer rates go through the CDN hit ratio of `cdnHitRatioPercent`.
 * Rates are for the whole app; the rehearsal splits them over the regions like the built-in profiles.
 */
export function readProfileFile(file: string, cdnHitRatioPercent: number | undefined): Profile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(file, `cannot read it as JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { points?: unknown }).points)) {
    fail(file, 'expected an object with a `points` array');
  }
  const raw = json as Record<string, unknown> & { points: unknown[] };
  const points: DemandPoint[] = raw.points.map((entry, index) => {
    if (typeof entry !== 'object' || entry === null) fail(file, `points[${index}] is not an object`);
    const p = entry as Record<string, unknown>;
    if (!positiveNumber(p.atSeconds)) fail(file, `points[${index}].atSeconds must be a number ≥ 0`);
    let web: number;
    if (positiveNumber(p.webRequestsPerSecond)) web = p.webRequestsPerSecond;
    else if (positiveNumber(p.viewerRequestsPerSecond)) {
      if (cdnHitRatioPercent === undefined) {
        fail(
          file,
          `points[${index}] gives viewerRequestsPerSecond but no CDN hit ratio is known (use webRequestsPerSecond)`,
        );
      }
      web = p.viewerRequestsPerSecond * (1 - cdnHitRatioPercent / 100);
    } else
      fail(file, `points[${index}] needs webRequestsPerSecond or viewerRequestsPerSecond (a number ≥ 0)`);
    if (p.queueMessagesPerSecond !== undefined && !positiveNumber(p.queueMessagesPerSecond)) {
      fail(file, `points[${index}].queueMessagesPerSecond must be a number ≥ 0`);
    }
    return {
      atSeconds: p.atSeconds,
      webRequestsPerSecond: web,
      queueMessagesPerSecond: p.queueMessagesPerSecond as number | undefined,
    };
  });
  if (points.length === 0) fail(file, '`points` is empty');
  for (let i = 1; i < points.length; i++) {
    if (points[i].atSeconds <= points[i - 1].atSeconds) fail(file, `points[${i}].atSeconds must increase`);
  }
  const interpolation = raw.interpolation ?? 'step';
  if (interpolation !== 'step' && interpolation !== 'linear')
    fail(file, "interpolation must be 'step' or 'linear'");
  const last = points[points.length - 1].atSeconds;
  const duration = raw.durationSeconds ?? Math.max(last, 60) + (interpolation === 'step' ? 600 : 0);
  if (!positiveNumber(duration) || duration <= 0 || duration > 7 * 86400) {
    fail(file, 'durationSeconds must be between 1 and 604800');
  }
  return {
    name: typeof raw.name === 'string' ? raw.name : 'file',
    description: typeof raw.description === 'string' ? raw.description : `profile from ${file}`,
    durationSeconds: duration,
    interpolation,
    points,
    periodic: raw.periodic === true,
  };
}
