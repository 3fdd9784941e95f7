// Every construct variant Observability can observe, synthesized and "deployed" on paper, so a test
// can compare each manifest signal with what AWS publishes for the resources really created.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BLUEPRINTS } from '../../blueprints';
import { CacheCluster, CacheEngine, CacheUsage } from '../../lib/cache/cache-cluster';
import { DatabaseEngine, ReplicatedDatabase } from '../../lib/data/replicated-database';
import { Network } from '../../lib/network/network';
import { AuditManifest, validateAuditManifest } from '../../lib/observability/audit-manifest';
import { Observability } from '../../lib/observability/observability';
import { testApp } from '../support/app';
import { CfnTemplate, Deployment, ExistingResource, MetricStream } from '../support/deployed-resources';
import { ResourceKind } from '../support/published-metrics';
import { importedAlb, importedInstance } from './support';

/** One deployed stack: its manifest as the audit reads it and the metric streams AWS publishes. */
export interface DeployedVariantStack {
  readonly stackName: string;
  readonly manifest: AuditManifest;
  readonly streams: MetricStream[];
  /** Which construct variant each tier (by `tier:name`) is. */
  readonly variantOf: Readonly<Record<string, string>>;
}

function deploy(
  stack: Stack,
  observability: Observability,
  variantOf: Record<string, string>,
  existing: ExistingResource[] = [],
): DeployedVariantStack {
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const deployment = new Deployment(stack.stackName, stack.region, template);
  const json = deployment.resolve(stack.resolve(observability.auditManifestJson)) as string;
  return {
    stackName: stack.stackName,
    manifest: validateAuditManifest(JSON.parse(json)),
    streams: deployment.metricStreams(existing),
    variantOf,
  };
}

/** The legacy blueprint's existing ALB, target group and database (its default settings). */
const LEGACY_EXISTING: ExistingResource[] = [
  {
    kind: ResourceKind.ALB,
    name: 'existing ALB',
    dimensions: { LoadBalancer: 'app/legacy-monolith/0a1b2c3d4e5f6071' },
  },
  {
    kind: ResourceKind.ALB_TARGET_GROUP,
    name: 'existing target group',
    dimensions: {
      TargetGroup: 'targetgroup/legacy-monolith/0a1b2c3d4e5f6072',
      LoadBalancer: 'app/legacy-monolith/0a1b2c3d4e5f6071',
    },
  },
  {
    kind: ResourceKind.RDS_INSTANCE,
    name: 'existing database',
    dimensions: { DBInstanceIdentifier: 'legacy-monolith-db' },
  },
];

/** The three blueprints as they ship: budget, legacy uplift and both kinds of multi-region stacks. */
function blueprintStacks(): DeployedVariantStack[] {
  const app = new App({ context: {}, builtinCloudFormationValidation: false });
  for (const blueprint of BLUEPRINTS) blueprint.addTo(app);
  const variants: Record<string, Record<string, string>> = {
    BudgetStartup: {
      'edge:Cdn': 'CdnFront (us-east-1 stack)',
      'web:Web': 'WebService',
      'database:Database': 'ReplicatedDatabase: Aurora Serverless v2',
      'cache:Cache': 'CacheCluster: serverless Valkey, cache',
      'queue:Worker': 'QueueWorker',
    },
    LegacyMonolithUplift: {
      'edge:Cdn': 'CdnFront (stack outside us-east-1)',
      'web:ExistingLoadBalancer': 'existing ALB and target group (observeLoadBalancer)',
      'database:Database': 'ReplicatedDatabase: existing RDS instance + read replica + RDS Proxy',
      'cache:SessionStore': 'CacheCluster: Valkey nodes, session store',
    },
    'MultiRegionSaas-eu-west-1': {
      'web:Web': 'WebService',
      'database:Database': 'ReplicatedDatabase: Aurora provisioned with readers (global secondary)',
      'cache:Sessions': 'CacheCluster: Valkey nodes, session store',
      'queue:Worker': 'QueueWorker',
    },
  };
  const stacks = app.node.findAll().filter((c): c is Stack => c instanceof Stack);
  return stacks
    .filter((stack) => variants[stack.stackName] !== undefined)
    .map((stack) => {
      const observability = stack.node.findAll().find((c): c is Observability => c instanceof Observability)!;
      const existing = stack.stackName === 'LegacyMonolithUplift' ? LEGACY_EXISTING : [];
      return deploy(stack, observability, variants[stack.stackName], existing);
    });
}

/** Variants the blueprints do not use: other engines and caches, existing resources without a blueprint. */
function otherVariantsStack(): DeployedVariantStack {
  const stack = new Stack(testApp(), 'Variants', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new Network(stack, 'Network').vpc;
  const aurora = new ReplicatedDatabase(stack, 'Aurora', { vpc });
  const auroraReaders = new ReplicatedDatabase(stack, 'AuroraReaders', {
    vpc,
    engine: DatabaseEngine.AURORA_MYSQL,
    readReplicas: 1,
    proxy: true,
  });
  const rds = new ReplicatedDatabase(stack, 'Rds', {
    vpc,
    engine: DatabaseEngine.POSTGRESQL,
    readReplicas: 1,
  });
  const valkey = new CacheCluster(stack, 'Valkey', { vpc, usage: CacheUsage.CACHE });
  const redis = new CacheCluster(stack, 'Redis', { vpc, engine: CacheEngine.REDIS, usage: CacheUsage.CACHE });
  const memcached = new CacheCluster(stack, 'Memcached', { vpc, engine: CacheEngine.MEMCACHED });
  const serverlessSessions = new CacheCluster(stack, 'ServerlessSessions', {
    vpc,
    serverless: true,
    usage: CacheUsage.SESSION_STORE,
  });
  // Many tiers in one stack: read the manifest without publishing it (it would exceed 8 KB).
  const observability = new Observability(stack, 'Observability', { publishAuditManifest: false });
  observability.observe(aurora, auroraReaders, rds, valkey, redis, memcached, serverlessSessions);
  observability.observeLoadBalancer(importedAlb(stack, 'ExistingAlb'));
  observability.observeDatabaseInstance(importedInstance(stack, 'ExistingDb'), { maxConnections: 400 });
  return deploy(
    stack,
    observability,
    {
      'database:Aurora': 'ReplicatedDatabase: Aurora provisioned (default)',
      'database:AuroraReaders': 'ReplicatedDatabase: Aurora MySQL with a reader and RDS Proxy',
      'database:Rds': 'ReplicatedDatabase: RDS PostgreSQL instance + read replica',
      'cache:Valkey': 'CacheCluster: Valkey nodes, cache',
      'cache:Redis': 'CacheCluster: Redis OSS nodes, cache',
      'cache:Memcached': 'CacheCluster: Memcached',
      'cache:ServerlessSessions': 'CacheCluster: serverless Valkey, session store',
      'web:ExistingAlb': 'existing ALB without target group (observeLoadBalancer)',
      'database:ExistingDb': 'existing RDS instance (observeDatabaseInstance)',
    },
    [
      {
        kind: ResourceKind.ALB,
        name: 'existing ALB',
        dimensions: { LoadBalancer: 'app/legacy/0123456789abcdef' },
      },
      {
        kind: ResourceKind.RDS_INSTANCE,
        name: 'existing database',
        dimensions: { DBInstanceIdentifier: 'legacy-db' },
      },
    ],
  );
}

/** Every variant, deployed. Synthesizes four blueprint stacks and one stack of other variants. */
export function deployedVariants(): DeployedVariantStack[] {
  return [...blueprintStacks(), otherVariantsStack()];
}
