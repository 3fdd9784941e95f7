import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { z } from 'zod';
import type { ServiceLevelObjectives } from '../lib/observability/observability';

/**
 * Blueprint settings: typed, with defaults that synthesize offline, read from the app's context.
 *
 * Where they come from, later sources winning:
 *   1. the schema's defaults;
 *   2. the context key named after the blueprint, e.g. in cdk.json
 *      `"context": { "budget-startup": { "web": { "maxCapacity": 8 } } }`
 *      or on the command line `-c budget-startup='{"web":{"maxCapacity":8}}'`;
 *   3. a JSON file given with `-c config=path/to/settings.json`, holding
 *      `{ "budget-startup": { ... } }` (one file can configure several blueprints).
 *
 * Invalid settings fail synth with an error naming each setting, the value and what was expected.
 */
export class BlueprintSettingsError extends Error {
  constructor(
    public readonly blueprint: string,
    public readonly problems: string[],
  ) {
    super(`Invalid settings for blueprint '${blueprint}':\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BlueprintSettingsError';
  }
}

/** Reads and validates one blueprint's settings from the app's context. */
export function readSettings<Schema extends z.ZodType>(
  app: App,
  blueprint: string,
  schema: Schema,
): z.output<Schema> {
  const fromContext = parseContextValue(blueprint, app.node.tryGetContext(blueprint));
  const fromFile = readConfigFile(blueprint, app.node.tryGetContext('config'));
  return parseSettings(blueprint, schema, deepMerge(fromContext, fromFile));
}

/** Validates raw settings (already merged) against a blueprint's schema. */
export function parseSettings<Schema extends z.ZodType>(
  blueprint: string,
  schema: Schema,
  raw: unknown,
): z.output<Schema> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new BlueprintSettingsError(
    blueprint,
    result.error.issues.map((issue) => {
      const setting = [blueprint, ...issue.path.map(String)].join('.');
      const received = valueAt(raw, issue.path);
      return `\`${setting}\`: ${issue.message}${received === undefined ? '' : `, got: ${JSON.stringify(received)}`}`;
    }),
  );
}

function parseContextValue(blueprint: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      throw new BlueprintSettingsError(blueprint, [
        `context \`${blueprint}\` must be a JSON object, got: ${value}`,
      ]);
    }
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new BlueprintSettingsError(blueprint, [
      `context \`${blueprint}\` must be an object, got: ${JSON.stringify(value)}`,
    ]);
  }
  return value as Record<string, unknown>;
}

