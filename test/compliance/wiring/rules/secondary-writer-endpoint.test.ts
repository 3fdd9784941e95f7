import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { summarize, taskDefinition, vpcWithNat, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

describe('Wiring-SecondaryWriterEndpoint', () => {
  test("one app: a secondary cluster's writer endpoint fails, its reader endpoint passes", () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Secondary');
    // A secondary cluster of a global database: it joins the global cluster without credentials.
    const secondary = new rds.CfnDBCluster(stack, 'Cluster', {
      engine: 'aurora-postgresql',
      globalClusterIdentifier: 'global',
      enableGlobalWriteForwarding: true,
    });
    const cluster = new ecs.Cluster(stack, 'Ecs', { vpc: vpcWithNat(stack) });
    const run = (id: string, host: string) =>
      new ecs.FargateService(stack, id, {
        cluster,
        taskDefinition: taskDefinition(stack, `${id}Task`, { environment: { DATABASE_HOST: host } }),
      });
    run('Writer', secondary.attrEndpointAddress);
    run('Reader', secondary.attrReadEndpointAddress);
    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-SecondaryWriterEndpoint Secondary/WriterTask/Resource']);
    expect(findings[0].description).toMatch(
      /gives App\/DATABASE_HOST the cluster \(writer\) endpoint of Secondary\/Cluster/,
    );
  });
});
