import { cloudFrontOrigins, OriginInfo } from '../cloudfront';
import { ObjectValue, renderText } from '../intrinsics';
import { ListenerInfo, LoadBalancerIndex } from '../load-balancers';
import { field, normalizeHeader } from '../template-model';
import { WiringContext, WiringFinding, WiringRule } from '../wiring-context';
import { listOf, originLabel, pathOf } from './describe';

export const ORIGIN_BYPASS = 'Wiring-OriginBypass';

/**
 * An internet-facing load balancer that serves as a CloudFront origin forwards only requests that
 * carry the origin's secret custom header: the listener's default action answers a fixed 4xx (or
 * redirects to a listener that does), and every rule that forwards checks an `http-header`
 * condition on one of the origin's `OriginCustomHeaders`.
 *
 * Restricting the load balancer's security group to CloudFront's origin-facing prefix list is not
 * enough: the list admits every customer's distribution, so anyone can put their own distribution
 * (without your WAF) in front of your load balancer
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html).
 * An internal load balancer behind a VPC origin is out of reach and passes. A WAF web ACL on the
 * load balancer that checks the header is not read by this rule: acknowledge the finding there.
 */
export const originBypass: WiringRule = {
  id: ORIGIN_BYPASS,
  summary:
    "an internet-facing load balancer behind CloudFront forwards only requests that carry the origin's secret header",
  check(context) {
    const byListener = new Map<
      string,
      { listener: ListenerInfo; origins: OriginInfo[]; problems: Set<string> }
    >();
    for (const origin of cloudFrontOrigins(context)) {
      if (origin.vpcOrigin) continue;
      for (const endpoint of origin.endpoints) {
        if (endpoint.kind !== 'loadBalancer' || endpoint.loadBalancer.scheme === 'internal') continue;
        const ports = [
          ...(origin.protocolPolicy !== 'https-only' ? [origin.httpPort] : []),
          ...(origin.protocolPolicy !== 'http-only' ? [origin.httpsPort] : []),
        ];
        const all = endpoint.loadBalancer.listeners;
        const reached = all.filter((l) => l.port === undefined || ports.includes(l.port));
        for (const listener of reached.length > 0 ? reached : all) {
          const problems = bypasses(context, listener, origin, new Set());
          if (problems.length === 0) continue;
          const entry = byListener.get(listener.resource.uid) ?? {
            listener,
            origins: [],
            problems: new Set(),
          };
          entry.origins.push(origin);
          problems.forEach((p) => entry.problems.add(p));
          byListener.set(listener.resource.uid, entry);
        }
      }
    }
    return [...byListener.values()].map(({ listener, origins, problems }): WiringFinding => ({
      resource: listener.resource,
      locations: ['Properties/DefaultActions'],
      message:
        `Listener ${pathOf(listener.resource)} of internet-facing load balancer ` +
        `${pathOf(listener.loadBalancer.resource)} is the target of ${listOf(origins.map(originLabel))}, but ` +
        `${[...problems].join('; ')}. Anyone can reach it without passing CloudFront (and its WAF): the ` +
        "CloudFront prefix list admits every customer's distribution. Fix: send a secret header from the origin " +
        '(OriginCustomHeaders), make the default action a fixed-response 403, and forward only in a rule with an ' +
        'http-header condition on that header; or use a VPC origin to an internal load balancer.',
    }));
  },
};

