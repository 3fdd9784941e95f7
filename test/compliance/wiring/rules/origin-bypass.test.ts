import { Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { findingsOf, summarize, US_EAST_1, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

const HEADER = 'X-Origin-Verify';
const SECRET = 'not-so-secret-in-a-test';

type Wire = (listener: elbv2.ApplicationListener, targetGroup: elbv2.ApplicationTargetGroup) => void;

/** An ALB with an HTTP listener wired by `wire`, behind an http-only CloudFront origin. */
function edge(
  app: ReturnType<typeof wiringApp>,
  id: string,
  wire: Wire,
  options: { headers?: Record<string, string>; internetFacing?: boolean; vpcOrigin?: boolean } = {},
): Stack {
  const stack = wiringStack(app, id, US_EAST_1);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', {
    vpc,
    internetFacing: options.internetFacing ?? true,
  });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', {
    vpc,
    port: 8080,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });
  const listener = alb.addListener('Http', {
    port: 80,
    defaultAction: elbv2.ListenerAction.fixedResponse(403),
  });
  wire(listener, targetGroup);
  const originProps = {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
    customHeaders: options.headers ?? { [HEADER]: SECRET },
  };
  const origin = options.vpcOrigin
    ? origins.VpcOrigin.withApplicationLoadBalancer(alb, originProps)
    : new origins.LoadBalancerV2Origin(alb, originProps);
  new cloudfront.Distribution(stack, 'Distribution', { defaultBehavior: { origin } });
  return stack;
}

const checkedRule: Wire = (listener, targetGroup) =>
  listener.addAction('Verified', {
    priority: 10,
    conditions: [elbv2.ListenerCondition.httpHeader(HEADER, [SECRET])],
    action: elbv2.ListenerAction.forward([targetGroup]),
  });

describe('Wiring-OriginBypass', () => {
  test('a listener that forwards every request fails synth, naming the listener', () => {
    const app = wiringApp();
    edge(app, 'Open', (listener, targetGroup) => {
      // The default action forwards: the origin header is sent but never checked.
      listener.addAction('Default', { action: elbv2.ListenerAction.forward([targetGroup]) });
    });
    expect(() => app.synth()).toThrow(/Wiring-OriginBypass/);
    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-OriginBypass Open/Alb/Http/Resource']);
    expect(findings[0].description).toMatch(
      /default action forwards every request, whether or not it carries x-origin-verify/,
    );
  });

  test('one app: each way around the header fails, the checked header and the VPC origin pass', () => {
    const app = wiringApp();
    // Passes: 403 by default, forward only with the header.
    edge(app, 'Guarded', checkedRule);
    // Passes: an internal ALB behind a VPC origin cannot be reached from the internet.
    edge(
      app,
      'Private',
      (listener, targetGroup) =>
        listener.addAction('Default', { action: elbv2.ListenerAction.forward([targetGroup]) }),
      {
        internetFacing: false,
        vpcOrigin: true,
      },
    );
    // Fails: a rule forwards on a path, without the header.
    edge(app, 'PathRule', (listener, targetGroup) =>
      listener.addAction('Api', {
        priority: 10,
        conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
        action: elbv2.ListenerAction.forward([targetGroup]),
      }),
    );
    // Fails: the origin sends no secret header at all.
    edge(app, 'NoHeader', checkedRule, { headers: {} });
    // Fails: the rule checks a value CloudFront does not send.
    edge(app, 'WrongValue', (listener, targetGroup) =>
      listener.addAction('Verified', {
        priority: 10,
        conditions: [elbv2.ListenerCondition.httpHeader(HEADER, ['another-value'])],
        action: elbv2.ListenerAction.forward([targetGroup]),
      }),
    );
    // Fails: the default action answers 200 from the load balancer, not a 4xx.
    edge(app, 'FixedOk', (listener, targetGroup) => {
      listener.addAction('Default', { action: elbv2.ListenerAction.fixedResponse(200) });
      checkedRule(listener, targetGroup);
    });
    expect(findingsOf(app)).toEqual([
      'Wiring-OriginBypass FixedOk/Alb/Http/Resource',
      'Wiring-OriginBypass NoHeader/Alb/Http/Resource',
      'Wiring-OriginBypass PathRule/Alb/Http/Resource',
      'Wiring-OriginBypass WrongValue/Alb/Http/Resource',
    ]);
  });
});
