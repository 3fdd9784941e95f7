import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { z } from 'zod';
import type { ServiceLevelObjectives } from '../lib/observability/observability';
import {
  availabilityZoneNames,
  isKnownRegion,
  prefixListId,
  regionName,
  unknownRegionMessage,
} from './regions';

/**
 * Blueprint settings: typed, with defaults that synthesize offline, read from the app's context.
 *
 * Where they come from, later sources winning, each deep-merged over the ones before (an object
 * merges key by key; a list or a value replaces):
 *   1. the schema's defaults;
 *   2. the project's cdk.json: `"context": { "budget-startup": { "web": { "maxCapacity": 8 } } }`;
 *   3. the command line: `-c budget-startup='{"web":{"maxCapacity":10}}'`. The CDK CLI replaces a
 *      whole context key with the command-line value, so on its own this would throw away the block
 *      of cdk.json; the settings reader reads cdk.json again and merges the two;
 *   4. a JSON file given with `-c config=path/to/settings.json`, holding
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

/** Where {@link readSettings} finds the project's cdk.json. */
export interface ReadSettingsOptions {
  /**
   * The directory of the project's cdk.json, whose `context.<blueprint>` block the command-line
   * value is merged over.
   *
   * @default - the current directory, where the CDK CLI reads cdk.json and runs the app
   */
  readonly projectDirectory?: string;
}

/** Reads and validates one blueprint's settings from the app's context (see the class above for the order). */
export function readSettings<Schema extends z.ZodType>(
  app: App,
  blueprint: string,
  schema: Schema,
  options: ReadSettingsOptions = {},
): z.output<Schema> {
  const fromProject = projectSettings(blueprint, options.projectDirectory ?? process.cwd());
  // The context value is the command line's when one was given, else cdk.json's own block: merging
  // it over cdk.json's block is right in both cases.
  const fromContext = parseContextValue(blueprint, app.node.tryGetContext(blueprint));
  const fromFile = readConfigFile(blueprint, app.node.tryGetContext('config'));
  return parseSettings(blueprint, schema, deepMerge(deepMerge(fromProject, fromContext), fromFile));
}

/** The `context.<blueprint>` block of the cdk.json in `directory` (none when there is no cdk.json). */
export function projectSettings(blueprint: string, directory: string): Record<string, unknown> {
  const file = path.join(directory, 'cdk.json');
  if (!fs.existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BlueprintSettingsError(blueprint, [`${file} is not valid JSON (${(error as Error).message})`]);
  }
  const context = isPlainObject(parsed) ? (parsed as { context?: unknown }).context : undefined;
  if (!isPlainObject(context)) return {};
  return parseContextValue(blueprint, (context as Record<string, unknown>)[blueprint]);
}

/** Validates raw settings (already merged) against a blueprint's schema: one line per setting. */
export function parseSettings<Schema extends z.ZodType>(
  blueprint: string,
  schema: Schema,
  raw: unknown,
): z.output<Schema> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const setting = settingPath(blueprint, [...issue.path, key]);
        if (!problems.has(setting)) {
          problems.set(
            setting,
            `\`${setting}\`: ${unknownKeyMessage(key, settingKeysAt(schema, issue.path))}`,
          );
        }
      }
      continue;
    }
    const setting = settingPath(blueprint, issue.path);
    // One line per setting: a value can break several checks at once (a negative capacity is below
    // both the schema's general minimum and the setting's own), and the first says enough.
    if (problems.has(setting)) continue;
    const received = valueAt(raw, issue.path);
    problems.set(
      setting,
      `\`${setting}\`: ${issue.message}${received === undefined ? '' : `, got: ${JSON.stringify(received)}`}`,
    );
  }
  throw new BlueprintSettingsError(blueprint, [...problems.values()]);
}

function settingPath(blueprint: string, issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>(
    (joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : `${joined}.${String(key)}`),
    blueprint,
  );
}

