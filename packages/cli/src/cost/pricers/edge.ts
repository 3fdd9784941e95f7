// The edge: CloudFront requests and bytes (with its always-free allowance, applied once per account
// and said so), Origin Shield, CloudFront Functions, additional metrics; WAF web ACLs.
import { monthlyTotal } from '../model';
import { tieredCost } from '../price-table';
import { Charge, charge, nothing, num, Pricer, PricingContext, usd } from '../pricing';
import { isRecord, listOf, literalString, referencedId } from '../template';

const FREE_REQUESTS = 10_000_000;
const FREE_GB = 1024;
const FREE_FUNCTION_INVOCATIONS = 2_000_000;

function distributionConfig(resource: { properties: Record<string, unknown> }): Record<string, unknown> {
  return isRecord(resource.properties.DistributionConfig) ? resource.properties.DistributionConfig : {};
}

function hasFreeTier(ctx: PricingContext, logicalId: string): boolean {
  return ctx.app.freeTierDistribution === `${ctx.model.stack.stackName}/${logicalId}`;
}

export const priceDistribution: Pricer = (distribution, ctx) => {
  const config = distributionConfig(distribution);
  const hours = ctx.hoursPerMonth;
  const viewer = ctx.model.viewerRps.get(distribution.logicalId) ?? [0];
  const healthRps = ctx.model.healthCheckRps.get(distribution.logicalId) ?? 0;
  const requests = monthlyTotal(viewer, hours);
  const healthRequests = healthRps * hours * 3600;
  const kib = ctx.model.profile.traffic?.averageResponseKiB ?? 0;
  // Health checks fetch a small page: 1 KiB each.
  const gb = ((requests - healthRequests) * kib + healthRequests) / 1024 ** 2;
  const free = hasFreeTier(ctx, distribution.logicalId);
  const billedRequests = free ? Math.max(0, requests - FREE_REQUESTS) : requests;
  const billedGb = free ? Math.max(0, gb - FREE_GB) : gb;
  const priceClass = literalString(config.PriceClass) ?? 'PriceClass_All';
  const classNote =
    priceClass === 'PriceClass_100'
      ? ''
      : `; ${priceClass}: viewers outside North America and Europe cost more, priced here at the North America/Europe rate`;
  const freeNote = free
    ? ' (CloudFront always-free: the first 10,000,000 a month, applied once per account)'
    : " (the account's always-free allowance is applied to another distribution)";
  const requestsWhat = `${num(requests)} HTTPS requests a month${healthRequests > 0 ? ` (${num(healthRequests)} of them Route 53 health checks)` : ''}${freeNote}, ${num(billedRequests)} billed`;
  const dataEntry = ctx.price('cloudfront.dataOutGb');
  const tiers = dataEntry.entry.tiers ?? [{ upToGb: null, price: dataEntry.value }];
  const charges: Charge[] = [
    charge(ctx, 'CloudFront requests', billedRequests, requestsWhat, 'cloudfront.httpsRequests10k', {
      divisor: 10_000,
      per: '10,000 requests',
    }),
    {
      component: 'CloudFront data transfer out',
      monthlyUsd: tieredCost(tiers, billedGb),
      basis: `${num(gb)} GB a month (${num(requests - healthRequests)} responses × ${num(kib)} KiB${free ? '; the first 1 TB is always free, applied' : ''}), ${num(billedGb)} GB billed × ${usd(tiers[0].price)} per GB (first 10 TB tier${classNote})`,
      priceKeys: ['cloudfront.dataOutGb'],
    },
  ];
  const shielded = listOf(config.Origins).some(
    (o) => isRecord(o) && isRecord(o.OriginShield) && o.OriginShield.Enabled === true,
  );
  if (shielded) {
    const hit = ctx.model.profile.traffic?.cdnHitRatioPercent ?? 0;
    const misses = (requests - healthRequests) * (1 - hit / 100) + healthRequests;
    charges.push(
      charge(
        ctx,
        'Origin Shield requests',
        misses,
        `${num(misses)} cache misses a month`,
        'cloudfront.originShieldRequests10k',
        { divisor: 10_000, per: '10,000 requests' },
      ),
    );
  }
  return { charges };
};

