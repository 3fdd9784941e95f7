import { ObjectValue, Resolved } from './intrinsics';
import { DnsIndex, Endpoint, LoadBalancerIndex } from './load-balancers';
import { CfnResource, field, normalizeHeader } from './template-model';
import { WiringContext } from './wiring-context';

/** One origin of a distribution, with where it leads. */
export interface OriginInfo {
  readonly distribution: CfnResource;
  /** The origin's `Id`. */
  readonly id?: string;
  /** Position in `Origins`, for the finding's location. */
  readonly index: number;
  readonly domainName: Resolved;
  /** The `AWS::CloudFront::VpcOrigin` the origin uses, if any. */
  readonly vpcOrigin?: CfnResource;
  /** `http-only`, `https-only` or `match-viewer`. */
  readonly protocolPolicy: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** `OriginCustomHeaders[].HeaderName`, lower case. */
  readonly customHeaderNames: readonly string[];
  /** Where the origin leads: load balancers, distributions, names outside the app. */
  readonly endpoints: readonly Endpoint[];
  /** For each cache behavior that uses the origin: whether it forwards the viewer's `Host` header. */
  readonly behaviorsForwardHost: readonly boolean[];
  /** The distribution's `Aliases`, lower case. */
  readonly aliases: readonly string[];
}

// Managed origin request policies that forward the viewer's Host header
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html):
// AllViewer and AllViewerAndCloudFrontHeaders-2022-06. AllViewerExceptHostHeader does not.
const MANAGED_POLICIES_FORWARDING_HOST = new Set([
  '216adef6-5c7f-47e4-b989-5492eafa07d3',
  '33f36d7e-f396-46d9-90e0-52428a34d9dc',
]);

/** The custom and VPC origins of every distribution in the app. */
export function cloudFrontOrigins(context: WiringContext): OriginInfo[] {
  return context.model.memo('cloudfront-origins', () => {
    const out: OriginInfo[] = [];
    for (const distribution of context.model.ofType('AWS::CloudFront::Distribution')) {
      out.push(...originsOf(context, distribution));
    }
    return out;
  });
}

function originsOf(context: WiringContext, distribution: CfnResource): OriginInfo[] {
  const { resolver } = context;
  const t = distribution.template;
  const config = distribution.properties.DistributionConfig;
  const origins = resolver.objects(field(config, 'Origins'), t);
  const behaviors = resolver.objects(field(config, 'CacheBehaviors'), t);
  const defaultBehavior = resolver.resolve(field(config, 'DefaultCacheBehavior'), t);
  if (defaultBehavior.kind === 'object') behaviors.unshift(defaultBehavior);
  const groups = originGroupMembers(context, config, t);
  const aliases = (resolver.items(field(config, 'Aliases'), t) ?? [])
    .map((a) => (a.kind === 'literal' && typeof a.value === 'string' ? a.value.toLowerCase() : undefined))
    .filter((a): a is string => a !== undefined);
  const dns = DnsIndex.of(context);
  const loadBalancers = LoadBalancerIndex.of(context);

  const out: OriginInfo[] = [];
  origins.forEach((origin, index) => {
    const o = origin.value;
    const ot = origin.template;
    const id = resolver.string(o.Id, ot);
    const domainName = resolver.resolve(o.DomainName, ot);
    const customHeaderNames = resolver
      .objects(o.OriginCustomHeaders, ot)
      .map((h) => resolver.string(h.value.HeaderName, h.template))
      .filter((h): h is string => h !== undefined)
      .map(normalizeHeader);
    const behaviorsForwardHost = behaviors
      .filter((b) => {
        const target = resolver.string(b.value.TargetOriginId, b.template);
        return target !== undefined && (target === id || (groups.get(target) ?? []).includes(id ?? ''));
      })
      .map((b) => forwardsHost(context, b));
    const base = { distribution, id, index, domainName, customHeaderNames, behaviorsForwardHost, aliases };

    const vpcOriginId = field(o.VpcOriginConfig, 'VpcOriginId');
    if (vpcOriginId !== undefined) {
      const vpcOrigin = resolver.resourceRef(vpcOriginId, ot, 'AWS::CloudFront::VpcOrigin')?.resource;
      const endpointConfig = field(vpcOrigin?.properties, 'VpcOriginEndpointConfig');
      const vt = vpcOrigin?.template ?? ot;
      const lbRef = resolver.resourceRef(
        field(endpointConfig, 'Arn'),
        vt,
        'AWS::ElasticLoadBalancingV2::LoadBalancer',
      );
      const loadBalancer = lbRef ? loadBalancers.loadBalancer(lbRef.resource) : undefined;
      const connectName =
        domainName.kind === 'literal' && typeof domainName.value === 'string'
          ? [domainName.value.toLowerCase()]
          : [];
      out.push({
        ...base,
        vpcOrigin,
        protocolPolicy: resolver.string(field(endpointConfig, 'OriginProtocolPolicy'), vt) ?? 'match-viewer',
        httpPort: resolver.number(field(endpointConfig, 'HTTPPort'), vt) ?? 80,
        httpsPort: resolver.number(field(endpointConfig, 'HTTPSPort'), vt) ?? 443,
        endpoints: loadBalancer
          ? [{ kind: 'loadBalancer', loadBalancer, names: connectName }]
          : [{ kind: 'unknown', reason: 'a VPC origin whose load balancer is not in the app' }],
      });
      return;
    }
    const custom = o.CustomOriginConfig;
    if (custom === undefined) return; // S3 origins are not load balancers
    out.push({
      ...base,
      protocolPolicy: resolver.string(field(custom, 'OriginProtocolPolicy'), ot) ?? 'match-viewer',
      httpPort: resolver.number(field(custom, 'HTTPPort'), ot) ?? 80,
      httpsPort: resolver.number(field(custom, 'HTTPSPort'), ot) ?? 443,
      endpoints: dns.endpoints(o.DomainName, ot),
    });
  });
  return out;
}

