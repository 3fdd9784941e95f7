// Aurora (serverless and provisioned), RDS replicas, RDS Proxy and ElastiCache, against
// hand-computed figures (730 h a month; the test prices of support.ts).
import { DATABASE_SECRET, serverlessDatabase, webTier } from './fixtures';
import { estimateOne, flatProfile, itemsOf, testPriceTable, testStack, TEST_PRICES, usdOf } from './support';
import { DEFAULT_ASSUMPTIONS } from '../../src/cost/profiles';

function expectUsd(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.0051);
}

describe('Aurora Serverless v2 at idle: it pauses only when no connection is open', () => {
  test('a web tier that always runs and holds a pool keeps it awake at 0.5 ACU: 0.5 × 730 × 0.12 = 43.80', () => {
    const estimate = estimateOne(
      testStack({ ...serverlessDatabase(), ...webTier({ secrets: DATABASE_SECRET }) }),
    );
    const writer = itemsOf(estimate, 'Writer', 'Aurora Serverless v2 capacity')[0];
    expectUsd(writer.monthlyUsd, 43.8);
    expect(writer.basis).toMatch(
      /awake at idle: .*Service \(1 task always running\) holds a connection pool/,
    );
    expect(estimate.assumptions.join('\n')).toMatch(/Database at idle: .*stays awake at 0\.5 ACU/);
  });

  test('with the pool told to drain (DATABASE_POOL_MIN=0) it pauses: 0 ACU', () => {
    const web = webTier({ secrets: DATABASE_SECRET, environment: { DATABASE_POOL_MIN: '0' } });
    const estimate = estimateOne(testStack({ ...serverlessDatabase(), ...web }));
    expect(usdOf(estimate, 'Writer')).toBe(0);
    expect(itemsOf(estimate, 'Writer')[0].basis).toMatch(/paused/);
  });

  test('with no client that always runs it pauses; a minimum above 0 or a global database does not', () => {
    expect(usdOf(estimateOne(testStack(serverlessDatabase())), 'Writer')).toBe(0);
    // min 1 ACU: 1 × 730 × 0.12 = 87.60
    expectUsd(
      usdOf(
        estimateOne(testStack(serverlessDatabase({ min: 1 }))),
        'Writer',
        'Aurora Serverless v2 capacity',
      ),
      87.6,
    );
    expectUsd(
      usdOf(
        estimateOne(testStack(serverlessDatabase({ global: 'g' }))),
        'Writer',
        'Aurora Serverless v2 capacity',
      ),
      43.8,
    );
  });

  test('an RDS Proxy keeps it awake, and bills at least 8 ACUs: 8 × 730 × 0.015 = 87.60', () => {
    const proxy = {
      Proxy: { Type: 'AWS::RDS::DBProxy', Properties: { EngineFamily: 'POSTGRESQL' } },
      ProxyTargets: {
        Type: 'AWS::RDS::DBProxyTargetGroup',
        Properties: { DBProxyName: { Ref: 'Proxy' }, DBClusterIdentifiers: [{ Ref: 'Database' }] },
      },
    };
    const estimate = estimateOne(testStack({ ...serverlessDatabase(), ...proxy }));
    expectUsd(usdOf(estimate, 'Writer', 'Aurora Serverless v2 capacity'), 43.8);
    expectUsd(usdOf(estimate, 'Proxy'), 87.6);
  });
});

