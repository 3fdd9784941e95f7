// A CI test of an architecture: a snapshot of its stable summary (scaling bounds, alarms and their
// thresholds, security settings; no logical-id hashes), plus the invariants a reviewer must never
// lose, asserted by name so a failure says what disappeared.
//
// Copy it into your project's test folder, import your own stack, and commit the snapshot:
// `npx jest -u` after an intended change, and review the snapshot diff like code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ArchitectureSummary } from 'cdk-scaling-blueprints';
import { addShopStack, ShopStack } from './architecture';

// The app sees the project's cdk.json context (feature flags, the Availability Zones cached for the
// account) as `cdk synth` does; `builtinCloudFormationValidation: false` keeps the synth fast.
const cdkJson = path.join(__dirname, '..', '..', 'cdk.json');
const context = (JSON.parse(fs.readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> })
  .context;

function synthShop(): ShopStack {
  return addShopStack(new App({ builtinCloudFormationValidation: false, context }));
}

describe('Shop architecture', () => {
  const stack = synthShop();
  const template = Template.fromStack(stack);

  test('matches the reviewed architecture', () => {
    expect(ArchitectureSummary.of(stack)).toMatchSnapshot();
  });

  test('the web tier scales between 2 and 12 tasks', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 12,
    });
  });

  test('the SLO alarms exist: p95 at 400 ms, p99, error rate, availability, users hurting', () => {
    const ids = stack.observability.alarms.map((alarm) => alarm.node.id);
    expect(ids).toEqual(
      expect.arrayContaining(['LatencyP95Alarm', 'LatencyP99Alarm', 'ErrorRateAlarm', 'AvailabilityAlarm']),
    );
    expect(stack.observability.usersHurtingAlarm).toBeDefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'TargetResponseTime',
      ExtendedStatistic: 'p95',
      Threshold: 0.4,
    });
  });

  test('the database stays encrypted, private and behind a TLS-only proxy', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', { StorageEncrypted: true });
    template.allResourcesProperties('AWS::RDS::DBInstance', { PubliclyAccessible: false });
    template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true });
  });

  test('the session store keeps TLS, encryption at rest and failover', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
  });

  test('no task gets a public IP', () => {
    template.allResourcesProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });
});
