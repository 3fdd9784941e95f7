import { z } from 'zod';
import { environmentSchema, sharedSchemas, trafficSchema, workerSchema } from '../settings';
import costEstimate from './cost-estimate.json';

/** The context name of the blueprint, and the key its settings live under. */
export const BUDGET_STARTUP = 'budget-startup';

const capacity = z.number().int().min(0).max(1000);

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
        /** One shared NAT gateway: the cheapest choice that still lets the app call third-party APIs. */
        natGateways: z.number().int().min(0).max(3).default(1),
      })
      .strict()
      .prefault({}),
    web: z
      .object({
        /** The container image; the default is a placeholder that runs as non-root on port 8080. */
        image: z.string().min(1).default('nginxinc/nginx-unprivileged:stable-alpine'),
        containerPort: z.number().int().min(1).max(65535).default(8080),
        healthCheckPath: z.string().startsWith('/').default('/'),
        cpu: z.number().int().default(256),
        memoryLimitMiB: z.number().int().default(512),
        minCapacity: capacity.min(1).default(1),
        maxCapacity: capacity.min(1).default(6),
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
        rateLimitPerFiveMinutes: z.number().int().min(10).max(2_000_000_000).default(2000),
      })
      .strict()
      .prefault({}),
    budget: z
      .object({
        /** Default: the 1× cost estimate plus 25 % headroom (cost-estimate.json, written by scripts/cost-tables.js). */
        monthlyLimitUsd: z.number().positive().default(costEstimate.budget.monthlyLimitUsd),
        alertEmails: z.array(z.email()).min(1).max(10).default(['ops@example.com']),
      })
      .strict()
      .prefault({}),
    /** What 1× traffic means (the cost and rehearse commands scale it): a young product, ~1,000 daily users. */
    traffic: trafficSchema({
      averageRequestsPerSecond: 5,
      peakRequestsPerSecond: 25,
      averageResponseKiB: 60,
      cdnHitRatioPercent: 70,
      cpuMillisecondsPerRequest: 25,
      databaseQueriesPerRequest: 4,
      cacheOperationsPerRequest: 3,
      queueMessagesPerRequest: 0.05,
    }),
    alarmEmails: sharedSchemas.alarmEmails,
  })
  .strict()
  .superRefine((settings, ctx) => {
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