/** "unknown setting", with the closest valid key when one is a likely misspelling, else the valid keys. */
function unknownKeyMessage(key: string, validKeys: readonly string[]): string {
  const suggestion = closestKey(key, validKeys);
  if (suggestion !== undefined) return `unknown setting: did you mean \`${suggestion}\`?`;
  return validKeys.length > 0
    ? `unknown setting; valid settings here: ${validKeys.join(', ')}`
    : 'unknown setting';
}

/**
 * The valid key closest to a misspelled one: at most one edit per three characters (a letter
 * missing, extra, wrong or two swapped), ignoring case; undefined when none is that close.
 */
export function closestKey(key: string, validKeys: readonly string[]): string | undefined {
  const budget = Math.max(1, Math.floor(key.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of validKeys) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= budget && (best === undefined || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The keys an object schema accepts at `issuePath` (through defaults, optionals, nullables and lists). */
function settingKeysAt(schema: z.ZodType, issuePath: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of issuePath) {
    if (current instanceof z.ZodObject && typeof key === 'string') {
      current = unwrap((current.shape as Record<string, z.ZodType>)[key]);
    } else if (current instanceof z.ZodArray && typeof key === 'number') {
      current = unwrap(current.element as z.ZodType);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function parseContextValue(blueprint: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new BlueprintSettingsError(blueprint, [
        `context \`${blueprint}\` must be a JSON object, got: ${value}`,
      ]);
    }
    return parseContextValue(blueprint, parsed);
  }
  if (!isPlainObject(value)) {
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

/** `override` merged into `base`: objects key by key, anything else (lists included) replaced. */
export function deepMerge(
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

function valueAt(raw: unknown, issuePath: readonly PropertyKey[]): unknown {
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

/**
 * Where a blueprint's stacks go: the offline dummy account and `defaultRegion` unless set. A region
 * outside `KNOWN_REGIONS` needs what the library cannot know offline: `cloudFrontPrefixListId`, and
 * `availabilityZones` where the blueprint builds a VPC (`withZones`); blueprints check that.
 */
export function environmentSchema(defaultRegion: string) {
  return z
    .object({
      account: z
        .string()
        .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
        .default('123456789012'),
      region: regionName.default(defaultRegion),
      /**
       * The region's Availability Zone names, used instead of a lookup (which needs credentials):
       * required for a region not in `KNOWN_REGIONS`, optional otherwise (cdk.json has them for the
       * dummy account).
       */
      availabilityZones: availabilityZoneNames.optional(),
      /** The region's CloudFront origin-facing prefix list id: required for a region not in `KNOWN_REGIONS`. */
      cloudFrontPrefixListId: prefixListId.optional(),
    })
    .strict()
    .superRefine((environment, ctx) => {
      environment.availabilityZones?.forEach((zone, index) => {
        if (!zone.startsWith(environment.region)) {
          ctx.addIssue({
            code: 'custom',
            path: ['availabilityZones', index],
            message: `must be an Availability Zone of environment.region (${environment.region})`,
          });
        }
      });
    })
    .prefault({});
}

/** The environment settings as a blueprint reads them. */
export type EnvironmentSettings = z.output<ReturnType<typeof environmentSchema>>;

/**
 * Adds an issue on `environment.region` when it is not a known region and the settings that make
 * an unlisted region work (`needs`, setting paths below `environment`) are missing.
 */
export function checkEnvironmentRegion(
  environment: EnvironmentSettings,
  needs: ReadonlyArray<'availabilityZones' | 'cloudFrontPrefixListId'>,
  ctx: z.RefinementCtx,
): void {
  if (isKnownRegion(environment.region)) return;
  if (needs.every((need) => environment[need] !== undefined)) return;
  ctx.addIssue({
    code: 'custom',
    path: ['environment', 'region'],
    message: unknownRegionMessage(
      environment.region,
      needs.map((need) => `environment.${need}`),
    ),
  });
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
