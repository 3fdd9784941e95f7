import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BlueprintValidationError, ComplianceGates } from '../../lib';
import {
  CacheCluster,
  CacheClusterProps,
  CacheEngine,
  CacheUsage,
  GlobalDatastoreRole,
} from '../../lib/cache/cache-cluster';
import { Network } from '../../lib/network/network';
import { QueueWorker } from '../../lib/queue/queue-worker';
import { ServiceClient } from '../../lib/service/service-client';
import { WebService } from '../../lib/service/web-service';
import { clientService, testStack } from '../support/app';
import { InvalidValue, mutationOf, propertyStack, runMutations, wiringFindings } from '../support/property';

type Config = Omit<CacheClusterProps, 'vpc'>;

function build(props: Config = {}): { stack: Stack; cache: CacheCluster; template: Template } {
  const stack = testStack();
  const network = new Network(stack, 'Network');
  const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc, ...props });
  return { stack, cache, template: Template.fromStack(stack) };
}

function fargateService(stack: Stack, vpc: ec2.IVpc): ecs.FargateService {
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
  });
  return new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition,
    circuitBreaker: { rollback: true },
    minHealthyPercent: 100,
  });
}

const LOG_DELIVERY = [
  Match.objectLike({ LogType: 'slow-log', DestinationType: 'cloudwatch-logs', LogFormat: 'json' }),
  Match.objectLike({ LogType: 'engine-log', DestinationType: 'cloudwatch-logs', LogFormat: 'json' }),
];

