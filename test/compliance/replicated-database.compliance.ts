import { App, Stack, Validations } from 'aws-cdk-lib';
import { Network } from '../../lib/network/network';
import {
  DatabaseEngine,
  ReplicatedDatabase,
  ReplicatedDatabaseProps,
} from '../../lib/data/replicated-database';
import { clientService, TEST_ENV } from '../support/app';
import { LEGACY_POSTGRES, legacyInstance, legacySecret } from '../support/imported';
import { ComplianceGates } from '../../lib';
import type { ComplianceReport } from '../../lib';

type Configure = (stack: Stack) => Partial<ReplicatedDatabaseProps>;

function legacy(stack: Stack): Partial<ReplicatedDatabaseProps> {
  return {
    existingInstance: legacyInstance(stack, LEGACY_POSTGRES),
    existingSecret: legacySecret(stack),
    maxConnections: 800,
  };
}

// The stacks this suite adds to the one app that constructs.compliance.test.ts synthesizes through all
// four gates (built-in validation, cdk-nag, Control Tower guard rules, WiringChecks): one per
// meaningful configuration, each with a client service.
export function replicatedDatabaseCompliance(app: App): (report: ComplianceReport) => void {
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
    [
      'a proxy that takes passwords, for an existing instance',
      (stack) => ({ ...legacy(stack), proxyIamAuth: false }),
    ],
  ];
  let passwordsDb: ReplicatedDatabase | undefined;
  let passwordsWarnings: string[] = [];
  const stackIds = configurations.map(([name, configure], index) => {
    const stack = new Stack(app, `Db${index}`, { env: TEST_ENV, description: name });
    const network = new Network(stack, 'Network');
    const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc, ...configure(stack) });
    if (!db.proxyIamAuth && db.proxy) {
      passwordsDb = db;
      passwordsWarnings = db.node.metadata
        .filter((m) => m.type === 'aws:cdk:warning')
        .map((m) => String(m.data));
      // The construct's own warning, the one finding of this configuration: acknowledged, as a user would.
      Validations.of(db).acknowledge({
        id: 'Annotation::ReplicatedDatabase:proxyIamAuth',
        reason: 'the legacy application connects with the password in its secret; IAM auth comes later',
      });
    }
    const client = clientService(stack, network.vpc);
    db.connectFrom(client, { poolSize: 5 });
    return stack.node.id;
  });
  return (report) =>
    describe('ReplicatedDatabase passes the compliance gates', () => {
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
        // No gate reports the proxy itself, password authentication included: only the warning above.
        expect(report.acknowledged.filter((f) => f.constructPath.startsWith(`${stackId}/Db/Proxy`))).toEqual(
          [],
        );
        for (const finding of acknowledged.filter((f) => f.ruleId === 'cloudwatch_alarm_action_check')) {
          expect(finding.constructPath).toMatch(new RegExp(`^${stackId}/Db/\\w+Alarm/Resource$`));
        }
      });

      test('password authentication on the proxy: the construct warning is the only finding', () => {
        // Raised on the construct (acknowledged above, so the report has no finding in that stack)...
        expect(passwordsWarnings).toEqual([expect.stringContaining('`proxyIamAuth` is false')]);
        // ...and acknowledged there, the one construct warning of the stack.
        const stack = Stack.of(passwordsDb!);
        expect(
          ComplianceGates.listAcknowledgements(stack)
            .filter((a) => a.id.startsWith('Annotation::ReplicatedDatabase:'))
            .map((a) => [a.id, a.constructPath]),
        ).toEqual([['Annotation::ReplicatedDatabase:proxyIamAuth', `${stack.node.id}/Db`]]);
      });
    });
}
