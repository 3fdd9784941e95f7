import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CdnFront, CdnFrontProps, LoadBalancerAccess } from '../../lib/edge/cdn-front';
import { StaticAssetsDeployment } from '../../lib/edge/static-assets-deployment';
import { Network } from '../../lib/network/network';
import { WebService } from '../../lib/service/web-service';
import { gatedApp, TEST_ENV, testCertificate } from '../support/app';
import { ComplianceGates } from '../../lib';

const US_EAST_1 = { account: TEST_ENV.account, region: 'us-east-1' };

/** An existing ALB given by attributes: its own findings belong to WebService, not to CdnFront. */
function importedAlb(stack: Stack): elbv2.IApplicationLoadBalancer {
  return elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
    loadBalancerArn: stack.formatArn({
      service: 'elasticloadbalancing',
      resource: 'loadbalancer',
      resourceName: 'app/web/0123456789abcdef',
    }),
    loadBalancerDnsName: 'web-123.us-east-1.elb.amazonaws.com',
    securityGroupId: 'sg-0123456789abcdef0',
  });
}

// One full synth through all three gates per meaningful configuration.
describe('CdnFront passes the three compliance gates', () => {
  test.each<[string, (stack: Stack) => CdnFrontProps, string[]]>([
    [
      'custom origin, defaults',
      () => ({ originDomainName: 'app.example.com' }),
      [
        'cloudfront_custom_ssl_certificate_check',
        'cloudfront_default_root_object_configured_check',
        'cloudfront_origin_failover_enabled_check',
        'cloudfront_security_policy_check',
        'cloudfront_sni_enabled_check',
      ],
    ],
    [
      'public imported ALB over HTTPS with static assets, defaults',
      (stack) => ({
        loadBalancer: importedAlb(stack),
        loadBalancerDomainName: 'origin.example.com',
        staticAssets: true,
      }),
      [
        'cloudfront_custom_ssl_certificate_check',
        'cloudfront_default_root_object_configured_check',
        'cloudfront_origin_failover_enabled_check',
        'cloudfront_security_policy_check',
        'cloudfront_sni_enabled_check',
      ],
    ],
    [
      'VPC origin, custom domain, failover, page caching, origin shield',
      (stack) => ({
        loadBalancer: importedAlb(stack),
        loadBalancerAccess: LoadBalancerAccess.VPC_ORIGIN,
        loadBalancerDomainName: 'origin.example.com',
        cloudfrontOriginFacingPrefixListId: 'pl-3b927c52',
        staticAssets: true,
        failoverOriginDomainName: 'origin-eu.example.com',
        writePathPatterns: ['/api/*'],
        anonymousPageCaching: true,
        pageCacheTtl: Duration.minutes(5),
        originShieldRegion: 'us-east-1',
        domainNames: ['www.example.com'],
        certificate: testCertificate(stack),
      }),
      ['cloudfront_default_root_object_configured_check'],
    ],
  ])('%s', (_name, makeProps, guardAcknowledgements) => {
    const app = gatedApp();
    const stack = new Stack(app, 'EdgeStack', { env: US_EAST_1 });
    new CdnFront(stack, 'Cdn', makeProps(stack));
    const report = ComplianceGates.synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    const onDistribution = report.acknowledged
      .filter((f) => f.constructPath === 'EdgeStack/Cdn/Resource/Resource')
      .map((f) => f.ruleId)
      .sort();
    expect(onDistribution).toEqual(guardAcknowledgements);
    // Everything else acknowledged: the two alarms (actions come from Observability) and the log bucket.
    const elsewhere = report.acknowledged.filter(
      (f) => f.constructPath !== 'EdgeStack/Cdn/Resource/Resource',
    );
    expect([...new Set(elsewhere.map((f) => `${f.constructPath} ${f.ruleId}`))].sort()).toEqual([
      'EdgeStack/Cdn/CacheHitRateAlarm/Resource cloudwatch_alarm_action_check',
      'EdgeStack/Cdn/Error5xxRateAlarm/Resource cloudwatch_alarm_action_check',
      'EdgeStack/Cdn/LogBucket/Resource s3_bucket_default_encryption_kms_check',
      'EdgeStack/Cdn/LogBucket/Resource s3_bucket_logging_enabled_check',
    ]);
  });
});

test('CdnFront in front of a WebService (a VPC origin to its internal ALB) passes all four gates', () => {
  const app = gatedApp();
  const stack = new Stack(app, 'SiteStack', { env: US_EAST_1 });
  const network = new Network(stack, 'Network');
  const web = new WebService(stack, 'Web', {
    vpc: network.vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
  });
  new CdnFront(stack, 'Cdn', { loadBalancerOrigin: web });
  const publicOne = new Stack(app, 'PublicSiteStack', { env: US_EAST_1 });
  const publicNetwork = new Network(publicOne, 'Network');
  const publicWeb = new WebService(publicOne, 'Web', {
    vpc: publicNetwork.vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
    publicLoadBalancer: true,
  });
  new CdnFront(publicOne, 'Cdn', { loadBalancerOrigin: publicWeb });
  const report = ComplianceGates.synthesizeWithFindings(app);
  expect(report.findings).toEqual([]);
  // HTTP to an internet-facing ALB without a certificate is the one documented exception.
  expect(
    report.acknowledged
      .filter((f) => f.ruleId === 'cloudfront_traffic_to_origin_encrypted_check')
      .map((f) => f.constructPath),
  ).toEqual(['PublicSiteStack/Cdn/Resource/Resource']);
});

test('CdnFront with a StaticAssetsDeployment passes the three gates', () => {
  const app = gatedApp();
  const stack = new Stack(app, 'EdgeStack', { env: US_EAST_1 });
  const cdn = new CdnFront(stack, 'Cdn', { staticAssets: true });
  new StaticAssetsDeployment(stack, 'Assets', {
    cdn,
    sourcePath: path.join(__dirname, '..', 'edge', 'fixtures', 'site'),
    destinationKeyPrefix: '',
  });
  const report = ComplianceGates.synthesizeWithFindings(app);
  expect(report.findings).toEqual([]);
});
