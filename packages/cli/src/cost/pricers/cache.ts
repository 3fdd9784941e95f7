// Caches: ElastiCache Serverless (data stored, at least the engine's minimum, and ECPUs), node-based
// replication groups and clusters (node hours, Valkey 20 % below Redis OSS), snapshot storage.
import { monthlyTotal } from '../model';
import { Charge, charge, nothing, NotPricedError, num, Pricer, PricingContext } from '../pricing';
import { isRecord, literalNumber, literalString, TemplateResource } from '../template';

/**
 * GB of data the profile puts in a cache: none at idle, `cacheDataGb` under traffic. What a cache
 * holds is the working set of the data it fronts (and sessions of a few KB per user), which grows with
 * the data, not with the request rate: ten times the requests do not make ten times the cache.
 */
function cacheData(ctx: PricingContext): number {
  return ctx.model.profile.traffic === null ? 0 : ctx.assumptions.cacheDataGb;
}

export const priceServerlessCache: Pricer = (cache, ctx) => {
  const engine = literalString(cache.properties.Engine) ?? 'redis';
  const family = engine === 'valkey' ? 'valkey' : 'redis';
  const minimumGb = engine === 'valkey' ? 0.1 : 1;
  const limits = isRecord(cache.properties.CacheUsageLimits) ? cache.properties.CacheUsageLimits : {};
  const storage = isRecord(limits.DataStorage) ? limits.DataStorage : {};
  const maximum = literalNumber(storage.Maximum) ?? Infinity;
  const wanted = cacheData(ctx);
  const stored = Math.max(minimumGb, Math.min(wanted, maximum));
  const hours = ctx.hoursPerMonth;
  const why =
    wanted <= minimumGb
      ? `the minimum metered for ${engine}: ${minimumGb * 1000} MB${wanted > 0 ? ` (${num(wanted)} GB of data assumed)` : ' (no data at idle)'}`
      : wanted > maximum
        ? `${num(wanted)} GB of data assumed, capped at the cache's maximum of ${maximum} GB`
        : `${num(wanted)} GB of data assumed (the working set under traffic, not scaled with the request rate)`;
  const ops = monthlyTotal(ctx.model.cacheOps.get(cache.logicalId) ?? [0], hours);
  const ecpuPerOp = Math.max(1, Math.ceil(ctx.assumptions.cacheItemBytes / 1024));
  const charges: Charge[] = [
    charge(
      ctx,
      'data stored',
      stored * hours,
      `${num(stored)} GB (${why}) × ${hours} h`,
      `elasticache.serverless.${family}.gbHour`,
      { per: 'GB-hour' },
    ),
    ops === 0
      ? nothing('ECPUs', '0: no cache operations in this profile')
      : charge(
          ctx,
          'ECPUs',
          ops * ecpuPerOp,
          `${num(ops)} operations a month × ${ecpuPerOp} ECPU (≤ ${ctx.assumptions.cacheItemBytes} bytes each)`,
          `elasticache.serverless.${family}.ecpuMillion`,
          { divisor: 1e6, per: 'million ECPUs' },
        ),
  ];
  const snapshots = literalNumber(cache.properties.SnapshotRetentionLimit) ?? 0;
  if (snapshots > 0) {
    charges.push(
      charge(
        ctx,
        'snapshot storage',
        snapshots * stored,
        `${snapshots} daily snapshots × ${num(stored)} GB`,
        'elasticache.backupGbMonth',
        { per: 'GB-month' },
      ),
    );
  }
  return { charges };
};

function nodeCharges(
  ctx: PricingContext,
  resource: TemplateResource,
  nodes: number,
  nodesBasis: string,
): Charge[] {
  const type = literalString(resource.properties.CacheNodeType);
  if (type === undefined) throw new NotPricedError('the node type is not a literal in the template');
  const engine = literalString(resource.properties.Engine) ?? 'redis';
  const hours = ctx.hoursPerMonth;
  const price = ctx.price(`elasticache.nodeHour/${type}`).value;
  const discount = engine === 'valkey' ? ctx.price('elasticache.valkeyNodeDiscount').value : 0;
  const hourly = price * (1 - discount);
  const charges: Charge[] = [
    {
      component: `${nodes} × ${type} nodes`,
      monthlyUsd: nodes * hourly * hours,
      basis: `${nodesBasis} × ${hours} h × ${Number(hourly.toPrecision(6))} USD per node-hour${discount > 0 ? ` (${price} for Redis OSS, Valkey ${num(discount * 100)} % less)` : ''}`,
      priceKeys: [
        `elasticache.nodeHour/${type}`,
        ...(discount > 0 ? ['elasticache.valkeyNodeDiscount'] : []),
      ],
    },
  ];
  const retention = literalNumber(resource.properties.SnapshotRetentionLimit) ?? 0;
  const data = cacheData(ctx);
  if (retention > 1 && data > 0) {
    charges.push(
      charge(
        ctx,
        'snapshot storage',
        (retention - 1) * data,
        `${retention - 1} daily snapshots beyond the free one × ${num(data)} GB of data (assumed)`,
        'elasticache.backupGbMonth',
        { per: 'GB-month' },
      ),
    );
  }
  return charges;
}

export const priceReplicationGroup: Pricer = (group, ctx) => {
  const p = group.properties;
  const shards = literalNumber(p.NumNodeGroups);
  const replicas = literalNumber(p.ReplicasPerNodeGroup);
  const clusters = literalNumber(p.NumCacheClusters);
  let nodes: number;
  let basis: string;
  if (shards !== undefined || replicas !== undefined) {
    nodes = (shards ?? 1) * (1 + (replicas ?? 0));
    basis = `${shards ?? 1} shard(s) × (1 primary + ${replicas ?? 0} replicas)`;
  } else {
    nodes = clusters ?? 1;
    basis = `${nodes} node${nodes === 1 ? '' : 's'} (primary + replicas)`;
  }
  return { charges: nodeCharges(ctx, group, nodes, basis) };
};

export const priceCacheCluster: Pricer = (cluster, ctx) => {
  const nodes = literalNumber(cluster.properties.NumCacheNodes) ?? 1;
  return { charges: nodeCharges(ctx, cluster, nodes, `${nodes} node${nodes === 1 ? '' : 's'}`) };
};