describe('Aurora under load', () => {
  test('ACUs from queries, storage and I/O', () => {
    // 12 requests/s × 4 queries = 48 queries/s ÷ 50 per ACU = 0.96 → 1 ACU (0.5 steps): 1 × 730 × 0.12 = 87.60
    const estimate = estimateOne(
      testStack({ ...serverlessDatabase(), ...webTier({ secrets: DATABASE_SECRET }) }),
      flatProfile(12),
    );
    expectUsd(usdOf(estimate, 'Writer', 'Aurora Serverless v2 capacity'), 87.6);
    // 20 GB × 0.10 = 2.00
    expectUsd(usdOf(estimate, 'Database', 'Aurora storage'), 2);
    // 48 × 3600 × 730 = 126,144,000 queries × 0.25 I/O = 31.536 M I/O × 0.20 = 6.31
    expectUsd(usdOf(estimate, 'Database', 'Aurora I/O'), 6.3072);
  });

  test('the maximum caps the ACUs: 600 queries/s would need 12, the cluster stops at 4', () => {
    const estimate = estimateOne(testStack({ ...serverlessDatabase(), ...webTier() }), flatProfile(150));
    expectUsd(usdOf(estimate, 'Writer', 'Aurora Serverless v2 capacity'), 4 * 730 * 0.12); // 350.40
  });

  test('a provisioned db.r7g.large: 730 × 0.276 = 201.48; a proxy in front of two bills 4 vCPU: 4 × 730 × 0.015 = 43.80', () => {
    const resources = {
      Database: {
        Type: 'AWS::RDS::DBCluster',
        Properties: { Engine: 'aurora-postgresql', MasterUsername: 'a' },
      },
      Writer: {
        Type: 'AWS::RDS::DBInstance',
        Properties: { DBClusterIdentifier: { Ref: 'Database' }, DBInstanceClass: 'db.r7g.large' },
      },
      Reader: {
        Type: 'AWS::RDS::DBInstance',
        Properties: { DBClusterIdentifier: { Ref: 'Database' }, DBInstanceClass: 'db.r7g.large' },
      },
      Proxy: { Type: 'AWS::RDS::DBProxy', Properties: {} },
      ProxyTargets: {
        Type: 'AWS::RDS::DBProxyTargetGroup',
        Properties: { DBProxyName: { Ref: 'Proxy' }, DBClusterIdentifiers: [{ Ref: 'Database' }] },
      },
    };
    const estimate = estimateOne(testStack(resources));
    expectUsd(usdOf(estimate, 'Writer'), 201.48);
    expectUsd(usdOf(estimate, 'Reader'), 201.48);
    expectUsd(usdOf(estimate, 'Proxy'), 43.8);
  });

  test('a global secondary pays the replicated writes of the whole global database and their transfer', () => {
    const primary = testStack(serverlessDatabase({ global: 'g' }), { name: 'Primary' });
    const secondaryResources = serverlessDatabase({ global: 'g' });
    delete (secondaryResources.Database.Properties as Record<string, unknown>).MasterUsername;
    const secondary = testStack(secondaryResources, { name: 'Secondary', region: 'eu-west-1' });
    // Each stack has 12 × 4 = 48 queries/s (traffic split evenly between the two stacks of 24 requests/s),
    // 20 % writes: 2 × 9.6 = 19.2 writes/s × 2,628,000 s = 50,457,600 writes × 0.20 per million = 10.09
    const estimate = estimateOne([primary, secondary], flatProfile(24));
    const replicated = estimate.lineItems.find(
      (i) => i.stackName === 'Secondary' && i.component === 'replicated write I/O',
    )!;
    expectUsd(replicated.monthlyUsd, 50.4576 * 0.2);
    // × 2 KB = 96.24 GB × 0.02 = 1.92
    const transfer = estimate.lineItems.find(
      (i) => i.stackName === 'Secondary' && i.component === 'cross-region replication transfer',
    )!;
    expectUsd(transfer.monthlyUsd, ((50_457_600 * 2048) / 1024 ** 3) * 0.02);
    expect(
      estimate.lineItems.some((i) => i.stackName === 'Primary' && i.component === 'replicated write I/O'),
    ).toBe(false);
  });
});

describe('RDS read replicas and a proxy for an existing instance', () => {
  const resources = {
    ParameterGroup: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres16' } },
    Replica: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        DBInstanceClass: 'db.m7g.large',
        SourceDBInstanceIdentifier: 'arn:aws-test:rds:us-east-1:123456789012:db:legacy-db',
        DBParameterGroupName: { Ref: 'ParameterGroup' },
        StorageType: 'gp3',
      },
    },
    Proxy: { Type: 'AWS::RDS::DBProxy', Properties: {} },
    ProxyTargets: {
      Type: 'AWS::RDS::DBProxyTargetGroup',
      Properties: { DBProxyName: { Ref: 'Proxy' }, DBInstanceIdentifiers: ['legacy-db'] },
    },
  };

  test("a replica: 730 × 0.168 = 122.64, and its source's storage (assumed 20 GB) × 0.115 = 2.30", () => {
    const estimate = estimateOne(testStack(resources));
    expectUsd(usdOf(estimate, 'Replica', 'RDS postgres db.m7g.large hours'), 122.64);
    const storage = itemsOf(estimate, 'Replica', 'gp3 storage')[0];
    expectUsd(storage.monthlyUsd, 2.3);
    expect(storage.basis).toMatch(/source's storage, not in the template: assumed/);
  });

  test("the proxy bills the existing instance's vCPUs, taken from its replica's class: 2 × 730 × 0.015 = 21.90", () => {
    const proxy = itemsOf(estimateOne(testStack(resources)), 'Proxy')[0];
    expectUsd(proxy.monthlyUsd, 21.9);
    expect(proxy.basis).toMatch(/legacy-db: class not in the template, assumed like its replica Replica/);
  });
});

