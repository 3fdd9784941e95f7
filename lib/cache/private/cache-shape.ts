import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { secureKey } from '../../private/kms-keys';
import { CacheClusterProps } from '../cache-cluster-props';
import { CacheSettings, SERVERLESS_PORT } from './cache-settings';

/**
 * What each deployment shape builds — a replication group (Valkey or Redis OSS, regional or in a
 * Global Datastore), a Memcached cluster or a serverless cache — in the one shape CacheCluster reads.
 */
export interface CacheShape {
  readonly replicationGroup?: elasticache.CfnReplicationGroup;
  readonly memcachedCluster?: elasticache.CfnCacheCluster;
  readonly serverlessCache?: elasticache.CfnServerlessCache;
  readonly globalReplicationGroup?: elasticache.CfnGlobalReplicationGroup;
  readonly globalReplicationGroupId?: string;
  readonly subnetGroup?: elasticache.CfnSubnetGroup;
  readonly parameterGroup?: elasticache.CfnParameterGroup;
  readonly userGroup?: elasticache.CfnUserGroup;
  readonly slowLogGroup?: logs.LogGroup;
  readonly engineLogGroup?: logs.LogGroup;
  /** Where clients connect: the primary, configuration or serverless endpoint. */
  readonly endpoint: string;
  readonly readerEndpoint?: string;
  /** The RBAC user clients authenticate as (serverless). */
  readonly username?: string;
  /** The CacheClusterId of every node (replication groups), the first the initial primary. */
  readonly nodeIds: string[];
}

/** What every shape uses: created first, in the construct, by {@link createCacheFoundation}. */
export interface CacheFoundation {
  /** Ingress from the clients only, no egress. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly connections: ec2.Connections;
  /** Encrypts the cache and its secret (none for Memcached on nodes). */
  readonly encryptionKey?: kms.IKey;
  /** The AUTH token or the app user's password (none for Memcached). */
  readonly secret?: secretsmanager.ISecret;
}

/** The security group (`SecurityGroup`), the key (`Key`) and the AUTH secret (`AuthSecret`). */
export function createCacheFoundation(
  scope: Construct,
  props: CacheClusterProps,
  settings: CacheSettings,
): CacheFoundation {
  const path = scope.node.path;
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: `ElastiCache ${settings.engine} ${path}: ingress from its clients only`,
    allowAllOutbound: false,
  });
  const ports = settings.serverless
    ? ec2.Port.tcpRange(SERVERLESS_PORT, SERVERLESS_PORT + 1)
    : ec2.Port.tcp(settings.port);
  const connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ports });
  const encryptionKey =
    !settings.memcached || settings.serverless
      ? (props.encryptionKey ??
        secureKey(
          scope,
          'Key',
          `Encrypts the ElastiCache ${settings.engine} cache ${path} and its AUTH secret`,
        ))
      : undefined;
  const secret = settings.memcached
    ? undefined
    : (props.globalDatastore?.authSecret ?? createAuthSecret(scope, props, settings, encryptionKey));
  return { securityGroup, connections, encryptionKey, secret };
}

function createAuthSecret(
  scope: Construct,
  props: CacheClusterProps,
  settings: CacheSettings,
  encryptionKey: kms.IKey | undefined,
): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'AuthSecret', {
    secretName: props.authSecretName,
    description: `${settings.serverless ? 'Password of the app user' : 'AUTH token'} of the ElastiCache cache ${scope.node.path}`,
    encryptionKey,
    // ElastiCache accepts 16 to 128 printable characters but rejects several punctuation marks
    // ('@', '"', '/', spaces...): letters and digits only, long enough to need no symbols.
    generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    replicaRegions: props.globalDatastore?.secretReplicaRegions?.map((region) => ({ region })),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'ElastiCache has no managed rotation for an AUTH token (or a serverless RBAC password): rotating it needs a ' +
      'two-step ModifyReplicationGroup ROTATE/SET coordinated with every client. The token is 64 random characters, ' +
      'only reachable over TLS from the security groups given to connectFrom, and encrypted with a rotating KMS key',
  });
  return secret;
}

/** The subnet group of a cache on nodes (`SubnetGroup`), retained with a retained cache. */
export function createSubnetGroup(scope: Construct, settings: CacheSettings): elasticache.CfnSubnetGroup {
  const subnetGroup = new elasticache.CfnSubnetGroup(scope, 'SubnetGroup', {
    description: `Subnets of the ElastiCache cache ${scope.node.path}`,
    subnetIds: settings.subnets.subnetIds,
  });
  // A retained cache still uses its subnet group: deleting it would fail.
  if (settings.removalPolicy === RemovalPolicy.RETAIN) subnetGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return subnetGroup;
}
