import { z } from 'zod';
import { pullableWithoutInternet } from '../container-image';
import {
  checkEnvironmentRegion,
  dnsName,
  environmentSchema,
  parseSettings,
  sharedSchemas,
  trafficSchema,
  workerSchema,
} from '../settings';
import costEstimate from './cost-estimate.json';

/** The context name of the blueprint, and the key its settings live under. */
export const BUDGET_STARTUP = 'budget-startup';

/** A task count from `min` to 1000 (one bound per schema, so a wrong value gets one message). */
const capacity = (min: number) => z.number().int().min(min).max(1000);

/**
 * Settings of the BudgetStartup blueprint. Every default synthesizes offline and is the cheapest
 * sound choice; docs/blueprints/budget-startup.md explains each one and what it costs.
 */
export const budgetStartupSettingsSchema = z
  .object({
    /** Stack name (and construct id). */
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must start with a letter and hold letters, digits and hyphens')
      .default('BudgetStartup'),
    /** Account and region. us-east-1 by default: CloudFront's WAF must live there, so one stack holds everything. */
    environment: environmentSchema('us-east-1'),
    slo: sharedSchemas.slo,
    network: z
      .object({
        /** 2 AZs: the minimum that survives the loss of one. */
        maxAzs: z.number().int().min(2).max(3).default(2),
        /**
         * One shared NAT gateway: the cheapest choice that still lets the app call third-party APIs.
         * 0: no internet egress at all; the tasks reach AWS through VPC endpoints and take their
         * images from ECR (public.ecr.aws images through an ECR pull-through cache).
         */
        natGateways: z.number().int().min(0).max(3).default(1),
        /**
         * The NATs are EC2 instances of this type (about 3 USD a month each, recovered by EC2 when
         * their host fails) instead of NAT gateways (33 USD): the budget choice. null: NAT gateways.
         */
        natInstanceType: z
          .string()
          .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as 't4g.nano'")
          .nullable()
          .default('t4g.nano'),
      })
      .strict()
      .prefault({}),
    web: z
      .object({
        /**
         * The container image; the default is a placeholder that runs as non-root on port 8080, from
         * ECR Public (no Docker Hub rate limit; reachable through a pull-through cache without NAT).
         */
        image: z.string().min(1).default('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
        containerPort: z.number().int().min(1).max(65535).default(8080),
        healthCheckPath: z.string().startsWith('/').default('/'),
        cpu: z.number().int().default(256),
        memoryLimitMiB: z.number().int().default(512),
        /**
         * 2: a task or AZ failure (or a Spot interruption) leaves one serving, and a 10× step on the
         * 1× average (4 requests/s at the origin) fits before any scale-out lands
         * (`scaling-blueprints rehearse --blueprint budget-startup --profile step-10x`).
         */
        minCapacity: capacity(1).default(2),
        maxCapacity: capacity(1).default(6),
        /** Share of tasks above the on-demand base that run on Fargate Spot (about 70 % cheaper). */
        spotPercentage: z.number().int().min(0).max(100).default(70),
        onDemandBaseTasks: z.number().int().min(0).default(1),
        /** Database connections each task's pool opens at most. */
        dbPoolSize: z.number().int().min(1).max(1000).default(10),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        /** Aurora Serverless v2 capacity bounds (ACU); 0 lets it pause when idle. */
        minCapacityAcu: z.number().min(0).max(256).default(0),
        maxCapacityAcu: z.number().min(0.5).max(256).default(4),
        /** Readers next to the writer; 0 on a budget, 1 for a highly available database. */
        readReplicas: z.number().int().min(0).max(15).default(0),
        /** RDS Proxy: about 0.015 USD per ACU-hour with an 8-ACU minimum (~90 USD/month). Off on a budget. */
        proxy: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    cache: z
      .object({
        /** ElastiCache Serverless (Valkey): pay per GB stored and per request, nothing for idle nodes. */
        maxDataStorageGb: z.number().int().min(1).max(5000).default(1),
      })
      .strict()
      .prefault({}),
    /** 0: no task runs while the queue is empty. */
    worker: workerSchema({ minCapacity: 0, maxCapacity: 4 }),
    cdn: z
      .object({
        /** ARN of a CLOUDFRONT-scope web ACL; required when the stack is not in us-east-1. */
        webAclArn: z.string().startsWith('arn:').optional(),
        /** Requests per IP and 5 minutes before the web ACL this blueprint creates blocks it (CdnFront: 2000). */
        rateLimitPerFiveMinutes: z.number().int().min(10).max(2_000_000_000).optional(),
        /** Block request bodies over 8 KB (the managed common rule set's SizeRestrictions_BODY); counted otherwise. */
        blockLargeRequestBodies: z.boolean().optional(),
        /** The site's own domain names (e.g. `www.example.com`), served with `certificateArn`. */
        domainNames: z.array(dnsName).max(100).default([]),
        /** ARN of an ACM certificate in us-east-1 covering `domainNames` (CloudFront only uses those). */
        certificateArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
            'must be the ARN of an ACM certificate in us-east-1 (arn:<partition>:acm:us-east-1:<account>:certificate/<id>)',
          )
          .optional(),
      })
      .strict()
      .prefault({}),
    budget: z
      .object({
        /**
         * An AWS Budgets monthly limit with alerts. Off only where CloudFormation has no
         * `AWS::Budgets::Budget` (most opt-in regions: the validation gate reports F3006 there);
         * a budget made in another region watches the whole account anyway.
         */
        enabled: z.boolean().default(true),
        /** Default: the 1× cost estimate plus 25 % headroom (cost-estimate.json, written by scripts/cost-tables.js). */
        monthlyLimitUsd: z.number().positive().default(costEstimate.budget.monthlyLimitUsd),
        /**
         * Who gets the budget alerts besides the alarm topic (which `alarmEmails` subscribe to).
         * Without either, the alerts reach no one: the synth says so.
         */
        alertEmails: z.array(z.email()).max(9).default([]),
      })
      .strict()
      .prefault({}),
    /**
     * What 1× traffic means (the cost and rehearse commands scale it): a young product with about
     * 1,000 daily users, each loading about 30 pages of 6 requests (a page and its assets) a day:
     * 180,000 requests a day, 2 per second on average and 10 in the busiest minute; 10× is the
     * ten thousand users the guide says a first architecture fails at.
     */
    traffic: trafficSchema({
      averageRequestsPerSecond: 2,
      peakRequestsPerSecond: 10,
      averageResponseKiB: 30,
      cdnHitRatioPercent: 80,
      cpuMillisecondsPerRequest: 25,
      databaseQueriesPerRequest: 4,
      cacheOperationsPerRequest: 3,
      queueMessagesPerRequest: 0.05,
    }),
    alarmEmails: sharedSchemas.alarmEmails,
  })
  .strict()
  .superRefine((settings, ctx) => {
    checkEnvironmentRegion(settings.environment, ['availabilityZones', 'cloudFrontPrefixListId'], ctx);
    const zones = settings.environment.availabilityZones;
    if (zones !== undefined && zones.length < settings.network.maxAzs) {
      ctx.addIssue({
        code: 'custom',
        path: ['environment', 'availabilityZones'],
        message: `must list at least network.maxAzs (${settings.network.maxAzs}) zones`,
      });
    }
    if (settings.web.maxCapacity < settings.web.minCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'maxCapacity'],
        message: `must be at least web.minCapacity (${settings.web.minCapacity})`,
      });
    }
    if (settings.worker.maxCapacity < settings.worker.minCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['worker', 'maxCapacity'],
        message: `must be at least worker.minCapacity (${settings.worker.minCapacity})`,
      });
    }
    if (settings.network.natGateways > settings.network.maxAzs) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'natGateways'],
        message: `must not exceed network.maxAzs (${settings.network.maxAzs})`,
      });
    }
    if (settings.database.maxCapacityAcu < settings.database.minCapacityAcu) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'maxCapacityAcu'],
        message: `must be at least database.minCapacityAcu (${settings.database.minCapacityAcu})`,
      });
    }
    if (settings.cdn.domainNames.length > 0 && settings.cdn.certificateArn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cdn', 'certificateArn'],
        message: 'required with cdn.domainNames: an ACM certificate in us-east-1 that covers them',
      });
    }
    if (settings.cdn.certificateArn !== undefined && settings.cdn.domainNames.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['cdn', 'domainNames'],
        message: 'required with cdn.certificateArn: the names the certificate covers',
      });
    }
    if (settings.cdn.webAclArn !== undefined) {
      for (const key of ['rateLimitPerFiveMinutes', 'blockLargeRequestBodies'] as const) {
        if (settings.cdn[key] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['cdn', key],
            message: 'applies only to the web ACL the blueprint creates: remove it, or remove cdn.webAclArn',
          });
        }
      }
    }
    if (settings.network.natGateways === 0) {
      for (const [tier, image] of [
        ['web', settings.web.image],
        ['worker', settings.worker.image],
      ] as const) {
        if (tier === 'worker' && !settings.worker.enabled) continue;
        if (!pullableWithoutInternet(image)) {
          ctx.addIssue({
            code: 'custom',
            path: [tier, 'image'],
            message:
              'must be an ECR image (<account>.dkr.ecr.<region>.amazonaws.com/...) or a public.ecr.aws image with ' +
              'network.natGateways 0: without NAT the tasks cannot reach another registry (public.ecr.aws images ' +
              'come through an ECR pull-through cache)',
          });
        }
      }
    }
    if (settings.environment.region !== 'us-east-1' && settings.cdn.webAclArn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cdn', 'webAclArn'],
        message:
          `required outside us-east-1 (region is ${settings.environment.region}): CloudFront's WAF lives in us-east-1. ` +
          'Deploy the blueprint in us-east-1, or create a CLOUDFRONT-scope web ACL there and pass its ARN',
      });
    }
  });

export type BudgetStartupSettings = z.output<typeof budgetStartupSettingsSchema>;

/** The settings as you write them: every one optional, the defaults applied by {@link budgetStartupSettings}. */
export type BudgetStartupSettingsInput = z.input<typeof budgetStartupSettingsSchema>;

/**
 * The blueprint's settings from the ones you give, with the defaults applied and validated (a
 * `BlueprintSettingsError` names each invalid setting): what `BudgetStartupStack` takes.
 *
 * @example
 * new BudgetStartupStack(app, 'Shop', { settings: budgetStartupSettings({ web: { maxCapacity: 10 } }) });
 */
export function budgetStartupSettings(settings: BudgetStartupSettingsInput = {}): BudgetStartupSettings {
  return parseSettings(BUDGET_STARTUP, budgetStartupSettingsSchema, settings);
}
