// The estimate: every resource of every stack, priced for each profile, summed per stack, region
// and profile, with the price table's date and every assumption made on the way.
import { DiagramStack } from '../diagram/assembly-reader';
import { buildModels, StackModel } from './model';
import { AppFacts, Charge, NotPricedError, plural, PricingContext } from './pricing';
import { FREE_TYPES, PRICERS } from './pricers';
import { MissingPriceError, PriceLookup, PriceTable } from './price-table';
import { CostAssumptions, CostProfile, DEFAULT_ASSUMPTIONS, mean, TrafficModel } from './profiles';
import { literalString } from './template';

/** The version of the JSON report; changes on any incompatible change. */
export const COST_REPORT_VERSION = 1;

/** One charge of one resource. */
export interface LineItem {
  readonly stackName: string;
  readonly region: string;
  readonly logicalId: string;
  readonly type: string;
  readonly component: string;
  /** USD a month, rounded to the cent. */
  readonly monthlyUsd: number;
  readonly basis: string;
  readonly priceKeys: readonly string[];
}

/** A resource that costs nothing, and why. */
export interface FreeItem {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly reason: string;
}

/** A resource the command could not price: never counted as zero silently. */
export interface NotPricedItem {
  readonly stackName: string;
  readonly region: string;
  readonly logicalId: string;
  readonly type: string;
  readonly reason: string;
}

/** Totals of one stack. */
export interface StackTotal {
  readonly stackName: string;
  readonly region: string;
  readonly monthlyUsd: number;
}

/** The estimate of one profile. */
export interface ProfileEstimate {
  readonly profile: string;
  readonly description: string;
  readonly traffic: TrafficModel | null;
  /** Sum of the priced line items, USD a month. */
  readonly totalMonthlyUsd: number;
  readonly byStack: readonly StackTotal[];
  readonly byRegion: readonly { readonly region: string; readonly monthlyUsd: number }[];
  readonly lineItems: readonly LineItem[];
  readonly free: readonly FreeItem[];
  readonly notPriced: readonly NotPricedItem[];
  readonly assumptions: readonly string[];
}

/** The whole report (`--format json`). */
export interface CostReport {
  readonly reportVersion: number;
  /** The blueprint the templates come from, when known. */
  readonly blueprint: string | null;
  readonly priceTable: {
    readonly date: string;
    readonly currency: string;
    readonly hoursPerMonth: number;
    readonly method: string;
  };
  readonly stacks: readonly { readonly stackName: string; readonly region: string }[];
  readonly profiles: readonly ProfileEstimate[];
  /** How quantities are derived: the same for every profile. */
  readonly formulas: readonly string[];
}

/** What to estimate. */
export interface EstimateOptions {
  readonly stacks: readonly DiagramStack[];
  readonly profiles: readonly CostProfile[];
  readonly priceTable: PriceTable;
  /** Price every stack in this region instead of its own. */
  readonly region?: string;
  /** Region of environment-agnostic stacks. */
  readonly defaultRegion?: string;
  readonly blueprint?: string | null;
}

export const FORMULAS: readonly string[] = [
  "A month is 730 hours. Traffic is spread over the half-hour slots of a week: each day has `peakHoursPerDay` hours at the peak rate (centred on 13:00 local time) and the rest at base = (48 × average − n × peak) ÷ (48 − n) requests/s, n = peak half-hours, so the daily average is the traffic model's.",
  'Viewer requests reach the CloudFront distributions (split evenly); the misses (1 − cdnHitRatioPercent) reach the load-balanced services, split evenly over the stacks that have one (regions of a multi-region app) and the services in a stack.',
  "Web tasks per half-hour = clamp(max(⌈origin requests/s × cpuMillisecondsPerRequest ÷ (1000 × task vCPU × CPU target %)⌉, ⌈requests/s × 60 ÷ requests-per-task target⌉), scalable target minimum (scheduled minimums included), maximum); step scaling is for spikes and not counted. The month's cost uses the average over the week.",
  'Worker tasks per half-hour = clamp(⌈messages/s × seconds per message⌉, max(1, minimum), maximum) while messages arrive, the minimum otherwise; seconds per message = the queue visibility timeout ÷ 6 (the QueueWorker default).',
  'On-demand and Spot tasks follow the capacity provider strategy: the base on its provider, the rest by weight. Spot is priced at on-demand × (1 − fargate.spotDiscount).',
  'Aurora Serverless v2 ACUs per half-hour = clamp(⌈2 × queries/s ÷ queriesPerSecondPerAcu⌉ ÷ 2, max(0.5, minimum), maximum) with queries/s = origin requests/s × databaseQueriesPerRequest; with no queries it is 0 only if the cluster can pause (minimum 0, no proxy, no global database, no always-running client holding a pool), else max(0.5, minimum).',
  'Load balancer LCUs per half-hour = the largest of processed GB/h (requests/s × (response KiB + 1 KiB)), new connections/s ÷ 25 (1 per 10 requests: CloudFront reuses connections) and rule evaluations beyond 10 ÷ 1,000/s.',
  "Log ingestion: one line of appLogBytesPerRequest per request served, health check answered and message processed; WAF logs per inspected request; VPC flow records for health-check connections, a baseline and new origin connections; slow queries; storage = a month's volume × logCompressionRatio × months of retention (at most logHorizonMonths).",
  'CloudFront: requests × price per 10,000 and GB out × tiered price, after the always-free 10,000,000 requests and 1 TB (applied once per account, the only free tier applied). Other free tiers are named in the basis of the line they concern and not applied.',
];

