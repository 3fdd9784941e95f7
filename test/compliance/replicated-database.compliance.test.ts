import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Network } from '../../lib/network/network';
import {
  DatabaseEngine,
  ReplicatedDatabase,
  ReplicatedDatabaseProps,
} from '../../lib/data/replicated-database';
import { clientService, gatedApp, TEST_ENV } from '../support/app';
import { ComplianceGates } from '../../lib';

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

// One synth through all four gates (built-in validation, cdk-nag, Control Tower guard rules,
// WiringChecks) of one app with a stack per meaningful configuration, each with a client service.
describe('ReplicatedDatabase passes the compliance gates', () => {
  const configurations: Array<[string, Configure]> = [
    ['defaults (Aurora PostgreSQL)', () => ({})],
    ['Aurora MySQL', () => ({ engine: DatabaseEngine.AURORA_MYSQL })],
    [
      'Aurora Serverless v2 with replica auto scaling',
      () => ({ serverlessMaxCapacity: 8, maxReadReplicas: 3 }),
    ],
    ['RDS for PostgreSQL', () => ({ engine: DatabaseEngine.POSTGRESQL })],
    ['RDS for MySQL', () => ({ engine: DatabaseEngine.MYSQL })],
    ['replicas and a proxy for an existing instance', legacy],
  ];
  const app = gatedApp();
  const stackIds = configurations.map(([name, configure], index) => {
    const stack = new Stack(app, `Db${index}`, { env: TEST_ENV, description: name });
    const network = new Network(stack, 'Network');
    const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc, ...configure(stack) });
    const client = clientService(stack, network.vpc);
    db.connectFrom(client, { poolSize: 5 });
    return stack.node.id;
  });
  const report = ComplianceGates.synthesizeWithFindings(app);

  test.each(configurations.map(([name], index) => [name, stackIds[index]]))('%s', (_name, stackId) => {
    const inStack = (f: { constructPath: string }) => f.constructPath.startsWith(`${stackId}/`);
    expect(report.findings.filter(inStack)).toEqual([]);
    // Acknowledged on the database's own resources: the alarms' missing actions (Observability adds
    // the topic), the deploy-time Data API handler that creates the application user, and AZ names
    // CDK writes out itself (replicas of an existing instance).
    const acknowledged = report.acknowledged.filter((f) => f.constructPath.startsWith(`${stackId}/Db/`));
    expect(acknowledged.map((f) => f.ruleId)).toContain('cloudwatch_alarm_action_check');
    for (const ruleId of new Set(acknowledged.map((f) => f.ruleId))) {
      expect(['W3010', 'cloudwatch_alarm_action_check']).toContain(ruleId);
    }
    for (const finding of acknowledged.filter((f) => f.ruleId === 'cloudwatch_alarm_action_check')) {
      expect(finding.constructPath).toMatch(new RegExp(`^${stackId}/Db/\\w+Alarm/Resource$`));
    }
  });

  test('nothing else in the app has a finding', () => {
    expect(report.findings).toEqual([]);
  });
});
