import { z } from 'zod';
import {
  availabilityZoneNames,
  isKnownRegion,
  prefixListId,
  regionName,
  unknownRegionMessage,
} from '../regions';
import { parseSettings, sharedSchemas, trafficSchema, workerSchema } from '../settings';

/** The context name of the blueprint, and the key its settings live under. */
export const MULTI_REGION_SAAS = 'multi-region-saas';

/** CloudFront's certificate, its WAF web ACL and Route 53 health-check metrics live here: the global stack's region. */
export const GLOBAL_REGION = 'us-east-1';

/** A task count from `min` to 1000 (one bound per schema, so a wrong value gets one message). */
const capacity = (min: number) => z.number().int().min(min).max(1000);
const hostname = z
  .string()
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "must be a lower-case DNS name such as 'example.com'",
  );

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A known daily peak, in the region's own time zone: the web tier keeps `minCapacity` tasks from start to end. */
const peakSchema = z
  .object({
    /** Local start time, `HH:MM` (24 h). */
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a local time 'HH:MM'"),
    /** Local end time, `HH:MM` (24 h). */
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a local time 'HH:MM'"),
    /** Days of the week, cron style (`MON-FRI`, `*`, `SAT,SUN`). */
    weekDays: z
      .string()
      .regex(
        /^(\*|[A-Z]{3}(-[A-Z]{3})?(,[A-Z]{3}(-[A-Z]{3})?)*)$/,
        "must be cron week days such as 'MON-FRI'",
      )
      .default('MON-FRI'),
    minCapacity: capacity(1),
  })
  .strict();

/** One region of the active-active web tier. */
const regionSchema = z
  .object({
    /** The AWS region name: one of `KNOWN_REGIONS`, or another with `availabilityZones` and `cloudFrontPrefixListId`. */
    region: regionName,
    /**
     * The region's Availability Zone names (3 are used), instead of a lookup: required for a region
     * not in `KNOWN_REGIONS`.
     */
    availabilityZones: availabilityZoneNames.optional(),
    /** The region's CloudFront origin-facing prefix list id: required for a region not in `KNOWN_REGIONS`. */
    cloudFrontPrefixListId: prefixListId.optional(),
    /** IANA time zone of the region's users: its peak schedules are in local time. */
    timeZone: z
      .string()
      .refine(isTimeZone, { message: "must be an IANA time zone such as 'Europe/Dublin'" })
      .default('UTC'),
    /**
     * Fewest web tasks (spread over 3 AZs); at least 2. 25: a 10× step on the region's average traffic
     * (400 requests/s at its origin) is served by running tasks: no reactive scale-out lands in under
     * about 3 minutes (a 1-minute alarm, then a task start), and `scaling-blueprints rehearse` shows
     * fewer tasks leave the p95 above its SLO for 5–6 minutes. Lower it to trade that for cost.
     */
    minCapacity: capacity(2).default(25),
    /** Most web tasks: room for this region's 10× traffic plus a failed-over neighbour's. */
    maxCapacity: capacity(1).default(60),
    /**
     * Raised floors for known local peaks. Default: business hours (08:30–18:00, Monday to Friday) at
     * 20 % above `minCapacity` (within `maxCapacity`).
     */
    peaks: z.array(peakSchema).max(5).optional(),
  })
  .strict()
  .transform((region) => ({
    ...region,
    peaks: region.peaks ?? [
      {
        start: '08:30',
        end: '18:00',
        weekDays: 'MON-FRI',
        minCapacity: Math.min(region.maxCapacity, Math.ceil(region.minCapacity * 1.2)),
      },
    ],
  }));

/**
 * Settings of the MultiRegionSaas blueprint. Every default synthesizes offline; the DNS names and
 * the hosted zone are examples to replace before a deploy. docs/blueprints/multi-region-saas.md
 * explains each one, the deploy order and what it costs.
 */
