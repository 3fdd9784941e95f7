import { Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { CacheCluster } from '../../lib/cache/cache-cluster';
import { ReplicatedDatabase } from '../../lib/data/replicated-database';
import { CdnFront } from '../../lib/edge/cdn-front';
import { Network } from '../../lib/network/network';
import { QueueWorker } from '../../lib/queue/queue-worker';
import { Observability, ObservabilityProps } from '../../lib/observability/observability';
import { WebService } from '../../lib/service/web-service';

/** The constructs of one architecture, observed together. */
export interface FullStack {
  readonly stack: Stack;
  readonly web: WebService;
  readonly db: ReplicatedDatabase;
  readonly cache: CacheCluster;
  readonly cdn: CdnFront;
  readonly worker: QueueWorker;
  readonly obs: Observability;
}

/** SLOs that differ from every construct's own defaults, so a test can tell who set a threshold. */
export const CUSTOM_SLO: ObservabilityProps['slo'] = {
  latencyP95: Duration.millis(300),
  latencyP99: Duration.seconds(1),
  errorRatePercent: 0.5,
  availabilityPercent: 99.5,
  maxMessageAge: Duration.minutes(2),
};

/**
 * Every construct of the library with defaults, in a us-east-1 stack (the region where CdnFront can
 * alarm on CloudFront metrics), observed by one Observability.
 */
export function fullStack(scope: Construct, props: ObservabilityProps = {}): FullStack {
  const stack = new Stack(scope, 'Shop', { env: { account: '123456789012', region: 'us-east-1' } });
  const network = new Network(stack, 'Network');
  const web = new WebService(stack, 'Web', {
    vpc: network.vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
  });
  const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc });
  db.connectFrom(web, { poolSize: 10 });
  const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc });
  cache.connectFrom(web);
  const cdn = new CdnFront(stack, 'Cdn', { loadBalancerOrigin: web });
  const worker = new QueueWorker(stack, 'Worker', {
    vpc: network.vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
    // busybox's own command exits at once: a worker must run until it is stopped.
    command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 5 & wait $!; done'],
  });
  const obs = new Observability(stack, 'Observability', { alarmEmails: ['oncall@example.com'], ...props });
  obs.observe(cdn, web, db, cache, worker);
  return { stack, web, db, cache, cdn, worker, obs };
}
