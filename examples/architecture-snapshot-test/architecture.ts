// The architecture under test: a small shop (network, web tier, database, cache, SLO alarms).
// In your project this is your own stack; the test next to it is what you copy into CI.
import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { CacheCluster, Network, Observability, ReplicatedDatabase, WebService } from 'cdk-scaling-blueprints';

export class ShopStack extends Stack {
  public readonly web: WebService;
  public readonly observability: Observability;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const network = new Network(this, 'Network', { maxAzs: 2, natGateways: 1 });

    this.web = new WebService(this, 'Web', {
      vpc: network.vpc,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
      minCapacity: 2,
      maxCapacity: 12,
      targetRequestsPerTask: 1000,
    });

    const database = new ReplicatedDatabase(this, 'Database', { vpc: network.vpc });
    database.connectFrom(this.web, { poolSize: 10 });

    const sessions = new CacheCluster(this, 'Sessions', { vpc: network.vpc });
    sessions.connectFrom(this.web);

    this.observability = new Observability(this, 'Observability', {
      slo: { latencyP95: Duration.millis(400), errorRatePercent: 1 },
    });
    this.observability.observe(this.web, database, sessions);
  }
}

/** Adds the stack to `app`, in the dummy account. */
export function addShopStack(app: App): ShopStack {
  return new ShopStack(app, 'Shop', { env: { account: '123456789012', region: 'eu-west-1' } });
}

if (require.main === module) {
  const app = new App();
  addShopStack(app);
  app.synth();
}