export const multiRegionSaasSettingsSchema = z
  .object({
    /** Prefix of the stack names: `<prefix>-Global` and `<prefix>-<region>`. */
    stackPrefix: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,60}$/, 'must start with a letter and hold letters, digits and hyphens')
      .default('MultiRegionSaas'),
    /** The account of every stack (the offline dummy by default). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .default('123456789012'),
    /** The region of the writer database and of the CloudFront failover origin's primary. It must be in `regions`. */
    homeRegion: regionName.default('us-east-1'),
    /** The regions serving traffic (at least two), each with its capacity and local peaks. */
    regions: z
      .array(regionSchema)
      .min(
        2,
        'must list at least two regions: a multi-region blueprint with one region has nothing to fail over to',
      )
      .prefault([
        { region: 'us-east-1', timeZone: 'America/New_York' },
        { region: 'eu-west-1', timeZone: 'Europe/Dublin' },
      ]),
    /** The hosted zone's domain: the app is `<appSubdomain>.<domainName>`, the origins `*.origin.<domainName>`. */
    domainName: hostname.default('example.com'),
    /** Id of the public hosted zone of `domainName` (imported by id, no lookup). */
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route 53 hosted zone id such as 'Z0123456789ABCDEFGHIJ'")
      .default('Z0123456789ABCDEFGHIJ'),
    /** The viewer host name below `domainName`. */
    appSubdomain: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be one DNS label')
      .default('app'),
    slo: sharedSchemas.slo,
    network: z
      .object({
        /** One NAT gateway per AZ: losing an AZ does not cut the other AZs' egress. */
        natGateways: z.number().int().min(1).max(3).default(3),
      })
      .strict()
      .prefault({}),
    web: z
      .object({
        /** The container image; the default is a placeholder (non-root, port 8080) from ECR Public. */
        image: z.string().min(1).default('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
        containerPort: z.number().int().min(1).max(65535).default(8080),
        /** The load balancer's (shallow) health check: the process is up. */
        healthCheckPath: z.string().startsWith('/').default('/'),
        /**
         * The Route 53 (deep) readiness check, reached through CloudFront per region: answer 200
         * only when the task can reach its database and cache. The placeholder image has `/` only.
         */
        readinessPath: z
          .string()
          .regex(/^\/[A-Za-z0-9_\-./]{0,200}$/, "must be a plain path such as '/health/ready'")
          .default('/'),
        cpu: z.number().int().default(512),
        memoryLimitMiB: z.number().int().default(1024),
        /** Requests per task per minute to track, besides CPU. */
        targetRequestsPerTask: z.number().int().min(1).default(1200),
        /** Database connections each web task's pool opens at most. */
        dbPoolSize: z.number().int().min(1).max(1000).default(10),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        /** The Aurora Global Database's name: every region's cluster joins it by this name. */
        globalClusterIdentifier: z
          .string()
          .regex(
            /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/,
            'must be 1 to 63 lower-case letters, digits or hyphens starting with a letter',
          )
          .default('multi-region-saas'),
        /** Readers next to each region's writer (or head instance, in a secondary). */
        readReplicas: z.number().int().min(0).max(15).default(1),
        /** Instance class of every region's writer and readers, without the `db.` prefix (sets `max_connections`). */
        instanceType: z
          .string()
          .regex(
            /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
            "must be an instance class such as 'r7g.large' (without 'db.')",
          )
          .default('r7g.large'),
        /** Forward the secondary regions' writes to the writer region. */
        writeForwarding: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    cache: z
      .object({
        /**
         * Sessions follow users across regions through an ElastiCache Global Datastore (the home
         * region writes, the others read). Off: a regional session store per region.
         */
        globalDatastore: z.boolean().default(false),
        /**
         * With `globalDatastore`: the Global Datastore id AWS gave the home region's (`ldgnf-...`),
         * known after its deploy. Until it is set, the other regions keep a regional session store
         * (see the deploy order in the docs).
         */
        globalReplicationGroupId: z.string().min(1).optional(),
        /**
         * With `globalDatastore`: the complete ARN of the home region's session-store AUTH secret
         * (the home stack's `SessionsAuthSecretArn` output), known after its deploy like
         * `globalReplicationGroupId`. Secrets Manager replicates it to the other regions under the
         * same name and suffix, and ECS needs that complete ARN (a name or partial ARN fails at task
         * start).
         */
        authSecretArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/,
            'must be the complete ARN of a Secrets Manager secret, ending with its 6-character suffix',
          )
          .optional(),
      })
      .strict()
      .prefault({}),
    /** Queue and workers per region. */
    worker: workerSchema({ minCapacity: 1, maxCapacity: 20 }),
    cdn: z
      .object({
        rateLimitPerFiveMinutes: z.number().int().min(10).max(2_000_000_000).default(2000),
        /**
         * CloudFront retries a failed GET/HEAD on `failover.origin.<domain>` (home region first).
         * CloudFront allows an origin group only on read-only behaviors, so writes must use `writePathPatterns`.
         */
        originFailover: z.boolean().default(true),
        /** With `originFailover`: path patterns that accept writes (POST, PUT, PATCH, DELETE). */
        writePathPatterns: z.array(z.string().startsWith('/')).max(20).default(['/api/*', '/auth/*']),
      })
      .strict()
      .prefault({}),
    routing: z
      .object({
        /** Seconds between two Route 53 health checks from each checker (10 costs more, detects faster). */
        healthCheckIntervalSeconds: z.union([z.literal(10), z.literal(30)]).default(30),
        /** Consecutive failures before a region is unhealthy (1 to 10). */
        healthCheckFailureThreshold: z.number().int().min(1).max(10).default(3),
      })
      .strict()
      .prefault({}),
    /** What 1× traffic means, for the whole app (split over the regions by the cost and rehearse commands). */
    traffic: trafficSchema({
      averageRequestsPerSecond: 200,
      peakRequestsPerSecond: 800,
      averageResponseKiB: 40,
      cdnHitRatioPercent: 60,
      cpuMillisecondsPerRequest: 30,
      databaseQueriesPerRequest: 5,
      cacheOperationsPerRequest: 4,
      queueMessagesPerRequest: 0.02,
    }),
    alarmEmails: sharedSchemas.alarmEmails,
  })
  .strict()
  .superRefine((settings, ctx) => {
    const seen = new Map<string, number>();
    settings.regions.forEach((entry, index) => {
      const path = ['regions', index, 'region'];
      if (
        !isKnownRegion(entry.region) &&
        (entry.availabilityZones === undefined || entry.cloudFrontPrefixListId === undefined)
      ) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: unknownRegionMessage(entry.region, [
            `regions[${index}].availabilityZones`,
            `regions[${index}].cloudFrontPrefixListId`,
          ]),
        });
      }
      entry.availabilityZones?.forEach((zone, z) => {
        if (!zone.startsWith(entry.region)) {
          ctx.addIssue({
            code: 'custom',
            path: ['regions', index, 'availabilityZones', z],
            message: `must be an Availability Zone of regions[${index}].region (${entry.region})`,
          });
        }
      });
      const first = seen.get(entry.region);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `duplicate region '${entry.region}' (already regions[${first}].region): each region gets one stack`,
        });
      } else {
        seen.set(entry.region, index);
      }
      if (entry.maxCapacity < entry.minCapacity) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', index, 'maxCapacity'],
          message: `must be at least regions[${index}].minCapacity (${entry.minCapacity})`,
        });
      }
      (entry.peaks ?? []).forEach((peak, p) => {
        if (peak.minCapacity < entry.minCapacity || peak.minCapacity > entry.maxCapacity) {
          ctx.addIssue({
            code: 'custom',
            path: ['regions', index, 'peaks', p, 'minCapacity'],
            message: `must lie between regions[${index}].minCapacity (${entry.minCapacity}) and maxCapacity (${entry.maxCapacity})`,
          });
        }
      });
    });
    if (
      settings.cache.globalDatastore &&
      (settings.cache.globalReplicationGroupId === undefined) !== (settings.cache.authSecretArn === undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: [
          'cache',
          settings.cache.authSecretArn === undefined ? 'authSecretArn' : 'globalReplicationGroupId',
        ],
        message:
          'required together with the other one: after the home region is deployed, set both cache.globalReplicationGroupId ' +
          'and cache.authSecretArn from its outputs',
      });
    }
    if (!seen.has(settings.homeRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['homeRegion'],
        message: `must be one of the regions listed in \`regions\` (${settings.regions.map((r) => r.region).join(', ')})`,
      });
    }
    if (settings.worker.maxCapacity < settings.worker.minCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['worker', 'maxCapacity'],
        message: `must be at least worker.minCapacity (${settings.worker.minCapacity})`,
      });
    }
  });

export type MultiRegionSaasSettings = z.output<typeof multiRegionSaasSettingsSchema>;
export type RegionSettings = MultiRegionSaasSettings['regions'][number];

/** The settings as you write them: every one optional, the defaults applied by {@link multiRegionSaasSettings}. */
export type MultiRegionSaasSettingsInput = z.input<typeof multiRegionSaasSettingsSchema>;

/**
 * The blueprint's settings from the ones you give, with the defaults applied and validated (a
 * `BlueprintSettingsError` names each invalid setting): what `addMultiRegionSaas` takes.
 *
 * @example
 * addMultiRegionSaas(app, multiRegionSaasSettings({ domainName: 'shop.example', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }));
 */
export function multiRegionSaasSettings(
  settings: MultiRegionSaasSettingsInput = {},
): MultiRegionSaasSettings {
  return parseSettings(MULTI_REGION_SAAS, multiRegionSaasSettingsSchema, settings);
}
