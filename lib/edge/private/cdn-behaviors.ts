import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { CdnFrontProps } from '../cdn-front-props';
import { CdnPolicies } from './cdn-policies';
import { DEFAULT_STATIC_PATH_PATTERNS } from './validate-cdn-front-props';

/** The origins a CdnFront routes to. */
export interface CdnOrigins {
  /** The application (a custom origin or a load balancer). */
  readonly app?: cloudfront.IOrigin;
  /** The static bucket (Origin Access Control). */
  readonly static?: cloudfront.IOrigin;
  /** The application and its failover origin, as an origin group. */
  readonly failover?: cloudfront.IOrigin;
  readonly originRequestPolicy?: cloudfront.OriginRequestPolicy;
}

/** The behaviors of the distribution. */
export interface CdnBehaviors {
  readonly defaultBehavior: cloudfront.BehaviorOptions;
  readonly additionalBehaviors: Record<string, cloudfront.BehaviorOptions>;
}

/**
 * The default behavior is dynamic (the application, read-only behind a failover group, or the static
 * site), `staticPathPatterns` get the far-future policy, `writePathPatterns` reach the primary
 * application. Every behavior compresses and redirects HTTP to HTTPS.
 */
export function cdnBehaviors(props: CdnFrontProps, policies: CdnPolicies, origins: CdnOrigins): CdnBehaviors {
  const common = { compress: true, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS };
  const appBehavior = (origin: cloudfront.IOrigin, allowWrites: boolean): cloudfront.BehaviorOptions => ({
    ...common,
    origin,
    allowedMethods: allowWrites
      ? cloudfront.AllowedMethods.ALLOW_ALL
      : cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
    cachePolicy: policies.dynamicCachePolicy,
    originRequestPolicy: origins.originRequestPolicy,
    responseHeadersPolicy: policies.responseHeadersPolicy,
  });
  const defaultBehavior: cloudfront.BehaviorOptions = origins.app
    ? appBehavior(origins.failover ?? origins.app, origins.failover === undefined)
    : {
        ...common,
        origin: origins.static!,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: policies.dynamicCachePolicy,
        responseHeadersPolicy: policies.responseHeadersPolicy,
      };

  const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
  for (const pattern of props.staticPathPatterns ?? DEFAULT_STATIC_PATH_PATTERNS) {
    additionalBehaviors[pattern] = {
      ...common,
      origin: origins.static ?? origins.failover ?? origins.app!,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy: policies.staticCachePolicy,
      originRequestPolicy: origins.static ? undefined : origins.originRequestPolicy,
      responseHeadersPolicy: policies.staticResponseHeadersPolicy,
    };
  }
  if (origins.app && origins.failover) {
    for (const pattern of props.writePathPatterns ?? []) {
      additionalBehaviors[pattern] = appBehavior(origins.app, true);
    }
  }
  return { defaultBehavior, additionalBehaviors };
}