/** A CloudFront path pattern (`*` any characters, `?` one) as a regular expression. */
export function pathPatternRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped.startsWith('/') ? '' : '/'}${escaped}$`);
}

/** CloudFront Functions: invocations of the behaviors they are associated with. */
export const priceCloudFrontFunction: Pricer = (fn, ctx) => {
  const hours = ctx.hoursPerMonth;
  let invocations = 0;
  const where: string[] = [];
  let free = false;
  for (const distribution of ctx.model.index.ofType('AWS::CloudFront::Distribution')) {
    const config = distributionConfig(distribution);
    const requests = monthlyTotal(ctx.model.viewerRps.get(distribution.logicalId) ?? [0], hours);
    const checks = ctx.model.healthChecks.get(distribution.logicalId) ?? [];
    const uses = (behavior: unknown): boolean =>
      isRecord(behavior) &&
      listOf(behavior.FunctionAssociations).some(
        (f) => isRecord(f) && referencedId(f.FunctionARN) === fn.logicalId,
      );
    if (uses(config.DefaultCacheBehavior)) {
      invocations += requests;
      where.push(`every request of ${distribution.logicalId}`);
    }
    for (const behavior of listOf(config.CacheBehaviors)) {
      if (!uses(behavior) || !isRecord(behavior)) continue;
      const pattern = String(behavior.PathPattern);
      const matching = checks.filter((c) => pathPatternRegExp(pattern).test(c.path));
      if (matching.length > 0) {
        invocations += matching.reduce((sum, c) => sum + c.requestsPerSecond, 0) * hours * 3600;
        where.push(`${pattern}: ${matching.length} Route 53 health check${matching.length === 1 ? '' : 's'}`);
      } else where.push(`${pattern} (its share of viewer requests is unknown: not counted)`);
    }
    free = free || hasFreeTier(ctx, distribution.logicalId);
  }
  const billed = free ? Math.max(0, invocations - FREE_FUNCTION_INVOCATIONS) : invocations;
  if (invocations === 0)
    return {
      charges: [
        nothing(
          'CloudFront Functions invocations',
          `0 invocations counted (${where.join('; ') || 'not associated'})`,
        ),
      ],
    };
  return {
    charges: [
      charge(
        ctx,
        'CloudFront Functions invocations',
        billed,
        `${num(invocations)} invocations a month (${where.join('; ')})${free ? ', the first 2,000,000 always free (applied)' : ''}, ${num(billed)} billed`,
        'cloudfront.functionInvocationsMillion',
        { divisor: 1e6, per: 'million invocations' },
      ),
    ],
  };
};

export const priceMonitoringSubscription: Pricer = (subscription, ctx) => {
  const config = isRecord(subscription.properties.MonitoringSubscription)
    ? subscription.properties.MonitoringSubscription
    : {};
  const realtime = isRecord(config.RealtimeMetricsSubscriptionConfig)
    ? config.RealtimeMetricsSubscriptionConfig
    : {};
  if (realtime.RealtimeMetricsSubscriptionStatus !== 'Enabled') return { free: 'additional metrics are off' };
  const metrics = ctx.price('cloudfront.additionalMetricsPerDistribution').value;
  return {
    charges: [
      charge(
        ctx,
        'CloudFront additional metrics',
        metrics,
        `${metrics} metrics (cache hit rate, origin latency, error rates by status code)`,
        'cloudwatch.metricMonth',
        { per: 'metric-month' },
      ),
    ],
  };
};

/** WAF: the web ACL, its rules (a managed rule group is one rule), the requests it inspects. */
export const priceWebAcl: Pricer = (acl, ctx) => {
  const rules = listOf(acl.properties.Rules).length;
  const requests = monthlyTotal(ctx.model.webAclRps.get(acl.logicalId) ?? [0], ctx.hoursPerMonth);
  return {
    charges: [
      charge(ctx, 'WAF web ACL', 1, '1 web ACL', 'waf.webAclMonth', { per: 'web ACL-month' }),
      charge(
        ctx,
        'WAF rules',
        rules,
        `${rules} rules (managed rule groups count one each)`,
        'waf.ruleMonth',
        { per: 'rule-month' },
      ),
      requests === 0
        ? nothing('WAF requests', '0 requests: nothing reaches what it protects in this profile')
        : charge(
            ctx,
            'WAF requests',
            requests,
            `${num(requests)} requests inspected a month`,
            'waf.requestsMillion',
            { divisor: 1e6, per: 'million requests' },
          ),
    ],
  };
};
