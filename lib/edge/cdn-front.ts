import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { IObservable, Observation } from '../observability/observable';
import { addAlarm } from '../private/alarms';
import { CLOUDFRONT_REGION } from '../private/cloudfront-regions';
import { secureKey } from '../private/kms-keys';
import { secureLogBucket } from '../private/log-bucket';
import { CdnFrontProps, LoadBalancerAccess } from './cdn-front-props';
import { acknowledgeDistributionFindings } from './private/cdn-acknowledgements';
import { cdnBehaviors } from './private/cdn-behaviors';
import { CdnAlarmThresholds, cdnObservation } from './private/cdn-observation';
import {
  createAppOrigin,
  httpsOrigin,
  LoadBalancerOriginPlan,
  ORIGIN_VERIFY_HEADER,
  originVerifyHeaders,
  planLoadBalancerOrigin,
} from './private/cdn-origins';
import { createCdnPolicies, createOriginRequestPolicy } from './private/cdn-policies';
import { validateCdnFrontProps } from './private/validate-cdn-front-props';
import { createWebAcl } from './private/web-acl';

export * from './cdn-front-props';

/** The status codes on which CloudFront fails over to the second application origin. */
const FAILOVER_STATUS_CODES = [500, 502, 503, 504];

/**
 * CloudFront in front of an application (an ALB or an existing origin) and/or a static-asset
 * bucket, with the cache policy each path needs, a WAF web ACL, security headers, access logs,
 * additional metrics and default alarms.
 *
 * - the default behavior is dynamic: it honours the origin's `Cache-Control` with a zero default
 *   TTL and forwards cookies, query strings and a short list of headers; optionally it caches
 *   anonymous pages keyed on the session cookie;
 * - `staticPathPatterns` get a far-future (one year, immutable) cache policy for versioned files;
 * - every behavior compresses (gzip and Brotli), redirects HTTP to HTTPS and adds HSTS,
 *   `X-Content-Type-Options`, `X-Frame-Options` and `Referrer-Policy`;
 * - the web ACL runs the AWS managed IP-reputation, common and known-bad-inputs rule groups and a
 *   per-IP rate limit, and logs to an encrypted `aws-waf-logs-*` log group.
 *
 * CloudFront-scoped WAF lives in us-east-1 only: put CdnFront in a us-east-1 stack (with
 * `crossRegionReferences` to reach resources in other regions) or pass `webAclArn`.
 *
 * @example
 * const stack = new Stack(app, 'Edge', { env: { region: 'us-east-1' } });
 * const cdn = new CdnFront(stack, 'Cdn', {
 *   originDomainName: 'app.example.com',
 *   staticAssets: true,
 *   domainNames: ['www.example.com'],
 *   certificate,
 * });
 */
export class CdnFront extends Construct implements IObservable {
  /** The header CloudFront adds to requests to a public ALB (see `originVerifySecret`). */
  public static readonly ORIGIN_VERIFY_HEADER = ORIGIN_VERIFY_HEADER;

