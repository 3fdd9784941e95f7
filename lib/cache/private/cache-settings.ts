import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { CacheClusterProps, CacheEngine, CacheUsage } from '../cache-cluster-props';
import { validateCacheClusterProps } from './validate-cache-cluster-props';

export const DEFAULT_NODE_TYPE = 'cache.m7g.large';
const DEFAULT_VERSIONS: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: '8.0',
  [CacheEngine.REDIS]: '7.1',
  [CacheEngine.MEMCACHED]: '1.6.22',
};
export const DEFAULT_PORTS: Record<CacheEngine, number> = {
  [CacheEngine.VALKEY]: 6379,
  [CacheEngine.REDIS]: 6379,
  [CacheEngine.MEMCACHED]: 11211,
};
export const SERVERLESS_PORT = 6379;
/** The user name apps authenticate with on a serverless cache. */
export const SERVERLESS_APP_USER = 'app';

/** The props of a CacheCluster, validated, with every default filled in. */
export interface CacheSettings {
  readonly engine: CacheEngine;
  readonly usage: CacheUsage;
  readonly serverless: boolean;
  readonly memcached: boolean;
  readonly engineVersion: string;
  readonly port: number;
  /** Days daily snapshots are kept (0: none). */
  readonly snapshotDays: number;
  readonly removalPolicy: RemovalPolicy;
  readonly subnets: ec2.SelectedSubnets;
}

/** Validates the props (throwing before any child exists) and resolves their defaults. */
export function cacheSettings(scope: IConstruct, props: CacheClusterProps): CacheSettings {
  const engine = props.engine ?? CacheEngine.VALKEY;
  const memcached = engine === CacheEngine.MEMCACHED;
  const usage = props.usage ?? (memcached ? CacheUsage.CACHE : CacheUsage.SESSION_STORE);
  const serverless = props.serverless ?? false;
  const engineVersion = props.engineVersion ?? DEFAULT_VERSIONS[engine];
  validateCacheClusterProps(scope, props, { engine, usage, serverless, engineVersion });
  return {
    engine,
    usage,
    serverless,
    memcached,
    engineVersion,
    port: serverless ? SERVERLESS_PORT : (props.port ?? DEFAULT_PORTS[engine]),
    snapshotDays:
      props.snapshotRetention?.toDays() ?? (memcached ? 0 : usage === CacheUsage.SESSION_STORE ? 7 : 1),
    // Memcached holds nothing that cannot be rebuilt, and cannot be snapshotted.
    removalPolicy:
      props.removalPolicy ??
      (serverless ? RemovalPolicy.RETAIN : memcached ? RemovalPolicy.DESTROY : RemovalPolicy.SNAPSHOT),
    subnets: props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }),
  };
}
