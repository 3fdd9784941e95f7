import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { BlueprintValidationError } from '../../lib/errors';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CdnFront, CdnFrontProps, LoadBalancerAccess } from '../../lib/edge/cdn-front';
import { ILoadBalancerOrigin } from '../../lib/edge/load-balancer-origin';
import { testApp, testCertificate, TEST_ENV } from '../support/app';
import { importedOriginAlb } from '../support/imported';
import { InvalidValue, mutationOf, propertyStack, runMutations, wiringFindings } from '../support/property';
import { ComplianceGates } from '../../lib';

/** CloudFront-scoped WAF, its logs and CloudFront metrics live in us-east-1. */
function edgeStack(region = 'us-east-1'): Stack {
  return new Stack(testApp(), 'Edge', { env: { account: TEST_ENV.account, region } });
}

function certificate(stack: Stack, region = 'us-east-1'): acm.ICertificate {
  return testCertificate(stack, region);
}

function alb(stack: Stack, internetFacing: boolean): elbv2.ApplicationLoadBalancer {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing });
}

/** The warnings a construct recorded (Validations.addWarning), as text. */
function warnings(construct: CdnFront): string[] {
  return construct.node.metadata
    .filter((m) => m.type === 'aws:cdk:warning')
    .map((m) => JSON.stringify(m.data));
}

// Template JSON is untyped: a loose record type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function distributionConfig(template: Template): Json {
  const distributions = template.findResources('AWS::CloudFront::Distribution');
  const [only] = Object.values(distributions);
  return only.Properties.DistributionConfig;
}

function cachePolicyConfig(template: Template, id: Json): Json {
  return template.toJSON().Resources[id.Ref].Properties.CachePolicyConfig;
}