describe('ElastiCache', () => {
  const serverless = (engine: string, snapshots = 0) => ({
    Cache: {
      Type: 'AWS::ElastiCache::ServerlessCache',
      Properties: {
        Engine: engine,
        CacheUsageLimits: { DataStorage: { Maximum: 1, Unit: 'GB' } },
        SnapshotRetentionLimit: snapshots,
      },
    },
  });

  test('Serverless Valkey at idle bills its 100 MB minimum: 0.1 × 730 × 0.084 = 6.13', () => {
    expectUsd(usdOf(estimateOne(testStack(serverless('valkey'))), 'Cache', 'data stored'), 6.132);
  });

  test('Serverless Redis OSS bills 1 GB at least: 1 × 730 × 0.125 = 91.25', () => {
    expectUsd(usdOf(estimateOne(testStack(serverless('redis'))), 'Cache', 'data stored'), 91.25);
  });

  test('under load: the assumed data (0.25 GB at 1×) and 1 ECPU per operation; a daily snapshot', () => {
    const estimate = estimateOne(testStack({ ...serverless('valkey', 1), ...webTier() }), flatProfile(12));
    expectUsd(usdOf(estimate, 'Cache', 'data stored'), 0.25 * 730 * 0.084); // 15.33
    // 12 × 3 = 36 operations/s × 2,628,000 s = 94,608,000 ECPUs × 0.0023 per million = 0.22
    expectUsd(usdOf(estimate, 'Cache', 'ECPUs'), 94.608 * 0.0023);
    expectUsd(usdOf(estimate, 'Cache', 'snapshot storage'), 0.25 * 0.085); // 0.02
  });

  test('the data is the working set: not scaled with the request rate, capped at the cache maximum', () => {
    const tenTimes = { ...flatProfile(12), multiplier: 10 };
    expectUsd(
      usdOf(estimateOne(testStack(serverless('valkey')), tenTimes), 'Cache', 'data stored'),
      0.25 * 730 * 0.084,
    );
    const big = { ...flatProfile(12), assumptions: { ...DEFAULT_ASSUMPTIONS, cacheDataGb: 4 } };
    expectUsd(
      usdOf(estimateOne(testStack(serverless('valkey')), big), 'Cache', 'data stored'),
      1 * 730 * 0.084,
    );
  });

  test('a node-based Valkey group: 2 × cache.m7g.large at 0.158 − 20 % = 0.1264: 2 × 730 × 0.1264 = 184.54', () => {
    const group = {
      Sessions: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { Engine: 'valkey', CacheNodeType: 'cache.m7g.large', NumCacheClusters: 2 },
      },
    };
    expectUsd(usdOf(estimateOne(testStack(group)), 'Sessions'), 184.544);
    // Redis OSS: no discount: 2 × 730 × 0.158 = 230.68
    group.Sessions.Properties.Engine = 'redis';
    expectUsd(usdOf(estimateOne(testStack(group)), 'Sessions'), 230.68);
  });

  test('a node type missing from the table is not priced, and says which price is missing', () => {
    const group = {
      Sessions: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { Engine: 'valkey', CacheNodeType: 'cache.x2gd.16xlarge', NumCacheClusters: 2 },
      },
    };
    const estimate = estimateOne(testStack(group), undefined, testPriceTable(TEST_PRICES));
    expect(estimate.notPriced).toEqual([
      expect.objectContaining({
        logicalId: 'Sessions',
        reason:
          "no 'elasticache.nodeHour/cache.x2gd.16xlarge' price for us-east-1 in the price table dated 2026-12-01",
      }),
    ]);
  });
});
