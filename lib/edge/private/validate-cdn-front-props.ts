import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../../errors';
import { CLOUDFRONT_REGION } from '../../private/cloudfront-regions';
import { checkIntegerInRange, checkNotBoth, checkNumberInRange } from '../../private/validate';
import { CdnFrontProps } from '../cdn-front-props';

/** Paths served with the far-future cache policy unless `staticPathPatterns` says otherwise. */
export const DEFAULT_STATIC_PATH_PATTERNS = ['/static/*', '/assets/*'];

const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&?=%]{1,255}$/;
const DOMAIN_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Validation of {@link CdnFrontProps}, one function per concern, run before any child exists. */
export function validateCdnFrontProps(scope: IConstruct, props: CdnFrontProps): void {
  validateOrigins(scope, props);
  validateLoadBalancer(scope, props);
  validateStaticAssets(scope, props);
  validatePageCaching(scope, props);
  validateForwardedHeaders(scope, props);
  validateFailover(scope, props);
  validateOriginShield(scope, props);
  validateWaf(scope, props);
  validateDomainNames(scope, props);
  checkNumberInRange(scope, 'errorRateAlarmThresholdPercent', props.errorRateAlarmThresholdPercent, 0, 100);
  checkNumberInRange(
    scope,
    'cacheHitRateAlarmThresholdPercent',
    props.cacheHitRateAlarmThresholdPercent,
    0,
    100,
  );
}

function hasLoadBalancer(props: CdnFrontProps): boolean {
  return props.loadBalancer !== undefined || props.loadBalancerOrigin !== undefined;
}

/** One application origin at most, at least one origin, and the origin-verify secret's. */
function validateOrigins(scope: IConstruct, props: CdnFrontProps): void {
  checkNotBoth(scope, 'originDomainName', props.originDomainName, 'loadBalancer', props.loadBalancer);
  checkNotBoth(
    scope,
    'originDomainName',
    props.originDomainName,
    'loadBalancerOrigin',
    props.loadBalancerOrigin,
  );
  checkNotBoth(scope, 'loadBalancer', props.loadBalancer, 'loadBalancerOrigin', props.loadBalancerOrigin);
  if (props.originDomainName === undefined && !hasLoadBalancer(props) && !props.staticAssets) {
    throw new BlueprintValidationError(
      scope,
      'originDomainName',
      'specify an origin: `originDomainName` (an existing application), `loadBalancerOrigin` (a WebService), ' +
        '`loadBalancer` or `staticAssets: true`',
    );
  }
  if (props.originVerifySecret !== undefined && props.originDomainName === undefined) {
    throw new BlueprintValidationError(
      scope,
      'originVerifySecret',
      '`originVerifySecret` applies to `originDomainName` only (with `loadBalancerOrigin` the header comes from ' +
        "the load balancer's owner, with `loadBalancer` CdnFront creates the secret): set `originDomainName` or remove it",
    );
  }
  checkDomainName(scope, 'originDomainName', props.originDomainName);
}

