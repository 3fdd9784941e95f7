import { CfnResource, Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BlueprintValidationError } from '../../lib/errors';
import { Network } from '../../lib/network/network';
import { WebService } from '../../lib/service/web-service';
import { ServiceClient } from '../../lib/service/service-client';
import {
  DatabaseEngine,
  ReplicatedDatabase,
  ReplicatedDatabaseProps,
} from '../../lib/data/replicated-database';
import { clientService, testStack } from '../support/app';
import { LEGACY_POSTGRES, legacyInstance, legacySecret } from '../support/imported';
import {
  acknowledgeWarnings,
  mutationOf,
  propertyStack,
  runMutations,
  wiringFindings,
} from '../support/property';
import { ComplianceGates } from '../../lib';

function networkStack(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = testStack();
  const network = new Network(stack, 'Network');
  return { stack, vpc: network.vpc };
}

function build(props: Partial<ReplicatedDatabaseProps> = {}) {
  const { stack, vpc } = networkStack();
  const db = new ReplicatedDatabase(stack, 'Db', { vpc, ...props });
  return { stack, vpc, db };
}

function fargateService(stack: Stack, vpc: ec2.IVpc, id = 'Web'): ecs.FargateService {
  const cluster = new ecs.Cluster(stack, `${id}Cluster`, { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, `${id}Task`);
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
  });
  return new ecs.FargateService(stack, id, {
    cluster,
    taskDefinition,
    circuitBreaker: { rollback: true },
    minHealthyPercent: 100,
  });
}

