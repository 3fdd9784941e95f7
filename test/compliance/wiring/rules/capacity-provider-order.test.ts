import * as ecs from 'aws-cdk-lib/aws-ecs';
import { findingsOf, summarize, taskDefinition, vpcWithNat, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

const SPOT = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];

describe('Wiring-CapacityProviderOrder', () => {
  test('a Fargate Spot service without the association dependency fails synth, naming the service', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Spot');
    const cluster = new ecs.Cluster(stack, 'Cluster', {
      vpc: vpcWithNat(stack),
      enableFargateCapacityProviders: true,
    });
    new ecs.FargateService(stack, 'Service', {
      cluster,
      taskDefinition: taskDefinition(stack, 'Task'),
      capacityProviderStrategies: SPOT,
    });
    expect(() => app.synth()).toThrow(/Wiring-CapacityProviderOrder/);
    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-CapacityProviderOrder Spot/Service/Service']);
  });

  test('one app: a dependency on the cluster passes, as does a launch type', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Spot');
    const cluster = new ecs.Cluster(stack, 'Cluster', {
      vpc: vpcWithNat(stack),
      enableFargateCapacityProviders: true,
    });
    const ordered = new ecs.FargateService(stack, 'Ordered', {
      cluster,
      taskDefinition: taskDefinition(stack, 'OrderedTask'),
      capacityProviderStrategies: SPOT,
    });
    // The association is a child of the cluster: depending on the cluster orders the service after it.
    ordered.node.addDependency(cluster);
    new ecs.FargateService(stack, 'OnDemand', {
      cluster,
      taskDefinition: taskDefinition(stack, 'OnDemandTask'),
    });
    expect(findingsOf(app)).toEqual([]);
  });
});
