import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { BlueprintValidationError } from '../../lib/errors';
import { AuroraGlobalCluster } from '../../lib/data/global-database';
import {
  DatabaseEngine,
  GlobalClusterOptions,
  GlobalClusterRole,
  ReplicatedDatabase,
  ReplicatedDatabaseProps,
} from '../../lib/data/replicated-database';
import { Network } from '../../lib/network/network';
import { ServiceClient } from '../../lib/service/service-client';
import { testApp } from '../support/app';
import { mutationOf, propertyApp, runMutations } from '../support/property';

const GLOBAL_ID = 'saas-db';

function regionalStack(region = 'eu-west-1'): Stack {
  return new Stack(testApp(), `Db-${region}`, { env: { account: '123456789012', region } });
}

function build(global: GlobalClusterOptions, props: Partial<ReplicatedDatabaseProps> = {}, region?: string) {
  const stack = regionalStack(region);
  const network = new Network(stack, 'Network');
  const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc, globalCluster: global, ...props });
  return {
    stack,
    db,
    vpc: network.vpc,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

const PRIMARY: GlobalClusterOptions = {
  role: GlobalClusterRole.PRIMARY,
  globalClusterIdentifier: GLOBAL_ID,
  secretReplicaRegions: ['eu-west-1'],
};
const SECONDARY: GlobalClusterOptions = {
  role: GlobalClusterRole.SECONDARY,
  globalClusterIdentifier: GLOBAL_ID,
};

function expectError(fn: () => unknown, prop: string, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BlueprintValidationError);
    expect((error as BlueprintValidationError).prop).toBe(prop);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected a BlueprintValidationError naming ${prop}`);
}

describe('AuroraGlobalCluster', () => {
  test('an empty, encrypted, deletion-protected global cluster with the engine version ReplicatedDatabase pins', () => {
    const stack = regionalStack('us-east-1');
    const global = new AuroraGlobalCluster(stack, 'Global', { globalClusterIdentifier: GLOBAL_ID });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::RDS::GlobalCluster', {
      Properties: {
        GlobalClusterIdentifier: GLOBAL_ID,
        Engine: 'aurora-postgresql',
        EngineVersion: global.engineVersion,
        StorageEncrypted: true,
        DeletionProtection: true,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // The same version as a member cluster built by ReplicatedDatabase.
    const member = build(PRIMARY, {}, 'us-east-1');
    member.template.hasResourceProperties('AWS::RDS::DBCluster', { EngineVersion: global.engineVersion });
    expect(global.engineVersion).toMatch(/^16\./);
  });

  test('Aurora MySQL; RDS engines and malformed identifiers are rejected', () => {
    const stack = regionalStack('us-east-1');
    new AuroraGlobalCluster(stack, 'Mysql', {
      globalClusterIdentifier: 'mysql-db',
      engine: DatabaseEngine.AURORA_MYSQL,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::GlobalCluster', { Engine: 'aurora-mysql' });
    expectError(
      () =>
        new AuroraGlobalCluster(stack, 'Rds', {
          globalClusterIdentifier: 'x',
          engine: DatabaseEngine.POSTGRESQL,
        }),
      'engine',
      /AURORA_POSTGRESQL or AURORA_MYSQL/,
    );
    for (const bad of ['1db', 'db-', 'a--b', 'db_1', 'x'.repeat(64)]) {
      expectError(
        () => new AuroraGlobalCluster(stack, `Bad${bad.length}${bad[0]}`, { globalClusterIdentifier: bad }),
        'globalClusterIdentifier',
        /1 to 63 letters/,
      );
    }
  });

  test('turning deletion protection off is a warning', () => {
    const stack = regionalStack('us-east-1');
    const global = new AuroraGlobalCluster(stack, 'Global', {
      globalClusterIdentifier: GLOBAL_ID,
      deletionProtection: false,
    });
    const warnings = global.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings.join('\n')).toMatch(/deletionProtection/);
  });
});

describe('ReplicatedDatabase globalCluster', () => {
  test('PRIMARY: joins the global cluster with its credentials; the secret has a generated name and replicas', () => {
    const { template, db } = build(PRIMARY, {}, 'us-east-1');
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      GlobalClusterIdentifier: GLOBAL_ID,
      MasterUsername: 'dbadmin',
      MasterUserPassword: Match.anyValue(),
      DatabaseName: 'app',
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      EnableGlobalWriteForwarding: Match.absent(),
    });
    // A generated name: a fixed one, retained with the database, would block the stack's re-creation.
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: Match.absent(),
      ReplicaRegions: [{ Region: 'eu-west-1' }],
    });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    template.resourceCountIs('AWS::RDS::DBProxy', 1);
    expect(db.globalClusterRole).toBe(GlobalClusterRole.PRIMARY);
    expect(db.globalClusterIdentifier).toBe(GLOBAL_ID);
  });

  test('SECONDARY: no credentials, no database name, its own region-local KMS key, write forwarding on', () => {
    const { template, db, stack } = build(SECONDARY);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      GlobalClusterIdentifier: GLOBAL_ID,
      EnableGlobalWriteForwarding: true,
      MasterUsername: Match.absent(),
      MasterUserPassword: Match.absent(),
      DatabaseName: Match.absent(),
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
    });
    // The key is in this stack, hence in this region.
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // No generated secret, no rotation, no proxy: all of it belongs to the primary.
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::SecretsManager::SecretTargetAttachment', 0);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    // No credentials here at all (clients use IAM tokens as the application user, which the primary
    // created and the global database replicates).
    expect(db.secret).toBeUndefined();
    expect(db.proxy).toBeUndefined();
    // A secondary has no writer: what clients are given is the reader endpoint, which forwards writes.
    expect(stack.resolve(db.endpoint)).toEqual(stack.resolve(db.readerEndpoint));
    template.resourceCountIs('Custom::AWS', 0);
  });

  test('SECONDARY: write forwarding can be turned off', () => {
    const { template } = build({ ...SECONDARY, enableWriteForwarding: false });
    template.hasResourceProperties('AWS::RDS::DBCluster', { EnableGlobalWriteForwarding: false });
  });

  test('SECONDARY: connectFrom gives the reader endpoint with write forwarding and IAM tokens, no secret; checks the budget without a proxy', () => {
    const { stack, db, vpc } = build(SECONDARY);
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
    });
    const service = new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition,
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
    });
    db.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 20 }), { poolSize: 10 });
    const template = Template.fromStack(stack);
    const container = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties
      .ContainerDefinitions[0];
    // Before: a partial secret ARN (no 6-character suffix) that ECS cannot resolve at task start.
    expect(container.Secrets).toBeUndefined();
    const environment = Object.fromEntries(
      container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
    );
    expect(environment.DATABASE_HOST).toEqual(stack.resolve(db.readerEndpoint));
    expect(environment.DATABASE_WRITER_HOST).toBeUndefined();
    expect(environment).toMatchObject({
      DATABASE_WRITE_FORWARDING: 'true',
      DATABASE_USER: 'app',
      DATABASE_IAM_AUTH: 'true',
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toMatch(
      /rds-db:connect.*DBClusterResourceId/,
    );
    expect(() =>
      db.connectFrom(ServiceClient.fromEcsService(service, { maxCapacity: 1000 }), { poolSize: 1000 }),
    ).toThrow(/connection budget/);
  });

  test('Aurora MySQL in a global database has no backtracking', () => {
    const { template } = build(PRIMARY, { engine: DatabaseEngine.AURORA_MYSQL }, 'us-east-1');
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-mysql',
      GlobalClusterIdentifier: GLOBAL_ID,
      BacktrackWindow: Match.absent(),
    });
  });

  test('Serverless v2 members are allowed', () => {
    const { template } = build(SECONDARY, { serverlessMinCapacity: 0.5, serverlessMaxCapacity: 8 });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      GlobalClusterIdentifier: GLOBAL_ID,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
    });
  });

  describe('validation', () => {
    test('Aurora engines only', () => {
      expectError(
        () => build(PRIMARY, { engine: DatabaseEngine.POSTGRESQL }),
        'globalCluster',
        /Aurora engines only/,
      );
    });

    test('a malformed global cluster identifier', () => {
      expectError(
        () => build({ ...SECONDARY, globalClusterIdentifier: 'Bad_Name' }),
        'globalCluster.globalClusterIdentifier',
        /1 to 63 letters/,
      );
    });

    test('backtrackWindow conflicts with a global database', () => {
      expectError(
        () =>
          build(
            PRIMARY,
            { engine: DatabaseEngine.AURORA_MYSQL, backtrackWindow: Duration.hours(1) },
            'us-east-1',
          ),
        'backtrackWindow',
        /not available in an Aurora Global Database/,
      );
    });

    test('role-specific options on the wrong role', () => {
      expectError(
        () => build({ ...PRIMARY, enableWriteForwarding: true }, {}, 'us-east-1'),
        'globalCluster.enableWriteForwarding',
        /SECONDARY/,
      );
      expectError(
        () => build({ ...SECONDARY, secretReplicaRegions: ['us-east-1'] }),
        'globalCluster.secretReplicaRegions',
        /PRIMARY/,
      );
    });

    test("secret replica regions must be region names other than the stack's own", () => {
      expectError(
        () => build({ ...PRIMARY, secretReplicaRegions: ['us-east-1'] }, {}, 'us-east-1'),
        'globalCluster.secretReplicaRegions',
        /other than the stack's own/,
      );
      expectError(
        () => build({ ...PRIMARY, secretReplicaRegions: ['mars-1'] }, {}, 'us-east-1'),
        'globalCluster.secretReplicaRegions',
        /region names/,
      );
    });

    test('a SECONDARY takes no proxy and no rotation settings', () => {
      expectError(() => build(SECONDARY, { proxy: true }), 'proxy', /SECONDARY/);
      expectError(
        () => build(SECONDARY, { secretRotationInterval: Duration.days(7) }),
        'secretRotationInterval',
        /rotated in the primary region/,
      );
      // proxy: false is simply the default restated.
      expect(() => build(SECONDARY, { proxy: false })).not.toThrow();
    });

    test('property: mutations of a valid global cluster build, or throw our error naming the identifier and its value', () => {
      const invalidIds = ['1saas', 'saas--db', 'saas-db-', 'saas_db', 'a'.repeat(64), ''];
      const mutations = [
        mutationOf('role', [GlobalClusterRole.PRIMARY, GlobalClusterRole.SECONDARY], []),
        mutationOf(
          'globalClusterIdentifier',
          ['saas-db', 'a', `A${'b1'.repeat(31)}`],
          invalidIds.map((id) => ({ value: id, shown: `got: '${id}'` })),
        ),
      ];
      const stack = new Stack(propertyApp(), 'Db-eu-west-1', {
        env: { account: '123456789012', region: 'eu-west-1' },
      });
      const network = new Network(stack, 'Network');
      // ReplicatedDatabase's own property test runs 1000 cases; these vary only the global cluster.
      const numRuns = 200;
      const run = runMutations<GlobalClusterOptions, ReplicatedDatabase>({
        base: SECONDARY,
        mutations,
        numRuns,
        errorProp: (prop) => `globalCluster.${prop}`,
        build: (global, index) =>
          new ReplicatedDatabase(stack, `Db${index}`, { vpc: network.vpc, globalCluster: global }),
      });
      for (const { props: global } of run.samples) {
        const { template } = build(global);
        template.hasResourceProperties('AWS::RDS::DBCluster', {
          GlobalClusterIdentifier: global.globalClusterIdentifier,
        });
      }
    });
  });
});