describe('CdnFront', () => {
  describe('with defaults, in front of a custom origin', () => {
    const stack = edgeStack();
    const cdn = new CdnFront(stack, 'Cdn', { originDomainName: 'app.example.com' });
    const template = Template.fromStack(stack);
    const config = distributionConfig(template);
    const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors];

    test('reaches the origin over HTTPS with TLS 1.2 only', () => {
      expect(config.Origins).toEqual([
        expect.objectContaining({
          DomainName: 'app.example.com',
          CustomOriginConfig: expect.objectContaining({
            OriginProtocolPolicy: 'https-only',
            OriginSSLProtocols: ['TLSv1.2'],
          }),
        }),
      ]);
    });

    test('compresses and redirects HTTP to HTTPS on every behavior', () => {
      expect(behaviors).toHaveLength(3);
      for (const behavior of behaviors) {
        expect(behavior).toMatchObject({ Compress: true, ViewerProtocolPolicy: 'redirect-to-https' });
      }
    });

    test('static paths: at least a day, a year by default and at most, gzip and Brotli', () => {
      expect(config.CacheBehaviors.map((b: Json) => b.PathPattern)).toEqual(['/static/*', '/assets/*']);
      for (const behavior of config.CacheBehaviors) {
        const policy = cachePolicyConfig(template, behavior.CachePolicyId);
        expect(policy.MinTTL).toBeGreaterThanOrEqual(86400);
        expect(policy.DefaultTTL).toBe(31536000);
        expect(policy.MaxTTL).toBe(31536000);
        expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
        });
        expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
      }
    });

    test('static responses get an immutable Cache-Control unless the origin sends one', () => {
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          CustomHeadersConfig: {
            Items: [
              { Header: 'Cache-Control', Value: 'public, max-age=31536000, immutable', Override: false },
            ],
          },
        }),
      });
    });

    test('dynamic default behavior honours origin Cache-Control with a zero default TTL', () => {
      const policy = cachePolicyConfig(template, config.DefaultCacheBehavior.CachePolicyId);
      expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 31536000 });
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
      });
      expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(
        expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']),
      );
    });

    test('forwards all cookies and a short header list, not the Host header, to a custom origin', () => {
      template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
        OriginRequestPolicyConfig: Match.objectLike({
          CookiesConfig: { CookieBehavior: 'all' },
          HeadersConfig: {
            HeaderBehavior: 'whitelist',
            Headers: Match.arrayWith(['Accept', 'User-Agent', 'CloudFront-Forwarded-Proto']),
          },
        }),
      });
      const headers = Object.values(template.findResources('AWS::CloudFront::OriginRequestPolicy'))[0]
        .Properties.OriginRequestPolicyConfig.HeadersConfig.Headers;
      expect(headers).not.toContain('Host');
    });

    test('adds HSTS, nosniff, frame options and referrer policy', () => {
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: {
            StrictTransportSecurity: {
              AccessControlMaxAgeSec: 63072000,
              IncludeSubdomains: true,
              Override: true,
            },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'SAMEORIGIN', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          },
        }),
      });
    });

    test('HTTP/2 and HTTP/3, IPv6, all edge locations', () => {
      expect(config).toMatchObject({
        HttpVersion: 'http2and3',
        IPV6Enabled: true,
        PriceClass: 'PriceClass_All',
      });
    });

    test('writes standard access logs to the log bucket, without cookies', () => {
      expect(config.Logging).toEqual({
        Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^CdnLogBucket/), 'RegionalDomainName'] },
        Prefix: 'cloudfront/',
        IncludeCookies: false,
      });
    });

    test('the log bucket keeps ACLs for CloudFront log delivery without granting any in the template', () => {
      template.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
          PublicAccessBlockConfiguration: Match.objectLike({
            BlockPublicAcls: true,
            RestrictPublicBuckets: true,
          }),
          AccessControl: Match.absent(),
        }),
        DeletionPolicy: 'Retain',
      });
    });

    test('a WAF web ACL with the managed rule groups and a per-IP rate limit is associated', () => {
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
        Rules: [
          Match.objectLike({
            Name: 'AWSManagedRulesAmazonIpReputationList',
            Statement: {
              ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' },
            },
          }),
          Match.objectLike({
            Name: 'RateLimitPerIp',
            Action: { Block: {} },
            Statement: {
              RateBasedStatement: { AggregateKeyType: 'IP', Limit: 2000, EvaluationWindowSec: 300 },
            },
          }),
          Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
          Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
        ],
      });
      expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CdnWebAcl/), 'Arn'] });
      // The ARN the construct exposes is the web ACL the distribution uses.
      expect(stack.resolve(cdn.webAclArn)).toEqual(config.WebACLId);
    });

    test('WAF logs go to an encrypted aws-waf-logs-* log group kept a year, with secrets redacted', () => {
      const [wafLogs] = Object.values(
        template.findResources('AWS::Logs::LogGroup', {
          Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() },
        }),
      ).filter((r) => JSON.stringify(r.Properties.LogGroupName).includes('aws-waf-logs-'));
      // WAF accepts only log groups named aws-waf-logs-*; the stack id's suffix makes the name differ
      // after a delete and re-create, so a retained log group never blocks the new stack.
      const name = wafLogs.Properties.LogGroupName['Fn::Join'][1];
      expect(name[0]).toMatch(/^aws-waf-logs-/);
      expect(JSON.stringify(name)).toContain('AWS::StackId');
      template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      });
      const logging = Object.values(template.findResources('AWS::WAFv2::LoggingConfiguration'))[0];
      expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).not.toContain(':*');
      // What WAF acted on is kept; allowed requests are in CloudFront's access logs already.
      expect(logging.Properties.LoggingFilter).toMatchObject({
        DefaultBehavior: 'DROP',
        Filters: [
          expect.objectContaining({
            Behavior: 'KEEP',
            Conditions: expect.arrayContaining([{ ActionCondition: { Action: 'BLOCK' } }]),
          }),
        ],
      });
    });

    test('wafLogAllRequests logs every inspected request', () => {
      const all = edgeStack();
      new CdnFront(all, 'Cdn', { originDomainName: 'app.example.com', wafLogAllRequests: true });
      const [logging] = Object.values(
        Template.fromStack(all).findResources('AWS::WAFv2::LoggingConfiguration'),
      );
      expect(logging.Properties.LoggingFilter).toBeUndefined();
    });

    test('publishes the additional metrics (cache hit rate, origin latency)', () => {
      template.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', {
        MonitoringSubscription: {
          RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' },
        },
      });
    });

    test('metrics are in us-east-1 with Region=Global', () => {
      const metric = cdn.metricCacheHitRate();
      expect(metric.region).toBe('us-east-1');
      expect(metric.namespace).toBe('AWS/CloudFront');
      expect(metric.dimensions).toEqual({
        DistributionId: cdn.distribution.distributionId,
        Region: 'Global',
      });
      expect(cdn.metricRequests().statistic).toBe('Sum');
      expect(cdn.metric5xxErrorRate().statistic).toBe('Average');
      expect(cdn.metric4xxErrorRate().metricName).toBe('4xxErrorRate');
      expect(cdn.metricOriginLatency().statistic).toBe('p95');
      expect(cdn.metricTotalErrorRate().metricName).toBe('TotalErrorRate');
      expect(cdn.metricBytesDownloaded().statistic).toBe('Sum');
      expect(cdn.metricRequests({ period: Duration.minutes(1) }).period.toSeconds()).toBe(60);
    });

    test('creates a 5xx-rate alarm and a cache-hit-rate alarm without actions', () => {
      expect(cdn.alarms).toHaveLength(2);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: '5xxErrorRate',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        AlarmDescription: Match.stringLikeRegexp('5xx error rate above 1 %'),
        AlarmActions: Match.absent(),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CacheHitRate',
        Threshold: 50,
        ComparisonOperator: 'LessThanThreshold',
        Dimensions: Match.arrayWith([{ Name: 'Region', Value: 'Global' }]),
        AlarmDescription: Match.stringLikeRegexp('Cache hit rate below 50 %'),
      });
    });

    test('no static bucket, no origin secret', () => {
      expect(cdn.staticBucket).toBeUndefined();
      expect(cdn.originVerifySecret).toBeUndefined();
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    });

    test('cdk-nag finds nothing; the default-certificate findings are acknowledged on the distribution', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
      const ids = ComplianceGates.listAcknowledgements(cdn.distribution).map((a) => a.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/AwsSolutions-CFR4$/),
          expect.stringMatching(/AwsSolutions-CFR1$/),
          'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check',
          'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
          'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check',
        ]),
      );
    });
  });

  describe('in front of an ALB', () => {
    /** A VPC with an ALB and one listener: the shape CloudFront must follow. */
    function albWithListener(
      stack: Stack,
      internetFacing: boolean,
      listener: { protocol: elbv2.ApplicationProtocol; port: number },
    ): elbv2.ApplicationLoadBalancer {
      const lb = alb(stack, internetFacing);
      lb.addListener('Listener', {
        ...listener,
        open: false,
        certificates:
          listener.protocol === elbv2.ApplicationProtocol.HTTPS ? [certificate(stack)] : undefined,
        defaultAction: elbv2.ListenerAction.fixedResponse(403),
      });
      return lb;
    }
    const HTTP_80 = { protocol: elbv2.ApplicationProtocol.HTTP, port: 80 };
    const HTTPS_443 = { protocol: elbv2.ApplicationProtocol.HTTPS, port: 443 };

    test('an internet-facing ALB without a certificate: HTTP to port 80 (never https-only to *.elb.amazonaws.com), Host forwarded, secret origin header', () => {
      const stack = edgeStack();
      const cdn = new CdnFront(stack, 'Cdn', { loadBalancer: albWithListener(stack, true, HTTP_80) });
      const template = Template.fromStack(stack);
      const origin = distributionConfig(template).Origins[0];
      expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alb/), 'DNSName'] });
      // Before: https-only to the ALB's DNS name, which no certificate can match: every request failed.
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'http-only', HTTPPort: 80 });
      expect(origin.OriginCustomHeaders).toEqual([
        {
          HeaderName: 'X-Origin-Verify',
          // The value of the construct's own secret, resolved by CloudFormation.
          HeaderValue: stack.resolve(
            CdnFront.originVerifyHeaders(cdn.originVerifySecret!)['X-Origin-Verify'],
          ),
        },
      ]);
      expect(JSON.stringify(origin.OriginCustomHeaders)).toContain('resolve:secretsmanager');
      template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
        OriginRequestPolicyConfig: Match.objectLike({
          HeadersConfig: Match.objectLike({ Headers: Match.arrayWith(['Host']) }),
        }),
      });
      template.resourceCountIs('AWS::CloudFront::VpcOrigin', 0);
    });

    test('CloudFront never uses a protocol or port the load balancer has no listener for', () => {
      const stack = edgeStack();
      expect(
        () =>
          new CdnFront(stack, 'Cdn', {
            loadBalancer: albWithListener(stack, true, HTTP_80),
            loadBalancerDomainName: 'origin.example.com',
          }),
      ).toThrow(
        /would connect with HTTPS on port 443, but `loadBalancer` has no such listener \(it has HTTP:80\)/,
      );
      const other = edgeStack();
      expect(
        () => new CdnFront(other, 'Cdn', { loadBalancer: albWithListener(other, true, HTTPS_443) }),
      ).toThrow(
        /would connect with HTTP on port 80, but `loadBalancer` has no such listener \(it has HTTPS:443\)/,
      );
    });

    test('loadBalancerDomainName: HTTPS to that name (on the certificate), no Host forwarded', () => {
      const stack = edgeStack();
      new CdnFront(stack, 'Cdn', {
        loadBalancer: importedOriginAlb(stack),
        loadBalancerDomainName: 'origin.example.com',
      });
      const template = Template.fromStack(stack);
      const origin = distributionConfig(template).Origins[0];
      expect(origin.DomainName).toBe('origin.example.com');
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', HTTPSPort: 443 });
      const headers = Object.values(template.findResources('AWS::CloudFront::OriginRequestPolicy'))[0]
        .Properties.OriginRequestPolicyConfig.HeadersConfig.Headers;
      expect(headers).not.toContain('Host');
    });

    test('an internal ALB becomes a CloudFront VPC origin on its HTTP listener, no secret header', () => {
      const stack = edgeStack();
      const cdn = new CdnFront(stack, 'Cdn', { loadBalancer: albWithListener(stack, false, HTTP_80) });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
        VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'http-only', HTTPPort: 80 }),
      });
      const [vpcOriginId] = Object.keys(template.findResources('AWS::CloudFront::VpcOrigin'));
      expect(distributionConfig(template).Origins[0].VpcOriginConfig).toMatchObject({
        VpcOriginId: { 'Fn::GetAtt': [vpcOriginId, 'Id'] },
      });
      expect(distributionConfig(template).Origins[0].OriginCustomHeaders).toBeUndefined();
      expect(cdn.originVerifySecret).toBeUndefined();
    });

    test('loadBalancerAccess overrides the detected access', () => {
      const stack = edgeStack();
      new CdnFront(stack, 'Cdn', {
        loadBalancer: importedOriginAlb(stack),
        loadBalancerAccess: LoadBalancerAccess.VPC_ORIGIN,
      });
      Template.fromStack(stack).resourceCountIs('AWS::CloudFront::VpcOrigin', 1);
    });

    test('cloudfrontOriginFacingPrefixListId opens the origin port on the ALB to CloudFront only', () => {
      const stack = edgeStack();
      new CdnFront(stack, 'Cdn', {
        loadBalancer: importedOriginAlb(stack),
        loadBalancerDomainName: 'origin.example.com',
        cloudfrontOriginFacingPrefixListId: 'pl-3b927c52',
      });
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: 'sg-0123456789abcdef0',
        SourcePrefixListId: 'pl-3b927c52',
        FromPort: 443,
        ToPort: 443,
      });
    });

    describe('loadBalancerOrigin: the origin the owning construct describes', () => {
      const describedOrigin = (
        stack: Stack,
        overrides: Partial<ILoadBalancerOrigin> = {},
      ): ILoadBalancerOrigin => ({
        originLoadBalancer: importedOriginAlb(stack),
        internetFacing: true,
        originProtocol: elbv2.ApplicationProtocol.HTTP,
        originPort: 80,
        ...overrides,
      });

      test('an internet-facing one: its listener, and its own origin-verify secret in the header', () => {
        const stack = edgeStack();
        const secret = new secretsmanager.Secret(stack, 'Verify');
        const cdn = new CdnFront(stack, 'Cdn', {
          loadBalancerOrigin: describedOrigin(stack, {
            originVerifyHeaderName: 'X-Origin-Verify',
            originVerifySecret: secret,
          }),
        });
        const template = Template.fromStack(stack);
        const origin = distributionConfig(template).Origins[0];
        expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'http-only', HTTPPort: 80 });
        expect(JSON.stringify(origin.OriginCustomHeaders)).toContain(
          stack.getLogicalId(secret.node.defaultChild as never),
        );
        expect(cdn.originVerifySecret).toBe(secret);
        // No second secret: the one the listener requires is the one CloudFront sends.
        template.resourceCountIs('AWS::SecretsManager::Secret', 1);
      });

      test('an internal one: a VPC origin on its port', () => {
        const stack = edgeStack();
        new CdnFront(stack, 'Cdn', {
          loadBalancerOrigin: describedOrigin(stack, { internetFacing: false, originPort: 8080 }),
        });
        Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::VpcOrigin', {
          VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'http-only', HTTPPort: 8080 }),
        });
      });

      test('HTTPS needs a name on the certificate: the ALB DNS name is refused', () => {
        const stack = edgeStack();
        const https = { originProtocol: elbv2.ApplicationProtocol.HTTPS, originPort: 443 };
        expect(
          () => new CdnFront(stack, 'Cdn', { loadBalancerOrigin: describedOrigin(stack, https) }),
        ).toThrow(
          /`loadBalancerDomainName`.*can never be the load balancer's own \*\.elb\.amazonaws\.com name/,
        );
        const ok = edgeStack();
        new CdnFront(ok, 'Cdn', {
          loadBalancerOrigin: describedOrigin(ok, { ...https, originDomainName: 'origin.example.com' }),
        });
        const origin = distributionConfig(Template.fromStack(ok)).Origins[0];
        expect(origin).toMatchObject({
          DomainName: 'origin.example.com',
          CustomOriginConfig: expect.objectContaining({ OriginProtocolPolicy: 'https-only', HTTPSPort: 443 }),
        });
      });
    });
  });

  describe('static assets', () => {
    test('a private KMS-encrypted versioned bucket behind Origin Access Control on the static paths', () => {
      const stack = edgeStack();
      const cdn = new CdnFront(stack, 'Cdn', { originDomainName: 'app.example.com', staticAssets: true });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
            }),
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'static-bucket/' }),
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      const config = distributionConfig(template);
      const s3Origin = config.Origins.find((o: Json) => o.S3OriginConfig);
      // The S3 origin is the construct's bucket, behind the one Origin Access Control.
      expect(s3Origin.DomainName).toEqual(stack.resolve(cdn.staticBucket!.bucketRegionalDomainName));
      const [oacId] = Object.keys(template.findResources('AWS::CloudFront::OriginAccessControl'));
      expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
      expect(config.CacheBehaviors.map((b: Json) => b.TargetOriginId)).toEqual([s3Origin.Id, s3Origin.Id]);
      expect(config.DefaultCacheBehavior.TargetOriginId).not.toBe(s3Origin.Id);
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    test('a static site: the bucket is the default origin with index.html as the root object', () => {
      const stack = edgeStack();
      const cdn = new CdnFront(stack, 'Cdn', { staticAssets: true });
      const config = distributionConfig(Template.fromStack(stack));
      expect(config.DefaultRootObject).toBe('index.html');
      expect(config.Origins).toHaveLength(1);
      expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(ComplianceGates.listAcknowledgements(cdn.distribution).map((a) => a.id)).not.toContain(
        'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check',
      );
    });

    test('staticPathPatterns and staticCacheTtl', () => {
      const stack = edgeStack();
      new CdnFront(stack, 'Cdn', {
        originDomainName: 'app.example.com',
        staticPathPatterns: ['/_next/static/*'],
        staticCacheTtl: Duration.days(30),
      });
      const template = Template.fromStack(stack);
      const config = distributionConfig(template);
      expect(config.CacheBehaviors.map((b: Json) => b.PathPattern)).toEqual(['/_next/static/*']);
      expect(cachePolicyConfig(template, config.CacheBehaviors[0].CachePolicyId)).toMatchObject({
        MinTTL: 86400,
        DefaultTTL: 2592000,
        MaxTTL: 2592000,
      });
    });
  });

  test('anonymousPageCaching keys the default behavior on the session cookie', () => {
    const stack = edgeStack();
    new CdnFront(stack, 'Cdn', {
      originDomainName: 'app.example.com',
      anonymousPageCaching: true,
      sessionCookieName: 'sid',
      pageCacheTtl: Duration.minutes(5),
    });
    const template = Template.fromStack(stack);
    const config = distributionConfig(template);
    expect(cachePolicyConfig(template, config.DefaultCacheBehavior.CachePolicyId)).toMatchObject({
      DefaultTTL: 300,
      ParametersInCacheKeyAndForwardedToOrigin: {
        CookiesConfig: { CookieBehavior: 'whitelist', Cookies: ['sid'] },
      },
    });
  });

  test('failoverOriginDomainName: origin group on the read-only default behavior, writes to the primary', () => {
    const stack = edgeStack();
    const cdn = new CdnFront(stack, 'Cdn', {
      originDomainName: 'app.example.com',
      failoverOriginDomainName: 'app-eu.example.com',
      writePathPatterns: ['/api/*'],
    });
    const config = distributionConfig(Template.fromStack(stack));
    expect(config.OriginGroups.Items[0]).toMatchObject({
      Members: { Quantity: 2 },
      FailoverCriteria: { StatusCodes: { Items: [500, 502, 503, 504], Quantity: 4 } },
    });
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(config.OriginGroups.Items[0].Id);
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    const api = config.CacheBehaviors.find((b: Json) => b.PathPattern === '/api/*');
    expect(api.AllowedMethods).toContain('POST');
    expect(api.TargetOriginId).not.toBe(config.OriginGroups.Items[0].Id);
    expect(ComplianceGates.listAcknowledgements(cdn.distribution).map((a) => a.id)).not.toContain(
      'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
    );
  });

  test('originShieldRegion enables Origin Shield on the origins', () => {
    const stack = edgeStack();
    new CdnFront(stack, 'Cdn', {
      originDomainName: 'app.example.com',
      staticAssets: true,
      originShieldRegion: 'eu-west-1',
    });
    const origins = distributionConfig(Template.fromStack(stack)).Origins as Json[];
    // Both origins (the application and the bucket), not a loop that could run over none.
    expect(origins.map((origin) => origin.OriginShield)).toEqual([
      { Enabled: true, OriginShieldRegion: 'eu-west-1' },
      { Enabled: true, OriginShieldRegion: 'eu-west-1' },
    ]);
  });

  test('domainNames and certificate: TLS 1.2 minimum with SNI, no default-certificate acknowledgement', () => {
    const stack = edgeStack();
    const cdn = new CdnFront(stack, 'Cdn', {
      originDomainName: 'app.example.com',
      domainNames: ['www.example.com'],
      certificate: certificate(stack),
    });
    const config = distributionConfig(Template.fromStack(stack));
    expect(config.Aliases).toEqual(['www.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(ComplianceGates.listAcknowledgements(cdn.distribution).map((a) => a.id)).not.toContain(
      'AwsSolutions::AwsSolutions-CFR4',
    );
  });

  test('geoRestriction, priceClass and rateLimitPerFiveMinutes', () => {
    const stack = edgeStack();
    const cdn = new CdnFront(stack, 'Cdn', {
      originDomainName: 'app.example.com',
      geoRestriction: cloudfront.GeoRestriction.allowlist('DE', 'FR'),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      rateLimitPerFiveMinutes: 500,
    });
    const template = Template.fromStack(stack);
    expect(distributionConfig(template)).toMatchObject({
      PriceClass: 'PriceClass_100',
      Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Locations: ['DE', 'FR'] } },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) } }),
      ]),
    });
    expect(ComplianceGates.listAcknowledgements(cdn.distribution).map((a) => a.id)).not.toContain(
      'AwsSolutions::AwsSolutions-CFR1',
    );
  });

  test('alarm thresholds are props', () => {
    const stack = edgeStack();
    new CdnFront(stack, 'Cdn', {
      originDomainName: 'app.example.com',
      errorRateAlarmThresholdPercent: 5,
      cacheHitRateAlarmThresholdPercent: 80,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xxErrorRate', Threshold: 5 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CacheHitRate', Threshold: 80 });
  });

  describe('WAF outside us-east-1', () => {
    test('a stack in another region is told how to get WAF', () => {
      const stack = edgeStack('eu-west-1');
      expect(() => new CdnFront(stack, 'Cdn', { originDomainName: 'app.example.com' })).toThrow(
        /only accepts in us-east-1, but this stack is in eu-west-1\. Put CdnFront in a us-east-1 stack \(with `crossRegionReferences: true`.*or pass `webAclArn`/,
      );
    });

    test('webAclArn associates an existing web ACL from any region; alarms need us-east-1 (warning)', () => {
      const stack = edgeStack('eu-west-1');
      const webAclArn = stack.formatArn({
        service: 'wafv2',
        region: 'us-east-1',
        resource: 'global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      });
      const cdn = new CdnFront(stack, 'Cdn', { originDomainName: 'app.example.com', webAclArn });
      expect(warnings(cdn)).toEqual([expect.stringMatching(/CloudWatch alarms cannot watch another region/)]);
      // The project runs strict: the warning fails synth until acknowledged, as a user would.
      expect(() => Template.fromStack(stack)).toThrow(/Annotation::CdnFront:NoAlarmsOutsideUsEast1/);
      Validations.of(cdn).acknowledge({
        id: 'CdnFront:NoAlarmsOutsideUsEast1',
        reason: 'alarms live in the us-east-1 stack',
      });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::WAFv2::WebACL', 0);
      expect(distributionConfig(template).WebACLId).toBe(webAclArn);
      expect(cdn.webAcl).toBeUndefined();
      expect(cdn.alarms).toEqual([]);
    });

    test('wafEnabled: false yields an acknowledgeable warning and no web ACL', () => {
      const stack = edgeStack();
      const cdn = new CdnFront(stack, 'Cdn', { originDomainName: 'app.example.com', wafEnabled: false });
      expect(warnings(cdn)).toEqual([expect.stringMatching(/`wafEnabled` is false/)]);
      Validations.of(cdn).acknowledge({ id: 'CdnFront:wafEnabled', reason: 'test' });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::WAFv2::WebACL', 0);
      expect(distributionConfig(template).WebACLId).toBeUndefined();
    });
  });

  describe('validation', () => {
    test.each<[string, (stack: Stack) => CdnFrontProps, string, RegExp]>([
      ['no origin', () => ({}), 'originDomainName', /specify an origin: `originDomainName`/],
      [
        'both origins',
        (s) => ({ originDomainName: 'app.example.com', loadBalancer: importedOriginAlb(s) }),
        'originDomainName',
        /specify either `originDomainName` or `loadBalancer`, not both/,
      ],
      [
        'origin with scheme',
        () => ({ originDomainName: 'https://app.example.com' }),
        'originDomainName',
        /got: 'https:\/\/app.example.com'/,
      ],
      [
        'load balancer prop without load balancer',
        () => ({ originDomainName: 'app.example.com', loadBalancerDomainName: 'origin.example.com' }),
        'loadBalancerDomainName',
        /only applies with `loadBalancerOrigin` or `loadBalancer`/,
      ],
      [
        'bad prefix list',
        (s) => ({ loadBalancer: importedOriginAlb(s), cloudfrontOriginFacingPrefixListId: 'sg-123' }),
        'cloudfrontOriginFacingPrefixListId',
        /must be a prefix list id such as 'pl-3b927c52', got: 'sg-123'/,
      ],
      [
        'catch-all static path',
        () => ({ originDomainName: 'a.example.com', staticPathPatterns: ['/*'] }),
        'staticPathPatterns',
        /got: '\/\*'/,
      ],
      [
        'duplicate static path',
        () => ({ originDomainName: 'a.example.com', staticPathPatterns: ['/s/*', '/s/*'] }),
        'staticPathPatterns',
        /distinct/,
      ],
      [
        'no static path with a bucket and an app',
        () => ({ originDomainName: 'a.example.com', staticAssets: true, staticPathPatterns: [] }),
        'staticPathPatterns',
        /at least one path/,
      ],
      [
        'static TTL below a day',
        () => ({ originDomainName: 'a.example.com', staticCacheTtl: Duration.hours(1) }),
        'staticCacheTtl',
        /between 1 day and 365 days, got: 1 hour/,
      ],
      [
        'static TTL above a year',
        () => ({ originDomainName: 'a.example.com', staticCacheTtl: Duration.days(400) }),
        'staticCacheTtl',
        /got: 400 days/,
      ],
      [
        'session cookie without page caching',
        () => ({ originDomainName: 'a.example.com', sessionCookieName: 'sid' }),
        'sessionCookieName',
        /only applies with `anonymousPageCaching: true`/,
      ],
      [
        'bad cookie name',
        () => ({ originDomainName: 'a.example.com', anonymousPageCaching: true, sessionCookieName: 'a b' }),
        'sessionCookieName',
        /got: 'a b'/,
      ],
      [
        'page TTL above a day',
        () => ({
          originDomainName: 'a.example.com',
          anonymousPageCaching: true,
          pageCacheTtl: Duration.days(2),
        }),
        'pageCacheTtl',
        /between 1 second and 1 day, got: 2 days/,
      ],
      [
        'Host in forwardedHeaders',
        () => ({ originDomainName: 'a.example.com', forwardedHeaders: ['Host'] }),
        'forwardedHeaders',
        /without Authorization.*or Host/,
      ],
      [
        'write paths without failover',
        () => ({ originDomainName: 'a.example.com', writePathPatterns: ['/api/*'] }),
        'writePathPatterns',
        /only applies with `failoverOriginDomainName`/,
      ],
      [
        'failover without primary',
        () => ({ staticAssets: true, failoverOriginDomainName: 'b.example.com' }),
        'failoverOriginDomainName',
        /needs a primary application origin/,
      ],
      [
        'write path also static',
        () => ({
          originDomainName: 'a.example.com',
          failoverOriginDomainName: 'b.example.com',
          writePathPatterns: ['/static/*'],
        }),
        'writePathPatterns',
        /must not share a pattern, got: '\/static\/\*'/,
      ],
      [
        'bad origin shield region',
        () => ({ originDomainName: 'a.example.com', originShieldRegion: 'Europe' }),
        'originShieldRegion',
        /got: 'Europe'/,
      ],
      [
        'webAclArn and wafEnabled false',
        () => ({ originDomainName: 'a.example.com', webAclArn: 'x', wafEnabled: false }),
        'webAclArn',
        /not both/,
      ],
      [
        'regional web ACL',
        (s) => ({
          originDomainName: 'a.example.com',
          webAclArn: s.formatArn({ service: 'wafv2', resource: 'regional/webacl/edge/abc' }),
        }),
        'webAclArn',
        /CLOUDFRONT-scoped web ACL/,
      ],
      [
        'rate limit with WAF off',
        () => ({ originDomainName: 'a.example.com', wafEnabled: false, rateLimitPerFiveMinutes: 100 }),
        'rateLimitPerFiveMinutes',
        /only applies to the web ACL CdnFront creates/,
      ],
      [
        'rate limit too low',
        () => ({ originDomainName: 'a.example.com', rateLimitPerFiveMinutes: 5 }),
        'rateLimitPerFiveMinutes',
        /between 10 and 2000000000, got: 5/,
      ],
      [
        'domain names without certificate',
        () => ({ originDomainName: 'a.example.com', domainNames: ['www.example.com'] }),
        'certificate',
        /needs a `certificate`/,
      ],
      [
        'certificate without domain names',
        (s) => ({ originDomainName: 'a.example.com', certificate: certificate(s) }),
        'domainNames',
        /needs the `domainNames`/,
      ],
      [
        'certificate outside us-east-1',
        (s) => ({
          originDomainName: 'a.example.com',
          domainNames: ['www.example.com'],
          certificate: certificate(s, 'eu-west-1'),
        }),
        'certificate',
        /in us-east-1.*got one in: eu-west-1/,
      ],
      [
        'alarm threshold above 100',
        () => ({ originDomainName: 'a.example.com', cacheHitRateAlarmThresholdPercent: 120 }),
        'cacheHitRateAlarmThresholdPercent',
        /between 0 and 100, got: 120/,
      ],
    ])('%s', (_name, makeProps, prop, message) => {
      const stack = edgeStack();
      let error: unknown;
      try {
        new CdnFront(stack, 'Cdn', makeProps(stack));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BlueprintValidationError);
      expect((error as BlueprintValidationError).prop).toBe(prop);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain('[Edge/Cdn]');
    });
  });

  test('property-based: mutations of a valid configuration build, or throw BlueprintValidationError naming the invalid prop and value', () => {
    const ttl = (d: Duration): InvalidValue => ({ value: d, shown: d.toHumanString() });
    const mutations = [
      mutationOf(
        'originDomainName',
        ['app.example.com', 'x.io', 'shop.example.org'],
        [{ value: 'bad domain' }, { value: 'https://app.example.com' }],
      ),
      mutationOf('staticAssets', [true, false], []),
      mutationOf(
        'staticPathPatterns',
        [['/static/*'], ['/img/*', '/css/*']],
        [
          { value: ['/*'], shown: "'/*'" },
          { value: ['/img/*', '/img/*'], shown: "'/img/*'" },
        ],
      ),
      mutationOf(
        'staticCacheTtl',
        [Duration.days(1), Duration.days(30), Duration.days(365)],
        [ttl(Duration.hours(23)), ttl(Duration.days(366))],
      ),
      mutationOf(
        'pageCacheTtl',
        [Duration.seconds(1), Duration.minutes(5), Duration.days(1)],
        [ttl(Duration.millis(1500)), ttl(Duration.days(2))],
      ),
      mutationOf('sessionCookieName', ['session', 'sid'], [{ value: 'bad cookie', shown: "'bad cookie'" }]),
      mutationOf(
        'forwardedHeaders',
        [['Accept-Language'], ['X-Tenant', 'CloudFront-Viewer-Country']],
        [
          { value: ['Host'], shown: '["Host"]' },
          { value: ['Authorization'], shown: '["Authorization"]' },
        ],
      ),
      mutationOf(
        'failoverOriginDomainName',
        ['app-eu.example.com', 'dr.example.net'],
        [{ value: 'not/valid' }],
      ),
      mutationOf('writePathPatterns', [['/api/*'], ['/api/*', '/graphql']], [{ value: ['*'], shown: "'*'" }]),
      mutationOf('originShieldRegion', ['us-east-1', 'eu-west-1'], [{ value: 'moon' }]),
      mutationOf(
        'rateLimitPerFiveMinutes',
        [10, 2000, 2_000_000_000],
        [{ value: 9 }, { value: 2_000_000_001 }, { value: 100.5 }],
      ),
      mutationOf('errorRateAlarmThresholdPercent', [0, 5, 100], [{ value: -1 }, { value: 120.5 }]),
      mutationOf('cacheHitRateAlarmThresholdPercent', [0, 50, 100], [{ value: 101 }, { value: -0.5 }]),
    ];
    const base: CdnFrontProps = {
      originDomainName: 'app.example.com',
      anonymousPageCaching: true,
      failoverOriginDomainName: 'app-eu.example.com',
    };
    const numRuns = 1000;
    const run = runMutations({
      base,
      mutations,
      numRuns,
      build: (props) => {
        const stack = propertyStack('Edge', 'us-east-1');
        return { stack, cdn: new CdnFront(stack, 'Cdn', props) };
      },
    });
    for (const { props, result } of run.samples) {
      const config = distributionConfig(Template.fromStack(result.stack));
      const domains = (config.Origins as Json[]).map((o) => o.DomainName);
      expect(domains).toEqual(
        expect.arrayContaining([props.originDomainName, props.failoverOriginDomainName]),
      );
      expect(wiringFindings(result.stack)).toEqual([]);
    }
  });
});
