import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ArchitectureGraph,
  buildArchitectureGraph,
  DiagramTier,
  InMemoryCloudAssembly,
  readAssemblyStacks,
} from '../../src/diagram';
import { TEST_ENV, testApp } from '../../../../test/support/app';
import { addSharedQueueStacks, exampleApp } from './fixtures';

let graph: ArchitectureGraph;
let assemblyDirectory: string;

beforeAll(() => {
  const assembly = exampleApp(false).synth();
  assemblyDirectory = assembly.directory;
  graph = buildArchitectureGraph(assembly);
});

function node(id: string) {
  const found = graph.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id} in ${graph.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

describe('nodes', () => {
  test('each construct becomes one node in its tier; IAM, KMS and the ECS cluster make none', () => {
    expect(graph.nodes.map((n) => [n.id, n.tier])).toEqual([
      ['users', DiagramTier.USERS],
      ['Global_Cdn', DiagramTier.EDGE],
      ['Global_WebAcl', DiagramTier.EDGE],
      ['Global_existing_application', DiagramTier.WEB],
      ['Shop_Web', DiagramTier.WEB],
      ['Shop_Jobs', DiagramTier.ASYNC],
      ['Shop_Cache', DiagramTier.CACHE],
      ['Shop_Data', DiagramTier.DATA],
      ['Shop_Observability', DiagramTier.OBSERVABILITY],
      ['Shop_Network', DiagramTier.NETWORK],
    ]);
  });

  test('a web service collapses ALB, listener, target group, service, task definition and scaling', () => {
    const web = node('Shop_Web');
    const types = new Set(web.logicalIds.map((id) => readTemplate('Shop').Resources[id].Type as string));
    expect([...types]).toEqual(
      expect.arrayContaining([
        'AWS::ElasticLoadBalancingV2::LoadBalancer',
        'AWS::ElasticLoadBalancingV2::Listener',
        'AWS::ElasticLoadBalancingV2::TargetGroup',
        'AWS::ECS::Service',
        'AWS::ECS::TaskDefinition',
        'AWS::ApplicationAutoScaling::ScalableTarget',
        'AWS::CloudWatch::Alarm',
      ]),
    );
    expect(web).toMatchObject({ name: 'Web', kind: 'ALB + Fargate service', scaling: ['tasks 2–10'] });
  });

  test('labels carry scaling bounds and sizes read from the template', () => {
    expect(node('Shop_Jobs')).toMatchObject({
      kind: 'SQS queue ×2 + Fargate worker',
      scaling: ['tasks 1–5'],
    });
    expect(node('Shop_Data')).toMatchObject({
      kind: 'Aurora PostgreSQL + RDS Proxy',
      scaling: ['writer + 1 reader'],
    });
    expect(node('Shop_Cache')).toMatchObject({ kind: 'ElastiCache Valkey', scaling: ['nodes 2'] });
    expect(node('Shop_Network')).toMatchObject({ kind: 'VPC', scaling: ['2 AZs'] });
  });

  test('a construct that mixes tiers is split into its children', () => {
    const app = testApp();
    const stack = new Stack(app, 'Mixed', { env: TEST_ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, restrictDefaultSecurityGroup: false });
    const backend = new Construct(stack, 'Backend');
    new sqs.Queue(backend, 'Queue');
    new rds.DatabaseInstance(backend, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const mixed = buildArchitectureGraph(app.synth());
    expect(mixed.nodes.map((n) => [n.constructPath, n.tier, n.kind])).toEqual([
      ['Backend/Queue', DiagramTier.ASYNC, 'SQS queue'],
      ['Backend/Database', DiagramTier.DATA, 'RDS PostgreSQL'],
      ['Vpc', DiagramTier.NETWORK, 'VPC'],
    ]);
  });
});

describe('edges', () => {
  test('references between constructs become request edges in the direction of the flow', () => {
    expect(graph.edges.filter((e) => e.relation === 'request')).toEqual([
      { from: 'Global_Cdn', to: 'Global_WebAcl', crossStack: false, relation: 'request' },
      { from: 'Global_Cdn', to: 'Global_existing_application', crossStack: false, relation: 'request' },
      { from: 'Shop_Web', to: 'Shop_Cache', crossStack: false, relation: 'request' },
      { from: 'Shop_Web', to: 'Shop_Data', crossStack: false, relation: 'request' },
      { from: 'Shop_Web', to: 'Shop_Jobs', crossStack: false, relation: 'request' },
      { from: 'users', to: 'Global_Cdn', crossStack: false, relation: 'request' },
      { from: 'users', to: 'Shop_Web', crossStack: false, relation: 'request' },
    ]);
  });

  test('the users reach the entry points: a distribution and an internet-facing load balancer nothing leads to', () => {
    expect(graph.edges.filter((e) => e.from === 'users').map((e) => e.to)).toEqual([
      'Global_Cdn',
      'Shop_Web',
    ]);
  });

  test('an origin the app does not create is drawn, dashed, with its name', () => {
    expect(node('Global_existing_application')).toMatchObject({
      external: true,
      kind: 'not created by this app',
      scaling: ['origin.example.com'],
    });
  });

  test('the network hosts and the observability tier watches: support edges from them', () => {
    expect(graph.edges.filter((e) => e.relation === 'support')).toEqual(
      expect.arrayContaining([
        { from: 'Shop_Network', to: 'Shop_Web', crossStack: false, relation: 'support', label: 'hosts' },
        { from: 'Shop_Network', to: 'Shop_Data', crossStack: false, relation: 'support', label: 'hosts' },
        {
          from: 'Shop_Observability',
          to: 'Shop_Web',
          crossStack: false,
          relation: 'support',
          label: 'watches',
        },
      ]),
    );
    const without = buildArchitectureGraph(assemblyDirectory, { includeSupportEdges: false });
    expect(without.edges.filter((e) => e.relation === 'support')).toEqual([]);
  });

  test('two constructs that reference each other get one arrow, from the tier nearer the user', () => {
    const app = testApp();
    const stack = new Stack(app, 'Mutual', { env: TEST_ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const queue = new sqs.Queue(stack, 'Jobs');
    const db = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    // The database references the queue (a tag value), the queue references the database.
    (db.node.defaultChild as rds.CfnDBInstance).tags.setTag('queue', queue.queueUrl);
    (queue.node.defaultChild as sqs.CfnQueue).tags.setTag('db', db.dbInstanceEndpointAddress);
    const mutual = buildArchitectureGraph(app.synth(), { includeSupportEdges: false });
    expect(mutual.edges).toEqual([
      { from: 'Mutual_Jobs', to: 'Mutual_Db', crossStack: false, relation: 'request' },
    ]);
  });

  test('a weak cross-stack reference (Fn::GetStackOutput) becomes a cross-stack edge', () => {
    const app = testApp();
    addSharedQueueStacks(app);
    const shared = buildArchitectureGraph(app.synth(), { includeSupportEdges: false });
    expect(shared.edges).toEqual([
      { from: 'Workers_OrderWorker', to: 'Shared_Orders', crossStack: true, relation: 'request' },
    ]);
  });
});

describe('stacks and sources', () => {
  test('one group per stack, labelled with its region', () => {
    expect(graph.stacks).toEqual([
      {
        constructPath: 'Global',
        stackName: 'Global',
        region: 'us-east-1',
        nodeIds: ['Global_Cdn', 'Global_WebAcl', 'Global_existing_application'],
      },
      expect.objectContaining({ constructPath: 'Shop', region: 'eu-west-1' }),
    ]);
  });

  test('paths from aws:cdk:path metadata and from tree.json give the same graph', () => {
    const withMetadata = exampleApp(true).synth();
    expect(JSON.stringify(readTemplate('Shop', withMetadata.directory))).toContain('aws:cdk:path');
    expect(JSON.stringify(readTemplate('Shop'))).not.toContain('aws:cdk:path');
    expect(buildArchitectureGraph(withMetadata)).toEqual(graph);
  });

  test('a cloud assembly directory, an in-memory assembly and stacks already read give the same graph', () => {
    const files: Record<string, unknown> = {};
    for (const name of fs.readdirSync(assemblyDirectory).filter((f) => f.endsWith('.json'))) {
      files[name] = JSON.parse(fs.readFileSync(path.join(assemblyDirectory, name), 'utf8'));
    }
    const manifest = files['manifest.json'] as InMemoryCloudAssembly['manifest'];
    expect(buildArchitectureGraph(assemblyDirectory)).toEqual(graph);
    expect(buildArchitectureGraph({ manifest, files })).toEqual(graph);
    expect(buildArchitectureGraph(readAssemblyStacks(assemblyDirectory))).toEqual(graph);
  });
});

function readTemplate(stack: string, directory = assemblyDirectory) {
  return JSON.parse(fs.readFileSync(path.join(directory, `${stack}.template.json`), 'utf8')) as {
    Resources: Record<string, { Type: string }>;
  };
}