function regionOf(stack: DiagramStack, options: EstimateOptions): string {
  return options.region ?? stack.region ?? options.defaultRegion ?? 'us-east-1';
}

/** Facts across stacks: the distribution CloudFront's free tier goes to, AWS alias names, global writes. */
function appFacts(models: readonly StackModel[], assumptions: CostAssumptions): AppFacts {
  let freeTierDistribution: string | undefined;
  const awsAliasNames = new Set<string>();
  const globalDatabaseWrites = new Map<string, number[]>();
  for (const m of models) {
    for (const d of m.index.ofType('AWS::CloudFront::Distribution')) {
      freeTierDistribution ??= `${m.stack.stackName}/${d.logicalId}`;
    }
    for (const r of m.index.ofType('AWS::Route53::RecordSet')) {
      if (r.properties.AliasTarget !== undefined && typeof r.properties.Name === 'string') {
        awsAliasNames.add(r.properties.Name.toLowerCase().replace(/\.$/, ''));
      }
    }
    for (const c of m.index.ofType('AWS::RDS::DBCluster')) {
      const global = literalString(c.properties.GlobalClusterIdentifier);
      if (global === undefined) continue;
      const writes = (m.databaseQps.get(c.logicalId) ?? []).map(
        (q) => (q * assumptions.writeQueryPercent) / 100,
      );
      const sum = globalDatabaseWrites.get(global);
      globalDatabaseWrites.set(global, sum === undefined ? writes : sum.map((v, i) => v + (writes[i] ?? 0)));
    }
  }
  return { freeTierDistribution, awsAliasNames, globalDatabaseWrites };
}