  /**
   * The custom origin headers that carry `secret` in `X-Origin-Verify`, for an origin added to the
   * distribution outside CdnFront (an extra behavior) that reaches a load balancer requiring it.
   */
  public static originVerifyHeaders(secret: secretsmanager.ISecret): Record<string, string> {
    return originVerifyHeaders(secret);
  }

  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The static-asset bucket, when `staticAssets` is on. */
  public readonly staticBucket?: s3.Bucket;
  /** The web ACL CdnFront created (absent with `webAclArn` or `wafEnabled: false`). */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The ARN of the web ACL associated with the distribution (created or given). */
  public readonly webAclArn?: string;
  /** The log group receiving the WAF logs, when CdnFront created the web ACL. */
  public readonly wafLogGroup?: logs.LogGroup;
  /** The bucket receiving CloudFront standard access logs (and the static bucket's access logs). */
  public readonly logBucket: s3.Bucket;
  /** The cache policy of the static paths. */
  public readonly staticCachePolicy: cloudfront.CachePolicy;
  /** The cache policy of the default (dynamic) behavior. */
  public readonly dynamicCachePolicy: cloudfront.CachePolicy;
  /** The origin request policy of the behaviors that reach the application. */
  public readonly originRequestPolicy?: cloudfront.OriginRequestPolicy;
  /** Security headers on dynamic responses. */
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** Security headers plus `Cache-Control: immutable` on static responses. */
  public readonly staticResponseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /**
   * The secret whose value CloudFront sends in `X-Origin-Verify` to an internet-facing ALB: the
   * `loadBalancerOrigin`'s own (its listener already requires it), or one CdnFront created for a
   * `loadBalancer` (make its listener forward only requests carrying it).
   */
  public readonly originVerifySecret?: secretsmanager.ISecret;
  /** The default alarms (5xx error rate, cache hit rate), without actions: Observability adds them. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  private readonly stackInCloudFrontRegion: boolean;
  private readonly alarmThresholds: CdnAlarmThresholds;

  constructor(scope: Construct, id: string, props: CdnFrontProps) {
    super(scope, id);
    validateCdnFrontProps(this, props);
    const stack = Stack.of(this);
    this.stackInCloudFrontRegion = Token.isUnresolved(stack.region) || stack.region === CLOUDFRONT_REGION;
    this.alarmThresholds = {
      errorRatePercent: props.errorRateAlarmThresholdPercent ?? 1,
      cacheHitRatePercent: props.cacheHitRateAlarmThresholdPercent ?? 50,
      alarmsCreated: this.stackInCloudFrontRegion,
    };
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    // CloudFront standard logs (legacy) are written with ACLs: the bucket keeps ACLs enabled with
    // BUCKET_OWNER_PREFERRED ownership, no ACL is granted in the template (CT.S3.PR.5) and
    // CloudFront adds its log-delivery grant itself. Standard logging v2 would need CloudWatch
    // Logs delivery resources in us-east-1 and is invisible to the checkers (CFR3, CT.CLOUDFRONT.PR.5).
    this.logBucket = secureLogBucket(this, 'LogBucket', {
      retention: props.accessLogRetention ?? Duration.days(365),
      removalPolicy,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    });
    this.staticBucket = props.staticAssets ? this.createStaticBucket(removalPolicy) : undefined;
    const policies = createCdnPolicies(this, props);
    this.staticCachePolicy = policies.staticCachePolicy;
    this.dynamicCachePolicy = policies.dynamicCachePolicy;
    this.responseHeadersPolicy = policies.responseHeadersPolicy;
    this.staticResponseHeadersPolicy = policies.staticResponseHeadersPolicy;

    const albPlan = planLoadBalancerOrigin(this, props);
    this.originVerifySecret =
      albPlan?.access === LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER
        ? albPlan.verifySecret
        : props.originVerifySecret;
    const appOrigin = createAppOrigin(props, albPlan);
    // Over HTTP to a load balancer, the viewer's Host header lets the application build its own URLs.
    const forwardHost = albPlan !== undefined && albPlan.protocol === elbv2.ApplicationProtocol.HTTP;
    this.originRequestPolicy = appOrigin ? createOriginRequestPolicy(this, props, forwardHost) : undefined;
    const staticOrigin = this.staticBucket
      ? origins.S3BucketOrigin.withOriginAccessControl(this.staticBucket, {
          originShieldRegion: props.originShieldRegion,
        })
      : undefined;
    const failoverOrigin =
      appOrigin && props.failoverOriginDomainName
        ? new origins.OriginGroup({
            primaryOrigin: appOrigin,
            fallbackOrigin: httpsOrigin(props.failoverOriginDomainName, props),
            fallbackStatusCodes: FAILOVER_STATUS_CODES,
          })
        : undefined;
    const behaviors = cdnBehaviors(props, policies, {
      app: appOrigin,
      static: staticOrigin,
      failover: failoverOrigin,
      originRequestPolicy: this.originRequestPolicy,
    });

    const waf = this.webAclFor(props, removalPolicy);
    this.webAcl = waf.webAcl;
    this.webAclArn = waf.webAclArn;
    this.wafLogGroup = waf.logGroup;
    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `${this.node.path}`.slice(0, 128),
      ...behaviors,
      domainNames: props.domainNames,
      certificate: props.certificate,
      // Only meaningful with a custom certificate (the default one is pinned to TLSv1, no SNI choice).
      minimumProtocolVersion: props.certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      sslSupportMethod: props.certificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_ALL,
      geoRestriction: props.geoRestriction,
      defaultRootObject: props.defaultRootObject ?? (appOrigin ? undefined : 'index.html'),
      webAclId: this.webAclArn,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      publishAdditionalMetrics: true,
    });
    this.acknowledgeFindings(props, albPlan, appOrigin !== undefined, failoverOrigin !== undefined);
    this.createAlarms();
  }

  /**
   * What this distribution offers an Observability: the 5xx rate and cache hit rate with the
   * thresholds of its own alarms, origin latency against the p95 latency SLO, its graphs and alarms.
   */
  public observation(): Observation {
    return cdnObservation(this, this.alarmThresholds);
  }

