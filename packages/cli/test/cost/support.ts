// Test helpers: a price table with fixed round prices (so each test can write its arithmetic), a
// one-stack app from a few resources, and lookups in the estimate.
import { DiagramStack } from '../../src/diagram/assembly-reader';
import { estimateCost, LineItem, ProfileEstimate } from '../../src/cost/engine';
import { PriceTable, PriceTier } from '../../src/cost/price-table';
import { builtInProfile, CostProfile, DEFAULT_ASSUMPTIONS, TrafficModel } from '../../src/cost/profiles';

/** us-east-1 list prices as the bundled table of 2026-12-01 has them. */
export const TEST_PRICES: Record<string, number> = {
  'fargate.x86.vcpuHour': 0.04048,
  'fargate.x86.gbHour': 0.004445,
  'fargate.arm.vcpuHour': 0.03238,
  'fargate.arm.gbHour': 0.00356,
  'fargate.spotDiscount': 0.7,
  'nat.hour': 0.045,
  'nat.gb': 0.045,
  'ipv4.hour': 0.005,
  'vpce.interfaceAzHour': 0.01,
  'vpce.gb': 0.01,
  'alb.hour': 0.0225,
  'alb.lcuHour': 0.008,
  'aurora.acuHour': 0.12,
  'aurora.storageGbMonth': 0.1,
  'aurora.ioMillion': 0.2,
  'dataTransfer.interRegionGb': 0.02,
  'rds.instanceHour/aurora/db.r7g.large': 0.276,
  'rds.instanceHour/postgres/db.m7g.large': 0.168,
  'rds.gp3GbMonth': 0.115,
  'rdsProxy.vcpuHour': 0.015,
  'rdsProxy.acuHour': 0.015,
  'elasticache.nodeHour/cache.m7g.large': 0.158,
  'elasticache.valkeyNodeDiscount': 0.2,
  'elasticache.serverless.valkey.gbHour': 0.084,
  'elasticache.serverless.valkey.ecpuMillion': 0.0023,
  'elasticache.serverless.redis.gbHour': 0.125,
  'elasticache.serverless.redis.ecpuMillion': 0.0034,
  'elasticache.backupGbMonth': 0.085,
  'cloudfront.httpsRequests10k': 0.01,
  'cloudfront.functionInvocationsMillion': 0.1,
  'cloudfront.additionalMetricsPerDistribution': 8,
  'waf.webAclMonth': 5,
  'waf.ruleMonth': 1,
  'waf.requestsMillion': 0.6,
  'cloudwatch.alarmMetricMonth': 0.1,
  'cloudwatch.highResolutionAlarmMetricMonth': 0.3,
  'cloudwatch.compositeAlarmMonth': 0.5,
  'cloudwatch.dashboardMonth': 3,
  'cloudwatch.metricMonth': 0.3,
  'cloudwatch.logsIngestGb': 0.5,
  'cloudwatch.vendedLogsIngestGb': 0.5,
  'cloudwatch.logsStoreGbMonth': 0.03,
  'kms.keyMonth': 1,
  'kms.requests10k': 0.03,
  'secretsmanager.secretMonth': 0.4,
  'ssm.advancedParameterMonth': 0.05,
  'sqs.standardRequestsMillion': 0.4,
  'route53.healthCheckAwsMonth': 0.5,
  'route53.healthCheckNonAwsMonth': 0.75,
  'route53.healthCheckOptionAwsMonth': 1,
  'route53.healthCheckOptionNonAwsMonth': 2,
  'route53.latencyQueriesMillion': 0.6,
  'route53.standardQueriesMillion': 0.4,
  'route53.hostedZoneMonth': 0.5,
  's3.standardGbMonth': 0.023,
  's3.putRequests1k': 0.005,
  'budgets.budgetDay': 0.02,
  'lambda.requestsMillion': 0.2,
  'lambda.x86.gbSecond': 0.0000166667,
};

