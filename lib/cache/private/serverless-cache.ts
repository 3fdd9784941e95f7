import { Names, RemovalPolicy } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { stackInstanceSuffix } from '../../private/names';
import { CacheClusterProps, CacheEngine } from '../cache-cluster-props';
import { CacheFoundation, CacheShape } from './cache-shape';
import { CacheSettings, SERVERLESS_APP_USER } from './cache-settings';

/**
 * An ElastiCache Serverless cache (`Resource`) within its usage limits, always multi-AZ and
 * TLS-only; Valkey and Redis OSS with RBAC (`UserGroup`: the app user, the default user off).
 */
export function createServerlessCache(
  scope: Construct,
  props: CacheClusterProps,
  settings: CacheSettings,
  foundation: CacheFoundation,
): CacheShape {
  const name = serverlessCacheName(scope);
  const userGroup = settings.memcached
    ? undefined
    : createUserGroup(scope, settings, name, foundation.secret!);
  const cache = new elasticache.CfnServerlessCache(scope, 'Resource', {
    serverlessCacheName: name,
    description: `${settings.usage} ${scope.node.path}`.slice(0, 255),
    engine: settings.engine,
    majorEngineVersion: settings.engineVersion.split('.')[0],
    subnetIds: settings.subnets.subnetIds.slice(0, 3),
    securityGroupIds: [foundation.securityGroup.securityGroupId],
    kmsKeyId: foundation.encryptionKey?.keyArn,
    userGroupId: userGroup?.ref,
    snapshotRetentionLimit: settings.engine === CacheEngine.MEMCACHED ? undefined : settings.snapshotDays,
    cacheUsageLimits: {
      dataStorage: { maximum: props.serverlessMaxDataStorageGB ?? 10, unit: 'GB' },
      ecpuPerSecond: { maximum: props.serverlessMaxEcpuPerSecond ?? 100_000 },
    },
  });
  cache.applyRemovalPolicy(settings.removalPolicy);
  if (settings.removalPolicy === RemovalPolicy.RETAIN && userGroup) {
    // A retained cache still uses its user group and users: deleting them with the stack would fail
    // (or leave the cache without its app user).
    for (const rbac of scope.node.children) {
      if (rbac instanceof elasticache.CfnUserGroup || rbac instanceof elasticache.CfnUser) {
        rbac.applyRemovalPolicy(RemovalPolicy.RETAIN);
      }
    }
  }
  return {
    serverlessCache: cache,
    userGroup,
    endpoint: cache.attrEndpointAddress,
    readerEndpoint: cache.attrReaderEndpointAddress,
    username: SERVERLESS_APP_USER,
    nodeIds: [],
  };
}

/** Serverless Valkey / Redis OSS RBAC: the app user's password is the secret; the default user is off. */
function createUserGroup(
  scope: Construct,
  settings: CacheSettings,
  name: string,
  secret: secretsmanager.ISecret,
): elasticache.CfnUserGroup {
  const password = secret.secretValue.unsafeUnwrap();
  const defaultUser = new elasticache.CfnUser(scope, 'DefaultUser', {
    engine: settings.engine,
    userId: `${name}-def`,
    userName: 'default',
    accessString: 'off ~* -@all',
    authenticationMode: { Type: 'password', Passwords: [password] },
  });
  const appUser = new elasticache.CfnUser(scope, 'AppUser', {
    engine: settings.engine,
    userId: `${name}-app`,
    userName: SERVERLESS_APP_USER,
    accessString: 'on ~* +@all -@dangerous',
    authenticationMode: { Type: 'password', Passwords: [password] },
  });
  return new elasticache.CfnUserGroup(scope, 'UserGroup', {
    engine: settings.engine,
    userGroupId: name,
    userIds: [defaultUser.ref, appUser.ref],
  });
}

/**
 * Lower-case, unique in the account and region, at most 36 characters (user ids add 4). It ends with
 * the stack instance's suffix: a cache retained from a deleted stack keeps its name, and the
 * re-created stack must not collide with it ("already exists").
 */
function serverlessCacheName(scope: Construct): string {
  const base = Names.uniqueResourceName(scope, { maxLength: 27, separator: '-' }).toLowerCase();
  return `${base}-${stackInstanceSuffix()}`;
}