/** The props of a load balancer origin only apply with one; the prefix list id's shape. */
function validateLoadBalancer(scope: IConstruct, props: CdnFrontProps): void {
  if (props.loadBalancerAccess !== undefined && props.loadBalancerOrigin !== undefined) {
    throw new BlueprintValidationError(
      scope,
      'loadBalancerAccess',
      '`loadBalancerAccess` only applies to `loadBalancer`: with `loadBalancerOrigin` CloudFront follows the load ' +
        "balancer's scheme (a VPC origin for an internal one); set `publicLoadBalancer` on the WebService instead",
    );
  }
  checkDomainName(scope, 'loadBalancerDomainName', props.loadBalancerDomainName);
  checkDomainName(scope, 'failoverOriginDomainName', props.failoverOriginDomainName);
  for (const prop of [
    'loadBalancerDomainName',
    'loadBalancerAccess',
    'cloudfrontOriginFacingPrefixListId',
  ] as const) {
    if (props[prop] !== undefined && !hasLoadBalancer(props)) {
      throw new BlueprintValidationError(
        scope,
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
      scope,
      'cloudfrontOriginFacingPrefixListId',
      `\`cloudfrontOriginFacingPrefixListId\` must be a prefix list id such as 'pl-3b927c52', got: '${prefixList}'`,
    );
  }
}

/** The static paths and how long they are cached. */
function validateStaticAssets(scope: IConstruct, props: CdnFrontProps): void {
  const staticPatterns = props.staticPathPatterns ?? DEFAULT_STATIC_PATH_PATTERNS;
  checkPathPatterns(scope, 'staticPathPatterns', props.staticPathPatterns);
  if (
    props.staticAssets &&
    staticPatterns.length === 0 &&
    (props.originDomainName || hasLoadBalancer(props))
  ) {
    throw new BlueprintValidationError(
      scope,
      'staticPathPatterns',
      '`staticPathPatterns` must list at least one path with `staticAssets: true` and an application origin, got: []',
    );
  }
  checkDurationInRange(scope, 'staticCacheTtl', props.staticCacheTtl, Duration.days(1), Duration.days(365));
}

/** The session cookie and page TTL only apply to anonymous page caching. */
function validatePageCaching(scope: IConstruct, props: CdnFrontProps): void {
  if (!props.anonymousPageCaching) {
    for (const prop of ['sessionCookieName', 'pageCacheTtl'] as const) {
      if (props[prop] !== undefined) {
        throw new BlueprintValidationError(
          scope,
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
      scope,
      'sessionCookieName',
      `\`sessionCookieName\` must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~), got: '${cookie}'`,
    );
  }
  checkDurationInRange(scope, 'pageCacheTtl', props.pageCacheTtl, Duration.seconds(1), Duration.days(1));
}

/** At most 9 header names, without Authorization or Host. */
function validateForwardedHeaders(scope: IConstruct, props: CdnFrontProps): void {
  const headers = props.forwardedHeaders;
  if (headers === undefined) return;
  const bad = headers.find((h) => !/^[A-Za-z0-9-]{1,128}$/.test(h) || /^(authorization|host)$/i.test(h));
  if (headers.length > 9 || bad !== undefined) {
    throw new BlueprintValidationError(
      scope,
      'forwardedHeaders',
      `\`forwardedHeaders\` must list at most 9 header names, without Authorization (always in the cache key) ` +
        `or Host (added when needed), got: ${JSON.stringify(headers)}`,
    );
  }
}

/** A failover origin needs a primary; write paths need a failover origin and differ from static paths. */
function validateFailover(scope: IConstruct, props: CdnFrontProps): void {
  if (props.writePathPatterns !== undefined && props.failoverOriginDomainName === undefined) {
    throw new BlueprintValidationError(
      scope,
      'writePathPatterns',
      '`writePathPatterns` only applies with `failoverOriginDomainName`: without a failover origin every path accepts writes',
    );
  }
  if (props.failoverOriginDomainName !== undefined && !props.originDomainName && !hasLoadBalancer(props)) {
    throw new BlueprintValidationError(
      scope,
      'failoverOriginDomainName',
      '`failoverOriginDomainName` needs a primary application origin: set `originDomainName`, `loadBalancerOrigin` or `loadBalancer`',
    );
  }
  checkPathPatterns(scope, 'writePathPatterns', props.writePathPatterns);
  const staticPatterns = props.staticPathPatterns ?? DEFAULT_STATIC_PATH_PATTERNS;
  const overlap = (props.writePathPatterns ?? []).find((p) => staticPatterns.includes(p));
  if (overlap !== undefined) {
    throw new BlueprintValidationError(
      scope,
      'writePathPatterns',
      `\`writePathPatterns\` and \`staticPathPatterns\` must not share a pattern, got: '${overlap}' in both`,
    );
  }
}

function validateOriginShield(scope: IConstruct, props: CdnFrontProps): void {
  const shield = props.originShieldRegion;
  if (shield !== undefined && !Token.isUnresolved(shield) && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(shield)) {
    throw new BlueprintValidationError(
      scope,
      'originShieldRegion',
      `\`originShieldRegion\` must be an AWS region such as 'us-east-1', got: '${shield}'`,
    );
  }
}

/** The web ACL: created (in us-east-1 only), given by ARN, or off; its rule props only when created. */
function validateWaf(scope: IConstruct, props: CdnFrontProps): void {
  if (props.wafEnabled === false) {
    checkNotBoth(scope, 'webAclArn', props.webAclArn, 'wafEnabled: false', 'set');
  }
  for (const prop of ['rateLimitPerFiveMinutes', 'blockLargeRequestBodies', 'wafLogAllRequests'] as const) {
    if (props[prop] !== undefined && (props.webAclArn !== undefined || props.wafEnabled === false)) {
      throw new BlueprintValidationError(
        scope,
        prop,
        `\`${prop}\` only applies to the web ACL CdnFront creates: remove it, or remove \`webAclArn\`/\`wafEnabled: false\``,
      );
    }
  }
  checkIntegerInRange(scope, 'rateLimitPerFiveMinutes', props.rateLimitPerFiveMinutes, 10, 2_000_000_000);
  const aclArn = props.webAclArn;
  if (
    aclArn !== undefined &&
    !Token.isUnresolved(aclArn) &&
    !/^arn:[a-z-]+:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(aclArn)
  ) {
    throw new BlueprintValidationError(
      scope,
      'webAclArn',
      `\`webAclArn\` must be the ARN of a CLOUDFRONT-scoped web ACL (arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>), got: '${aclArn}'`,
    );
  }
  const region = Stack.of(scope).region;
  if (
    props.wafEnabled !== false &&
    aclArn === undefined &&
    !Token.isUnresolved(region) &&
    region !== CLOUDFRONT_REGION
  ) {
    throw new BlueprintValidationError(
      scope,
      'webAclArn',
      `CdnFront creates a CLOUDFRONT-scoped WAF web ACL, which AWS only accepts in ${CLOUDFRONT_REGION}, but this ` +
        `stack is in ${region}. Put CdnFront in a ${CLOUDFRONT_REGION} stack (with \`crossRegionReferences: true\` ` +
        `to use an ALB or bucket from another region), or pass \`webAclArn\` of a web ACL created in ${CLOUDFRONT_REGION}`,
    );
  }
}

/** Alternate domain names and their us-east-1 certificate go together. */
function validateDomainNames(scope: IConstruct, props: CdnFrontProps): void {
  if ((props.domainNames ?? []).length > 0 && props.certificate === undefined) {
    throw new BlueprintValidationError(
      scope,
      'certificate',
      '`domainNames` needs a `certificate` (ACM, in us-east-1) that covers them',
    );
  }
  if (props.certificate !== undefined && (props.domainNames ?? []).length === 0) {
    throw new BlueprintValidationError(
      scope,
      'domainNames',
      '`certificate` needs the `domainNames` it covers',
    );
  }
  for (const name of props.domainNames ?? []) checkDomainName(scope, 'domainNames', name);
  const certRegion = props.certificate
    ? Stack.of(scope).splitArn(props.certificate.certificateArn, ArnFormat.SLASH_RESOURCE_NAME).region
    : undefined;
  if (certRegion !== undefined && !Token.isUnresolved(certRegion) && certRegion !== CLOUDFRONT_REGION) {
    throw new BlueprintValidationError(
      scope,
      'certificate',
      `\`certificate\` must be an ACM certificate in ${CLOUDFRONT_REGION} (CloudFront only uses those), got one in: ${certRegion}`,
    );
  }
}

function checkDomainName(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length > 253 || !DOMAIN_NAME.test(value)) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be a DNS name such as 'app.example.com' (no scheme, path or port), got: '${value}'`,
    );
  }
}

function checkPathPatterns(scope: IConstruct, prop: string, patterns: string[] | undefined): void {
  if (patterns === undefined) return;
  const seen = new Set<string>();
  for (const pattern of patterns) {
    if (Token.isUnresolved(pattern)) continue;
    if (!PATH_PATTERN.test(pattern) || pattern === '*' || pattern === '/*' || seen.has(pattern)) {
      throw new BlueprintValidationError(
        scope,
        prop,
        `\`${prop}\` must hold distinct CloudFront path patterns such as '/static/*' (not '*' or '/*', which is ` +
          `the default behavior), got: '${pattern}'`,
      );
    }
    seen.add(pattern);
  }
}

function checkDurationInRange(
  scope: IConstruct,
  prop: string,
  value: Duration | undefined,
  min: Duration,
  max: Duration,
): void {
  if (value === undefined || value.isUnresolved()) return;
  const millis = value.toMilliseconds();
  if (millis % 1000 !== 0 || millis < min.toMilliseconds() || millis > max.toMilliseconds()) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be whole seconds between ${min.toHumanString()} and ${max.toHumanString()}, got: ${value.toHumanString()}`,
    );
  }
}
