import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as patterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { Network } from 'cdk-scaling-blueprints';
import { TEST_ENV, testApp } from '../../../../test/support/app';

/** Settings that keep the strict project context from failing synth on ECS warnings. */
const serviceDefaults = { circuitBreaker: { rollback: true }, minHealthyPercent: 100 };

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest');

/**
 * A regional stack built from aws-cdk-lib L2s and the Network construct: a web service behind an
 * ALB with task scaling, a queue worker, an Aurora cluster with a proxy, a Valkey cache, and an
 * observability construct. Nothing here names a blueprint: the diagram must work from types and
 * construct paths alone.
 */
export function addRegionalStack(app: App, id: string, region: string): Stack {
  const stack = new Stack(app, id, { env: { ...TEST_ENV, region } });
  const network = new Network(stack, 'Network');
  const vpc = network.vpc;
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });

  const web = new patterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    cluster,
    taskImageOptions: { image },
    ...serviceDefaults,
  });
  web.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 }).scaleOnCpuUtilization('Cpu', {
    targetUtilizationPercent: 60,
  });
  new cloudwatch.Alarm(web, 'HighCpu', {
    metric: web.service.metricCpuUtilization(),
    threshold: 80,
    evaluationPeriods: 3,
  });

  const jobs = new patterns.QueueProcessingFargateService(stack, 'Jobs', {
    cluster,
    image,
    minScalingCapacity: 1,
    maxScalingCapacity: 5,
    ...serviceDefaults,
  });
  jobs.sqsQueue.grantSendMessages(web.taskDefinition.taskRole);

  const data = new Construct(stack, 'Data');
  const database = new rds.DatabaseCluster(data, 'Cluster', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('Writer'),
    readers: [rds.ClusterInstance.provisioned('Reader')],
    vpc,
  });
  database.addProxy('Proxy', { secrets: [database.secret!], vpc });
  database.connections.allowDefaultPortFrom(web.service);

  const cache = new Construct(stack, 'Cache');
  const cacheSecurityGroup = new ec2.SecurityGroup(cache, 'SecurityGroup', { vpc });
  cacheSecurityGroup.addIngressRule(web.service.connections.securityGroups[0], ec2.Port.tcp(6379));
  const subnetGroup = new elasticache.CfnSubnetGroup(cache, 'SubnetGroup', {
    description: 'cache',
    subnetIds: vpc.privateSubnets.map((s) => s.subnetId),
  });
  new elasticache.CfnReplicationGroup(cache, 'Resource', {
    replicationGroupDescription: 'sessions',
    engine: 'valkey',
    cacheNodeType: 'cache.t4g.micro',
    numCacheClusters: 2,
    cacheSubnetGroupName: subnetGroup.ref,
    securityGroupIds: [cacheSecurityGroup.securityGroupId],
  });

  const observability = new Construct(stack, 'Observability');
  const topic = new sns.Topic(observability, 'AlarmTopic');
  const latency = new cloudwatch.Alarm(observability, 'P95Latency', {
    metric: web.loadBalancer.metrics.targetResponseTime({ statistic: 'p95' }),
    threshold: 0.5,
    evaluationPeriods: 3,
  });
  latency.addAlarmAction(new actions.SnsAction(topic));
  new cloudwatch.Dashboard(observability, 'Dashboard', {
    widgets: [[new cloudwatch.GraphWidget({ left: [web.loadBalancer.metrics.targetResponseTime()] })]],
  });
  return stack;
}

/** A global stack in us-east-1: CloudFront with a WAF web ACL in front of an origin domain. */
export function addGlobalStack(app: App): Stack {
  const stack = new Stack(app, 'Global', { env: { ...TEST_ENV, region: 'us-east-1' } });
  const acl = new wafv2.CfnWebACL(stack, 'WebAcl', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
  });
  new cloudfront.Distribution(stack, 'Cdn', {
    defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
    webAclId: acl.attrArn,
  });
  return stack;
}

/** A stack with a queue, consumed by a worker in another stack (a cross-stack reference). */
export function addSharedQueueStacks(app: App): void {
  const shared = new Stack(app, 'Shared', { env: TEST_ENV });
  const queue = new sqs.Queue(shared, 'Orders', { visibilityTimeout: Duration.minutes(5) });
  const workers = new Stack(app, 'Workers', { env: TEST_ENV });
  const vpc = new Network(workers, 'Network').vpc;
  new patterns.QueueProcessingFargateService(workers, 'OrderWorker', {
    vpc,
    image,
    queue,
    minScalingCapacity: 0,
    maxScalingCapacity: 3,
    ...serviceDefaults,
  });
}

/** An app with a regional stack and the global stack, optionally with `aws:cdk:path` metadata. */
export function exampleApp(pathMetadata: boolean): App {
  const app = testApp({ context: { 'aws:cdk:enable-path-metadata': pathMetadata } });
  addGlobalStack(app);
  addRegionalStack(app, 'Shop', 'eu-west-1');
  return app;
}