describe('CacheCluster', () => {
  describe('with defaults (Valkey session store)', () => {
    const { stack, cache, template } = build();

    test('is a Valkey 8.0 replication group of two Graviton nodes', () => {
      template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        Engine: 'valkey',
        EngineVersion: '8.0',
        CacheNodeType: 'cache.m7g.large',
        NumCacheClusters: 2,
        Port: 6379,
        AutoMinorVersionUpgrade: true,
      });
      // The construct's replicationGroup is the template's one replication group.
      expect(Object.keys(template.findResources('AWS::ElastiCache::ReplicationGroup'))).toEqual([
        stack.getLogicalId(cache.replicationGroup!),
      ]);
      expect(cache.nodeIds).toHaveLength(2);
    });

    // Control Tower's ElastiCache rules skip the valkey engine: these assertions are the control.
    test('writes TLS in transit and KMS encryption at rest explicitly', () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        TransitEncryptionEnabled: true,
        AtRestEncryptionEnabled: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        Description: Match.stringLikeRegexp('ElastiCache valkey'),
        EnableKeyRotation: true,
      });
    });

    test('is multi-AZ with automatic failover', () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        MultiAZEnabled: true,
        AutomaticFailoverEnabled: true,
      });
    });

    test('authenticates with an AUTH token resolved from Secrets Manager at deploy time', () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        AuthToken: {
          'Fn::Join': [
            '',
            [
              '{{resolve:secretsmanager:',
              { Ref: Match.stringLikeRegexp('^CacheAuthSecret') },
              ':SecretString:::}}',
            ],
          ],
        },
      });
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
        KmsKeyId: Match.anyValue(),
      });
      // The construct's secret is the template's one secret.
      const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
      expect(stack.resolve(cache.secret!.secretArn)).toEqual({ Ref: secretId });
    });

    test('keeps daily snapshots 7 days and snapshots on removal', () => {
      template.hasResource('AWS::ElastiCache::ReplicationGroup', {
        Properties: Match.objectLike({ SnapshotRetentionLimit: 7 }),
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
      });
    });

    test('delivers slow and engine logs to encrypted log groups kept a year', () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        LogDeliveryConfigurations: LOG_DELIVERY,
      });
      template.resourcePropertiesCountIs(
        'AWS::Logs::LogGroup',
        { RetentionInDays: 365, KmsKeyId: Match.anyValue() },
        3,
      );
    });

    test('sits in the isolated data subnets through a subnet group', () => {
      template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') },
          { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet2') },
        ],
      });
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('^CacheSubnetGroup') },
      });
    });

    test('evicts only keys with a TTL and reserves 25 % of memory', () => {
      template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
        CacheParameterGroupFamily: 'valkey8',
        Properties: { 'maxmemory-policy': 'volatile-lru', 'reserved-memory-percent': '25' },
      });
    });

    test('has a security group with no ingress and no egress', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('ElastiCache'),
        SecurityGroupIngress: Match.absent(),
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
      });
      expect(cache.connections.defaultPort?.toString()).toBe('6379');
    });

    test('publishes the connection details to SSM under the construct path', () => {
      expect(cache.parameterPrefix).toBe('/TestStack/Cache');
      expect(Object.keys(cache.connectionParameters).sort()).toEqual([
        'auth-secret-arn',
        'engine',
        'host',
        'port',
        'reader-host',
        'tls',
      ]);
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/TestStack/Cache/host',
        Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cache'), 'PrimaryEndPoint.Address'] },
      });
      template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/TestStack/Cache/tls', Value: 'true' });
      template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/TestStack/Cache/port', Value: '6379' });
    });

    test('alarms on engine CPU, memory and evictions, without actions', () => {
      expect(cache.alarms.map((a) => a.node.id)).toEqual(['CpuAlarm', 'MemoryAlarm', 'EvictionsAlarm']);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 80,
        AlarmDescription: Match.stringLikeRegexp('Engine CPU of a node above 80 %'),
        Metrics: Match.arrayWith([Match.objectLike({ Expression: 'MAX([n1,n2])' })]),
        AlarmActions: Match.absent(),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmDescription: Match.stringLikeRegexp('Evictions above 0'),
      });
    });

    test('metrics are named after the CloudWatch metric, on the first node', () => {
      const metric = cache.metricEngineCPUUtilization();
      expect(metric.metricName).toBe('EngineCPUUtilization');
      expect(metric.namespace).toBe('AWS/ElastiCache');
      expect(metric.statistic).toBe('Maximum');
      expect(stack.resolve(metric.dimensions)).toEqual({
        CacheClusterId: { 'Fn::Join': ['-', [{ Ref: expect.stringMatching(/^Cache/) }, '001']] },
      });
      expect(cache.metricDatabaseMemoryUsagePercentage().metricName).toBe('DatabaseMemoryUsagePercentage');
      expect(cache.metricEvictions().statistic).toBe('Sum');
      expect(cache.metricCacheHitRate().metricName).toBe('CacheHitRate');
      expect(cache.metricCurrConnections().metricName).toBe('CurrConnections');
      expect(cache.metricCPUUtilization().metricName).toBe('CPUUtilization');
      expect(stack.resolve(cache.metricReplicationLag().dimensions)).toEqual({
        CacheClusterId: expect.objectContaining({ 'Fn::Join': ['-', [expect.anything(), '002']] }),
      });
      expect(cache.metricEvictions({ period: Duration.minutes(1) }).period.toMinutes()).toBe(1);
    });

    test('cdk-nag AwsSolutions finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  describe.each<[string, Config]>([
    ['Valkey', {}],
    ['Redis OSS', { engine: CacheEngine.REDIS }],
    ['Valkey cluster mode', { shards: 3, usage: CacheUsage.CACHE }],
    ['Redis OSS cluster mode', { engine: CacheEngine.REDIS, shards: 2, replicasPerShard: 2 }],
  ])('%s replication group controls', (_name, props) => {
    const { stack, template } = build(props);
    test('TLS, encryption at rest, multi-AZ, failover, >= 2 nodes per shard, AUTH, snapshots, logs', () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        TransitEncryptionEnabled: true,
        AtRestEncryptionEnabled: true,
        KmsKeyId: Match.anyValue(),
        MultiAZEnabled: true,
        AutomaticFailoverEnabled: true,
        AuthToken: Match.anyValue(),
        SnapshotRetentionLimit: Match.anyValue(),
        LogDeliveryConfigurations: LOG_DELIVERY,
        CacheSubnetGroupName: Match.anyValue(),
      });
      const group = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties;
      expect(group.NumCacheClusters ?? 1 + group.ReplicasPerNodeGroup).toBeGreaterThanOrEqual(2);
      expect(group.SnapshotRetentionLimit).toBeGreaterThan(0);
    });
    test('cdk-nag finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  test('cluster mode: shards, replicas, cluster-enabled parameter, configuration endpoint, node ids', () => {
    const { stack, cache, template } = build({ shards: 3, replicasPerShard: 2 });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ClusterMode: 'enabled',
      NumNodeGroups: 3,
      ReplicasPerNodeGroup: 2,
      NumCacheClusters: Match.absent(),
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      Properties: Match.objectLike({ 'cluster-enabled': 'yes' }),
    });
    expect(stack.resolve(cache.endpoint)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'ConfigurationEndPoint.Address'],
    });
    expect(cache.readerEndpoint).toBeUndefined();
    expect(cache.nodeIds).toHaveLength(9);
    expect(stack.resolve(cache.nodeIds[8])).toEqual({ 'Fn::Join': ['-', [expect.anything(), '0003-003']] });
  });

  test('usage CACHE evicts any key, keeps snapshots 1 day and alarms on the hit rate', () => {
    const { cache, template } = build({ usage: CacheUsage.CACHE, hitRateAlarmThresholdPercent: 90 });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      Properties: Match.objectLike({ 'maxmemory-policy': 'allkeys-lru' }),
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 1 });
    expect(cache.alarms.map((a) => a.node.id)).toEqual(['CpuAlarm', 'MemoryAlarm', 'HitRateAlarm']);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 90,
      ComparisonOperator: 'LessThanThreshold',
      AlarmDescription: Match.stringLikeRegexp('hit rate below 90 %'),
    });
  });

  test('engine REDIS uses Redis OSS 7.1 and the redis7 family', () => {
    const { template } = build({ engine: CacheEngine.REDIS });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      EngineVersion: '7.1',
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7',
    });
  });

  test.each([
    [CacheEngine.REDIS, '6.2', 'redis6.x'],
    [CacheEngine.REDIS, '5.0.6', 'redis5.0'],
    [CacheEngine.VALKEY, '7.2', 'valkey7'],
  ])('engine %s version %s uses the %s family', (engine, engineVersion, family) => {
    const { template } = build({ engine, engineVersion });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: family });
  });

  test('overrides: node type, port, replicas, snapshots, reserved memory, thresholds, removal policy, prefix', () => {
    const { cache, template } = build({
      nodeType: 'cache.r7g.xlarge',
      port: 6380,
      replicasPerShard: 2,
      snapshotRetention: Duration.days(14),
      reservedMemoryPercent: 30,
      cpuAlarmThresholdPercent: 70,
      memoryAlarmThresholdPercent: 75,
      removalPolicy: RemovalPolicy.RETAIN,
      parameterPrefix: '/shop/sessions',
    });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: Match.objectLike({
        CacheNodeType: 'cache.r7g.xlarge',
        Port: 6380,
        NumCacheClusters: 3,
        SnapshotRetentionLimit: 14,
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResource('AWS::ElastiCache::SubnetGroup', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::ElastiCache::ParameterGroup', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      Properties: Match.objectLike({ 'reserved-memory-percent': '30' }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 70,
      AlarmDescription: Match.stringLikeRegexp('CPU'),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 75,
      AlarmDescription: Match.stringLikeRegexp('Memory'),
    });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/shop/sessions/port', Value: '6380' });
    expect(cache.port).toBe(6380);
    expect(cache.nodeIds).toHaveLength(3);
  });

  // Risky-but-legal settings are warnings: the strict synth fails until the warning is acknowledged.
  test.each<[string, Config, Record<string, unknown>]>([
    [
      'replicasPerShard',
      { replicasPerShard: 0 },
      { NumCacheClusters: 1, MultiAZEnabled: false, AutomaticFailoverEnabled: false },
    ],
    [
      'snapshotRetention',
      { usage: CacheUsage.CACHE, snapshotRetention: Duration.days(0) },
      { SnapshotRetentionLimit: 0 },
    ],
  ])('%s turned off is an acknowledgeable warning', (prop, props, expected) => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc, ...props });
    expect(() => Template.fromStack(stack)).toThrow(new RegExp(`\\\`${prop}\\\` is 0`));
    Validations.of(cache).acknowledge({ id: `Annotation::CacheCluster:${prop}`, reason: 'test' });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', expected);
  });

  test('a given encryption key and subnets are used', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const key = new kms.Key(stack, 'MyKey');
    new CacheCluster(stack, 'Cache', {
      vpc: network.vpc,
      encryptionKey: key,
      vpcSubnets: network.privateSubnets,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('^NetworkVpcPrivateSubnet1') }, Match.anyValue()],
    });
    template.resourcePropertiesCountIs(
      'AWS::KMS::Key',
      { Description: Match.stringLikeRegexp('ElastiCache') },
      0,
    );
  });

  describe('Memcached', () => {
    const { stack, cache, template } = build({ engine: CacheEngine.MEMCACHED });
    test('is a cache cluster of two nodes across AZs with TLS, in the subnet group', () => {
      template.hasResource('AWS::ElastiCache::CacheCluster', {
        Properties: Match.objectLike({
          Engine: 'memcached',
          EngineVersion: '1.6.22',
          NumCacheNodes: 2,
          AZMode: 'cross-az',
          TransitEncryptionEnabled: true,
          Port: 11211,
          CacheSubnetGroupName: Match.anyValue(),
          AutoMinorVersionUpgrade: true,
        }),
        DeletionPolicy: 'Delete',
      });
      template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(cache.usage).toBe(CacheUsage.CACHE);
      expect(cache.secret).toBeUndefined();
      expect(Object.keys(template.findResources('AWS::ElastiCache::CacheCluster'))).toEqual([
        stack.getLogicalId(cache.memcachedCluster!),
      ]);
    });
    test('alarms on host CPU and on the hit rate from GetHits and GetMisses', () => {
      expect(cache.alarms.map((a) => a.node.id)).toEqual(['CpuAlarm', 'HitRateAlarm']);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * hits / (hits + misses)' })]),
      });
    });
    test('cdk-nag finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  describe('serverless', () => {
    const { stack, cache, template } = build({ serverless: true });
    test('is a serverless Valkey cache with usage limits, KMS, snapshots and an RBAC user group', () => {
      template.hasResource('AWS::ElastiCache::ServerlessCache', {
        Properties: Match.objectLike({
          Engine: 'valkey',
          MajorEngineVersion: '8',
          KmsKeyId: Match.anyValue(),
          SnapshotRetentionLimit: 7,
          UserGroupId: { Ref: Match.stringLikeRegexp('^CacheUserGroup') },
          CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: 'GB' }, ECPUPerSecond: { Maximum: 100000 } },
          SubnetIds: Match.anyValue(),
        }),
        DeletionPolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::ElastiCache::User', {
        UserName: 'default',
        AccessString: 'off ~* -@all',
      });
      template.hasResourceProperties('AWS::ElastiCache::User', {
        UserName: 'app',
        AuthenticationMode: { Type: 'password', Passwords: [Match.anyValue()] },
      });
      expect(cache.username).toBe('app');
      expect(cache.port).toBe(6379);
      expect(cache.connections.defaultPort?.toString()).toBe('6379-6380');
    });
    test('retained with its user group and users, under a name a re-created stack does not collide with', () => {
      // Before: the user group was deleted with the stack while the retained cache still used it, and
      // the fixed cache name made the next deployment fail with "already exists".
      // The user group and both users (default and app), each retained: no loop over an empty list.
      const policies = ['AWS::ElastiCache::UserGroup', 'AWS::ElastiCache::User'].flatMap((type) =>
        Object.values(template.findResources(type)).map((resource) => [type, resource.DeletionPolicy]),
      );
      expect(policies).toEqual([
        ['AWS::ElastiCache::UserGroup', 'Retain'],
        ['AWS::ElastiCache::User', 'Retain'],
        ['AWS::ElastiCache::User', 'Retain'],
      ]);
      const [serverless] = Object.values(template.findResources('AWS::ElastiCache::ServerlessCache'));
      expect(JSON.stringify(serverless.Properties.ServerlessCacheName)).toContain('AWS::StackId');
    });
    test('alarms on ECPU and storage against the limits, and on evictions', () => {
      expect(cache.alarms.map((a) => a.node.id)).toEqual(['EcpuAlarm', 'MemoryAlarm', 'EvictionsAlarm']);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'BytesUsedForCache',
        Threshold: 8e9,
        Dimensions: [{ Name: 'clusterId', Value: { Ref: Match.anyValue() } }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ElastiCacheProcessingUnits',
        Threshold: 24_000_000,
      });
    });
    test('cdk-nag finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  test('serverless Memcached: KMS, no users, no snapshots, no secret', () => {
    const { stack, cache, template } = build({ serverless: true, engine: CacheEngine.MEMCACHED });
    template.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      Engine: 'memcached',
      MajorEngineVersion: '1',
      KmsKeyId: Match.anyValue(),
      UserGroupId: Match.absent(),
      SnapshotRetentionLimit: Match.absent(),
    });
    template.resourceCountIs('AWS::ElastiCache::User', 0);
    expect(cache.secret).toBeUndefined();
    expect(cache.alarms.map((a) => a.node.id)).toEqual(['EcpuAlarm', 'MemoryAlarm', 'HitRateAlarm']);
    expect(ComplianceGates.nagFindings(stack)).toEqual([]);
  });

  test('serverless usage limits can be set', () => {
    const { template } = build({
      serverless: true,
      serverlessMaxDataStorageGB: 50,
      serverlessMaxEcpuPerSecond: 5000,
    });
    template.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
      CacheUsageLimits: { DataStorage: { Maximum: 50, Unit: 'GB' }, ECPUPerSecond: { Maximum: 5000 } },
    });
  });

  describe('Global Datastore', () => {
    test('a PRIMARY creates the global replication group and replicates the secret', () => {
      const { cache, template } = build({
        globalDatastore: {
          role: GlobalDatastoreRole.PRIMARY,
          globalReplicationGroupIdSuffix: 'sessions',
          secretReplicaRegions: ['eu-central-1'],
        },
      });
      template.hasResourceProperties('AWS::ElastiCache::GlobalReplicationGroup', {
        GlobalReplicationGroupIdSuffix: 'sessions',
        Members: [
          {
            ReplicationGroupId: { Ref: Match.anyValue() },
            ReplicationGroupRegion: 'eu-west-1',
            Role: 'PRIMARY',
          },
        ],
      });
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        ReplicaRegions: [{ Region: 'eu-central-1' }],
      });
      const [globalId] = Object.keys(template.findResources('AWS::ElastiCache::GlobalReplicationGroup'));
      expect(Stack.of(cache).resolve(cache.globalReplicationGroupId)).toEqual({
        'Fn::GetAtt': [globalId, 'GlobalReplicationGroupId'],
      });
    });

    test('a SECONDARY joins by id, inherits engine settings and uses the given secret', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const authSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Auth', 'sessions-auth');
      const cache = new CacheCluster(stack, 'Cache', {
        vpc: network.vpc,
        globalDatastore: {
          role: GlobalDatastoreRole.SECONDARY,
          globalReplicationGroupId: 'ldgnf-sessions',
          authSecret,
        },
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        GlobalReplicationGroupId: 'ldgnf-sessions',
        Engine: Match.absent(),
        AuthToken: Match.absent(),
        TransitEncryptionEnabled: Match.absent(),
        CacheParameterGroupName: Match.absent(),
        MultiAZEnabled: true,
        AutomaticFailoverEnabled: true,
        KmsKeyId: Match.anyValue(),
        LogDeliveryConfigurations: LOG_DELIVERY,
      });
      template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
      template.resourceCountIs('AWS::ElastiCache::GlobalReplicationGroup', 0);
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(cache.secret).toBe(authSecret);
      expect(cache.globalReplicationGroupId).toBe('ldgnf-sessions');
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  describe('authSecretName', () => {
    test('by default the AUTH secret has a generated name', () => {
      const { template } = build();
      template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: Match.absent() });
    });

    test('names the AUTH secret (and so its replicas), and the token still comes from it', () => {
      const { template } = build({
        authSecretName: 'shop/session-store/auth',
        globalDatastore: { role: GlobalDatastoreRole.PRIMARY, secretReplicaRegions: ['eu-central-1'] },
      });
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: 'shop/session-store/auth',
        ReplicaRegions: [{ Region: 'eu-central-1' }],
      });
      template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        AuthToken: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      });
    });

    test('names the serverless app-user password secret too', () => {
      const { template } = build({ serverless: true, authSecretName: 'shop/cache/app-user' });
      template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'shop/cache/app-user' });
    });
  });

  describe('connectFrom', () => {
    test('opens the port to the service and injects host, port, TLS and the AUTH secret', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc });
      const service = fargateService(stack, network.vpc);
      cache.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 4 }));
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 6379,
        ToPort: 6379,
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceSecurityGroup'), 'GroupId'] },
      });
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [
          Match.objectLike({
            Environment: Match.arrayWith([
              { Name: 'CACHE_HOST', Value: { 'Fn::GetAtt': [Match.anyValue(), 'PrimaryEndPoint.Address'] } },
              { Name: 'CACHE_PORT', Value: '6379' },
              { Name: 'CACHE_TLS', Value: 'true' },
            ]),
            Secrets: [
              { Name: 'CACHE_AUTH_TOKEN', ValueFrom: { Ref: Match.stringLikeRegexp('^CacheAuthSecret') } },
            ],
          }),
        ],
      });
    });

    test('a named container and prefix; serverless adds the user name and opens 6379-6380', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc, serverless: true });
      const service = fargateService(stack, network.vpc);
      const sidecar = service.taskDefinition.addContainer('sidecar', {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
      });
      cache.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 4 }), {
        container: sidecar,
        environmentPrefix: 'SESSIONS_',
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6380 });
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: Match.arrayWith([
          Match.objectLike({
            Name: 'sidecar',
            Environment: Match.arrayWith([{ Name: 'SESSIONS_USERNAME', Value: 'app' }]),
            Secrets: [Match.objectLike({ Name: 'SESSIONS_AUTH_TOKEN' })],
          }),
        ]),
      });
    });

    test('a WebService and a QueueWorker are clients: their own container gets the settings', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc });
      const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable');
      const web = new WebService(stack, 'Web', { vpc: network.vpc, image });
      const worker = new QueueWorker(stack, 'Worker', { vpc: network.vpc, image });
      cache.connectFrom(web);
      cache.connectFrom(worker);
      const template = Template.fromStack(stack);
      for (const client of [web, worker]) {
        template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
          FromPort: 6379,
          GroupId: stack.resolve(cache.securityGroup.securityGroupId),
          SourceSecurityGroupId: stack.resolve(client.connections.securityGroups[0].securityGroupId),
          Description: `${client.node.path} to the cache`,
        });
        const definition =
          template.toJSON().Resources[
            stack.getLogicalId(client.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition)
          ].Properties.ContainerDefinitions[0];
        expect(definition.Environment.map((e: { Name: string }) => e.Name)).toContain('CACHE_HOST');
        expect(definition.Secrets.map((e: { Name: string }) => e.Name)).toEqual(['CACHE_AUTH_TOKEN']);
      }
    });

    test('an ECS service without a default container needs one named', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: network.vpc });
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
      taskDefinition.addContainer('init', {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
        essential: false,
      });
      const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition });
      expect(() => ServiceClient.fromEcsService(service, { maxCapacity: 2 })).toThrow(
        /`container` is required: the task definition of TestStack\/Service has no default container/,
      );
    });
  });

  test('grantReadConnectionDetails grants the parameters and the secret', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc });
    const role = new iam.Role(stack, 'LegacyRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    });
    cache.grantReadConnectionDetails(role);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] }),
          Match.objectLike({ Action: Match.arrayWith(['ssm:GetParameter']) }),
        ]),
      },
    });
  });

  describe('validation', () => {
    test.each<[string, Config, RegExp]>([
      [
        'Memcached session store',
        { engine: CacheEngine.MEMCACHED, usage: CacheUsage.SESSION_STORE },
        /`usage` must be CacheUsage.CACHE with `engine` CacheEngine.MEMCACHED, got: CacheUsage.SESSION_STORE/,
      ],
      [
        'replicasPerShard 6',
        { replicasPerShard: 6 },
        /`replicasPerShard` must be an integer between 0 and 5, got: 6/,
      ],
      [
        'replicasPerShard -1',
        { replicasPerShard: -1 },
        /`replicasPerShard` must be an integer between 0 and 5, got: -1/,
      ],
      ['shards 0', { shards: 0 }, /`shards` must be an integer between 1 and 500, got: 0/],
      ['shards 501', { shards: 501 }, /`shards` must be an integer between 1 and 500, got: 501/],
      [
        'Memcached shards 41',
        { engine: CacheEngine.MEMCACHED, shards: 41 },
        /`shards` must be an integer between 1 and 40, got: 41/,
      ],
      [
        'Memcached replicas',
        { engine: CacheEngine.MEMCACHED, replicasPerShard: 1 },
        /`replicasPerShard` does not apply to Memcached/,
      ],
      [
        'Memcached snapshots',
        { engine: CacheEngine.MEMCACHED, snapshotRetention: Duration.days(1) },
        /`snapshotRetention` does not apply to Memcached/,
      ],
      [
        'Memcached old version',
        { engine: CacheEngine.MEMCACHED, engineVersion: '1.6.6' },
        /`engineVersion` must be at least 1.6.12 for Memcached/,
      ],
      [
        'bad version',
        { engineVersion: 'latest' },
        /`engineVersion` must look like '8.0' or '1.6.22', got: 'latest'/,
      ],
      [
        'serverless nodeType',
        { serverless: true, nodeType: 'cache.t4g.micro' },
        /`nodeType` does not apply when `serverless` is true/,
      ],
      [
        'serverless port',
        { serverless: true, port: 6380 },
        /`port` does not apply when `serverless` is true/,
      ],
      [
        'serverless limit without serverless',
        { serverlessMaxDataStorageGB: 5 },
        /`serverlessMaxDataStorageGB` applies only when `serverless` is true/,
      ],
      [
        'serverless storage 0',
        { serverless: true, serverlessMaxDataStorageGB: 0 },
        /`serverlessMaxDataStorageGB` must be an integer between 1 and 5000, got: 0/,
      ],
      ['port 80', { port: 80 }, /`port` must be an integer between 1024 and 65535, got: 80/],
      [
        'snapshots 36 days',
        { snapshotRetention: Duration.days(36) },
        /`snapshotRetention` must be a whole number of days between 0 and 35, got: 36 days/,
      ],
      [
        'snapshots 12 hours',
        { snapshotRetention: Duration.hours(12) },
        /`snapshotRetention` must be a whole number of days between 0 and 35, got: 12 hours/,
      ],
      [
        'reserved memory 101',
        { reservedMemoryPercent: 101 },
        /`reservedMemoryPercent` must be an integer between 0 and 100, got: 101/,
      ],
      [
        'cpu threshold 0',
        { cpuAlarmThresholdPercent: 0 },
        /`cpuAlarmThresholdPercent` must be between 1 and 100, got: 0/,
      ],
      [
        'SNAPSHOT on Memcached',
        { engine: CacheEngine.MEMCACHED, removalPolicy: RemovalPolicy.SNAPSHOT },
        /`removalPolicy` RemovalPolicy.SNAPSHOT is only possible with Valkey or Redis OSS on nodes, got it with Memcached/,
      ],
      [
        'SNAPSHOT on serverless',
        { serverless: true, removalPolicy: RemovalPolicy.SNAPSHOT },
        /got it with serverless/,
      ],
      [
        'bad prefix',
        { parameterPrefix: 'cache/' },
        /`parameterPrefix` must be an SSM path such as '\/my-app\/cache'.*got: 'cache\/'/,
      ],
      [
        'secondary without id',
        { globalDatastore: { role: GlobalDatastoreRole.SECONDARY } },
        /a SECONDARY `globalDatastore` needs `globalReplicationGroupId`/,
      ],
      [
        'primary with id',
        { globalDatastore: { role: GlobalDatastoreRole.PRIMARY, globalReplicationGroupId: 'x' } },
        /`globalDatastore.globalReplicationGroupId` applies only to a SECONDARY/,
      ],
      [
        'bad suffix',
        { globalDatastore: { role: GlobalDatastoreRole.PRIMARY, globalReplicationGroupIdSuffix: '1_x' } },
        /`globalDatastore.globalReplicationGroupIdSuffix` must start with a letter/,
      ],
      [
        'global serverless',
        { serverless: true, globalDatastore: { role: GlobalDatastoreRole.PRIMARY } },
        /`globalDatastore` does not apply when `serverless` is true/,
      ],
      [
        'global Memcached',
        { engine: CacheEngine.MEMCACHED, globalDatastore: { role: GlobalDatastoreRole.PRIMARY } },
        /`globalDatastore` does not apply to Memcached/,
      ],
      [
        'authSecretName with Memcached',
        { engine: CacheEngine.MEMCACHED, authSecretName: 'cache/auth' },
        /`authSecretName` does not apply to Memcached \(it has no AUTH token\): remove it, or use CacheEngine.VALKEY/,
      ],
      [
        'authSecretName with a space',
        { authSecretName: 'session store' },
        /`authSecretName` must be a Secrets Manager name such as 'my-app\/session-store\/auth' \(1 to 512 letters, digits and \/_\+=\.@-\), got: 'session store'/,
      ],
      [
        'authSecretName too long',
        { authSecretName: 'a'.repeat(513) },
        /`authSecretName` must be a Secrets Manager name/,
      ],
    ])('%s', (_name, props, message) => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      let error: unknown;
      try {
        new CacheCluster(stack, 'Cache', { vpc: network.vpc, ...props });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BlueprintValidationError);
      expect((error as Error).message).toMatch(message);
      // Validation runs before any child is created.
      expect(stack.node.tryFindChild('Cache')?.node.children ?? []).toEqual([]);
    });

    test('a secondary with engine settings is rejected', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const authSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Auth', 'sessions-auth');
      expect(
        () =>
          new CacheCluster(stack, 'Cache', {
            vpc: network.vpc,
            nodeType: 'cache.r7g.large',
            globalDatastore: {
              role: GlobalDatastoreRole.SECONDARY,
              globalReplicationGroupId: 'g',
              authSecret,
            },
          }),
      ).toThrow(
        /`nodeType` does not apply to a SECONDARY `globalDatastore`: it is inherited from the primary/,
      );
    });

    test("a secondary with authSecretName is rejected: it uses the replica of the primary's secret", () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const authSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Auth', 'sessions-auth');
      expect(
        () =>
          new CacheCluster(stack, 'Cache', {
            vpc: network.vpc,
            authSecretName: 'sessions-auth',
            globalDatastore: {
              role: GlobalDatastoreRole.SECONDARY,
              globalReplicationGroupId: 'g',
              authSecret,
            },
          }),
      ).toThrow(
        /`authSecretName` does not apply to a SECONDARY `globalDatastore`: it is inherited from the primary/,
      );
    });

    test('a VPC without isolated subnets needs vpcSubnets', () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
      });
      expect(() => new CacheCluster(stack, 'Cache', { vpc })).toThrow(
        /`vpcSubnets` selects no subnet of the VPC/,
      );
    });

    test('subnets in a single AZ are rejected', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      expect(
        () =>
          new CacheCluster(stack, 'Cache', {
            vpc: network.vpc,
            vpcSubnets: { subnets: [network.vpc.isolatedSubnets[0]] },
          }),
      ).toThrow(/`vpcSubnets` must select subnets in at least 2 Availability Zones \(multi-AZ\), got: 1/);
    });
  });

  test('property-based: mutations of a valid configuration build a compliant cache, or throw our error naming the invalid prop and value', () => {
    const days = (n: number): InvalidValue => ({
      value: Duration.days(n),
      shown: Duration.days(n).toHumanString(),
    });
    const mutations = [
      mutationOf('engine', [CacheEngine.VALKEY, CacheEngine.REDIS], []),
      mutationOf('usage', [CacheUsage.SESSION_STORE, CacheUsage.CACHE], []),
      mutationOf('shards', [1, 2, 500], [{ value: 0 }, { value: 501 }, { value: 1.5 }]),
      mutationOf('replicasPerShard', [0, 1, 5], [{ value: -1 }, { value: 6 }]),
      mutationOf('snapshotRetention', [Duration.days(0), Duration.days(7), Duration.days(35)], [days(36)]),
      mutationOf('port', [1024, 6379, 65535], [{ value: 80 }, { value: 70000 }]),
      mutationOf('reservedMemoryPercent', [0, 25, 100], [{ value: 101 }, { value: -1 }]),
      mutationOf('cpuAlarmThresholdPercent', [1, 80, 100], [{ value: 0 }, { value: 100.5 }]),
      mutationOf('memoryAlarmThresholdPercent', [1, 80, 100], [{ value: 0.5 }, { value: 101 }]),
      mutationOf('hitRateAlarmThresholdPercent', [0, 80, 100], [{ value: -1 }, { value: 101 }]),
      mutationOf(
        'parameterPrefix',
        ['/my-app/cache', '/a'],
        [{ value: 'no-slash' }, { value: '/trailing/' }],
      ),
      mutationOf('authSecretName', ['my-app/session-store/auth'], [{ value: 'bad name!' }]),
      mutationOf('removalPolicy', [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.SNAPSHOT], []),
      mutationOf('engineVersion', [], [{ value: '8' }, { value: 'latest' }]),
    ];
    const stack = propertyStack();
    const network = new Network(stack, 'Network');
    const numRuns = 1000;
    const run = runMutations<Config, CacheCluster>({
      base: {},
      mutations,
      numRuns,
      build: (props, index) => new CacheCluster(stack, `Cache${index}`, { vpc: network.vpc, ...props }),
    });
    for (const { props } of run.samples) {
      // The shared stack holds a thousand caches: synthesize each sample alone, with a client.
      const sample = testStack();
      const vpc = new Network(sample, 'Network').vpc;
      const cache = new CacheCluster(sample, 'Cache', { vpc, ...props });
      cache.connectFrom(clientService(sample, vpc));
      // The risky-but-legal values are warnings, which fail the strict synth until acknowledged.
      for (const prop of ['replicasPerShard', 'snapshotRetention']) {
        Validations.of(cache).acknowledge({ id: `Annotation::CacheCluster:${prop}`, reason: 'a sample' });
      }
      const template = Template.fromStack(sample);
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        Engine: props.engine === CacheEngine.REDIS ? 'redis' : 'valkey',
        TransitEncryptionEnabled: true,
        AtRestEncryptionEnabled: true,
        ...((props.shards ?? 1) > 1
          ? { NumNodeGroups: props.shards, ReplicasPerNodeGroup: props.replicasPerShard ?? 1 }
          : { NumCacheClusters: (props.replicasPerShard ?? 1) + 1 }),
        MultiAZEnabled: (props.replicasPerShard ?? 1) > 0,
        Port: props.port ?? 6379,
      });
      expect(wiringFindings(sample)).toEqual([]);
    }
  });
});