function readConfigFile(blueprint: string, file: unknown): Record<string, unknown> {
  if (file === undefined || file === null || file === '') return {};
  const fullPath = path.resolve(String(file));
  if (!fs.existsSync(fullPath)) {
    throw new BlueprintSettingsError(blueprint, [`\`config\`: settings file not found: ${fullPath}`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(fullPath, 'utf8'));
  } catch (error) {
    throw new BlueprintSettingsError(blueprint, [
      `\`config\`: ${fullPath} is not valid JSON (${(error as Error).message})`,
    ]);
  }
  const section = (parsed as Record<string, unknown>)[blueprint];
  return parseContextValue(blueprint, section);
}

function deepMerge(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value)
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return merged;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(raw: unknown, issuePath: PropertyKey[]): unknown {
  let current = raw;
  for (const key of issuePath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A DNS name such as `www.example.com` (lower case, no scheme, path or port). */
export const dnsName = z
  .string()
  .regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "must be a lower-case DNS name such as 'www.example.com'",
  );

/** Where a blueprint's stacks go: the offline dummy account and `defaultRegion` unless set. */
export function environmentSchema(defaultRegion: string) {
  return z
    .object({
      account: z
        .string()
        .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
        .default('123456789012'),
      region: z
        .string()
        .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region name such as 'eu-west-1'")
        .default(defaultRegion),
    })
    .strict()
    .prefault({});
}

/** The worker image of a blueprint until you give yours: a shell that runs until it is stopped. */
export const PLACEHOLDER_WORKER_IMAGE = 'public.ecr.aws/docker/library/busybox:stable';

/**
 * What the placeholder worker runs: an image whose own command exits (busybox's `sh` without a
 * terminal) would be restarted forever and a new service would never stabilise, so it waits, and
 * exits cleanly on SIGTERM when ECS stops it.
 */
export const PLACEHOLDER_WORKER_COMMAND = [
  'sh',
  '-c',
  'trap "exit 0" TERM INT; while true; do sleep 5 & wait $!; done',
];

/**
 * The queue-and-worker section of a blueprint's settings, with the blueprint's capacity defaults.
 * `messageProcessingTimeSeconds` and the SLO's `maxMessageAgeSeconds` give the acceptable backlog
 * per task; `dbPoolSize` enters the database's connection budget.
 */
export function workerSchema(defaults: { minCapacity: number; maxCapacity: number }) {
  return z
    .object({
      enabled: z.boolean().default(true),
      /** The worker image; the default is a placeholder to replace with yours. */
      image: z.string().min(1).default(PLACEHOLDER_WORKER_IMAGE),
      /** The command the worker runs instead of the image's (the placeholder image runs a wait loop). */
      command: z.array(z.string().min(1)).min(1).optional(),
      minCapacity: z.number().int().min(0).max(1000).default(defaults.minCapacity),
      maxCapacity: z.number().int().min(1).max(1000).default(defaults.maxCapacity),
      messageProcessingTimeSeconds: z.number().positive().default(2),
      dbPoolSize: z.number().int().min(1).max(1000).default(5),
    })
    .strict()
    .prefault({});
}

/** What "1×" traffic means for a blueprint: the defaults each blueprint states in its settings. */
export interface TrafficModelDefaults {
  readonly averageRequestsPerSecond: number;
  readonly peakRequestsPerSecond: number;
  readonly averageResponseKiB: number;
  readonly cdnHitRatioPercent: number;
  readonly cpuMillisecondsPerRequest: number;
  readonly databaseQueriesPerRequest: number;
  readonly cacheOperationsPerRequest: number;
  readonly queueMessagesPerRequest: number;
}

/**
 * The traffic model of a blueprint ("1×"): the numbers the `cost` and `rehearse` commands scale
 * (idle, 1×, 10×) instead of guessing. Viewer requests reach CloudFront; the ones it does not serve
 * from its cache (`100 - cdnHitRatioPercent` %) reach the web tier.
 */
export function trafficSchema(defaults: TrafficModelDefaults) {
  return z
    .object({
      /** Viewer requests per second, averaged over the month. */
      averageRequestsPerSecond: z
        .number()
        .positive()
        .max(1_000_000)
        .default(defaults.averageRequestsPerSecond),
      /** Viewer requests per second in the busiest minute of a normal day. */
      peakRequestsPerSecond: z.number().positive().max(10_000_000).default(defaults.peakRequestsPerSecond),
      /** Average response size in KiB (what CloudFront sends to viewers). */
      averageResponseKiB: z.number().positive().max(1_000_000).default(defaults.averageResponseKiB),
      /** Share of viewer requests CloudFront answers from its cache, in percent. */
      cdnHitRatioPercent: z.number().min(0).max(100).default(defaults.cdnHitRatioPercent),
      /** vCPU time one origin request costs the web tier, in milliseconds (1000 = one vCPU-second). */
      cpuMillisecondsPerRequest: z
        .number()
        .positive()
        .max(60_000)
        .default(defaults.cpuMillisecondsPerRequest),
      /** Database queries per origin request. */
      databaseQueriesPerRequest: z.number().min(0).max(1000).default(defaults.databaseQueriesPerRequest),
      /** Cache reads and writes per origin request. */
      cacheOperationsPerRequest: z.number().min(0).max(1000).default(defaults.cacheOperationsPerRequest),
      /** Queue messages sent per origin request (background jobs). */
      queueMessagesPerRequest: z.number().min(0).max(1000).default(defaults.queueMessagesPerRequest),
    })
    .strict()
    .refine((t) => t.peakRequestsPerSecond >= t.averageRequestsPerSecond, {
      message: 'peakRequestsPerSecond must be at least averageRequestsPerSecond',
      path: ['peakRequestsPerSecond'],
    })
    .prefault({});
}

/** A blueprint's traffic model as the settings hold it. */
export type TrafficSettings = z.output<ReturnType<typeof trafficSchema>>;

/** Schemas shared by the blueprints' settings. */
export const sharedSchemas = {
  /** Where the stacks go. Defaults are the offline dummy account and eu-west-1. */
  environment: environmentSchema('eu-west-1'),
  /** Email addresses subscribed to the alarm topic (at most 10). */
  alarmEmails: z.array(z.email()).max(10).default([]),
  /** SLO targets as numbers: they drive the alarms. */
  slo: z
    .object({
      latencyP95Ms: z.number().positive().default(500),
      latencyP99Ms: z.number().positive().default(1500),
      errorRatePercent: z.number().gt(0).max(100).default(1),
      availabilityPercent: z.number().gt(0).max(100).default(99.9),
      maxMessageAgeSeconds: z.number().positive().default(300),
    })
    .strict()
    .refine((slo) => slo.latencyP99Ms >= slo.latencyP95Ms, {
      message: 'latencyP99Ms must be at least latencyP95Ms',
      path: ['latencyP99Ms'],
    })
    .prefault({}),
};

/** SLO targets as the settings hold them: plain numbers with their unit in the name. */
export type SloSettings = z.output<typeof sharedSchemas.slo>;

/** The settings' SLO targets as the `slo` prop of `Observability`. */
export function serviceLevelObjectives(slo: SloSettings): ServiceLevelObjectives {
  return {
    latencyP95: Duration.millis(slo.latencyP95Ms),
    latencyP99: Duration.millis(slo.latencyP99Ms),
    errorRatePercent: slo.errorRatePercent,
    availabilityPercent: slo.availabilityPercent,
    maxMessageAge: Duration.seconds(slo.maxMessageAgeSeconds),
  };
}
