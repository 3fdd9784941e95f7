import { OriginInfo } from '../cloudfront';
import { LoadBalancerInfo } from '../load-balancers';
import { CfnResource } from '../template-model';

/** How findings name a resource: its construct path. */
export function pathOf(resource: CfnResource): string {
  return resource.constructPath;
}

/** `origin 'Id' of distribution Path/To/Distribution`. */
export function originLabel(origin: OriginInfo): string {
  return `CloudFront origin '${origin.id ?? `#${origin.index}`}' of ${pathOf(origin.distribution)}`;
}

/** `HTTP:80, HTTPS:443`, or `none`. */
export function describeListeners(loadBalancer: LoadBalancerInfo): string {
  if (loadBalancer.listeners.length === 0) return 'none';
  return loadBalancer.listeners.map((l) => `${l.protocol ?? '?'}:${l.port ?? '?'}`).join(', ');
}

/** `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
