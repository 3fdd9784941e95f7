// Databases: Aurora clusters (storage, I/O, global replication), their instances (provisioned
// hours, or Serverless v2 ACUs from the load and the idle state), RDS instances and read replicas,
// RDS Proxy (per vCPU or ACU of its targets, with its minimum), Enhanced Monitoring logs.
import { monthlyTotal, Series } from '../model';
import { mean } from '../profiles';
import { Charge, charge, nothing, NotPricedError, num, Pricer, PricingContext } from '../pricing';
import { clamp } from '../scaling';
import { isRecord, listOf, literalNumber, literalString, referencedId, TemplateResource } from '../template';

const ENHANCED_MONITORING_SAMPLE_BYTES = 10 * 1024;

/** The ACUs of a Serverless v2 instance in each slot: its load, within its bounds, 0 when paused. */
export function serverlessAcus(ctx: PricingContext, cluster: TemplateResource): Series {
  const config = isRecord(cluster.properties.ServerlessV2ScalingConfiguration)
    ? cluster.properties.ServerlessV2ScalingConfiguration
    : {};
  const min = literalNumber(config.MinCapacity) ?? 0.5;
  const max = literalNumber(config.MaxCapacity) ?? Math.max(min, 1);
  const qps = ctx.model.databaseQps.get(cluster.logicalId) ?? [0];
  const pausable = ctx.model.databaseIdle.get(cluster.logicalId)?.pausable ?? false;
  const perAcu = ctx.assumptions.queriesPerSecondPerAcu;
  return qps.map((q) => {
    if (q <= 0) return pausable ? 0 : Math.max(0.5, min);
    return clamp(Math.ceil((2 * q) / perAcu - 1e-9) / 2, Math.max(0.5, min), Math.max(max, 0.5));
  });
}

function clusterOf(ctx: PricingContext, instance: TemplateResource): TemplateResource | undefined {
  return ctx.model.index.get(referencedId(instance.properties.DBClusterIdentifier));
}

function engineOf(ctx: PricingContext, instance: TemplateResource): string | undefined {
  const engine = literalString(instance.properties.Engine);
  if (engine !== undefined) return engine;
  const group = ctx.model.index.get(referencedId(instance.properties.DBParameterGroupName));
  const family = literalString(group?.properties.Family);
  if (family?.startsWith('postgres')) return 'postgres';
  if (family?.startsWith('mysql')) return 'mysql';
  return undefined;
}

function enhancedMonitoring(ctx: PricingContext, instance: TemplateResource, runningShare: number): Charge[] {
  const interval = literalNumber(instance.properties.MonitoringInterval) ?? 0;
  if (interval <= 0 || runningShare === 0) return [];
  const samples = ((ctx.hoursPerMonth * 3600) / interval) * runningShare;
  const gb = (samples * ENHANCED_MONITORING_SAMPLE_BYTES) / 1024 ** 3;
  return [
    charge(
      ctx,
      'Enhanced Monitoring logs (RDSOSMetrics)',
      gb,
      `${num(samples)} samples a month (every ${interval} s${runningShare < 1 ? ' while running' : ''}) × 10 KB = ${num(gb)} GB`,
      'cloudwatch.logsIngestGb',
      { per: 'GB' },
    ),
  ];
}

function performanceInsightsNote(instance: TemplateResource): string {
  const enabled = instance.properties.EnablePerformanceInsights === true;
  const retention = literalNumber(instance.properties.PerformanceInsightsRetentionPeriod) ?? 7;
  if (!enabled) return '';
  if (retention > 7)
    throw new NotPricedError(
      `Performance Insights kept ${retention} days (beyond the free 7) is not in the price table`,
    );
  return '; Performance Insights: 7 days, free';
}

