import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CdnFront, CdnFrontProps, LoadBalancerAccess } from '../../lib/edge/cdn-front';
import { StaticAssetsDeployment } from '../../lib/edge/static-assets-deployment';
import { Network } from '../../lib/network/network';
import { WebService } from '../../lib/service/web-service';
import { TEST_ENV, testCertificate } from '../support/app';
import { importedOriginAlb } from '../support/imported';
import type { ComplianceReport } from '../../lib';

const US_EAST_1 = { account: TEST_ENV.account, region: 'us-east-1' };

// The stacks this suite adds to the one app that constructs.compliance.test.ts synthesizes through all
// four gates (built-in validation, cdk-nag, Control Tower guard rules, WiringChecks): one per
// meaningful configuration, CdnFront in front of WebServices, and with a StaticAssetsDeployment.
export function cdnFrontCompliance(app: App): (report: ComplianceReport) => void {
  const configurations: Array<[string, (stack: Stack) => CdnFrontProps, string[]]> = [
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
        loadBalancer: importedOriginAlb(stack),
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
        loadBalancer: importedOriginAlb(stack),
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
  ];
  const stackIds = configurations.map(([, makeProps], index) => {
    const stack = new Stack(app, `Edge${index}`, { env: US_EAST_1 });
    new CdnFront(stack, 'Cdn', makeProps(stack));
    return stack.node.id;
  });

  // CdnFront in front of a WebService: a VPC origin to its internal ALB, and HTTP to a public one.
  const site = new Stack(app, 'SiteStack', { env: US_EAST_1 });
  const network = new Network(site, 'Network');
  const web = new WebService(site, 'Web', {
    vpc: network.vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
  });
  new CdnFront(site, 'Cdn', { loadBalancerOrigin: web });
  const publicSite = new Stack(app, 'PublicSiteStack', { env: US_EAST_1 });
  const publicNetwork = new Network(publicSite, 'Network');
  const publicWeb = new WebService(publicSite, 'Web', {
    vpc: publicNetwork.vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
    publicLoadBalancer: true,
  });
  new CdnFront(publicSite, 'Cdn', { loadBalancerOrigin: publicWeb });

  // CdnFront with a StaticAssetsDeployment.
  const assets = new Stack(app, 'AssetsStack', { env: US_EAST_1 });
  const assetsCdn = new CdnFront(assets, 'Cdn', { staticAssets: true });
  new StaticAssetsDeployment(assets, 'Assets', {
    cdn: assetsCdn,
    sourcePath: path.join(__dirname, '..', 'edge', 'fixtures', 'site'),
    destinationKeyPrefix: '',
  });

  return (report) =>
    describe('CdnFront passes the compliance gates', () => {
      const inStack = (stackId: string) => (f: { constructPath: string }) =>
        f.constructPath.startsWith(`${stackId}/`);

      test.each(
        configurations.map(([name, , expected], index) => [name, stackIds[index], expected] as const),
      )('%s', (_name, stackId, guardAcknowledgements) => {
        expect(report.findings.filter(inStack(stackId))).toEqual([]);
        const distribution = `${stackId}/Cdn/Resource/Resource`;
        const acknowledged = report.acknowledged.filter(inStack(stackId));
        const onDistribution = acknowledged
          .filter((f) => f.constructPath === distribution)
          .map((f) => f.ruleId)
          .sort();
        expect(onDistribution).toEqual(guardAcknowledgements);
        // Everything else acknowledged: the two alarms (actions come from Observability) and the log bucket.
        const elsewhere = acknowledged.filter((f) => f.constructPath !== distribution);
        expect([...new Set(elsewhere.map((f) => `${f.constructPath} ${f.ruleId}`))].sort()).toEqual([
          `${stackId}/Cdn/CacheHitRateAlarm/Resource cloudwatch_alarm_action_check`,
          `${stackId}/Cdn/Error5xxRateAlarm/Resource cloudwatch_alarm_action_check`,
          `${stackId}/Cdn/LogBucket/Resource s3_bucket_default_encryption_kms_check`,
          `${stackId}/Cdn/LogBucket/Resource s3_bucket_logging_enabled_check`,
        ]);
      });

      test('in front of a WebService: a VPC origin to its internal ALB, or HTTP to a public one', () => {
        expect(report.findings.filter(inStack('SiteStack'))).toEqual([]);
        expect(report.findings.filter(inStack('PublicSiteStack'))).toEqual([]);
        // HTTP to an internet-facing ALB without a certificate is the one documented exception.
        expect(
          report.acknowledged
            .filter((f) => f.ruleId === 'cloudfront_traffic_to_origin_encrypted_check')
            .map((f) => f.constructPath),
        ).toEqual(['PublicSiteStack/Cdn/Resource/Resource']);
      });

      test('with a StaticAssetsDeployment', () => {
        expect(report.findings.filter(inStack('AssetsStack'))).toEqual([]);
      });
    });
}
