import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { findingsOf, US_EAST_1, wiringApp, wiringStack } from '../support';

describe('Wiring-VpcOriginGateway', () => {
  test('one app: a VPC origin in a VPC without an internet gateway fails, one with a gateway passes', () => {
    const app = wiringApp();
    const edge = (id: string, subnetConfiguration?: ec2.SubnetConfiguration[]) => {
      const stack = wiringStack(app, id, US_EAST_1);
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration });
      const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: false });
      alb.addListener('Http', {
        port: 80,
        open: false,
        defaultAction: elbv2.ListenerAction.fixedResponse(200),
      });
      new cloudfront.Distribution(stack, 'Distribution', {
        defaultBehavior: {
          origin: origins.VpcOrigin.withApplicationLoadBalancer(alb, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
          }),
        },
      });
    };
    edge('Isolated', [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }]);
    edge('WithGateway');
    expect(findingsOf(app)).toEqual([
      'Wiring-VpcOriginGateway Isolated/Distribution/Origin1/VpcOrigin/Resource',
    ]);
  });
});