describe('ReplicatedDatabase', () => {
  describe('with defaults (Aurora PostgreSQL)', () => {
    const { stack, db } = build();
    const template = Template.fromStack(stack);

    test('is an Aurora PostgreSQL 16 cluster, encrypted with a rotating KMS key, IAM auth, non-default admin and port', () => {
      template.hasResourceProperties('AWS::RDS::DBCluster', {
        Engine: 'aurora-postgresql',
        EngineVersion: Match.stringLikeRegexp('^16\\.'),
        StorageEncrypted: true,
        KmsKeyId: Match.anyValue(),
        EnableIAMDatabaseAuthentication: true,
        MasterUsername: 'dbadmin',
        DatabaseName: 'app',
        Port: 5433,
        CopyTagsToSnapshot: true,
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        Description: Match.stringLikeRegexp('Encrypts the database'),
      });
      expect(db.engine).toBe(DatabaseEngine.AURORA_POSTGRESQL);
      expect(db.port).toBe(5433);
      expect(db.proxyPort).toBe(5432);
    });

    test('a cluster parameter group forces TLS, logs queries over 200 ms and loads pg_stat_statements', () => {
      template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
        Family: 'aurora-postgresql16',
        Parameters: {
          'rds.force_ssl': '1',
          log_min_duration_statement: '200',
          shared_preload_libraries: 'pg_stat_statements',
        },
      });
    });

    test('a writer and one reader, r7g.large, in different AZs, not publicly accessible', () => {
      const instances = template.findResources('AWS::RDS::DBInstance');
      const props = Object.values(instances).map((r) => r.Properties);
      expect(props).toHaveLength(2);
      expect(new Set(props.map((p) => p.AvailabilityZone)).size).toBe(2);
      for (const p of props) {
        expect(p).toMatchObject({
          DBInstanceClass: 'db.r7g.large',
          PubliclyAccessible: false,
          EnablePerformanceInsights: true,
          MonitoringInterval: 60,
          AutoMinorVersionUpgrade: true,
        });
      }
      expect(db.readerEndpoint).toBe(db.cluster!.clusterReadEndpoint.hostname);
      expect(db.writerEndpoint).toBe(db.cluster!.clusterEndpoint.hostname);
    });

    test('deletion protection, a snapshot on removal and 7-day backups; the secret is retained', () => {
      template.hasResource('AWS::RDS::DBCluster', {
        Properties: Match.objectLike({ DeletionProtection: true, BackupRetentionPeriod: 7 }),
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
      });
      template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    });

    test('the admin secret is encrypted and rotated every 30 days by a Lambda in the private subnets', () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
      template.hasResourceProperties('AWS::Serverless::Application', {
        Parameters: Match.objectLike({ vpcSubnetIds: Match.anyValue() }),
      });
    });

    test('an RDS Proxy requires TLS and end-to-end IAM auth (no secret), with a 30 s borrow timeout and 90 % of max_connections', () => {
      template.hasResourceProperties('AWS::RDS::DBProxy', {
        EngineFamily: 'POSTGRESQL',
        RequireTLS: true,
        DefaultAuthScheme: 'IAM_AUTH',
        Auth: Match.absent(),
      });
      // The proxy signs in to the database as the application user with IAM tokens.
      const proxyRole = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) =>
        id.startsWith('DbProxyRole'),
      )!;
      const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes(proxyRole[0]),
      );
      expect(JSON.stringify(policies)).toMatch(/rds-db:connect.*dbuser:.*\/app"/);
      expect(JSON.stringify(policies)).not.toContain('secretsmanager:GetSecretValue');
      template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
        ConnectionPoolConfigurationInfo: { ConnectionBorrowTimeout: 30, MaxConnectionsPercent: 90 },
      });
      expect(db.endpoint).toBe(db.proxy!.endpoint);
    });

    test('the database security group admits only the proxy and the rotation Lambda, and has no egress', () => {
      const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(
        (r) => r.Properties,
      );
      // Exactly two rules into the database's group, from the proxy's and the rotation Lambda's groups.
      const groupOf = (ref: { 'Fn::GetAtt': [string, string] }) =>
        template.toJSON().Resources[ref['Fn::GetAtt'][0]].Properties.GroupDescription as string;
      expect(
        ingress
          .map((rule) => [stack.resolve(rule.GroupId), rule.CidrIp, groupOf(rule.SourceSecurityGroupId)])
          .sort(),
      ).toStrictEqual(
        [
          [
            stack.resolve(db.connections.securityGroups[0].securityGroupId),
            undefined,
            'RDS Proxy of TestStack/Db: ingress from the database clients only',
          ],
          [
            stack.resolve(db.connections.securityGroups[0].securityGroupId),
            undefined,
            'TestStack/Db/Cluster/RotationSingleUser/SecurityGroup',
          ],
        ].sort(),
      );
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('^Database TestStack/Db'),
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
      });
    });

    test('exports the PostgreSQL log to an encrypted log group kept a year, created before the instances', () => {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: { 'Fn::Join': ['', ['/aws/rds/cluster/', Match.anyValue(), '/postgresql']] },
          KmsKeyId: Match.anyValue(),
          RetentionInDays: 365,
        },
        DeletionPolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::RDS::DBCluster', { EnableCloudwatchLogsExports: ['postgresql'] });
      const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) =>
        id.startsWith('DbLogs'),
      );
      for (const instance of Object.values(template.findResources('AWS::RDS::DBInstance'))) {
        expect(instance.DependsOn).toContain(logGroupId);
      }
    });

    test('enhanced monitoring role uses the AWS-managed policy, acknowledged; cdk-nag finds nothing', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })],
        },
      });
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });

    test('default alarms: CPU, connections, replica lag and memory, without actions', () => {
      expect(db.alarms.map((a) => a.node.id)).toEqual([
        'CpuAlarm',
        'ConnectionsAlarm',
        'ReplicaLagAlarm',
        'FreeableMemoryAlarm',
      ]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CPUUtilization',
        Statistic: 'Maximum',
        Threshold: 80,
        Dimensions: [{ Name: 'DBClusterIdentifier', Value: Match.anyValue() }],
        AlarmDescription: Match.stringLikeRegexp('above 80 %'),
      });
      // 80 % of max_connections 1802 (r7g.large)
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'DatabaseConnections',
        Threshold: 1441,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'AuroraReplicaLagMaximum',
        Threshold: 1000,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'FreeableMemory',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: Math.floor(16 * 1024 ** 3 * 0.1),
      });
      for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toBeUndefined();
      }
      expect(db.maxConnections).toBe(1802);
    });

    test('metrics are named after the CloudWatch metric with documented statistics', () => {
      const cases: Array<[string, string, string]> = [
        [db.metricCPUUtilization().metricName, db.metricCPUUtilization().statistic, 'CPUUtilization'],
        [
          db.metricDatabaseConnections().metricName,
          db.metricDatabaseConnections().statistic,
          'DatabaseConnections',
        ],
        [db.metricFreeableMemory().metricName, db.metricFreeableMemory().statistic, 'FreeableMemory'],
        [db.metricReplicaLag().metricName, db.metricReplicaLag().statistic, 'AuroraReplicaLagMaximum'],
        [db.metricReadLatency().metricName, db.metricReadLatency().statistic, 'ReadLatency'],
        [db.metricWriteLatency().metricName, db.metricWriteLatency().statistic, 'WriteLatency'],
        [db.metricDeadlocks().metricName, db.metricDeadlocks().statistic, 'Deadlocks'],
        [db.metricFreeStorageSpace().metricName, db.metricFreeStorageSpace().statistic, 'FreeStorageSpace'],
        [
          db.metricServerlessDatabaseCapacity().metricName,
          db.metricServerlessDatabaseCapacity().statistic,
          'ServerlessDatabaseCapacity',
        ],
      ];
      for (const [name, statistic, expected] of cases) {
        expect(name).toBe(expected);
        expect(['Maximum', 'Minimum', 'Average', 'Sum']).toContain(statistic);
      }
      expect(db.metricCPUUtilization({ period: Duration.minutes(1) }).period.toMinutes()).toBe(1);
      expect(db.metricCPUUtilization().namespace).toBe('AWS/RDS');
    });
  });

  test('Aurora MySQL: TLS required, slow-query log at 0.2 s to FILE, all four logs exported, backtrack 24 h', () => {
    const { stack, db } = build({ engine: DatabaseEngine.AURORA_MYSQL });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-mysql8.0',
      Parameters: {
        require_secure_transport: 'ON',
        slow_query_log: '1',
        long_query_time: '0.2',
        log_output: 'FILE',
      },
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-mysql',
      Port: 3307,
      BacktrackWindow: 86400,
      EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
    });
    template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      { LogGroupName: { 'Fn::Join': ['', ['/aws/rds/cluster/', Match.anyValue(), Match.anyValue()]] } },
      4,
    );
    template.hasResourceProperties('AWS::RDS::DBProxy', { EngineFamily: 'MYSQL' });
    expect(db.maxConnections).toBe(1000);
    expect(ComplianceGates.nagFindings(stack)).toEqual([]);
  });

  test.each([
    [
      DatabaseEngine.POSTGRESQL,
      'postgres',
      'AWS::RDS::DBParameterGroup',
      { 'rds.force_ssl': '1' },
      ['postgresql', 'upgrade'],
      5433,
    ],
    [
      DatabaseEngine.MYSQL,
      'mysql',
      'AWS::RDS::DBParameterGroup',
      { require_secure_transport: '1', slow_query_log: '1', long_query_time: '0.2' },
      ['audit', 'error', 'general', 'slowquery'],
      3307,
    ],
  ])(
    '%s: a Multi-AZ t4g.medium writer and a read replica in another AZ',
    (engine, engineName, pgType, params, logs, port) => {
      const { stack, db } = build({ engine });
      const template = Template.fromStack(stack);
      template.hasResourceProperties(pgType, { Parameters: Match.objectLike(params) });
      template.hasResource('AWS::RDS::DBInstance', {
        Properties: Match.objectLike({
          Engine: engineName,
          DBInstanceClass: 'db.t4g.medium',
          MultiAZ: true,
          StorageEncrypted: true,
          StorageType: 'gp3',
          AllocatedStorage: '20',
          MaxAllocatedStorage: 100,
          PubliclyAccessible: false,
          EnableIAMDatabaseAuthentication: true,
          DeletionProtection: true,
          BackupRetentionPeriod: 7,
          CopyTagsToSnapshot: true,
          EnableCloudwatchLogsExports: logs,
          Port: `${port}`,
          DBInstanceIdentifier: 'teststack-db-4b3753bb-writer',
        }),
        DeletionPolicy: 'Snapshot',
      });
      template.hasResource('AWS::RDS::DBInstance', {
        Properties: Match.objectLike({
          SourceDBInstanceIdentifier: Match.anyValue(),
          AvailabilityZone: 'eu-west-1b',
          DBInstanceIdentifier: 'teststack-db-4b3753bb-replica1',
        }),
        DeletionPolicy: 'Delete',
      });
      // one log group per instance and log type, named after the fixed identifiers
      template.resourcePropertiesCountIs(
        'AWS::Logs::LogGroup',
        { LogGroupName: Match.stringLikeRegexp('^/aws/rds/instance/teststack-db-4b3753bb-') },
        logs.length * 2,
      );
      // The construct's instance is the template's writer (the one without a source).
      const [writerId] = Object.keys(
        template.findResources('AWS::RDS::DBInstance', {
          Properties: { DBInstanceIdentifier: 'teststack-db-4b3753bb-writer' },
        }),
      );
      expect(stack.getLogicalId(db.instance!.node.defaultChild as CfnResource)).toBe(writerId);
      expect(db.cluster).toBeUndefined();
      expect(db.readReplicaInstances).toHaveLength(1);
      expect(db.readerEndpoint).toBe(db.readReplicaInstances[0].dbInstanceEndpointAddress);
      expect(db.alarms.map((a) => a.node.id)).toContain('FreeStorageSpaceAlarm');
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ReplicaLag',
        Threshold: 60,
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: Match.anyValue() }],
      });
      template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true });
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    },
  );

  test('serverless v2 with scale to zero', () => {
    const { stack, db } = build({ serverlessMinCapacity: 0, serverlessMaxCapacity: 8 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 8 },
    });
    template.allResourcesProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
    // LEAST(8 ACU × 2 GiB / 9531392, 5000)
    expect(db.maxConnections).toBe(1802);
  });

  test('serverlessMinCapacity alone above 16 ACUs raises the maximum with it', () => {
    const { stack } = build({ serverlessMinCapacity: 32 });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 32, MaxCapacity: 32 },
    });
  });

  test('readReplicas and instanceType', () => {
    const { stack } = build({
      readReplicas: 2,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R8G, ec2.InstanceSize.XLARGE),
    });
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r8g.xlarge' }, 3);
  });

  test('readReplicas 0 leaves the writer alone, with a warning and no replica-lag alarm', () => {
    const { stack, db } = build({ readReplicas: 0 });
    expect(JSON.stringify(db.node.metadata.map((m) => m.data))).toMatch(/no reader to fail over to/);
    Validations.of(db).acknowledge({ id: 'Annotation::ReplicatedDatabase:readReplicas', reason: 'test' });
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBInstance', 1);
    expect(db.alarms.map((a) => a.node.id)).not.toContain('ReplicaLagAlarm');
  });

  test('maxReadReplicas turns on Aurora replica auto scaling on reader CPU and connections', () => {
    const { stack } = build({ readReplicas: 1, maxReadReplicas: 4, replicaScalingCpuTargetPercent: 60 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'rds',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      MinCapacity: 1,
      MaxCapacity: 4,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageCPUUtilization' },
        TargetValue: 60,
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageDatabaseConnections' },
        TargetValue: 1261,
      }),
    });
  });

  test('proxy: false, a custom slow-query threshold, retention, removal and safety overrides', () => {
    const { stack, db } = build({
      proxy: false,
      slowQueryThreshold: Duration.millis(500),
      backupRetention: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
      secretRotationInterval: Duration.days(7),
      monitoringInterval: Duration.seconds(15),
      adminUsername: 'owner',
      databaseName: 'shop',
      port: 6543,
      proxyBorrowTimeout: Duration.seconds(5),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    expect(db.proxy).toBeUndefined();
    expect(db.endpoint).toBe(db.writerEndpoint);
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ log_min_duration_statement: '500' }),
    });
    template.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({
        BackupRetentionPeriod: 14,
        MasterUsername: 'owner',
        DatabaseName: 'shop',
        Port: 6543,
      }),
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(7 days)' },
    });
    template.allResourcesProperties('AWS::RDS::DBInstance', { MonitoringInterval: 15 });
  });

  test('alarm thresholds are props', () => {
    const { stack } = build({
      cpuAlarmThresholdPercent: 70,
      connectionsAlarmThresholdPercent: 50,
      replicaLagAlarmThreshold: Duration.millis(500),
      freeableMemoryAlarmThreshold: Size.gibibytes(1),
      maxConnections: 1000,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 70 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DatabaseConnections',
      Threshold: 500,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'AuroraReplicaLagMaximum',
      Threshold: 500,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'FreeableMemory',
      Threshold: 1024 ** 3,
    });
  });

  test('risky choices are acknowledgeable warnings', () => {
    const { db } = build({
      engine: DatabaseEngine.POSTGRESQL,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      backupRetention: Duration.days(3),
      multiAz: false,
    });
    const warnings = db.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => JSON.stringify(m.data));
    expect(warnings.join('\n')).toMatch(/deletionProtection/);
    expect(warnings.join('\n')).toMatch(/DESTROY/);
    expect(warnings.join('\n')).toMatch(/3 days/);
    expect(warnings.join('\n')).toMatch(/multiAz/);
  });

  describe('the application user', () => {
    const { stack, db } = build();
    const template = Template.fromStack(stack);

    test('is created at deploy time through the Data API, after the writer exists, with IAM auth only', () => {
      template.hasResourceProperties('AWS::RDS::DBCluster', { EnableHttpEndpoint: true });
      const [user] = Object.entries(template.findResources('Custom::AWS')).filter(([id]) =>
        id.startsWith('DbDatabaseUser'),
      );
      const create = JSON.stringify(user[1].Properties.Create);
      expect(create).toContain('executeStatement');
      expect(create).toMatch(/CREATE ROLE [\\"]+app[\\"]+ LOGIN/);
      expect(create).toContain('GRANT rds_iam TO');
      expect(create).not.toMatch(/PASSWORD/i);
      const writer = Object.keys(template.findResources('AWS::RDS::DBInstance')).find((id) =>
        id.includes('Writer'),
      );
      expect(user[1].DependsOn).toContain(writer);
      expect(db.databaseUser).toBe('app');
    });

    test('a MySQL user is identified by AWSAuthenticationPlugin and must use TLS', () => {
      const mysql = build({ engine: DatabaseEngine.AURORA_MYSQL });
      const statements = JSON.stringify(Template.fromStack(mysql.stack).findResources('Custom::AWS'));
      expect(statements).toContain("IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL");
      expect(statements).toContain('GRANT ALL PRIVILEGES ON `app`.* TO');
    });

    test('databaseUser: not the admin, not reserved', () => {
      expect(() => build({ databaseUser: 'dbadmin' })).toThrow(
        /`databaseUser` must be .* not the admin user, got: 'dbadmin'/,
      );
      expect(() => build({ databaseUser: 'postgres' })).toThrow(/got: 'postgres'/);
    });
  });

  describe('proxyIamAuth', () => {
    test('false on a new database is refused: its application user has no password', () => {
      expect(() => build({ proxyIamAuth: false })).toThrow(
        /`proxyIamAuth` false applies to an `existingInstance` only/,
      );
    });

    test('false on an existing instance: the proxy accepts the password (TLS still required), with an acknowledgeable warning', () => {
      const { stack, vpc } = networkStack();
      const secret = legacySecret(stack);
      const db = new ReplicatedDatabase(stack, 'Db', {
        vpc,
        existingInstance: legacyInstance(stack, LEGACY_POSTGRES),
        existingSecret: secret,
        databaseUser: 'shop',
        proxyIamAuth: false,
        maxConnections: 400,
      });
      expect(() => Template.fromStack(stack)).toThrow(
        /`proxyIamAuth` is false: the RDS Proxy accepts the database password/,
      );
      Validations.of(db).acknowledge({ id: 'Annotation::ReplicatedDatabase:proxyIamAuth', reason: 'test' });
      const service = fargateService(stack, vpc);
      db.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 20 }), { poolSize: 10 });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::RDS::DBProxy', {
        RequireTLS: true,
        Auth: [Match.objectLike({ AuthScheme: 'SECRETS', IAMAuth: 'DISABLED' })],
      });
      expect(db.proxyIamAuth).toBe(false);
      // No rds-db:connect on the proxy (it ignores IAM tokens); the instances keep IAM auth, and the
      // client still gets the credentials as secrets.
      const connects = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
        (policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>).filter(
          (statement) => statement.Action === 'rds-db:connect',
        ),
      );
      expect(JSON.stringify(connects)).not.toMatch(/prx-|DbProxy/);
      const container = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties
        .ContainerDefinitions[0];
      expect(container.Secrets.map((x: { Name: string }) => x.Name)).toEqual([
        'DATABASE_USERNAME',
        'DATABASE_PASSWORD',
      ]);
      expect(container.Environment).toEqual(
        expect.arrayContaining([{ Name: 'DATABASE_IAM_AUTH', Value: 'false' }]),
      );
    });

    test('true (the default) grants rds-db:connect through the proxy', () => {
      const { stack, vpc, db } = build();
      db.connectFrom(ServiceClient.fromEcsService(fargateService(stack, vpc), { maxCapacity: 20 }), {
        poolSize: 10,
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::RDS::DBProxy', { DefaultAuthScheme: 'IAM_AUTH' });
      expect(db.proxyIamAuth).toBe(true);
      expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toMatch(/prx-|DbProxy/);
    });

    test('is rejected without a proxy', () => {
      try {
        build({ proxy: false, proxyIamAuth: false });
        throw new Error('expected a validation error');
      } catch (e) {
        expect(e).toBeInstanceOf(BlueprintValidationError);
        expect((e as BlueprintValidationError).prop).toBe('proxyIamAuth');
        expect((e as Error).message).toBe(
          '[TestStack/Db] `proxyIamAuth` only applies with a proxy; remove it, or set `proxy: true`',
        );
      }
    });

    test('no nag or wiring finding about password authentication on the proxy; only the construct warning', () => {
      const stack = testStack('DbStack');
      const network = new Network(stack, 'Network');
      const db = new ReplicatedDatabase(stack, 'Db', {
        vpc: network.vpc,
        existingInstance: legacyInstance(stack, LEGACY_POSTGRES),
        existingSecret: legacySecret(stack),
        proxyIamAuth: false,
        maxConnections: 400,
      });
      // A client, so the proxy and the replica admit someone (WiringChecks' Wiring-UnreachableStore).
      const web = new WebService(stack, 'Web', {
        vpc: network.vpc,
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
      });
      db.connectFrom(web, { poolSize: 5 });
      // cdk-nag without a synth (the full gates run in test/compliance), nothing acknowledged on the proxy.
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
      expect(
        ComplianceGates.listAcknowledgements(stack).filter((a) =>
          a.constructPath.startsWith('DbStack/Db/Proxy'),
        ),
      ).toEqual([]);
      // The only warning in the tree is the construct's own.
      const warnings = stack.node
        .findAll()
        .flatMap((c) =>
          c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => [c.node.path, m.data]),
        );
      expect(warnings).toEqual([['DbStack/Db', expect.stringContaining('`proxyIamAuth` is false')]]);
      // Acknowledged, the strict synth passes, and the wiring rules find nothing.
      Validations.of(db).acknowledge({ id: 'Annotation::ReplicatedDatabase:proxyIamAuth', reason: 'test' });
      expect(wiringFindings(stack)).toEqual([]);
    });
  });

  describe('parameterPrefix', () => {
    test('by default the connection parameters keep their generated names', () => {
      const { stack, db } = build();
      // One parameter per connection detail (seven), none named: not a loop that could run over none.
      const names = Object.values(Template.fromStack(stack).findResources('AWS::SSM::Parameter')).map(
        (parameter) => parameter.Properties.Name,
      );
      expect(names).toStrictEqual(Array(7).fill(undefined));
      expect(Object.keys(db.connectionParameters)).toHaveLength(7);
      expect(db.parameterPrefix).toBeUndefined();
    });

    test('publishes every connection parameter under the prefix, with CacheCluster-style names', () => {
      const { stack, db } = build({ parameterPrefix: '/shop/database' });
      const template = Template.fromStack(stack);
      const names = Object.values(template.findResources('AWS::SSM::Parameter'))
        .map((parameter) => parameter.Properties.Name as string)
        .sort();
      expect(names).toEqual([
        '/shop/database/host',
        '/shop/database/instance-port',
        '/shop/database/name',
        '/shop/database/port',
        '/shop/database/proxy-host',
        '/shop/database/reader-host',
        '/shop/database/writer-host',
      ]);
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/shop/database/host',
        Value: stack.resolve(db.proxy!.endpoint),
      });
      expect(db.parameterPrefix).toBe('/shop/database');
    });

    test.each(['shop/database', '/shop/database/', '/shop//database', '/shop database'])(
      '%p is rejected',
      (parameterPrefix) => {
        try {
          build({ parameterPrefix });
          throw new Error('expected a validation error');
        } catch (e) {
          expect(e).toBeInstanceOf(BlueprintValidationError);
          expect((e as BlueprintValidationError).prop).toBe('parameterPrefix');
          expect((e as Error).message).toBe(
            "[TestStack/Db] `parameterPrefix` must be an SSM path such as '/my-app/database' (letters, digits, '_', '.', '-', " +
              `separated by '/', no trailing '/'), got: '${parameterPrefix}'`,
          );
        }
      },
    );
  });

  describe('existingInstance', () => {
    test('adds read replicas and a proxy (with existingSecret) without touching the instance', () => {
      const { stack, vpc } = networkStack();
      const secret = legacySecret(stack);
      const db = new ReplicatedDatabase(stack, 'Db', {
        vpc,
        existingInstance: legacyInstance(stack, LEGACY_POSTGRES),
        existingSecret: secret,
        readReplicas: 2,
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
        maxConnections: 800,
      });
      const template = Template.fromStack(stack);
      expect(db.engine).toBe(DatabaseEngine.POSTGRESQL);
      expect(db.cluster).toBeUndefined();
      expect(db.instance).toBeUndefined();
      expect(db.encryptionKey).toBeUndefined();
      template.resourceCountIs('AWS::RDS::DBCluster', 0);
      template.resourcePropertiesCountIs(
        'AWS::RDS::DBInstance',
        { SourceDBInstanceIdentifier: Match.stringLikeRegexp('legacy-db'), DBInstanceClass: 'db.m7g.large' },
        2,
      );
      template.resourceCountIs('AWS::RDS::DBInstance', 2);
      template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres14' });
      template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
        DBInstanceIdentifiers: ['legacy-db'],
      });
      // the proxy reaches the existing instance through its security group
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: 'sg-0123456789abcdef0',
        FromPort: 5432,
      });
      expect(db.port).toBe(5432);
      expect(db.writerEndpoint).toBe('legacy-db.abc.eu-west-1.rds.amazonaws.com');
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'legacy-db' }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'DatabaseConnections',
        Threshold: 640,
      });
      expect(db.alarms.map((a) => a.node.id)).toEqual([
        'CpuAlarm',
        'ConnectionsAlarm',
        'ReplicaLagAlarm',
        'Replica2LagAlarm',
      ]);
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });

    test('without existingSecret there is no proxy', () => {
      const { stack, vpc } = networkStack();
      const db = new ReplicatedDatabase(stack, 'Db', {
        vpc,
        existingInstance: legacyInstance(stack, LEGACY_POSTGRES),
      });
      expect(db.proxy).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::RDS::DBProxy', 0);
    });

    test('proxy: true without existingSecret is an error', () => {
      const { stack, vpc } = networkStack();
      expect(
        () =>
          new ReplicatedDatabase(stack, 'Db', {
            vpc,
            existingInstance: legacyInstance(stack, LEGACY_POSTGRES),
            proxy: true,
          }),
      ).toThrow(/`proxy` needs the credentials of `existingInstance`: pass its secret as `existingSecret`/);
    });

    test('an instance imported without its engine is rejected with the fix', () => {
      const { stack, vpc } = networkStack();
      expect(
        () => new ReplicatedDatabase(stack, 'Db', { vpc, existingInstance: legacyInstance(stack) }),
      ).toThrow(/`existingInstance` must be imported with its `engine` and version/);
    });

    test('an Aurora engine with existingInstance is rejected', () => {
      const { stack, vpc } = networkStack();
      expect(
        () =>
          new ReplicatedDatabase(stack, 'Db', {
            vpc,
            existingInstance: legacyInstance(stack, LEGACY_POSTGRES),
            engine: DatabaseEngine.AURORA_POSTGRESQL,
          }),
      ).toThrow(/`existingInstance` takes an RDS instance: `engine` must be POSTGRESQL or MYSQL/);
    });
  });

  describe('connectFrom', () => {
    test('opens the security groups, grants IAM connect as the app user and injects the endpoints (no password)', () => {
      const { stack, vpc, db } = build();
      const service = fargateService(stack, vpc);
      db.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 20 }), { poolSize: 10 });
      const template = Template.fromStack(stack);
      const serviceSg = stack.resolve(service.connections.securityGroups[0].securityGroupId);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        SourceSecurityGroupId: serviceSg,
        FromPort: 5432,
        GroupId: stack.resolve(db.proxy!.connections.securityGroups[0].securityGroupId),
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        SourceSecurityGroupId: serviceSg,
        FromPort: 5433,
        GroupId: stack.resolve(db.connections.securityGroups[0].securityGroupId),
      });
      const taskPolicy = Object.values(template.findResources('AWS::IAM::Policy')).find((policy) =>
        JSON.stringify(policy.Properties.Roles).includes('WebTaskTaskRole'),
      )!;
      // Tokens as the application user, through the proxy and on the cluster (reads go to the reader).
      const connects = JSON.stringify(taskPolicy.Properties.PolicyDocument.Statement);
      expect(connects).toContain('rds-db:connect');
      expect(connects).toContain('DBProxyArn');
      expect(connects).toContain('DBClusterResourceId');
      expect(connects).toMatch(/\/app"/);
      expect(connects).not.toContain('dbadmin');
      const container = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties
        .ContainerDefinitions[0];
      // Nothing secret is injected: the rotation of the admin secret cannot break a running task.
      expect(container.Secrets).toBeUndefined();
      const environment = Object.fromEntries(
        container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
      );
      expect(Object.keys(environment).sort()).toEqual([
        'DATABASE_HOST',
        'DATABASE_IAM_AUTH',
        'DATABASE_NAME',
        'DATABASE_PORT',
        'DATABASE_READER_HOST',
        'DATABASE_REGION',
        'DATABASE_USER',
        'DATABASE_WRITER_HOST',
      ]);
      expect(environment).toMatchObject({
        DATABASE_HOST: stack.resolve(db.proxy!.endpoint),
        DATABASE_PORT: '5432',
        DATABASE_USER: 'app',
        DATABASE_IAM_AUTH: 'true',
        DATABASE_REGION: 'eu-west-1',
      });
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Value: '5432',
        Description: 'PORT of the database TestStack/Db',
      });
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Value: '5433',
        Description: 'INSTANCE_PORT of the database TestStack/Db',
      });
      expect(db.clientConnections).toEqual([
        { name: 'TestStack/Web', maxCapacity: 20, poolSize: 10, worstCaseConnections: 200 },
      ]);
      expect(db.worstCaseConnections).toBe(200);
    });

    test('a connected, otherwise compliant service stays clean under cdk-nag (no plain environment, no wildcards)', () => {
      const { stack, vpc, db } = build();
      const cluster = new ecs.Cluster(stack, 'AppCluster', {
        vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
      });
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'AppTask');
      taskDefinition.addContainer('app', {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
        logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
      });
      const service = new ecs.FargateService(stack, 'App', { cluster, taskDefinition });
      db.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 4 }), { poolSize: 5 });
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });

    test('environmentPrefix and an explicit container', () => {
      const { stack, vpc, db } = build({ proxy: false });
      const service = fargateService(stack, vpc);
      const sidecar = service.taskDefinition.addContainer('worker', {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
      });
      db.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 2 }), {
        poolSize: 5,
        container: sidecar,
        environmentPrefix: 'ORDERS_DB_',
      });
      const containers = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'))[0]
        .Properties.ContainerDefinitions;
      const worker = containers.find((c: { Name: string }) => c.Name === 'worker');
      const names = worker.Environment.map((e: { Name: string }) => e.Name);
      expect(names).toContain('ORDERS_DB_PORT');
      expect(names).not.toContain('ORDERS_DB_PROXY_HOST');
      expect(containers.find((c: { Name: string }) => c.Name === 'app').Environment).toBeUndefined();
      // The port parameter the construct exposes is in the template, with the port it listens on.
      const port =
        Template.fromStack(stack).toJSON().Resources[
          stack.getLogicalId(db.connectionParameters.port.node.defaultChild as CfnResource)
        ];
      expect(port.Properties.Value).toBe(String(db.port));
      expect(db.port).toBe(5433);
      expect(db.connectionParameters['proxy-host']).toBeUndefined();
    });

    const small = ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM);

    test('50 tasks × 20 connections on a small instance without a proxy fails, naming the client and the numbers', () => {
      const { stack, vpc, db } = build({
        engine: DatabaseEngine.POSTGRESQL,
        instanceType: small,
        proxy: false,
      });
      const service = fargateService(stack, vpc);
      expect(() =>
        db.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 50 }), { poolSize: 20 }),
      ).toThrow(
        "connection budget exceeded by TestStack/Web: `maxCapacity` 50 × `poolSize` 20 brings the clients' worst case to 1000 connections, over the 405 the writer allows without a proxy (max_connections 450, 90 % for clients). Clients: TestStack/Web 1000 (50 tasks × 20). Turn on `proxy`, use a `poolSize` of at most 8 here, or a larger `instanceType`",
      );
    });

    test('the error names every client share', () => {
      const { stack, vpc, db } = build({
        engine: DatabaseEngine.POSTGRESQL,
        instanceType: small,
        proxy: false,
      });
      db.connectFrom(ServiceClient.fromEcsService(fargateService(stack, vpc, 'Web'), { maxCapacity: 20 }), {
        poolSize: 10,
      });
      try {
        db.connectFrom(
          ServiceClient.fromEcsService(fargateService(stack, vpc, 'Worker'), { maxCapacity: 30 }),
          { poolSize: 10 },
        );
        throw new Error('expected a budget error');
      } catch (e) {
        expect(e).toBeInstanceOf(BlueprintValidationError);
        expect((e as BlueprintValidationError).prop).toBe('poolSize');
        expect((e as Error).message).toMatch(
          /Clients: TestStack\/Web 200 \(20 tasks × 10\), TestStack\/Worker 300 \(30 tasks × 10\)\. .*at most 6 here/,
        );
      }
    });

    test('the same clients behind the proxy synthesize, with an info message about queuing', () => {
      const { stack, vpc, db } = build({ engine: DatabaseEngine.POSTGRESQL, instanceType: small });
      db.connectFrom(ServiceClient.fromEcsService(fargateService(stack, vpc), { maxCapacity: 50 }), {
        poolSize: 20,
      });
      expect(() => Template.fromStack(stack)).not.toThrow();
      Annotations.fromStack(stack).hasInfo(
        '/TestStack/Db',
        Match.stringLikeRegexp(
          'clients may open 1000 connections to the proxy .* at most 364 database connections',
        ),
      );
    });

    test('an unknown max_connections asks for maxConnections', () => {
      const { stack, vpc, db } = build({
        proxy: false,
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.C7G, ec2.InstanceSize.LARGE),
      });
      expect(db.maxConnections).toBeUndefined();
      expect(() =>
        db.connectFrom(ServiceClient.fromEcsService(fargateService(stack, vpc), { maxCapacity: 1 }), {
          poolSize: 1,
        }),
      ).toThrow(/the writer's `max_connections` is unknown .* set `maxConnections`/);
    });

    test('an invalid pool size is an error naming it', () => {
      const { stack, vpc, db } = build();
      const client = ServiceClient.fromEcsService(fargateService(stack, vpc), { maxCapacity: 1 });
      expect(() => db.connectFrom(client, { poolSize: 0 })).toThrow(
        /`poolSize` must be an integer between 1 and 10000, got: 0/,
      );
    });

    test('ServiceClient.fromEcsService checks the maxCapacity it is given', () => {
      const { stack, vpc } = build();
      expect(() => ServiceClient.fromEcsService(fargateService(stack, vpc), { maxCapacity: 1.5 })).toThrow(
        /`maxCapacity` must be a positive integer \(the most tasks the service runs\), got: 1.5/,
      );
    });

    test('a WebService is a client: its maxCapacity is its share of the budget', () => {
      const { stack, vpc, db } = build();
      const web = new WebService(stack, 'Api', {
        vpc,
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
        maxCapacity: 12,
      });
      db.connectFrom(web, { poolSize: 10 });
      expect(db.clientConnections).toEqual([
        { name: 'TestStack/Api', maxCapacity: 12, poolSize: 10, worstCaseConnections: 120 },
      ]);
      const environment = Template.fromStack(stack)
        .toJSON()
        .Resources[
          stack.getLogicalId(web.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition)
        ].Properties.ContainerDefinitions[0].Environment.map((e: { Name: string }) => e.Name);
      expect(environment).toContain('DATABASE_HOST');
    });
  });

  describe('validation', () => {
    test.each<[Partial<ReplicatedDatabaseProps>, string, RegExp]>([
      [
        { engine: DatabaseEngine.POSTGRESQL, serverlessMaxCapacity: 4 },
        'serverlessMaxCapacity',
        /applies to Aurora engines only/,
      ],
      [
        { engine: DatabaseEngine.MYSQL, maxReadReplicas: 3 },
        'maxReadReplicas',
        /RDS read replicas do not auto scale/,
      ],
      [
        { multiAz: false },
        'multiAz',
        /`multiAz` applies to RDS engines \(Aurora fails over to a reader\) only/,
      ],
      [{ allocatedStorageGiB: 50 }, 'allocatedStorageGiB', /applies to RDS engines/],
      [
        { serverlessMaxCapacity: 4, instanceType: new ec2.InstanceType('r7g.large') },
        'instanceType',
        /specify either `instanceType` or `serverlessMinCapacity\/serverlessMaxCapacity`, not both/,
      ],
      [{ serverlessMinCapacity: 0.3 }, 'serverlessMinCapacity', /multiple of 0.5 ACU, got: 0.3/],
      [
        { serverlessMinCapacity: 8, serverlessMaxCapacity: 4 },
        'serverlessMaxCapacity',
        /must be at least `serverlessMinCapacity` \(8\), got: 4/,
      ],
      [{ readReplicas: 16 }, 'readReplicas', /`readReplicas` must be an integer between 0 and 15, got: 16/],
      [
        { readReplicas: 3, maxReadReplicas: 2 },
        'maxReadReplicas',
        /must be at least `readReplicas` \(3\), got: 2/,
      ],
      [{ proxyMaxConnectionsPercent: 0 }, 'proxyMaxConnectionsPercent', /between 1 and 100, got: 0/],
      [{ slowQueryThreshold: Duration.millis(0) }, 'slowQueryThreshold', /must be a positive duration/],
      [
        { monitoringInterval: Duration.seconds(20) },
        'monitoringInterval',
        /one of 1, 5, 10, 15, 30, 60 seconds, got: 20/,
      ],
      [{ adminUsername: 'postgres' }, 'adminUsername', /not a default or reserved name .*got: 'postgres'/],
      [{ adminUsername: '9lives' }, 'adminUsername', /got: '9lives'/],
      [{ databaseName: 'my-db' }, 'databaseName', /got: 'my-db'/],
      [{ backupRetention: Duration.days(40) }, 'backupRetention', /between 1 and 35, got: 40/],
      [{ port: 80 }, 'port', /`port` must be an integer between 1150 and 65535, got: 80/],
      [{ backtrackWindow: Duration.hours(1) }, 'backtrackWindow', /applies to Aurora MySQL only/],
      [{ maxConnections: 0 }, 'maxConnections', /between 1 and 100000, got: 0/],
      [{ cpuAlarmThresholdPercent: 120 }, 'cpuAlarmThresholdPercent', /between 1 and 100, got: 120/],
    ])('%p is rejected on %s', (props, prop, message) => {
      try {
        build(props);
        throw new Error('expected a validation error');
      } catch (e) {
        expect(e).toBeInstanceOf(BlueprintValidationError);
        expect((e as BlueprintValidationError).prop).toBe(prop);
        expect((e as Error).message).toMatch(message);
        expect((e as BlueprintValidationError).constructPath).toBe('TestStack/Db');
      }
    });

    test("a VPC without isolated subnets: our error naming `vpcSubnets`, not CDK's subnet-group message", () => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }); // public and private subnets only
      let error: unknown;
      try {
        new ReplicatedDatabase(stack, 'Db', { vpc });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BlueprintValidationError);
      expect((error as BlueprintValidationError).prop).toBe('vpcSubnets');
      expect((error as Error).message).toMatch(
        /^\[TestStack\/Db\] `vpcSubnets` selects no subnet of the VPC \(.*Isolated.*\)\. Give the VPC isolated subnets .* or pass `vpcSubnets`/,
      );
      expect(
        () =>
          new ReplicatedDatabase(stack, 'Db2', {
            vpc,
            vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          }),
      ).not.toThrow();
    });

    test('existingSecret without existingInstance is rejected', () => {
      const { stack, vpc } = networkStack();
      const secret = new secretsmanager.Secret(stack, 'S');
      expect(() => new ReplicatedDatabase(stack, 'Db', { vpc, existingSecret: secret })).toThrow(
        /`existingSecret` applies to `existingInstance` only/,
      );
    });
  });

  test('property: mutations of a valid configuration build, or throw our error naming the invalid prop and value', () => {
    const mutations = [
      mutationOf('serverlessMinCapacity', [0, 0.5, 1], [{ value: -1 }, { value: 300 }, { value: 0.7 }]),
      mutationOf('serverlessMaxCapacity', [4, 16, 256], [{ value: 0.5 }, { value: 257 }, { value: 4.2 }]),
      mutationOf('readReplicas', [0, 1, 2], [{ value: -1 }, { value: 16 }, { value: 1.5 }]),
      mutationOf('maxReadReplicas', [2, 5, 15], [{ value: 0 }, { value: 16 }]),
      mutationOf('replicaScalingCpuTargetPercent', [10, 70, 90], [{ value: 9 }, { value: 91 }]),
      mutationOf('proxyMaxConnectionsPercent', [1, 50, 100], [{ value: 0 }, { value: 101 }]),
      mutationOf('port', [1150, 5433, 65535], [{ value: 1149 }, { value: 70000 }]),
      mutationOf('maxConnections', [1, 400, 100000], [{ value: 0 }, { value: 100001 }]),
      mutationOf('adminUsername', ['owner', 'dbowner'], [{ value: '_bad' }, { value: 'a'.repeat(17) }]),
      mutationOf('databaseUser', ['app', 'app_user'], [{ value: '9app' }, { value: 'postgres' }]),
      mutationOf('databaseName', ['app', 'shop_db'], [{ value: '1db' }, { value: 'my-db' }]),
      mutationOf('cpuAlarmThresholdPercent', [1, 80, 100], [{ value: 0 }, { value: 101 }]),
      mutationOf('connectionsAlarmThresholdPercent', [1, 80, 100], [{ value: 0 }, { value: 100.5 }]),
      mutationOf(
        'backupRetention',
        [Duration.days(1), Duration.days(7), Duration.days(35)],
        [{ value: Duration.days(36), shown: 'got: 36' }],
      ),
      mutationOf('parameterPrefix', ['/shop/database'], [{ value: 'shop' }]),
    ];
    const stack = propertyStack();
    const vpc = new Network(stack, 'Network').vpc;
    const numRuns = 1000;
    const run = runMutations<Omit<ReplicatedDatabaseProps, 'vpc'>, ReplicatedDatabase>({
      base: {},
      mutations,
      numRuns,
      build: (props, index) => new ReplicatedDatabase(stack, `Db${index}`, { vpc, ...props }),
    });
    for (const { props } of run.samples) {
      // The shared stack holds hundreds of databases: synthesize each sample alone, with a client.
      const sample = testStack();
      const network = new Network(sample, 'Network');
      const db = new ReplicatedDatabase(sample, 'Db', { vpc: network.vpc, ...props });
      db.connectFrom(clientService(sample, network.vpc), { poolSize: 5 });
      acknowledgeWarnings(sample);
      const template = Template.fromStack(sample);
      template.hasResourceProperties('AWS::RDS::DBCluster', {
        Engine: 'aurora-postgresql',
        Port: props.port ?? 5433,
        ServerlessV2ScalingConfiguration:
          props.serverlessMinCapacity === undefined && props.serverlessMaxCapacity === undefined
            ? Match.absent()
            : {
                MinCapacity: props.serverlessMinCapacity ?? Match.anyValue(),
                MaxCapacity: props.serverlessMaxCapacity ?? Match.anyValue(),
              },
      });
      template.resourceCountIs('AWS::RDS::DBInstance', 1 + (props.readReplicas ?? 1));
      expect(wiringFindings(sample)).toEqual([]);
    }
  });
});
