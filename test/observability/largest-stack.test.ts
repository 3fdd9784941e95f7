import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CacheCluster } from '../../lib/cache/cache-cluster';
import { ReplicatedDatabase } from '../../lib/data/replicated-database';
import { CdnFront } from '../../lib/edge/cdn-front';
import { Network } from '../../lib/network/network';
import { QueueWorker } from '../../lib/queue/queue-worker';
import { Observability } from '../../lib/observability/observability';
import { estimateJsonLength } from '../../lib/observability/private/signals';
import { WebService } from '../../lib/service/web-service';
import { testApp } from '../support/app';
import { deployedManifest } from './support';

/** SSM advanced parameters hold 8 KB. */
const SSM_MAX = 8192;

describe('the largest realistic stack', () => {
  // The legacy blueprint's default stack name, outside us-east-1 (so the edge tier carries its region):
  // five tiers plus a second web service (the strangler route) and a second database.
  const stack = new Stack(testApp(), 'LegacyMonolithUplift', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const network = new Network(stack, 'Network');
  const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable');
  const web = new WebService(stack, 'Web', { vpc: network.vpc, image });
  const strangler = new WebService(stack, 'Strangler', { vpc: network.vpc, image });
  const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc });
  const orders = new ReplicatedDatabase(stack, 'Orders', { vpc: network.vpc });
  const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc });
  const worker = new QueueWorker(stack, 'Worker', { vpc: network.vpc, image });
  const cdn = new CdnFront(stack, 'Cdn', {
    loadBalancer: web.loadBalancer,
    webAclArn: stack.formatArn({
      service: 'wafv2',
      region: 'us-east-1',
      resource: 'global/webacl',
      resourceName: 'edge/0123',
    }),
  });
  const obs = new Observability(stack, 'Observability');
  obs.observe(cdn, web, strangler, db, orders, cache, worker);

  test('publishes every tier and signal, resolved by the audit exactly as observed', () => {
    const manifest = deployedManifest(stack, obs);
    expect(manifest.tiers.map((t) => `${t.tier}:${t.name}`)).toEqual([
      'edge:Cdn',
      'web:Web',
      'web:Strangler',
      'database:Db',
      'database:Orders',
      'cache:Cache',
      'queue:Worker',
    ]);
    expect(manifest.tiers[0].signals.every((s) => s.region === 'us-east-1')).toBe(true);
    expect(manifest.tiers[2].signals.find((s) => s.id === 'web2Cpu')).toMatchObject({
      namespace: 'AWS/ECS',
      metricName: 'CPUUtilization',
      stat: 'Average',
      period: 60,
    });
    expect(manifest.alarms).toHaveLength(obs.alarms.length);
  });

  test('the estimated manifest fits an SSM parameter (version 1 of the format did not: about 12,600)', () => {
    const length = estimateJsonLength(stack, obs.auditManifestJson);
    // About 8,100 characters. The 25 % headroom asked for (6,144) needs more than the format:
    // see docs/observability.md, "Size".
    expect(length).toBeLessThan(SSM_MAX);
    expect(obs.node.validate()).toEqual([]);
  });
});