/** Why a listener lets requests without the origin's header reach a target (empty when it does not). */
function bypasses(
  context: WiringContext,
  listener: ListenerInfo,
  origin: OriginInfo,
  seen: Set<string>,
): string[] {
  const { resolver } = context;
  seen.add(listener.resource.uid);
  const problems: string[] = [];
  const headers = origin.customHeaderNames;
  const defaultAction = terminalAction(context, listener.defaultActions);
  const type = defaultAction
    ? resolver.string(defaultAction.value.Type, defaultAction.template)?.toLowerCase()
    : undefined;
  if (type === 'fixed-response') {
    const status = resolver.string(
      field(defaultAction?.value.FixedResponseConfig, 'StatusCode'),
      listener.resource.template,
    );
    if (status !== undefined && !/^4\d\d$/.test(status))
      problems.push(`its default action answers ${status}, not a 4xx`);
  } else if (type === 'redirect' && defaultAction) {
    const next = redirectTarget(context, listener, defaultAction);
    if (next && !seen.has(next.resource.uid)) {
      const inner = bypasses(context, next, origin, seen);
      if (inner.length > 0)
        problems.push(`its default action redirects to ${pathOf(next.resource)}, where ${inner.join('; ')}`);
    }
  } else if (type !== undefined) {
    problems.push(
      headers.length === 0
        ? 'its default action forwards every request and the origin sends no secret header (OriginCustomHeaders) to check'
        : `its default action forwards every request, whether or not it carries ${listOf(headers)}`,
    );
  }
  for (const rule of listener.rules) {
    const action = terminalAction(context, rule.actions);
    if (!action || resolver.string(action.value.Type, action.template)?.toLowerCase() !== 'forward') continue;
    const checked = rule.conditions.filter((condition) => {
      const fieldName = resolver.string(condition.value.Field, condition.template)?.toLowerCase();
      const name = resolver.string(
        field(condition.value.HttpHeaderConfig, 'HttpHeaderName'),
        condition.template,
      );
      return fieldName === 'http-header' && name !== undefined && headers.includes(normalizeHeader(name));
    });
    if (checked.length === 0) {
      problems.push(
        `rule ${pathOf(rule.resource)} forwards without an http-header condition on ${headers.length > 0 ? listOf(headers) : 'a secret origin header'}`,
      );
    } else if (checked.every((condition) => !valueMatches(context, condition, origin))) {
      problems.push(`rule ${pathOf(rule.resource)} checks the header for a value CloudFront does not send`);
    }
  }
  return problems;
}

/** The action that ends the chain: the highest `Order`, else the last one. */
function terminalAction(context: WiringContext, actions: readonly ObjectValue[]): ObjectValue | undefined {
  let best: ObjectValue | undefined;
  let bestOrder = -Infinity;
  actions.forEach((action, i) => {
    const order = context.resolver.number(action.value.Order, action.template) ?? i;
    if (order >= bestOrder) {
      best = action;
      bestOrder = order;
    }
  });
  return best;
}

/** The listener of the same load balancer a redirect sends the client to, if it stays on the same host. */
function redirectTarget(
  context: WiringContext,
  listener: ListenerInfo,
  action: ObjectValue,
): ListenerInfo | undefined {
  const { resolver } = context;
  const config = action.value.RedirectConfig;
  const host = resolver.string(field(config, 'Host'), action.template) ?? '#{host}';
  if (host !== '#{host}') return undefined;
  const portText = resolver.string(field(config, 'Port'), action.template) ?? '#{port}';
  const protocol = resolver.string(field(config, 'Protocol'), action.template) ?? '#{protocol}';
  const port =
    portText === '#{port}'
      ? protocol === 'HTTPS'
        ? 443
        : protocol === 'HTTP'
          ? 80
          : listener.port
      : Number(portText);
  const loadBalancer = LoadBalancerIndex.of(context).loadBalancer(listener.loadBalancer.resource);
  return loadBalancer?.listeners.find((l) => l.port === port);
}

/** Whether a header condition's values include what the origin sends (true when either is unknown). */
function valueMatches(context: WiringContext, condition: ObjectValue, origin: OriginInfo): boolean {
  const { resolver } = context;
  const config = condition.value.HttpHeaderConfig;
  const name = normalizeHeader(resolver.string(field(config, 'HttpHeaderName'), condition.template) ?? '');
  const values = resolver.items(field(config, 'Values'), condition.template);
  const sent = resolver
    .objects(field(originDefinition(context, origin), 'OriginCustomHeaders'), origin.distribution.template)
    .find((h) => normalizeHeader(resolver.string(h.value.HeaderName, h.template) ?? '') === name);
  if (!values || !sent) return true;
  const sentValue = renderText(resolver.resolve(sent.value.HeaderValue, sent.template));
  if (sentValue === undefined || sentValue.includes('«')) return true;
  return values.some((v) => {
    const text = renderText(v);
    return text === undefined || text.includes('«') || text === sentValue;
  });
}

function originDefinition(context: WiringContext, origin: OriginInfo): unknown {
  const origins = context.resolver.items(
    field(origin.distribution.properties.DistributionConfig, 'Origins'),
    origin.distribution.template,
  );
  const item = origins?.[origin.index];
  return item?.kind === 'object' ? item.value : item?.kind === 'literal' ? item.value : undefined;
}