  /**
   * Return the given CloudFront metric of this distribution: namespace `AWS/CloudFront`, region
   * us-east-1, dimensions `DistributionId` and `Region=Global`.
   *
   * @default - average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      dimensionsMap: { DistributionId: this.distribution.distributionId, Region: 'Global' },
      region: CLOUDFRONT_REGION,
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * Viewer requests, all methods, HTTP and HTTPS.
   *
   * @default - sum over 5 minutes
   */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Requests', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Percentage of viewer requests answered with a 4xx status.
   *
   * @default - average over 5 minutes
   */
  public metric4xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('4xxErrorRate', props);
  }

  /**
   * Percentage of viewer requests answered with a 5xx status.
   *
   * @default - average over 5 minutes
   */
  public metric5xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5xxErrorRate', props);
  }

  /**
   * Percentage of viewer requests answered with a 4xx or 5xx status.
   *
   * @default - average over 5 minutes
   */
  public metricTotalErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TotalErrorRate', props);
  }

  /**
   * Percentage of cacheable requests served from the CloudFront cache (an additional metric,
   * enabled by CdnFront).
   *
   * @default - average over 5 minutes
   */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheHitRate', props);
  }

  /**
   * Time to first byte from the origin, in milliseconds, for requests not served from the cache
   * (an additional metric, enabled by CdnFront).
   *
   * @default - p95 over 5 minutes
   */
  public metricOriginLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('OriginLatency', { statistic: cloudwatch.Stats.p(95), ...props });
  }

  /**
   * Bytes downloaded by viewers (GET, HEAD, OPTIONS).
   *
   * @default - sum over 5 minutes
   */
  public metricBytesDownloaded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BytesDownloaded', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** The private, encrypted, versioned bucket of the static assets (`StaticBucket`). */
  private createStaticBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    return new s3.Bucket(this, 'StaticBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: secureKey(this, 'StaticBucketKey', `Encrypts the static assets of ${this.node.path}`),
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'static-bucket/',
      removalPolicy,
      lifecycleRules: [
        {
          id: 'ExpireOldVersions',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }

  /** The web ACL: created here, given by ARN, or none (with a warning). */
  private webAclFor(
    props: CdnFrontProps,
    removalPolicy: RemovalPolicy,
  ): { webAcl?: wafv2.CfnWebACL; webAclArn?: string; logGroup?: logs.LogGroup } {
    if (props.wafEnabled === false) {
      Validations.of(this).addWarning(
        'CdnFront:wafEnabled',
        '`wafEnabled` is false: the distribution has no WAF web ACL, so floods and common exploits reach the ' +
          'origin unfiltered. Remove `wafEnabled: false` (in a us-east-1 stack) or pass `webAclArn`.',
      );
      return {};
    }
    if (props.webAclArn !== undefined) return { webAclArn: props.webAclArn };
    const webAcl = createWebAcl(
      this,
      props.rateLimitPerFiveMinutes ?? 2000,
      props.blockLargeRequestBodies ?? false,
      props.wafLogAllRequests ?? false,
      removalPolicy,
    );
    return {
      webAcl,
      webAclArn: webAcl.attrArn,
      logGroup: this.node.tryFindChild('WafLogs') as logs.LogGroup,
    };
  }

  private acknowledgeFindings(
    props: CdnFrontProps,
    albPlan: LoadBalancerOriginPlan | undefined,
    hasAppOrigin: boolean,
    hasFailover: boolean,
  ): void {
    if (this.staticBucket) {
      Validations.of(this).acknowledge({
        id: '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        reason:
          'The static bucket key lets CloudFront decrypt for any distribution of this account (SourceArn ' +
          'distribution/*) because naming this one would make key, bucket and distribution depend on each other; ' +
          'the bucket policy still admits only this distribution, so no other distribution can read the objects',
      });
    }
    acknowledgeDistributionFindings(this.distribution, props, hasAppOrigin, hasFailover);
    if (
      albPlan?.access === LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER &&
      albPlan.protocol === elbv2.ApplicationProtocol.HTTP
    ) {
      const reason =
        'The internet-facing load balancer has no certificate, and CloudFront can never validate one for its own ' +
        '*.elb.amazonaws.com name, so CloudFront uses HTTP to port 80; the listener admits only CloudFront and ' +
        'requests carrying the origin-verify header. For HTTPS to the origin give the load balancer a certificate ' +
        'and a name on it (WebService `certificate` and `originDomainName`), or make it internal (a VPC origin)';
      Validations.of(this.distribution).acknowledge(
        { id: 'cdk-validator-cfnguard::cloudfront_traffic_to_origin_encrypted_check', reason },
        { id: 'AwsSolutions-CFR5', reason },
      );
    }
  }

  private createAlarms(): void {
    if (!this.stackInCloudFrontRegion) {
      Validations.of(this).addWarning(
        'CdnFront:NoAlarmsOutsideUsEast1',
        `CloudFront metrics live in ${CLOUDFRONT_REGION} and CloudWatch alarms cannot watch another region, so ` +
          `no default alarms were created in this ${Stack.of(this).region} stack. Put CdnFront in a ` +
          `${CLOUDFRONT_REGION} stack to get them, or create them there from the metric methods.`,
      );
      return;
    }
    const { errorRatePercent: errors, cacheHitRatePercent: hitRate } = this.alarmThresholds;
    addAlarm(this, this.alarms, 'Error5xxRateAlarm', {
      metric: this.metric5xxErrorRate(),
      threshold: errors,
      evaluationPeriods: 3,
      description:
        `5xx error rate above ${errors} % of requests for 15 minutes: viewers see errors from the origin or from ` +
        'CloudFront; check the origin health, its capacity and OriginLatency',
    });
    addAlarm(this, this.alarms, 'CacheHitRateAlarm', {
      metric: this.metricCacheHitRate(),
      threshold: hitRate,
      evaluationPeriods: 6,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      description:
        `Cache hit rate below ${hitRate} % for 30 minutes: most requests reach the origin; check the cache policies, ` +
        'Cache-Control headers of static files and cache-busting query strings',
    });
  }
}
