import { Validations } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { CacheClusterProps, CacheEngine } from '../cache-cluster-props';
import { CacheFoundation, CacheShape, createSubnetGroup } from './cache-shape';
import { CacheSettings, DEFAULT_NODE_TYPE, DEFAULT_PORTS } from './cache-settings';

/** A Memcached cluster (`Resource`) of `shards` nodes over the AZs, TLS in transit. */
export function createMemcachedCluster(
  scope: Construct,
  props: CacheClusterProps,
  settings: CacheSettings,
  foundation: CacheFoundation,
): CacheShape {
  const subnetGroup = createSubnetGroup(scope, settings);
  const nodes = props.shards ?? 2;
  const cluster = new elasticache.CfnCacheCluster(scope, 'Resource', {
    engine: settings.engine,
    engineVersion: settings.engineVersion,
    cacheNodeType: props.nodeType ?? DEFAULT_NODE_TYPE,
    numCacheNodes: nodes,
    azMode: nodes > 1 ? 'cross-az' : 'single-az',
    port: settings.port,
    transitEncryptionEnabled: true,
    cacheSubnetGroupName: subnetGroup.ref,
    vpcSecurityGroupIds: [foundation.securityGroup.securityGroupId],
    autoMinorVersionUpgrade: true,
  });
  cluster.applyRemovalPolicy(settings.removalPolicy);
  if (settings.port === DEFAULT_PORTS[CacheEngine.MEMCACHED]) {
    Validations.of(cluster).acknowledge({
      id: 'AwsSolutions-AEC5',
      reason:
        'The standard port 11211 is kept so standard clients work unchanged; a different port hides nothing from ' +
        'a scanner inside the VPC. Access is limited to the client security groups and TLS. Set `port` to move it',
    });
  }
  return {
    memcachedCluster: cluster,
    subnetGroup,
    endpoint: cluster.attrConfigurationEndpointAddress,
    nodeIds: [],
  };
}
