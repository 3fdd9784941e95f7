import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ILoadBalancerOrigin } from './load-balancer-origin';

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
  readonly errorRateAlarmThresholdPercent?: number;

  /**
   * The cache hit rate (percent of cacheable requests, 0 to 100) below which the cache hit rate
   * alarm fires, for 30 minutes in a row. Dynamic GET requests count as cacheable misses, so
   * tune it to the share of static traffic.
   *
   * @default 50
   */
  readonly cacheHitRateAlarmThresholdPercent?: number;

  /**
   * What happens to the static bucket, the log bucket and the WAF log group when the stack is
   * deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
