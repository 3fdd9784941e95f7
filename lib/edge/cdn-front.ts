import { ArnFormat, Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { acknowledgeAlarmRoutedByObservability } from '../private/acknowledge';
import { secureKey } from '../private/kms-keys';
import { secureLogBucket } from '../private/log-bucket';
import { secureLogGroup } from '../private/log-groups';
import { stackInstanceSuffix } from '../private/names';
import { resolvableSecretValue } from '../private/secret-value';
import { checkIntegerInRange, checkNotBoth, checkNumberInRange } from '../private/validate';
import { ILoadBalancerOrigin } from './load-balancer-origin';
import { IObservable, Observation } from '../observability/observable';
import { CdnAlarmThresholds, cdnObservation } from './private/cdn-observation';

/** The only region where CloudFront-scoped WAF web ACLs, their logs and CloudFront metrics live. */
export const CLOUDFRONT_REGION = 'us-east-1';

/** How CloudFront reaches an Application Load Balancer origin. */
export enum LoadBalancerAccess {
  /**
   * A CloudFront VPC origin: CloudFront reaches an internal ALB through an elastic network
   * interface in its VPC, so the ALB has no public address at all.
   */
  VPC_ORIGIN = 'VPC_ORIGIN',
  /**
   * An internet-facing ALB reached over HTTPS. CloudFront sends a secret header
   * (`X-Origin-Verify`, generated in Secrets Manager) that the ALB's listener rules must require,
   * and the ALB's security group should only admit the CloudFront origin-facing prefix list.
   */
  PUBLIC_WITH_SECRET_HEADER = 'PUBLIC_WITH_SECRET_HEADER',
}

/** Properties of a {@link CdnFront}. */
export interface CdnFrontProps {
  /**
   * The DNS name of an existing application (a custom origin, e.g. a legacy app), reached over
   * HTTPS with TLS 1.2. The name must be on the origin's certificate. Specify this,
   * `loadBalancer` or `staticAssets`.
   *
   * @default - no custom origin
   */
  readonly originDomainName?: string;

  /**
   * A secret whose value CloudFront sends in the `X-Origin-Verify` header to `originDomainName`
   * (and `failoverOriginDomainName`): for load balancers behind those names that forward only
   * requests carrying it, such as WebServices given this secret as `originVerifySecret` (one
   * CloudFront distribution in front of a load balancer per region). A secret imported by name is
   * resolved by name in the distribution's stack.
   *
   * @default - no origin-verify header to a custom origin
   */
  readonly originVerifySecret?: secretsmanager.ISecret;

  /**
   * An application behind a load balancer, described by the construct that owns it (a
   * `WebService`): CloudFront uses the protocol, port and origin-verify header its listener really
   * serves, and reaches an internal load balancer through a VPC origin. Prefer it to
   * `loadBalancer`.
   *
   * @default - no load balancer origin
   */
  readonly loadBalancerOrigin?: ILoadBalancerOrigin;

  /**
   * An Application Load Balancer no construct describes (for example an imported one), to put
   * CloudFront in front of. CloudFront uses HTTPS to `loadBalancerDomainName` when it is given,
   * otherwise HTTP to port 80 (CloudFront can never validate a certificate for the ALB's own
   * `*.elb.amazonaws.com` name); a load balancer created in this app must have a listener there.
   *
   * @default - no load balancer origin
   */
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;

  /**
   * The DNS name CloudFront uses to reach the load balancer over HTTPS: a name on the listener's
   * certificate that resolves to the load balancer (for example `origin.example.com`, an alias of
   * the ALB). CloudFront validates the origin certificate against this name.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
   * @default - `loadBalancerOrigin.originDomainName`; without one, HTTP to port 80
   */
  readonly loadBalancerDomainName?: string;

  /**
   * How CloudFront reaches `loadBalancer` (with `loadBalancerOrigin` it follows the load balancer's
   * scheme).
   *
   * @default - `VPC_ORIGIN` for an internal ALB created in this app, `PUBLIC_WITH_SECRET_HEADER`
   * for an internet-facing or imported one
   */
  readonly loadBalancerAccess?: LoadBalancerAccess;

  /**
   * The id of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in the
   * load balancer's region (it differs per region: `aws ec2 describe-managed-prefix-lists
   * --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`).
   * When set, HTTPS (443) from that prefix list is allowed into the ALB's security groups.
   * Looking it up at synth would need credentials, so it is a prop.
   *
   * @default - the ALB's security group is left as it is: restrict it yourself (see the docs)
   */
  readonly cloudfrontOriginFacingPrefixListId?: string;

  /**
   * Create a private S3 bucket for static assets (KMS-encrypted, TLS only, versioned, all public
   * access blocked) served through Origin Access Control on `staticPathPatterns`. When neither
   * `originDomainName` nor `loadBalancer` is given, the bucket is also the default origin (a
   * static site, `index.html` as the root object).
   *
   * @default false
   */
  readonly staticAssets?: boolean;

  /**
   * Path patterns of static, versioned assets (file names carrying a content hash). They get the
   * far-future cache policy and are served from the static bucket when `staticAssets` is on,
   * otherwise from the application origin.
   *
   * @default ['/static/*', '/assets/*']
   */
  readonly staticPathPatterns?: string[];

  /**
   * How long CloudFront and browsers keep static assets: the static cache policy's default and
   * maximum TTL and the `max-age` of the `Cache-Control: public, max-age=..., immutable` header
   * added when the origin sends none. Between 1 day and 365 days.
   *
   * @default Duration.days(365)
   */
  readonly staticCacheTtl?: Duration;

  /**
   * Cache anonymous pages on the default behavior: the session cookie (`sessionCookieName`) is
   * part of the cache key, so requests without it share one cached copy and each session has its
   * own. Responses without `Cache-Control` are cached for `pageCacheTtl`: the application must
   * send `Cache-Control: private` (or `no-store`) on personalised pages.
   *
   * @default false
   */
  readonly anonymousPageCaching?: boolean;

  /**
   * The name of the cookie that marks a signed-in user, for `anonymousPageCaching`.
   *
   * @default 'session'
   */
  readonly sessionCookieName?: string;

  /**
   * How long anonymous pages are cached when the origin sends no `Cache-Control`, for
   * `anonymousPageCaching`. Between 1 second and 1 day.
   *
   * @default Duration.minutes(1)
   */
  readonly pageCacheTtl?: Duration;

  /**
   * Viewer headers forwarded to the application origin (not part of the cache key). The
   * `Authorization` header is always part of the dynamic cache key, so it reaches the origin
   * anyway; `Host` is added when the ALB is reached by its DNS name. At most 9 headers.
   *
   * @default ['Accept', 'Accept-Language', 'Content-Type', 'Origin', 'Referer', 'User-Agent', 'X-Requested-With', 'CloudFront-Viewer-Country', 'CloudFront-Forwarded-Proto']
   */
  readonly forwardedHeaders?: string[];

  /**
   * A second application origin (a DNS name, e.g. the ALB of another region) that CloudFront
   * fails over to when the primary answers 500, 502, 503 or 504 or cannot be reached. CloudFront
   * only fails over GET, HEAD and OPTIONS and refuses origin groups on behaviors that allow
   * writes, so the default behavior becomes read-only and write traffic goes through
   * `writePathPatterns` to the primary.
   *
   * @default - no failover origin
   */
  readonly failoverOriginDomainName?: string;

  /**
   * With `failoverOriginDomainName`: path patterns that accept writes (POST, PUT, PATCH, DELETE),
   * sent to the primary application origin only.
   *
   * @default []
   */
  readonly writePathPatterns?: string[];

  /**
   * The region of the Origin Shield cache layer in front of the application origin and the static
   * bucket (choose the region closest to the origin). Origin Shield raises the cache hit rate and
   * lowers origin load, for a per-request fee.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html
   * @default - no Origin Shield
   */
  readonly originShieldRegion?: string;

  /**
   * The ARN of an existing WAFv2 web ACL with CLOUDFRONT scope (created in us-east-1) to
   * associate instead of creating one.
   *
   * @default - CdnFront creates a web ACL (needs a us-east-1 stack)
   */
  readonly webAclArn?: string;

  /**
   * Protect the distribution with a WAF web ACL. Turning it off leaves the application open to
   * floods and common exploits and yields the acknowledgeable warning `CdnFront:wafEnabled`.
   *
   * @default true
   */
  readonly wafEnabled?: boolean;

  /**
   * The most requests one IP address may send in a 5-minute window before the web ACL's
   * rate-based rule blocks it (10 to 2,000,000,000).
   *
   * @default 2000
   */
  readonly rateLimitPerFiveMinutes?: number;

  /**
   * Block requests whose body is larger than 8 KB, as the `SizeRestrictions_BODY` rule of the AWS
   * managed common rule set does on its own. That breaks uploads and large JSON API calls on every
   * path, so by default the rule only counts them (visible in the WAF metrics and logs); the other
   * rules of the set still block. Turn it on for an application that never takes bodies over 8 KB.
   *
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
   * @default false
   */
  readonly blockLargeRequestBodies?: boolean;

  /**
   * Log every request WAF inspects, allowed ones included. By default the WAF log keeps only the
   * requests WAF acted on (blocked, counted, challenged): CloudFront's access logs already record
   * every request, and logging all of them costs about 0.75 USD per million requests in ingestion.
   *
   * @default false
   */
  readonly wafLogAllRequests?: boolean;

  /**
   * Alternate domain names (e.g. `www.example.com`) served with `certificate`, with TLS 1.2 as
   * the minimum (TLSv1.2_2021 security policy) and SNI.
   *
   * @default - only the `*.cloudfront.net` name, whose default certificate allows TLS 1.0
   */
  readonly domainNames?: string[];

  /**
   * An ACM certificate in us-east-1 covering `domainNames`.
   *
   * @default - the default CloudFront certificate
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Restrict the countries that may reach the distribution.
   *
   * @default - no geographic restriction
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;

  /**
   * The edge locations used, from all of them (best latency) to North America and Europe only
   * (lowest price).
   *
   * @default cloudfront.PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * The object returned for the root URL (`/`).
   *
   * @default - 'index.html' for a static site (`staticAssets` without an application origin),
   * none when an application answers `/` itself
   */
  readonly defaultRootObject?: string;

  /**
   * How long access logs are kept in the log bucket.
   *
   * @default Duration.days(365)
   */
  readonly accessLogRetention?: Duration;

  /**
   * The 5xx error rate (percent of requests, 0 to 100) above which the 5xx alarm fires, for 15
   * minutes in a row.
   *
   * @default 1
   */
  readonly error5xxRateAlarmThreshold?: number;

  /**
   * The cache hit rate (percent of cacheable requests, 0 to 100) below which the cache hit rate
   * alarm fires, for 30 minutes in a row. Dynamic GET requests count as cacheable misses, so
   * tune it to the share of static traffic.
   *
   * @default 50
   */
  readonly cacheHitRateAlarmThreshold?: number;

  /**
   * What happens to the static bucket, the log bucket and the WAF log group when the stack is
   * deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const DEFAULT_STATIC_PATH_PATTERNS = ['/static/*', '/assets/*'];
const DEFAULT_FORWARDED_HEADERS = [
  'Accept',
  'Accept-Language',
  'Content-Type',
  'Origin',
  'Referer',
  'User-Agent',
  'X-Requested-With',
  'CloudFront-Viewer-Country',
  'CloudFront-Forwarded-Proto',
];
/** The header CloudFront adds to requests to a public ALB; the ALB's listener rules require it. */
const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';
const FAILOVER_STATUS_CODES = [500, 502, 503, 504];
const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&?=%]{1,255}$/;
const DOMAIN_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

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
    return { [ORIGIN_VERIFY_HEADER]: resolvableSecretValue(secret).unsafeUnwrap() };
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
    this.validateProps(props);
    const stack = Stack.of(this);
    this.stackInCloudFrontRegion = Token.isUnresolved(stack.region) || stack.region === CLOUDFRONT_REGION;
    this.alarmThresholds = {
      errorRatePercent: props.error5xxRateAlarmThreshold ?? 1,
      cacheHitRatePercent: props.cacheHitRateAlarmThreshold ?? 50,
      alarmsCreated: this.stackInCloudFrontRegion,
    };
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const staticPathPatterns = props.staticPathPatterns ?? DEFAULT_STATIC_PATH_PATTERNS;
    const staticCacheTtl = props.staticCacheTtl ?? Duration.days(365);

    // CloudFront standard logs (legacy) are written with ACLs: the bucket keeps ACLs enabled with
    // BUCKET_OWNER_PREFERRED ownership, no ACL is granted in the template (CT.S3.PR.5) and
    // CloudFront adds its log-delivery grant itself. Standard logging v2 would need CloudWatch
    // Logs delivery resources in us-east-1 and is invisible to the checkers (CFR3, CT.CLOUDFRONT.PR.5).
    this.logBucket = secureLogBucket(this, 'LogBucket', {
      retention: props.accessLogRetention ?? Duration.days(365),
      removalPolicy,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    });

    if (props.staticAssets) {
      this.staticBucket = new s3.Bucket(this, 'StaticBucket', {
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

    // --- Policies ------------------------------------------------------------------------------
    this.staticCachePolicy = new cloudfront.CachePolicy(this, 'StaticCachePolicy', {
      comment: 'Versioned static assets: cached at least a day, a year by default',
      minTtl: Duration.days(1),
      defaultTtl: staticCacheTtl,
      maxTtl: staticCacheTtl,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const pageCaching = props.anonymousPageCaching ?? false;
    this.dynamicCachePolicy = new cloudfront.CachePolicy(this, 'DynamicCachePolicy', {
      comment: pageCaching
        ? 'Dynamic pages: origin Cache-Control honoured, anonymous pages cached, keyed on the session cookie'
        : 'Dynamic pages: origin Cache-Control honoured, nothing cached without it',
      minTtl: Duration.seconds(0),
      defaultTtl: pageCaching ? (props.pageCacheTtl ?? Duration.minutes(1)) : Duration.seconds(0),
      maxTtl: Duration.days(365),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      // A response the origin marks cacheable is keyed per Authorization, never shared across users.
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: pageCaching
        ? cloudfront.CacheCookieBehavior.allowList(props.sessionCookieName ?? 'session')
        : cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const securityHeaders: cloudfront.ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.SAMEORIGIN, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
    };
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'ResponseHeadersPolicy', {
      comment: 'HSTS, nosniff, frame options and referrer policy',
      securityHeadersBehavior: securityHeaders,
    });
    this.staticResponseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(
      this,
      'StaticResponseHeadersPolicy',
      {
        comment: 'Security headers and a far-future immutable Cache-Control for versioned assets',
        securityHeadersBehavior: securityHeaders,
        customHeadersBehavior: {
          customHeaders: [
            {
              header: 'Cache-Control',
              value: `public, max-age=${staticCacheTtl.toSeconds()}, immutable`,
              override: false,
            },
          ],
        },
      },
    );

    // --- Origins -------------------------------------------------------------------------------
    const albPlan = this.planLoadBalancerOrigin(props);
    this.originVerifySecret =
      albPlan?.access === LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER
        ? albPlan.verifySecret
        : props.originVerifySecret;
    const appOrigin = this.createAppOrigin(props, albPlan);
    if (appOrigin) {
      // Over HTTP to a load balancer, the viewer's Host header lets the application build its own URLs.
      const forwardHost = albPlan !== undefined && albPlan.protocol === elbv2.ApplicationProtocol.HTTP;
      this.originRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'OriginRequestPolicy', {
        comment: 'What the application needs: all cookies and the listed viewer headers',
        cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
        queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
        headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(
          ...(forwardHost ? ['Host'] : []),
          ...(props.forwardedHeaders ?? DEFAULT_FORWARDED_HEADERS),
        ),
      });
    }
    const staticOrigin = this.staticBucket
      ? origins.S3BucketOrigin.withOriginAccessControl(this.staticBucket, {
          originShieldRegion: props.originShieldRegion,
        })
      : undefined;

    const failoverOrigin =
      appOrigin && props.failoverOriginDomainName
        ? new origins.OriginGroup({
            primaryOrigin: appOrigin,
            fallbackOrigin: this.httpsOrigin(props.failoverOriginDomainName, props),
            fallbackStatusCodes: FAILOVER_STATUS_CODES,
          })
        : undefined;

    // --- Behaviors -----------------------------------------------------------------------------
    const common = {
      compress: true,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    };
    const appBehavior = (origin: cloudfront.IOrigin, allowWrites: boolean): cloudfront.BehaviorOptions => ({
      ...common,
      origin,
      allowedMethods: allowWrites
        ? cloudfront.AllowedMethods.ALLOW_ALL
        : cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy: this.dynamicCachePolicy,
      originRequestPolicy: this.originRequestPolicy,
      responseHeadersPolicy: this.responseHeadersPolicy,
    });

    let defaultBehavior: cloudfront.BehaviorOptions;
    if (appOrigin) {
      defaultBehavior = appBehavior(failoverOrigin ?? appOrigin, failoverOrigin === undefined);
    } else {
      defaultBehavior = {
        ...common,
        origin: staticOrigin!,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: this.dynamicCachePolicy,
        responseHeadersPolicy: this.responseHeadersPolicy,
      };
    }

    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    for (const pattern of staticPathPatterns) {
      additionalBehaviors[pattern] = {
        ...common,
        origin: staticOrigin ?? failoverOrigin ?? appOrigin!,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: this.staticCachePolicy,
        originRequestPolicy: staticOrigin ? undefined : this.originRequestPolicy,
        responseHeadersPolicy: this.staticResponseHeadersPolicy,
      };
    }
    if (appOrigin && failoverOrigin) {
      for (const pattern of props.writePathPatterns ?? []) {
        additionalBehaviors[pattern] = appBehavior(appOrigin, true);
      }
    }

    // --- WAF -----------------------------------------------------------------------------------
    if (props.wafEnabled === false) {
      Validations.of(this).addWarning(
        'CdnFront:wafEnabled',
        '`wafEnabled` is false: the distribution has no WAF web ACL, so floods and common exploits reach the ' +
          'origin unfiltered. Remove `wafEnabled: false` (in a us-east-1 stack) or pass `webAclArn`.',
      );
    } else if (props.webAclArn !== undefined) {
      this.webAclArn = props.webAclArn;
    } else {
      this.webAcl = this.createWebAcl(
        props.rateLimitPerFiveMinutes ?? 2000,
        props.blockLargeRequestBodies ?? false,
        props.wafLogAllRequests ?? false,
        removalPolicy,
      );
      this.webAclArn = this.webAcl.attrArn;
      this.wafLogGroup = this.node.tryFindChild('WafLogs') as logs.LogGroup;
    }

    // --- Distribution --------------------------------------------------------------------------
    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: `${this.node.path}`.slice(0, 128),
      defaultBehavior,
      additionalBehaviors,
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

    if (this.staticBucket) {
      Validations.of(this).acknowledge({
        id: '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        reason:
          'The static bucket key lets CloudFront decrypt for any distribution of this account (SourceArn ' +
          'distribution/*) because naming this one would make key, bucket and distribution depend on each other; ' +
          'the bucket policy still admits only this distribution, so no other distribution can read the objects',
      });
    }
    this.acknowledgeDistributionFindings(props, appOrigin !== undefined, failoverOrigin !== undefined);
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

  /**
   * How CloudFront reaches the load balancer: from the construct that owns it
   * (`loadBalancerOrigin`), or from `loadBalancer` and the CdnFront props. The protocol and port are
   * those of a listener that exists; HTTPS only to a name a certificate can cover.
   */
  private planLoadBalancerOrigin(props: CdnFrontProps): LoadBalancerOriginPlan | undefined {
    const described = props.loadBalancerOrigin;
    if (described) {
      const domainName = props.loadBalancerDomainName ?? described.originDomainName;
      if (described.originProtocol === elbv2.ApplicationProtocol.HTTPS && domainName === undefined) {
        throw new BlueprintValidationError(
          this,
          'loadBalancerDomainName',
          '`loadBalancerDomainName` is required: the load balancer serves HTTPS only, and CloudFront validates the ' +
            "origin certificate against the name it connects to, which can never be the load balancer's own " +
            '*.elb.amazonaws.com name. Pass a name on the certificate that resolves to the load balancer, or set ' +
            '`originDomainName` on the WebService',
        );
      }
      return {
        loadBalancer: described.loadBalancer,
        access: described.internetFacing
          ? LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER
          : LoadBalancerAccess.VPC_ORIGIN,
        protocol: described.originProtocol,
        port: described.originPort,
        domainName,
        verifyHeaderName: described.originVerifyHeaderName,
        verifySecret: described.originVerifySecret,
      };
    }
    const alb = props.loadBalancer;
    if (!alb) return undefined;
    const https = props.loadBalancerDomainName !== undefined;
    const protocol = https ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP;
    const port = https ? 443 : 80;
    if (alb instanceof elbv2.ApplicationLoadBalancer && alb.listeners.length > 0) {
      const served = alb.listeners.some((l) => l.port === port && l.protocol === protocol);
      if (!served) {
        throw new BlueprintValidationError(
          this,
          'loadBalancer',
          `CloudFront would connect with ${protocol} on port ${port}, but \`loadBalancer\` has no such listener ` +
            `(it has ${alb.listeners.map((l) => `${l.protocol}:${l.port}`).join(', ')}). ` +
            (https
              ? 'Remove `loadBalancerDomainName` to use HTTP on port 80, or add an HTTPS listener on 443'
              : 'Pass `loadBalancerDomainName` (a name on the listener certificate) to use HTTPS on 443, or add an HTTP listener on 80'),
        );
      }
    }
    const access = props.loadBalancerAccess ?? defaultAccess(alb);
    let verifySecret: secretsmanager.ISecret | undefined;
    if (access === LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER) {
      // Nobody describes this load balancer's listener rules: CdnFront makes the secret, and the
      // owner of the listener must forward only requests carrying it (WiringChecks'
      // Wiring-OriginBypass verifies it when the listener is in the same app).
      verifySecret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
        description: `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront sends to the ALB behind ${this.node.path}`,
        generateSecretString: { excludePunctuation: true, passwordLength: 48 },
      });
      Validations.of(verifySecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'A value shared by CloudFront and the ALB listener rule, not a service credential that can rotate on its ' +
          'own: both must change together, which a redeploy with a new secret does',
      });
    }
    return {
      loadBalancer: alb,
      access,
      protocol,
      port,
      domainName: props.loadBalancerDomainName,
      verifyHeaderName: verifySecret ? ORIGIN_VERIFY_HEADER : undefined,
      verifySecret,
    };
  }

  private createAppOrigin(
    props: CdnFrontProps,
    plan: LoadBalancerOriginPlan | undefined,
  ): cloudfront.IOrigin | undefined {
    if (props.originDomainName !== undefined) {
      return this.httpsOrigin(props.originDomainName, props);
    }
    if (!plan) return undefined;
    const https = plan.protocol === elbv2.ApplicationProtocol.HTTPS;
    const protocolPolicy = https
      ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY
      : cloudfront.OriginProtocolPolicy.HTTP_ONLY;
    const ports = https ? { httpsPort: plan.port } : { httpPort: plan.port };

    if (props.cloudfrontOriginFacingPrefixListId !== undefined) {
      plan.loadBalancer.connections.allowFrom(
        ec2.Peer.prefixList(props.cloudfrontOriginFacingPrefixListId),
        ec2.Port.tcp(plan.port),
        `${plan.protocol} from CloudFront (origin-facing prefix list)`,
      );
    }

    if (plan.access === LoadBalancerAccess.VPC_ORIGIN) {
      // Inside the VPC: CloudFront's elastic network interface reaches the internal ALB on the
      // listener's own protocol and port; nothing but CloudFront can reach it.
      return origins.VpcOrigin.withApplicationLoadBalancer(plan.loadBalancer, {
        domainName: plan.domainName,
        protocolPolicy,
        ...ports,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        originShieldRegion: props.originShieldRegion,
      });
    }
    const headers =
      plan.verifyHeaderName && plan.verifySecret
        ? { [plan.verifyHeaderName]: resolvableSecretValue(plan.verifySecret).unsafeUnwrap() }
        : undefined;
    return new origins.HttpOrigin(plan.domainName ?? plan.loadBalancer.loadBalancerDnsName, {
      protocolPolicy,
      ...ports,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      originShieldRegion: props.originShieldRegion,
      customHeaders: headers,
    });
  }

  private httpsOrigin(
    domainName: string,
    props: CdnFrontProps,
    customHeaders?: Record<string, string>,
  ): cloudfront.IOrigin {
    const verify = props.originVerifySecret;
    return new origins.HttpOrigin(domainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      originShieldRegion: props.originShieldRegion,
      customHeaders: customHeaders ?? (verify ? CdnFront.originVerifyHeaders(verify) : undefined),
    });
  }

  private createWebAcl(
    rateLimit: number,
    blockLargeRequestBodies: boolean,
    logAllRequests: boolean,
    removalPolicy: RemovalPolicy,
  ): wafv2.CfnWebACL {
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed = (
      name: string,
      priority: number,
      ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
      visibilityConfig: visibility(name),
    });
    const metricPrefix = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: `Edge protection of ${this.node.path}`.slice(0, 256),
      defaultAction: { allow: {} },
      visibilityConfig: visibility(metricPrefix),
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        {
          name: 'RateLimitPerIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: { aggregateKeyType: 'IP', limit: rateLimit, evaluationWindowSec: 300 },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        // SizeRestrictions_BODY blocks every body over 8 KB (uploads, JSON APIs): counted unless asked.
        managed(
          'AWSManagedRulesCommonRuleSet',
          2,
          blockLargeRequestBodies
            ? undefined
            : [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
        ),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
      ],
    });

    // WAF only logs to log groups whose name starts with `aws-waf-logs-`, in the web ACL's region.
    // The name carries the stack instance's suffix: a log group retained from a deleted stack does
    // not block the next deployment of the same stack with "already exists".
    const logGroup = secureLogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 400, separator: '-' })}-${stackInstanceSuffix()}`,
      removalPolicy,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: webAcl.attrArn,
      // WAF wants the log group ARN without the trailing `:*` that logGroupArn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
      // CloudFront's access logs already record every request; the WAF log keeps what WAF acted on
      // (blocked, counted, challenged), which is what an investigation needs, at a fraction of the
      // ingestion cost of logging every allowed request.
      // https://docs.aws.amazon.com/waf/latest/developerguide/logging-management.html#logging-filter
      loggingFilter: logAllRequests
        ? undefined
        : {
            DefaultBehavior: 'DROP',
            Filters: [
              {
                Behavior: 'KEEP',
                Requirement: 'MEETS_ANY',
                Conditions: ['BLOCK', 'COUNT', 'CAPTCHA', 'CHALLENGE', 'EXCLUDED_AS_COUNT'].map((action) => ({
                  ActionCondition: { Action: action },
                })),
              },
            ],
          },
    });
    return webAcl;
  }

  private acknowledgeDistributionFindings(
    props: CdnFrontProps,
    hasAppOrigin: boolean,
    hasFailover: boolean,
  ): void {
    const distribution = this.distribution;
    if (props.certificate === undefined) {
      const reason =
        'No `domainNames`/`certificate` given, so the distribution serves *.cloudfront.net with the default ' +
        'certificate, which CloudFront pins to TLSv1 and which cannot use SNI; pass `domainNames` and a us-east-1 ' +
        '`certificate` to get TLS 1.2 as the minimum';
      Validations.of(distribution).acknowledge(
        { id: 'AwsSolutions-CFR4', reason },
        { id: 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check', reason },
        { id: 'cdk-validator-cfnguard::cloudfront_sni_enabled_check', reason },
        { id: 'cdk-validator-cfnguard::cloudfront_security_policy_check', reason },
      );
    }
    if (props.geoRestriction === undefined) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR1',
        reason:
          'A public web application serves every country by default; `geoRestriction` restricts it where law or ' +
          'the business requires',
      });
    }
    if (props.wafEnabled === false) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'WAF turned off explicitly with `wafEnabled: false`, reported as the CdnFront:wafEnabled warning',
      });
    }
    if (!hasFailover) {
      Validations.of(distribution).acknowledge({
        id: 'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
        reason:
          'One application origin in one region: there is no second origin to fail over to. ' +
          '`failoverOriginDomainName` adds an origin group for multi-region deployments',
      });
    }
    if (hasAppOrigin && props.defaultRootObject === undefined) {
      Validations.of(distribution).acknowledge({
        id: 'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check',
        reason:
          'The default origin is an application that answers `/` itself; a default root object would rewrite ' +
          '`/` to a file path the application does not serve',
      });
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
    this.addAlarm(
      'Error5xxRateAlarm',
      this.metric5xxErrorRate(),
      errors,
      3,
      cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      `5xx error rate above ${errors} % of requests for 15 minutes: viewers see errors from the origin or from ` +
        'CloudFront; check the origin health, its capacity and OriginLatency',
    );
    this.addAlarm(
      'CacheHitRateAlarm',
      this.metricCacheHitRate(),
      hitRate,
      6,
      cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      `Cache hit rate below ${hitRate} % for 30 minutes: most requests reach the origin; check the cache policies, ` +
        'Cache-Control headers of static files and cache-busting query strings',
    );
  }

  private addAlarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    evaluationPeriods: number,
    comparisonOperator: cloudwatch.ComparisonOperator,
    description: string,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator,
      alarmDescription: `${this.node.path}: ${description}`,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    acknowledgeAlarmRoutedByObservability(alarm);
    this.alarms.push(alarm);
  }

  private validateProps(props: CdnFrontProps): void {
    const stack = Stack.of(this);
    checkNotBoth(this, 'originDomainName', props.originDomainName, 'loadBalancer', props.loadBalancer);
    checkNotBoth(
      this,
      'originDomainName',
      props.originDomainName,
      'loadBalancerOrigin',
      props.loadBalancerOrigin,
    );
    checkNotBoth(this, 'loadBalancer', props.loadBalancer, 'loadBalancerOrigin', props.loadBalancerOrigin);
    const hasLoadBalancer = props.loadBalancer !== undefined || props.loadBalancerOrigin !== undefined;
    if (props.originDomainName === undefined && !hasLoadBalancer && !props.staticAssets) {
      throw new BlueprintValidationError(
        this,
        'originDomainName',
        'specify an origin: `originDomainName` (an existing application), `loadBalancerOrigin` (a WebService), ' +
          '`loadBalancer` or `staticAssets: true`',
      );
    }
    if (props.originVerifySecret !== undefined && props.originDomainName === undefined) {
      throw new BlueprintValidationError(
        this,
        'originVerifySecret',
        '`originVerifySecret` applies to `originDomainName` only (with `loadBalancerOrigin` the header comes from ' +
          "the load balancer's owner, with `loadBalancer` CdnFront creates the secret): set `originDomainName` or remove it",
      );
    }
    if (props.loadBalancerAccess !== undefined && props.loadBalancerOrigin !== undefined) {
      throw new BlueprintValidationError(
        this,
        'loadBalancerAccess',
        '`loadBalancerAccess` only applies to `loadBalancer`: with `loadBalancerOrigin` CloudFront follows the load ' +
          "balancer's scheme (a VPC origin for an internal one); set `publicLoadBalancer` on the WebService instead",
      );
    }
    this.checkDomainName('originDomainName', props.originDomainName);
    this.checkDomainName('loadBalancerDomainName', props.loadBalancerDomainName);
    this.checkDomainName('failoverOriginDomainName', props.failoverOriginDomainName);
    for (const prop of [
      'loadBalancerDomainName',
      'loadBalancerAccess',
      'cloudfrontOriginFacingPrefixListId',
    ] as const) {
      if (props[prop] !== undefined && !hasLoadBalancer) {
        throw new BlueprintValidationError(
          this,
          prop,
          `\`${prop}\` only applies with \`loadBalancerOrigin\` or \`loadBalancer\`; set one or remove \`${prop}\``,
        );
      }
    }
    const prefixList = props.cloudfrontOriginFacingPrefixListId;
    if (
      prefixList !== undefined &&
      !Token.isUnresolved(prefixList) &&
      !/^pl-[0-9a-f]{8,17}$/.test(prefixList)
    ) {
      throw new BlueprintValidationError(
        this,
        'cloudfrontOriginFacingPrefixListId',
        `\`cloudfrontOriginFacingPrefixListId\` must be a prefix list id such as 'pl-3b927c52', got: '${prefixList}'`,
      );
    }

    const staticPatterns = props.staticPathPatterns ?? DEFAULT_STATIC_PATH_PATTERNS;
    this.checkPathPatterns('staticPathPatterns', props.staticPathPatterns);
    if (props.staticAssets && staticPatterns.length === 0 && (props.originDomainName || hasLoadBalancer)) {
      throw new BlueprintValidationError(
        this,
        'staticPathPatterns',
        '`staticPathPatterns` must list at least one path with `staticAssets: true` and an application origin, got: []',
      );
    }
    this.checkDurationInRange('staticCacheTtl', props.staticCacheTtl, Duration.days(1), Duration.days(365));

    if (!props.anonymousPageCaching) {
      for (const prop of ['sessionCookieName', 'pageCacheTtl'] as const) {
        if (props[prop] !== undefined) {
          throw new BlueprintValidationError(
            this,
            prop,
            `\`${prop}\` only applies with \`anonymousPageCaching: true\``,
          );
        }
      }
    }
    const cookie = props.sessionCookieName;
    if (
      cookie !== undefined &&
      !Token.isUnresolved(cookie) &&
      !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/.test(cookie)
    ) {
      throw new BlueprintValidationError(
        this,
        'sessionCookieName',
        `\`sessionCookieName\` must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~), got: '${cookie}'`,
      );
    }
    this.checkDurationInRange('pageCacheTtl', props.pageCacheTtl, Duration.seconds(1), Duration.days(1));

    const headers = props.forwardedHeaders;
    if (headers !== undefined) {
      const bad = headers.find((h) => !/^[A-Za-z0-9-]{1,128}$/.test(h) || /^(authorization|host)$/i.test(h));
      if (headers.length > 9 || bad !== undefined) {
        throw new BlueprintValidationError(
          this,
          'forwardedHeaders',
          `\`forwardedHeaders\` must list at most 9 header names, without Authorization (always in the cache key) ` +
            `or Host (added when needed), got: ${JSON.stringify(headers)}`,
        );
      }
    }

    if (props.writePathPatterns !== undefined && props.failoverOriginDomainName === undefined) {
      throw new BlueprintValidationError(
        this,
        'writePathPatterns',
        '`writePathPatterns` only applies with `failoverOriginDomainName`: without a failover origin every path accepts writes',
      );
    }
    if (props.failoverOriginDomainName !== undefined && !props.originDomainName && !hasLoadBalancer) {
      throw new BlueprintValidationError(
        this,
        'failoverOriginDomainName',
        '`failoverOriginDomainName` needs a primary application origin: set `originDomainName`, `loadBalancerOrigin` or `loadBalancer`',
      );
    }
    this.checkPathPatterns('writePathPatterns', props.writePathPatterns);
    const overlap = (props.writePathPatterns ?? []).find((p) => staticPatterns.includes(p));
    if (overlap !== undefined) {
      throw new BlueprintValidationError(
        this,
        'writePathPatterns',
        `\`writePathPatterns\` and \`staticPathPatterns\` must not share a pattern, got: '${overlap}' in both`,
      );
    }

    const shield = props.originShieldRegion;
    if (shield !== undefined && !Token.isUnresolved(shield) && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(shield)) {
      throw new BlueprintValidationError(
        this,
        'originShieldRegion',
        `\`originShieldRegion\` must be an AWS region such as 'us-east-1', got: '${shield}'`,
      );
    }

    if (props.wafEnabled === false) {
      checkNotBoth(this, 'webAclArn', props.webAclArn, 'wafEnabled: false', 'set');
    }
    for (const prop of ['rateLimitPerFiveMinutes', 'blockLargeRequestBodies', 'wafLogAllRequests'] as const) {
      if (props[prop] !== undefined && (props.webAclArn !== undefined || props.wafEnabled === false)) {
        throw new BlueprintValidationError(
          this,
          prop,
          `\`${prop}\` only applies to the web ACL CdnFront creates: remove it, or remove \`webAclArn\`/\`wafEnabled: false\``,
        );
      }
    }
    checkIntegerInRange(this, 'rateLimitPerFiveMinutes', props.rateLimitPerFiveMinutes, 10, 2_000_000_000);
    const aclArn = props.webAclArn;
    if (
      aclArn !== undefined &&
      !Token.isUnresolved(aclArn) &&
      !/^arn:[a-z-]+:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(aclArn)
    ) {
      throw new BlueprintValidationError(
        this,
        'webAclArn',
        `\`webAclArn\` must be the ARN of a CLOUDFRONT-scoped web ACL (arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>), got: '${aclArn}'`,
      );
    }
    if (
      props.wafEnabled !== false &&
      aclArn === undefined &&
      !Token.isUnresolved(stack.region) &&
      stack.region !== CLOUDFRONT_REGION
    ) {
      throw new BlueprintValidationError(
        this,
        'webAclArn',
        `CdnFront creates a CLOUDFRONT-scoped WAF web ACL, which AWS only accepts in ${CLOUDFRONT_REGION}, but this ` +
          `stack is in ${stack.region}. Put CdnFront in a ${CLOUDFRONT_REGION} stack (with \`crossRegionReferences: true\` ` +
          `to use an ALB or bucket from another region), or pass \`webAclArn\` of a web ACL created in ${CLOUDFRONT_REGION}`,
      );
    }

    if ((props.domainNames ?? []).length > 0 && props.certificate === undefined) {
      throw new BlueprintValidationError(
        this,
        'certificate',
        '`domainNames` needs a `certificate` (ACM, in us-east-1) that covers them',
      );
    }
    if (props.certificate !== undefined && (props.domainNames ?? []).length === 0) {
      throw new BlueprintValidationError(
        this,
        'domainNames',
        '`certificate` needs the `domainNames` it covers',
      );
    }
    for (const name of props.domainNames ?? []) this.checkDomainName('domainNames', name);
    const certRegion = props.certificate
      ? stack.splitArn(props.certificate.certificateArn, ArnFormat.SLASH_RESOURCE_NAME).region
      : undefined;
    if (certRegion !== undefined && !Token.isUnresolved(certRegion) && certRegion !== CLOUDFRONT_REGION) {
      throw new BlueprintValidationError(
        this,
        'certificate',
        `\`certificate\` must be an ACM certificate in ${CLOUDFRONT_REGION} (CloudFront only uses those), got one in: ${certRegion}`,
      );
    }
    checkNumberInRange(this, 'error5xxRateAlarmThreshold', props.error5xxRateAlarmThreshold, 0, 100);
    checkNumberInRange(this, 'cacheHitRateAlarmThreshold', props.cacheHitRateAlarmThreshold, 0, 100);
  }

  private checkDomainName(prop: string, value: string | undefined): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (value.length > 253 || !DOMAIN_NAME.test(value)) {
      throw new BlueprintValidationError(
        this,
        prop,
        `\`${prop}\` must be a DNS name such as 'app.example.com' (no scheme, path or port), got: '${value}'`,
      );
    }
  }

  private checkPathPatterns(prop: string, patterns: string[] | undefined): void {
    if (patterns === undefined) return;
    const seen = new Set<string>();
    for (const pattern of patterns) {
      if (Token.isUnresolved(pattern)) continue;
      if (!PATH_PATTERN.test(pattern) || pattern === '*' || pattern === '/*' || seen.has(pattern)) {
        throw new BlueprintValidationError(
          this,
          prop,
          `\`${prop}\` must hold distinct CloudFront path patterns such as '/static/*' (not '*' or '/*', which is ` +
            `the default behavior), got: '${pattern}'`,
        );
      }
      seen.add(pattern);
    }
  }

  private checkDurationInRange(
    prop: string,
    value: Duration | undefined,
    min: Duration,
    max: Duration,
  ): void {
    if (value === undefined || value.isUnresolved()) return;
    const millis = value.toMilliseconds();
    if (millis % 1000 !== 0 || millis < min.toMilliseconds() || millis > max.toMilliseconds()) {
      throw new BlueprintValidationError(
        this,
        prop,
        `\`${prop}\` must be whole seconds between ${min.toHumanString()} and ${max.toHumanString()}, got: ${value.toHumanString()}`,
      );
    }
  }
}

function defaultAccess(alb: elbv2.IApplicationLoadBalancer): LoadBalancerAccess {
  const cfn = alb.node.defaultChild;
  if (cfn instanceof elbv2.CfnLoadBalancer && cfn.scheme === 'internal') {
    return LoadBalancerAccess.VPC_ORIGIN;
  }
  return LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER;
}

/** How CloudFront reaches a load balancer origin, decided once from the props. */
interface LoadBalancerOriginPlan {
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly access: LoadBalancerAccess;
  readonly protocol: elbv2.ApplicationProtocol;
  readonly port: number;
  readonly domainName?: string;
  readonly verifyHeaderName?: string;
  readonly verifySecret?: secretsmanager.ISecret;
}
