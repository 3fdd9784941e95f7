import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { summarize, taskDefinition, vpcWithNat, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

/** A Fargate service whose container listens on 8080, and an internal ALB. */
function service(stack: Stack) {
  const vpc = vpcWithNat(stack);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const fargate = new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition: taskDefinition(stack, 'Task', { port: 8080 }),
  });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
  const listener = alb.addListener('Http', { port: 80, open: false });
  return { vpc, fargate, listener };
}

describe('Wiring-TargetPort', () => {
  test('one app: a target group on the wrong ports and a security group that shuts the ALB out fail; addTargets passes', () => {
    const app = wiringApp();

    // Passes: CDK's addTargets registers the container port and opens the service's group to the ALB.
    const good = wiringStack(app, 'Good');
    const wired = service(good);
    wired.listener.addTargets('Web', { port: 8080, targets: [wired.fargate] });

    // Fails: the target group listens on 80 and checks health on 9000, the container maps 8080, and no
    // ingress rule lets the ALB's security group in.
    const bad = wiringStack(app, 'Bad');
    const broken = service(bad);
    const targetGroup = new elbv2.ApplicationTargetGroup(bad, 'Targets', {
      vpc: broken.vpc,
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { port: '9000' },
    });
    broken.listener.addTargetGroups('Web', { targetGroups: [targetGroup] });
    // Registered by hand (an escape hatch), so nothing adds the security-group rule.
    (broken.fargate.node.defaultChild as ecs.CfnService).addPropertyOverride('LoadBalancers', [
      { ContainerName: 'App', ContainerPort: 8080, TargetGroupArn: targetGroup.targetGroupArn },
    ]);

    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-TargetPort Bad/Service/Service']);
    const message = findings[0].description;
    expect(message).toMatch(/target group Bad\/Targets\/Resource has port 80, the container port is 8080/);
    expect(message).toMatch(/checks health on port 9000, not 8080/);
    expect(message).toMatch(/do not admit load balancer Bad\/Alb\/Resource's security groups on port 8080/);
  });

  test('a container port the container does not map is named', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Stack');
    const { fargate, listener } = service(stack);
    listener.addTargets('Web', {
      port: 8080,
      targets: [fargate.loadBalancerTarget({ containerName: 'App', containerPort: 8080 })],
    });
    (fargate.node.defaultChild as ecs.CfnService).addPropertyOverride('LoadBalancers.0.ContainerPort', 9090);
    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-TargetPort Stack/Service/Service']);
    expect(findings[0].description).toMatch(/container App maps port 8080, not 9090/);
  });

  test('a load balancer whose security group restricts egress must let traffic out to the tasks', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Stack');
    const vpc = vpcWithNat(stack);
    const serviceGroup = new ec2.SecurityGroup(stack, 'ServiceGroup', { vpc });
    const albGroup = new ec2.SecurityGroup(stack, 'AlbGroup', { vpc, allowAllOutbound: false });
    const fargate = new ecs.FargateService(stack, 'Service', {
      cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
      taskDefinition: taskDefinition(stack, 'Task', { port: 8080 }),
      securityGroups: [serviceGroup],
    });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, securityGroup: albGroup });
    const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', {
      vpc,
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
    });
    alb.addListener('Http', { port: 80, open: false, defaultTargetGroups: [targetGroup] });
    // The tasks admit the ALB, but the ALB's group lets nothing out.
    serviceGroup.addIngressRule(albGroup, ec2.Port.tcp(8080));
    (fargate.node.defaultChild as ecs.CfnService).addPropertyOverride('LoadBalancers', [
      { ContainerName: 'App', ContainerPort: 8080, TargetGroupArn: targetGroup.targetGroupArn },
    ]);
    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-TargetPort Stack/Service/Service']);
    expect(findings[0].description).toMatch(
      /restrict egress and do not let it reach the service on port 8080/,
    );
    expect(findings[0].description).not.toMatch(/do not admit/);
  });
});
