import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { synthesizeWithFindings } from '../../../../lib';
import { summarize, vpcWithNat, wiringApp, wiringStack } from '../support';

const engine = rds.DatabaseClusterEngine.auroraPostgres({
  version: rds.AuroraPostgresEngineVersion.VER_16_4,
});

/** An Aurora cluster on a non-default port with an RDS proxy in front of it. */
function clusterWithProxy(
  app: ReturnType<typeof wiringApp>,
  id: string,
  explicitRule: 'token' | 'number' | 'none',
) {
  const stack = wiringStack(app, id);
  const vpc = vpcWithNat(stack);
  const cluster = new rds.DatabaseCluster(stack, 'Database', {
    engine,
    port: 5433,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    writer: rds.ClusterInstance.serverlessV2('Writer'),
  });
  // RDS Proxy's bind admits the proxy on the cluster's port as a reference (Endpoint.Port).
  const proxy = cluster.addProxy('Proxy', { vpc, secrets: [cluster.secret!] });
  if (explicitRule === 'number') proxy.connections.allowTo(cluster, ec2.Port.tcp(5433));
  if (explicitRule === 'token') proxy.connections.allowTo(cluster, ec2.Port.tcp(5434));
  return stack;
}

describe('Wiring-DuplicateSecurityGroupRule', () => {
  test('the same permission written once as a reference and once as a number is found', () => {
    const app = wiringApp();
    clusterWithProxy(app, 'Twice', 'number');
    clusterWithProxy(app, 'Once', 'none');
    clusterWithProxy(app, 'OtherPort', 'token');
    const { findings } = synthesizeWithFindings(app);
    const duplicates = findings.filter((f) => f.ruleId === 'Wiring-DuplicateSecurityGroupRule');
    // The database's group admits the proxy on tcp/5433 twice in one stack; nothing where it is
    // opened once or on another port. (The proxy's group allows all outbound: no egress rules.)
    expect(summarize(duplicates).map((line) => line.split(' ')[1].split('/')[0])).toEqual(['Twice']);
    expect(duplicates.map((f) => f.description).join('\n')).toMatch(
      /ingress rule .* opens the same permission as .* \(tcp\/5433 with security group .*\): EC2 refuses the second with InvalidPermission.Duplicate/,
    );
  });
});
