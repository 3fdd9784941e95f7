import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { findingsOf, summarize, taskDefinition, vpcWithNat, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });

function database(stack: Stack, vpc: ec2.IVpc): rds.DatabaseInstance {
  return new rds.DatabaseInstance(stack, 'Database', {
    engine,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });
}

function service(stack: Stack, id: string, cluster: ecs.ICluster, environment: Record<string, string> = {}) {
  return new ecs.FargateService(stack, id, {
    cluster,
    taskDefinition: taskDefinition(stack, `${id}Task`, { environment }),
  });
}

describe('Wiring-UnreachableStore', () => {
  test('a database whose security group admits nobody fails synth, naming the database', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Data');
    database(stack, vpcWithNat(stack));
    expect(() => app.synth()).toThrow(/Wiring-UnreachableStore/);
    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-UnreachableStore Data/Database/Resource']);
    expect(findings[0].description).toMatch(
      /admits no one: its security groups have no ingress rule on port 5432/,
    );
  });

  test('one app: clients given the endpoint must be admitted', () => {
    const app = wiringApp();

    // Passes: the service is given the endpoint and admitted on the database port.
    const good = wiringStack(app, 'Good');
    const goodVpc = vpcWithNat(good);
    const goodDb = database(good, goodVpc);
    const goodCluster = new ecs.Cluster(good, 'Cluster', { vpc: goodVpc });
    const web = service(good, 'Web', goodCluster, { DATABASE_HOST: goodDb.dbInstanceEndpointAddress });
    goodDb.connections.allowDefaultPortFrom(web);

    // Fails: the worker reads the endpoint from an SSM parameter, but only the web service is admitted.
    const bad = wiringStack(app, 'Bad');
    const badVpc = vpcWithNat(bad);
    const badDb = database(bad, badVpc);
    const badCluster = new ecs.Cluster(bad, 'Cluster', { vpc: badVpc });
    const admitted = service(bad, 'Web', badCluster, { DATABASE_HOST: badDb.dbInstanceEndpointAddress });
    badDb.connections.allowDefaultPortFrom(admitted);
    const parameter = new ssm.StringParameter(bad, 'DatabaseHost', {
      stringValue: badDb.dbInstanceEndpointAddress,
    });
    const workerTask = new ecs.FargateTaskDefinition(bad, 'WorkerTask');
    workerTask.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/python:3-slim'),
      command: ['python', '-m', 'worker'],
      secrets: { DATABASE_HOST: ecs.Secret.fromSsmParameter(parameter) },
    });
    new ecs.FargateService(bad, 'Worker', { cluster: badCluster, taskDefinition: workerTask });

    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-UnreachableStore Bad/Database/Resource']);
    expect(findings[0].description).toMatch(/do not admit service Bad\/Worker\/Service \(DATABASE_HOST\)/);
  });

  test('one app: caches that admit nobody fail, a cache open to its client passes', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Caches');
    const vpc = vpcWithNat(stack);
    const cacheGroup = (id: string) => new ec2.SecurityGroup(stack, id, { vpc });
    const subnetGroup = new elasticache.CfnSubnetGroup(stack, 'SubnetGroup', {
      description: 'cache',
      subnetIds: vpc.privateSubnets.map((s) => s.subnetId),
    });
    const closed = cacheGroup('ClosedGroup');
    new elasticache.CfnServerlessCache(stack, 'Serverless', {
      engine: 'valkey',
      serverlessCacheName: 'closed',
      securityGroupIds: [closed.securityGroupId],
      subnetIds: vpc.privateSubnets.map((s) => s.subnetId),
    });
    const open = cacheGroup('OpenGroup');
    const cache = new elasticache.CfnReplicationGroup(stack, 'Replicated', {
      replicationGroupDescription: 'sessions',
      engine: 'valkey',
      cacheNodeType: 'cache.t4g.micro',
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [open.securityGroupId],
    });
    const client = service(stack, 'Web', new ecs.Cluster(stack, 'Cluster', { vpc }), {
      CACHE_HOST: cache.attrPrimaryEndPointAddress,
    });
    open.connections.allowFrom(client, ec2.Port.tcp(6379));
    // Memcached, open on the Redis port only.
    const wrongPort = cacheGroup('WrongPortGroup');
    wrongPort.connections.allowFrom(client, ec2.Port.tcp(6379));
    new elasticache.CfnCacheCluster(stack, 'Memcached', {
      engine: 'memcached',
      cacheNodeType: 'cache.t4g.micro',
      numCacheNodes: 1,
      cacheSubnetGroupName: subnetGroup.ref,
      vpcSecurityGroupIds: [wrongPort.securityGroupId],
    });
    expect(findingsOf(app)).toEqual([
      'Wiring-UnreachableStore Caches/Memcached',
      'Wiring-UnreachableStore Caches/Serverless',
    ]);
  });
});
