import { Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { findingsOf, summarize, US_EAST_1, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

const HEADER = 'X-Origin-Verify';
const SECRET = 'not-so-secret-in-a-test';

/**
 * An internet-facing ALB that answers 403 unless the origin header is there: OriginBypass passes,
 * so these apps isolate OriginListener.
 */
function guardedAlb(stack: Stack, listeners: Array<{ port: number; certificate?: acm.ICertificate }>) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', {
    vpc,
    port: 8080,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });
  for (const { port, certificate } of listeners) {
    const listener = alb.addListener(`Listener${port}`, {
      port,
      certificates: certificate ? [certificate] : undefined,
      defaultAction: elbv2.ListenerAction.fixedResponse(403),
    });
    listener.addAction('Verified', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.httpHeader(HEADER, [SECRET])],
      action: elbv2.ListenerAction.forward([targetGroup]),
    });
  }
  return alb;
}

function distribution(
  stack: Stack,
  origin: cloudfront.IOrigin,
  props: Partial<cloudfront.DistributionProps> = {},
) {
  return new cloudfront.Distribution(stack, 'Distribution', { defaultBehavior: { origin }, ...props });
}

describe('Wiring-OriginListener', () => {
  test('https-only to an ALB with only an HTTP listener fails synth, naming the rule and the distribution', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Edge', US_EAST_1);
    const alb = guardedAlb(stack, [{ port: 80 }]);
    distribution(
      stack,
      new origins.LoadBalancerV2Origin(alb, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        customHeaders: { [HEADER]: SECRET },
      }),
    );
    expect(() => app.synth()).toThrow(/Wiring-OriginListener/);
    const report = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(report.findings)).toEqual(['Wiring-OriginListener Edge/Distribution/Resource']);
    expect(report.findings[0].gate).toBe('WiringChecks');
    expect(report.findings[0].description).toContain(
      'leads to load balancer Edge/Alb/Resource (listeners: HTTP:80)',
    );
    expect(report.findings[0].description).toMatch(/no listener is/);
    expect(report.findings[0].description).toMatch(/elb\.amazonaws\.com/);
  });

  test('one app: broken origins fail, working ones pass', () => {
    const app = wiringApp();
    const zone = (stack: Stack) =>
      route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        zoneName: 'example.com',
      });
    // Each stack names its ALB origin-<id>.example.com in the (shared) example.com zone.
    const customDomain = (id: string, certificateName: string) => {
      const originName = `origin-${id.toLowerCase()}.example.com`;
      const stack = wiringStack(app, id, US_EAST_1);
      const hostedZone = zone(stack);
      const certificate = new acm.Certificate(stack, 'Certificate', {
        domainName: certificateName,
        validation: acm.CertificateValidation.fromDns(hostedZone),
      });
      const alb = guardedAlb(stack, [{ port: 443, certificate }]);
      new route53.ARecord(stack, 'OriginRecord', {
        zone: hostedZone,
        recordName: `origin-${id.toLowerCase()}`,
        target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(alb)),
      });
      distribution(
        stack,
        new origins.HttpOrigin(originName, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          customHeaders: { [HEADER]: SECRET },
        }),
      );
    };
    // HTTPS to a Route 53 name of the ALB whose certificate covers it.
    customDomain('Covered', 'origin-covered.example.com');
    // The same with a wildcard certificate.
    customDomain('Wildcard', '*.example.com');
    // A certificate for another name: the TLS handshake fails.
    customDomain('Uncovered', 'other.example.com');

    // http-only to port 80: no certificate needed.
    const http = wiringStack(app, 'HttpOnly', US_EAST_1);
    distribution(
      http,
      new origins.LoadBalancerV2Origin(guardedAlb(http, [{ port: 80 }]), {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
        customHeaders: { [HEADER]: SECRET },
        readTimeout: Duration.seconds(30),
      }),
    );

    // An internal ALB is out of CloudFront's reach as a custom origin (a VPC origin reaches it).
    const internal = wiringStack(app, 'Internal', US_EAST_1);
    const internalVpc = new ec2.Vpc(internal, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const internalAlb = new elbv2.ApplicationLoadBalancer(internal, 'Alb', { vpc: internalVpc });
    internalAlb.addListener('Http', {
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(403),
    });
    distribution(
      internal,
      new origins.LoadBalancerV2Origin(internalAlb, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      }),
    );

    // match-viewer needs both listeners.
    const matchViewer = wiringStack(app, 'MatchViewer', US_EAST_1);
    distribution(
      matchViewer,
      new origins.LoadBalancerV2Origin(guardedAlb(matchViewer, [{ port: 80 }]), {
        protocolPolicy: cloudfront.OriginProtocolPolicy.MATCH_VIEWER,
        customHeaders: { [HEADER]: SECRET },
      }),
    );

    // HTTPS to the raw ALB name works when every behavior forwards the viewer Host header, the
    // distribution has aliases and the listener certificate covers them (CloudFront then checks the
    // certificate against the Host header).
    const hostForwarded = wiringStack(app, 'HostForwarded', US_EAST_1);
    const albCertificate = new acm.Certificate(hostForwarded, 'AlbCertificate', {
      domainName: 'www.example.com',
      validation: acm.CertificateValidation.fromDns(zone(hostForwarded)),
    });
    const forwardedAlb = guardedAlb(hostForwarded, [{ port: 443, certificate: albCertificate }]);
    distribution(hostForwarded, new origins.HttpOrigin('unused.example.com'), {
      domainNames: ['www.example.com'],
      certificate: acm.Certificate.fromCertificateArn(
        hostForwarded,
        'ViewerCertificate',
        hostForwarded.formatArn({ service: 'acm', resource: 'certificate', resourceName: 'viewer' }),
      ),
      defaultBehavior: {
        origin: new origins.LoadBalancerV2Origin(forwardedAlb, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          customHeaders: { [HEADER]: SECRET },
        }),
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
      },
    });

    expect(findingsOf(app)).toEqual([
      'Wiring-OriginListener Internal/Distribution/Resource',
      'Wiring-OriginListener MatchViewer/Distribution/Resource',
      'Wiring-OriginListener Uncovered/Distribution/Resource',
    ]);
  });
});
