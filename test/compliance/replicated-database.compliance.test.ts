import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { synthesizeWithFindings } from '../../lib/compliance/synthesize-with-findings';
import { Network } from '../../lib/network/network';
import {
  DatabaseEngine,
  ReplicatedDatabase,
  ReplicatedDatabaseProps,
} from '../../lib/data/replicated-database';
import { gatedApp, TEST_ENV } from '../support/app';

type Configure = (stack: Stack) => Partial<ReplicatedDatabaseProps>;

function legacy(stack: Stack): Partial<ReplicatedDatabaseProps> {
  return {
    existingInstance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Legacy', {
      instanceIdentifier: 'legacy-db',
      instanceEndpointAddress: 'legacy-db.abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'LegacySg', 'sg-0123456789abcdef0')],
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_14 }),
    }),
    existingSecret: secretsmanager.Secret.fromSecretCompleteArn(
      stack,
      'LegacySecret',
      stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: 'legacy-AbCdEf',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ),
    maxConnections: 800,
  };
}

// One full synth per meaningful configuration through all three gates (built-in validation,
// cdk-nag, Control Tower guard rules).
describe('ReplicatedDatabase passes the three compliance gates', () => {
  test.each<[string, Configure]>([
    ['defaults (Aurora PostgreSQL)', () => ({})],
    ['Aurora MySQL', () => ({ engine: DatabaseEngine.AURORA_MYSQL })],
    [
      'Aurora Serverless v2 with replica auto scaling',
      () => ({ serverlessMaxCapacity: 8, maxReadReplicas: 3 }),
    ],
    ['RDS for PostgreSQL', () => ({ engine: DatabaseEngine.POSTGRESQL })],
    ['RDS for MySQL', () => ({ engine: DatabaseEngine.MYSQL })],
    ['replicas and a proxy for an existing instance', legacy],
  ])('%s', (_name, configure) => {
    const app = gatedApp();
    const stack = new Stack(app, 'DbStack', { env: TEST_ENV });
    const network = new Network(stack, 'Network');
    new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc, ...configure(stack) });
    const report = synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    // Acknowledged next to their resources: the alarms' missing actions (Observability adds the
    // topic), CDK's own VPC default-SG handler (Network) and AZ names CDK writes out itself.
    expect([...new Set(report.acknowledged.map((f) => f.ruleId))].sort()).toEqual([
      'W3010',
      'cloudwatch_alarm_action_check',
      'lambda_inside_vpc_check',
    ]);
    for (const finding of report.acknowledged.filter((f) => f.ruleId === 'cloudwatch_alarm_action_check')) {
      expect(finding.constructPath).toMatch(/^DbStack\/Db\/\w+Alarm\/Resource$/);
    }
  });
});