/** An RDS or Aurora instance. */
export const priceDbInstance: Pricer = (instance, ctx) => {
  const cls = literalString(instance.properties.DBInstanceClass);
  if (cls === undefined) throw new NotPricedError('the instance class is not a literal in the template');
  const hours = ctx.hoursPerMonth;
  const cluster = clusterOf(ctx, instance);
  if (cluster !== undefined) {
    const pi = performanceInsightsNote(instance);
    if (cls === 'db.serverless') {
      const acus = serverlessAcus(ctx, cluster);
      const average = mean(acus);
      const paused = acus.filter((a) => a === 0).length / acus.length;
      const optimized = cluster.properties.StorageType === 'aurora-iopt1';
      const idle = ctx.model.databaseIdle.get(cluster.logicalId);
      const how =
        ctx.model.profile.traffic === null
          ? idle?.pausable
            ? 'paused: no connection open'
            : `awake at idle: ${idle?.reason ?? 'no auto-pause'}`
          : `${num(mean(ctx.model.databaseQps.get(cluster.logicalId) ?? [0]))} queries/s on average ÷ ${ctx.assumptions.queriesPerSecondPerAcu} per ACU, in 0.5 ACU steps within the cluster's bounds`;
      const acuCharge =
        average === 0
          ? nothing('Aurora Serverless v2 capacity', `0 ACU: ${how}`)
          : charge(
              ctx,
              'Aurora Serverless v2 capacity',
              average * hours,
              `${num(average)} ACU on average (${how}${pi}) × ${hours} h`,
              optimized ? 'aurora.iopt.acuHour' : 'aurora.acuHour',
              { per: 'ACU-hour' },
            );
      return { charges: [acuCharge, ...enhancedMonitoring(ctx, instance, 1 - paused)] };
    }
    return {
      charges: [
        charge(ctx, `Aurora ${cls} hours`, hours, `${hours} h${pi}`, `rds.instanceHour/aurora/${cls}`, {
          per: 'instance-hour',
        }),
        ...enhancedMonitoring(ctx, instance, 1),
      ],
    };
  }
  const engine = engineOf(ctx, instance);
  if (engine === undefined)
    throw new NotPricedError('its engine is not in the template (no Engine, no parameter group family)');
  const multiAz = instance.properties.MultiAZ === true;
  const copies = multiAz ? 2 : 1;
  const pi = performanceInsightsNote(instance);
  const replica = instance.properties.SourceDBInstanceIdentifier !== undefined;
  const storageType = literalString(instance.properties.StorageType) ?? 'gp2';
  const storageGb = literalNumber(instance.properties.AllocatedStorage) ?? ctx.assumptions.databaseStorageGb;
  const storageBasis =
    literalNumber(instance.properties.AllocatedStorage) !== undefined
      ? `${storageGb} GB allocated`
      : `${storageGb} GB (${replica ? "a read replica gets its source's storage, not in the template: assumed" : 'assumed'})`;
  if (storageType !== 'gp2' && storageType !== 'gp3')
    throw new NotPricedError(`${storageType} storage is not in the price table`);
  return {
    charges: [
      charge(
        ctx,
        `RDS ${engine} ${cls} hours${multiAz ? ' (Multi-AZ)' : ''}`,
        hours * copies,
        `${hours} h${multiAz ? ' × 2 (Multi-AZ)' : ''}${pi}`,
        `rds.instanceHour/${engine}/${cls}`,
        { per: 'instance-hour' },
      ),
      charge(
        ctx,
        `${storageType} storage`,
        storageGb * copies,
        `${storageBasis}${multiAz ? ' × 2 (Multi-AZ)' : ''}`,
        `rds.${storageType}GbMonth`,
        { per: 'GB-month' },
      ),
      ...enhancedMonitoring(ctx, instance, 1),
    ],
  };
};

/** An Aurora cluster: storage, I/O, and a global secondary's replicated writes. */
export const priceDbCluster: Pricer = (cluster, ctx) => {
  const engine = literalString(cluster.properties.Engine) ?? '';
  if (!engine.startsWith('aurora'))
    throw new NotPricedError(`${engine || 'a non-Aurora'} Multi-AZ DB cluster is not in the price table`);
  const a = ctx.assumptions;
  const optimized = cluster.properties.StorageType === 'aurora-iopt1';
  const retention = literalNumber(cluster.properties.BackupRetentionPeriod) ?? 1;
  const charges: Charge[] = [
    charge(
      ctx,
      'Aurora storage',
      a.databaseStorageGb,
      `${a.databaseStorageGb} GB stored (assumed; backups for ${retention} days within the free allowance of the cluster's size, assumed)`,
      optimized ? 'aurora.iopt.storageGbMonth' : 'aurora.storageGbMonth',
      { per: 'GB-month' },
    ),
  ];
  const queries = monthlyTotal(ctx.model.databaseQps.get(cluster.logicalId) ?? [0], ctx.hoursPerMonth);
  if (!optimized) {
    const ios = queries * a.ioPerQuery;
    charges.push(
      ios === 0
        ? nothing('Aurora I/O', '0 I/O: no queries in this profile')
        : charge(
            ctx,
            'Aurora I/O',
            ios,
            `${num(queries)} queries a month × ${a.ioPerQuery} billed I/O each`,
            'aurora.ioMillion',
            { divisor: 1e6, per: 'million I/Os' },
          ),
    );
  }
  const global = literalString(cluster.properties.GlobalClusterIdentifier);
  const secondary =
    global !== undefined &&
    cluster.properties.MasterUsername === undefined &&
    cluster.properties.SnapshotIdentifier === undefined;
  if (global !== undefined && secondary) {
    const writes = monthlyTotal(ctx.app.globalDatabaseWrites.get(global) ?? [0], ctx.hoursPerMonth);
    charges.push(
      writes === 0
        ? nothing('replicated write I/O', '0: no writes in this profile')
        : charge(
            ctx,
            'replicated write I/O',
            writes,
            `${num(writes)} writes a month in the global database (${a.writeQueryPercent} % of its queries), 1 I/O each`,
            'aurora.ioMillion',
            { divisor: 1e6, per: 'million I/Os' },
          ),
    );
    const gb = (writes * 2048) / 1024 ** 3;
    if (gb > 0)
      charges.push(
        charge(
          ctx,
          'cross-region replication transfer',
          gb,
          `${num(writes)} writes × 2 KB = ${num(gb)} GB from the primary region`,
          'dataTransfer.interRegionGb',
          { per: 'GB' },
        ),
      );
  }
  return { charges };
};

