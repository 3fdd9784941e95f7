import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { findingsOf, US_EAST_1, wiringApp, wiringStack } from '../support';

describe('Wiring-HealthCheckTarget', () => {
  test('one app: an HTTPS check of an HTTP-only load balancer fails; HTTP and outside names pass', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Checks');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      zoneName: 'example.com',
    });
    new route53.ARecord(stack, 'Api', {
      zone,
      recordName: 'api',
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(alb)),
    });
    const check = (id: string, type: route53.HealthCheckType, fqdn: string) =>
      new route53.HealthCheck(stack, id, { type, fqdn, resourcePath: '/health' });
    check('Https', route53.HealthCheckType.HTTPS, 'api.example.com');
    check('Http', route53.HealthCheckType.HTTP, 'api.example.com');
    check('Outside', route53.HealthCheckType.HTTPS, 'status.example.org');
    expect(findingsOf(app)).toEqual(['Wiring-HealthCheckTarget Checks/Https/Resource']);
  });

  test('a distribution answers on 80 and 443 only, and over HTTPS only to its aliases', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Edge', US_EAST_1);
    const distribution = new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: { origin: new origins.HttpOrigin('app-origin.example.com') },
      domainNames: ['www.example.com'],
      certificate: acm.Certificate.fromCertificateArn(
        stack,
        'Certificate',
        stack.formatArn({
          service: 'acm',
          resource: 'certificate',
          resourceName: '11111111-2222-3333-4444-555555555555',
        }),
      ),
    });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      zoneName: 'example.com',
    });
    new route53.ARecord(stack, 'Www', {
      zone,
      recordName: 'www',
      target: route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(distribution)),
    });
    new route53.HealthCheck(stack, 'Good', { type: route53.HealthCheckType.HTTPS, fqdn: 'www.example.com' });
    new route53.HealthCheck(stack, 'OddPort', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: 'www.example.com',
      port: 8443,
    });
    expect(findingsOf(app)).toEqual(['Wiring-HealthCheckTarget Edge/OddPort/Resource']);
  });
});