/** Origin group id → member origin ids. */
function originGroupMembers(
  context: WiringContext,
  config: unknown,
  t: CfnResource['template'],
): Map<string, string[]> {
  const { resolver } = context;
  const groups = new Map<string, string[]>();
  for (const group of resolver.objects(field(field(config, 'OriginGroups'), 'Items'), t)) {
    const id = resolver.string(group.value.Id, group.template);
    if (id === undefined) continue;
    const members = resolver
      .objects(field(group.value.Members, 'Items'), group.template)
      .map((m) => resolver.string(m.value.OriginId, m.template))
      .filter((m): m is string => m !== undefined);
    groups.set(id, members);
  }
  return groups;
}

/**
 * Whether a cache behavior sends the viewer's Host header to the origin: through its origin request
 * policy, through the headers of its cache policy's cache key (CloudFront forwards those too), or
 * through legacy `ForwardedValues`.
 */
function forwardsHost(context: WiringContext, behavior: ObjectValue): boolean {
  const { resolver } = context;
  const b = behavior.value;
  const t = behavior.template;
  const legacyHeaders = resolver.items(field(b.ForwardedValues, 'Headers'), t) ?? [];
  if (
    legacyHeaders.some(
      (h) => h.kind === 'literal' && (h.value === '*' || normalizeHeader(String(h.value)) === 'host'),
    )
  )
    return true;
  const requestPolicy = resolver.resolve(b.OriginRequestPolicyId, t);
  if (requestPolicy.kind === 'literal' && MANAGED_POLICIES_FORWARDING_HOST.has(String(requestPolicy.value)))
    return true;
  if (
    requestPolicy.kind === 'ref' &&
    requestPolicy.resource.type === 'AWS::CloudFront::OriginRequestPolicy'
  ) {
    const headers = field(
      field(requestPolicy.resource.properties.OriginRequestPolicyConfig, 'HeadersConfig'),
      'HeaderBehavior',
    );
    const behaviorName = resolver.string(headers, requestPolicy.resource.template);
    if (behaviorName === 'allViewer' || behaviorName === 'allViewerAndWhitelistCloudFront') return true;
    if (
      listsHost(
        context,
        field(field(requestPolicy.resource.properties.OriginRequestPolicyConfig, 'HeadersConfig'), 'Headers'),
        requestPolicy.resource,
      )
    )
      return true;
  }
  const cachePolicy = resolver.resourceRef(b.CachePolicyId, t, 'AWS::CloudFront::CachePolicy');
  if (cachePolicy) {
    const headersConfig = field(
      field(cachePolicy.resource.properties.CachePolicyConfig, 'ParametersInCacheKeyAndForwardedToOrigin'),
      'HeadersConfig',
    );
    if (listsHost(context, field(headersConfig, 'Headers'), cachePolicy.resource)) return true;
  }
  return false;
}

function listsHost(context: WiringContext, headers: unknown, owner: CfnResource): boolean {
  return (context.resolver.items(headers, owner.template) ?? []).some(
    (h) => h.kind === 'literal' && typeof h.value === 'string' && normalizeHeader(h.value) === 'host',
  );
}