/** RDS Proxy: per vCPU of its provisioned targets (at least 2), per ACU of its serverless targets (at least 8). */
export const priceDbProxy: Pricer = (proxy, ctx) => {
  const hours = ctx.hoursPerMonth;
  const vcpus = ctx.prices.table.specs.dbInstanceVcpus;
  const targetGroups = ctx.model.index
    .ofType('AWS::RDS::DBProxyTargetGroup')
    .filter((tg) => referencedId(tg.properties.DBProxyName) === proxy.logicalId);
  let provisionedVcpu = 0;
  const described: string[] = [];
  let serverless: Series | undefined;
  for (const tg of targetGroups) {
    for (const clusterRef of listOf(tg.properties.DBClusterIdentifiers)) {
      const cluster = ctx.model.index.get(referencedId(clusterRef));
      if (cluster === undefined) continue;
      for (const instance of ctx.model.index.ofType('AWS::RDS::DBInstance')) {
        if (referencedId(instance.properties.DBClusterIdentifier) !== cluster.logicalId) continue;
        const cls = String(instance.properties.DBInstanceClass);
        if (cls === 'db.serverless') {
          const acus = serverlessAcus(ctx, cluster);
          serverless = serverless === undefined ? acus : serverless.map((v, i) => v + acus[i]);
          described.push(`${instance.logicalId} (Serverless v2)`);
        } else {
          const v = vcpus[cls];
          if (v === undefined)
            throw new NotPricedError(`the vCPUs of ${cls} are not in the price table's specs`);
          provisionedVcpu += v;
          described.push(`${instance.logicalId} ${cls} (${v} vCPU)`);
        }
      }
    }
    for (const id of listOf(tg.properties.DBInstanceIdentifiers)) {
      const name =
        literalString(id) ??
        literalString(ctx.model.index.get(referencedId(id))?.properties.DBInstanceIdentifier);
      const local = ctx.model.index.get(referencedId(id));
      const replica = ctx.model.index.ofType('AWS::RDS::DBInstance').find(
        (i) =>
          name !== undefined &&
          String(i.properties.SourceDBInstanceIdentifier ?? '')
            .split(':')
            .pop() === name,
      );
      const cls = literalString((local ?? replica)?.properties.DBInstanceClass);
      const v = cls === undefined ? undefined : vcpus[cls];
      provisionedVcpu += v ?? 2;
      described.push(
        local !== undefined
          ? `${local.logicalId} ${cls} (${v ?? 2} vCPU)`
          : `${name ?? 'an existing instance'}: class not in the template, ${v === undefined ? '2 vCPUs (the minimum) assumed' : `assumed like its replica ${replica!.logicalId}, ${cls} (${v} vCPU)`}`,
      );
    }
  }
  const charges: Charge[] = [];
  if (serverless !== undefined) {
    const billed = mean(serverless.map((acu) => Math.max(8, acu)));
    charges.push(
      charge(
        ctx,
        'RDS Proxy (serverless targets)',
        billed * hours,
        `${num(billed)} ACU billed on average (at least 8; targets: ${described.join(', ')}) × ${hours} h`,
        'rdsProxy.acuHour',
        { per: 'ACU-hour' },
      ),
    );
  }
  if (provisionedVcpu > 0 || serverless === undefined) {
    const billed = Math.max(2, provisionedVcpu);
    charges.push(
      charge(
        ctx,
        'RDS Proxy',
        billed * hours,
        `${billed} vCPU (at least 2; targets: ${described.join(', ') || 'none found'}) × ${hours} h`,
        'rdsProxy.vcpuHour',
        { per: 'vCPU-hour' },
      ),
    );
  }
  return { charges };
};