/** CloudFront's first tiers to viewers in North America and Europe. */
export const CLOUDFRONT_TIERS: PriceTier[] = [
  { upToGb: 10240, price: 0.085 },
  { upToGb: 51200, price: 0.08 },
  { upToGb: null, price: 0.06 },
];

/** A price table holding `prices` as global prices (and `regional` only in their region). */
export function testPriceTable(
  prices: Record<string, number> = TEST_PRICES,
  regional: Record<string, Record<string, number>> = {},
): PriceTable {
  const entry = (key: string) => ({
    unit: `USD per ${key}`,
    description: key,
    source: 'https://aws.amazon.com/pricing/',
    taken: '2026-12-01',
    verification: 'test',
    ...(key === 'cloudwatch.alarmMetricMonth'
      ? { freeTier: 'CloudWatch, always free: 10 alarm metrics' }
      : {}),
  });
  const table: PriceTable['prices'] = Object.fromEntries([
    ...Object.entries(prices).map(([key, value]) => [key, { ...entry(key), global: value }]),
    ...Object.entries(regional).map(([key, regions]) => [key, { ...entry(key), regions }]),
    ['cloudfront.dataOutGb', { ...entry('cloudfront.dataOutGb'), global: 0.085, tiers: CLOUDFRONT_TIERS }],
  ]);
  return {
    tableVersion: 1,
    date: '2026-12-01',
    currency: 'USD',
    hoursPerMonth: 730,
    method: 'test prices',
    regions: { complete: ['us-east-1', 'eu-west-1'], partial: [] },
    specs: { dbInstanceVcpus: { 'db.r7g.large': 2, 'db.m7g.large': 2 } },
    prices: table,
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** A stack holding `resources`. */
export function testStack(
  resources: Resources,
  options: { name?: string; region?: string } = {},
): DiagramStack {
  const name = options.name ?? 'Test';
  return {
    stackName: name,
    constructPath: name,
    region: options.region ?? 'us-east-1',
    template: { Resources: resources },
  };
}

/** The budget-startup traffic model (5 requests/s on average). */
export const TRAFFIC: TrafficModel = {
  averageRequestsPerSecond: 5,
  peakRequestsPerSecond: 25,
  averageResponseKiB: 60,
  cdnHitRatioPercent: 70,
  cpuMillisecondsPerRequest: 25,
  databaseQueriesPerRequest: 4,
  cacheOperationsPerRequest: 3,
  queueMessagesPerRequest: 0.05,
};

/** A traffic profile with a flat day (peak = average), so hand arithmetic needs no daily shape. */
export function flatProfile(requestsPerSecond: number, overrides: Partial<TrafficModel> = {}): CostProfile {
  return {
    name: 'flat',
    description: 'test',
    multiplier: 1,
    traffic: {
      ...TRAFFIC,
      averageRequestsPerSecond: requestsPerSecond,
      peakRequestsPerSecond: requestsPerSecond,
      ...overrides,
    },
    assumptions: DEFAULT_ASSUMPTIONS,
  };
}

/** Estimates `stacks` for one profile (idle by default) with the test prices. */
export function estimateOne(
  stacks: DiagramStack | DiagramStack[],
  profile: CostProfile = builtInProfile('idle', null),
  prices: PriceTable = testPriceTable(),
): ProfileEstimate {
  return estimateCost({
    stacks: Array.isArray(stacks) ? stacks : [stacks],
    profiles: [profile],
    priceTable: prices,
  }).profiles[0];
}

/** The line items of a resource (optionally one component). */
export function itemsOf(estimate: ProfileEstimate, logicalId: string, component?: string): LineItem[] {
  return estimate.lineItems.filter(
    (i) => i.logicalId === logicalId && (component === undefined || i.component === component),
  );
}

/** The monthly USD of one resource (summed), unrounded beyond the report's cents. */
export function usdOf(estimate: ProfileEstimate, logicalId: string, component?: string): number {
  return (
    Math.round(itemsOf(estimate, logicalId, component).reduce((s, i) => s + i.monthlyUsd, 0) * 100) / 100
  );
}
