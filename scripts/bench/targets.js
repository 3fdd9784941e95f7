// What `npm run bench` synthesizes. Each target has the library app (from the compiled dist/) and a
// baseline: comparable resources written with plain aws-cdk-lib (aws-ecs-patterns where it fits),
// no library code, so the ratio shows what the library's constructs and gates cost on top of CDK.
const path = require('node:path');

const dist = path.join(__dirname, '..', '..', 'dist');

/** Adds a registered blueprint (by context name) from the compiled registry. */
function blueprint(name) {
  return (app) => {
    const { BLUEPRINTS } = require(path.join(dist, 'blueprints'));
    const entry = BLUEPRINTS.find((b) => b.name === name);
    if (!entry) throw new Error(`bench: no blueprint named ${name} in dist/blueprints`);
    entry.addTo(app);
  };
}

/** A plain-CDK web application: VPC, ALB + Fargate, Aurora Serverless v2, cache, queue + worker, CloudFront + WAF, alarms. */
function plainWebApp(app, id, env, { withCdn = true, withWorker = true, region = env.region } = {}) {
  const cdk = require('aws-cdk-lib');
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const ecs = require('aws-cdk-lib/aws-ecs');
  const patterns = require('aws-cdk-lib/aws-ecs-patterns');
  const rds = require('aws-cdk-lib/aws-rds');
  const elasticache = require('aws-cdk-lib/aws-elasticache');
  const cloudfront = require('aws-cdk-lib/aws-cloudfront');
  const origins = require('aws-cdk-lib/aws-cloudfront-origins');
  const wafv2 = require('aws-cdk-lib/aws-wafv2');
  const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
  const sns = require('aws-cdk-lib/aws-sns');
  const sqs = require('aws-cdk-lib/aws-sqs');

  const stack = new cdk.Stack(app, id, { env: { ...env, region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', {
    vpc,
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
  });
  const web = new patterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    cluster,
    taskImageOptions: {
      image: ecs.ContainerImage.fromRegistry('nginxinc/nginx-unprivileged:stable-alpine'),
      containerPort: 8080,
    },
    circuitBreaker: { rollback: true },
  });
  web.service
    .autoScaleTaskCount({ minCapacity: 1, maxCapacity: 6 })
    .scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
  const db = new rds.DatabaseCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    vpc,
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    serverlessV2MinCapacity: 0,
    serverlessV2MaxCapacity: 4,
    storageEncrypted: true,
  });
  db.connections.allowDefaultPortFrom(web.service);
  const cacheSg = new ec2.SecurityGroup(stack, 'CacheSg', { vpc });
  new elasticache.CfnServerlessCache(stack, 'Cache', {
    engine: 'valkey',
    serverlessCacheName: `${id.toLowerCase()}-cache`,
    securityGroupIds: [cacheSg.securityGroupId],
    subnetIds: vpc.privateSubnets.map((s) => s.subnetId),
  });
  if (withWorker) {
    const queue = new sqs.Queue(stack, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: new sqs.Queue(stack, 'Dlq'), maxReceiveCount: 5 },
    });
    new patterns.QueueProcessingFargateService(stack, 'Worker', {
      cluster,
      queue,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
      minScalingCapacity: 0,
      maxScalingCapacity: 4,
    });
  }
  const topic = new sns.Topic(stack, 'Alarms');
  for (const [name, stat] of [
    ['P95', 'p95'],
    ['P99', 'p99'],
  ]) {
    web.loadBalancer.metrics
      .targetResponseTime({ statistic: stat })
      .createAlarm(stack, `Latency${name}`, { threshold: 0.5, evaluationPeriods: 5, datapointsToAlarm: 3 });
  }
  new cloudwatch.Dashboard(stack, 'Dashboard');
  void topic;
  if (withCdn) {
    const acl = new wafv2.CfnWebACL(stack, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
      rules: [
        {
          name: 'Common',
          priority: 0,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: 'common',
            sampledRequestsEnabled: true,
          },
        },
      ],
    });
    new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: { origin: new origins.LoadBalancerV2Origin(web.loadBalancer) },
      webAclId: acl.attrArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
  }
  return stack;
}

const ENV = { account: '123456789012', region: 'us-east-1' };

module.exports = {
  targets: [
    {
      name: 'budget-startup',
      library: blueprint('budget-startup'),
      baseline: (app) => plainWebApp(app, 'BudgetBaseline', ENV),
    },
    {
      name: 'legacy-monolith-uplift',
      library: blueprint('legacy-monolith-uplift'),
      baseline: (app) => plainWebApp(app, 'LegacyBaseline', ENV, { withWorker: false }),
    },
    {
      name: 'multi-region-saas',
      library: blueprint('multi-region-saas'),
      // Two regional apps; CloudFront and its WAF (us-east-1 only) in the first.
      baseline: (app) => {
        plainWebApp(app, 'SaasBaselineUsEast1', ENV);
        plainWebApp(app, 'SaasBaselineEuWest1', { ...ENV, region: 'eu-west-1' }, { withCdn: false });
      },
    },
  ],
  plainWebApp,
  dist,
};
