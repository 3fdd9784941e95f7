import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { CdnFrontProps } from '../cdn-front-props';

/** The cache and response headers policies of a CdnFront's behaviors. */
export interface CdnPolicies {
  readonly staticCachePolicy: cloudfront.CachePolicy;
  readonly dynamicCachePolicy: cloudfront.CachePolicy;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  readonly staticResponseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
}

/** Viewer headers forwarded to the application unless `forwardedHeaders` says otherwise. */
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

/**
 * Far-future caching for versioned static assets (`StaticCachePolicy`), the origin's
 * `Cache-Control` for dynamic pages (`DynamicCachePolicy`, optionally caching anonymous pages keyed
 * on the session cookie), and security headers (`ResponseHeadersPolicy`, and with
 * `Cache-Control: immutable` for static responses, `StaticResponseHeadersPolicy`).
 */
export function createCdnPolicies(scope: Construct, props: CdnFrontProps): CdnPolicies {
  const staticCacheTtl = props.staticCacheTtl ?? Duration.days(365);
  const staticCachePolicy = new cloudfront.CachePolicy(scope, 'StaticCachePolicy', {
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
  const dynamicCachePolicy = new cloudfront.CachePolicy(scope, 'DynamicCachePolicy', {
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
  const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(scope, 'ResponseHeadersPolicy', {
    comment: 'HSTS, nosniff, frame options and referrer policy',
    securityHeadersBehavior: securityHeaders,
  });
  const staticResponseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(
    scope,
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
  return { staticCachePolicy, dynamicCachePolicy, responseHeadersPolicy, staticResponseHeadersPolicy };
}

/**
 * What the application needs (`OriginRequestPolicy`): all cookies and the listed viewer headers, plus
 * `Host` over HTTP to a load balancer (so the application can build its own URLs).
 */
export function createOriginRequestPolicy(
  scope: Construct,
  props: CdnFrontProps,
  forwardHost: boolean,
): cloudfront.OriginRequestPolicy {
  return new cloudfront.OriginRequestPolicy(scope, 'OriginRequestPolicy', {
    comment: 'What the application needs: all cookies and the listed viewer headers',
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(
      ...(forwardHost ? ['Host'] : []),
      ...(props.forwardedHeaders ?? DEFAULT_FORWARDED_HEADERS),
    ),
  });
}
