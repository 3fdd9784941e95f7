import * as ecs from 'aws-cdk-lib/aws-ecs';
import { findingsOf, taskDefinition, vpcWithNat, wiringApp, wiringStack } from '../support';

const busybox = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

describe('Wiring-ExitingContainer', () => {
  test('one app: a service running busybox without a command fails; with a command, or as a non-essential sidecar, it passes', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Workers');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: vpcWithNat(stack) });
    new ecs.FargateService(stack, 'Placeholder', {
      cluster,
      taskDefinition: taskDefinition(stack, 'PlaceholderTask', { image: busybox }),
    });

    const sleeping = new ecs.FargateTaskDefinition(stack, 'SleepingTask');
    sleeping.addContainer('App', { image: busybox, command: ['sleep', 'infinity'] });
    new ecs.FargateService(stack, 'Sleeping', { cluster, taskDefinition: sleeping });

    const withSidecar = taskDefinition(stack, 'SidecarTask');
    withSidecar.addContainer('Init', { image: busybox, essential: false });
    new ecs.FargateService(stack, 'WithSidecar', { cluster, taskDefinition: withSidecar });

    expect(findingsOf(app)).toEqual(['Wiring-ExitingContainer Workers/PlaceholderTask/Resource']);
  });
});