/** Prices every stack for every profile. */
export function estimateCost(options: EstimateOptions): CostReport {
  const profiles = options.profiles.map((profile) => estimateProfile(options, profile));
  return {
    reportVersion: COST_REPORT_VERSION,
    blueprint: options.blueprint ?? null,
    priceTable: {
      date: options.priceTable.date,
      currency: options.priceTable.currency,
      hoursPerMonth: options.priceTable.hoursPerMonth,
      method: options.priceTable.method,
    },
    stacks: options.stacks.map((s) => ({ stackName: s.stackName, region: regionOf(s, options) })),
    profiles,
    formulas: FORMULAS,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function estimateProfile(options: EstimateOptions, profile: CostProfile): ProfileEstimate {
  const hoursPerMonth = options.priceTable.hoursPerMonth;
  const models = buildModels(options.stacks, profile, (s) => regionOf(s, options), hoursPerMonth);
  const app = appFacts(models, profile.assumptions);
  const lineItems: LineItem[] = [];
  const free: FreeItem[] = [];
  const notPriced: NotPricedItem[] = [];
  const freeTiersNamed = new Set<string>();
  for (const model of models) {
    const prices = new PriceLookup(options.priceTable, model.region);
    if (!options.priceTable.regions.complete.includes(model.region)) {
      model.notes.push(
        options.priceTable.regions.partial.includes(model.region)
          ? `${model.region} is only partly in the price table: resources without a price there are listed as not priced`
          : `${model.region} is not in the price table: its resources are listed as not priced (price it as another region with --region)`,
      );
    }
    const ctx: PricingContext = {
      model,
      prices,
      app,
      assumptions: profile.assumptions,
      hoursPerMonth,
      price: (key) => prices.get(key),
    };
    for (const resource of model.index.resources) {
      const base = { stackName: model.stack.stackName, logicalId: resource.logicalId, type: resource.type };
      const pricer = PRICERS[resource.type];
      if (pricer === undefined) {
        const reason =
          FREE_TYPES[resource.type] ??
          (resource.type.startsWith('Custom::') || resource.type === 'AWS::CloudFormation::CustomResource'
            ? 'a custom resource runs at deploy time; its provider function is priced on its own'
            : undefined);
        if (reason !== undefined) free.push({ ...base, reason });
        else
          notPriced.push({
            ...base,
            region: model.region,
            reason: `the cost command has no pricer for ${resource.type}`,
          });
        continue;
      }
      let charges: readonly Charge[];
      try {
        const outcome = pricer(resource, ctx);
        if ('free' in outcome) {
          free.push({ ...base, reason: outcome.free });
          continue;
        }
        charges = outcome.charges;
      } catch (error) {
        if (error instanceof MissingPriceError || error instanceof NotPricedError) {
          notPriced.push({ ...base, region: model.region, reason: error.message });
          continue;
        }
        throw error;
      }
      for (const c of charges) {
        lineItems.push({
          ...base,
          region: model.region,
          component: c.component,
          monthlyUsd: c.monthlyUsd,
          basis: c.basis,
          priceKeys: c.priceKeys,
        });
        for (const key of c.priceKeys) {
          const tier = options.priceTable.prices[key]?.freeTier;
          if (tier !== undefined && !key.startsWith('cloudfront.')) freeTiersNamed.add(tier);
        }
      }
    }
  }
  const byStack = models.map((m) => ({
    stackName: m.stack.stackName,
    region: m.region,
    monthlyUsd: round(
      lineItems.filter((i) => i.stackName === m.stack.stackName).reduce((s, i) => s + i.monthlyUsd, 0),
    ),
  }));
  const regions = [...new Set(models.map((m) => m.region))];
  const byRegion = regions.map((region) => ({
    region,
    monthlyUsd: round(lineItems.filter((i) => i.region === region).reduce((s, i) => s + i.monthlyUsd, 0)),
  }));
  const total = lineItems.reduce((s, i) => s + i.monthlyUsd, 0);
  return {
    profile: profile.name,
    description: profile.description,
    traffic: profile.traffic,
    totalMonthlyUsd: round(total),
    byStack,
    byRegion,
    lineItems: lineItems.map((i) => ({ ...i, monthlyUsd: round(i.monthlyUsd) })),
    free,
    notPriced,
    assumptions: assumptionsOf(profile, models, freeTiersNamed),
  };
}

function assumptionsOf(
  profile: CostProfile,
  models: readonly StackModel[],
  freeTiers: Set<string>,
): string[] {
  const out: string[] = [];
  const t = profile.traffic;
  if (t === null) {
    out.push(
      'No traffic: only what runs anyway is priced (minimum tasks, databases that cannot pause, hourly resources, health checks).',
    );
  } else {
    out.push(
      `Traffic: ${fmt3(t.averageRequestsPerSecond)} viewer requests/s on average, ${fmt3(t.peakRequestsPerSecond)} at peak for ${profile.assumptions.peakHoursPerDay} h a day; ` +
        `${t.averageResponseKiB} KiB per response; ${t.cdnHitRatioPercent} % served from the CDN cache; ${t.cpuMillisecondsPerRequest} ms of vCPU, ` +
        `${t.databaseQueriesPerRequest} queries, ${t.cacheOperationsPerRequest} cache operations and ${t.queueMessagesPerRequest} queue messages per origin request.`,
    );
  }
  for (const m of models) {
    for (const [id, load] of m.services) {
      const schedules =
        load.scaling.schedules.length > 0 ? `; scheduled minimums: ${load.scaling.schedules.join(', ')}` : '';
      out.push(
        `${m.stack.stackName}/${id} (${load.role}): ${plural(mean(load.tasks), 'task')} on average, ${Math.min(...load.tasks)} to ${Math.max(...load.tasks)} over the week` +
          `${load.scaling.targetCpuPercent !== undefined ? `, CPU target ${load.scaling.targetCpuPercent} %` : ''}` +
          `${load.scaling.targetRequestsPerTaskPerMinute !== undefined ? `, ${load.scaling.targetRequestsPerTaskPerMinute} requests per task per minute` : ''}` +
          `${load.messageSeconds !== undefined ? `, ${fmt3(load.messageSeconds)} s per message` : ''}${schedules}.`,
      );
    }
    for (const [id, state] of m.databaseIdle) {
      if (profile.traffic === null || state.pausable)
        out.push(`${m.stack.stackName}/${id} at idle: ${state.reason}.`);
    }
    for (const note of m.notes) out.push(`${m.stack.stackName}: ${note}.`);
  }
  const a = profile.assumptions;
  const changed = (Object.keys(DEFAULT_ASSUMPTIONS) as (keyof CostAssumptions)[]).map((k) => `${k} ${a[k]}`);
  out.push(`Assumed (change them with --profile-file): ${changed.join(', ')}.`);
  out.push(
    'Not estimated: data transfer between Availability Zones (0.01 USD/GB each way) and to the internet other than through CloudFront, backups beyond the free allowance, your own API calls to AWS services.',
  );
  for (const tier of freeTiers) out.push(`Free tier stated, not applied: ${tier}.`);
  return out;
}

function fmt3(value: number): string {
  return Number(value.toFixed(3)).toLocaleString('en-US', { maximumFractionDigits: 3 });
}
