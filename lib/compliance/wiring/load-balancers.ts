import { ObjectValue, refsOfText, Resolved } from './intrinsics';
import { NetworkIndex, SecurityGroupSet } from './network';
import { CfnResource, field, StackTemplate } from './template-model';
import { WiringContext } from './wiring-context';

/** One `AWS::ElasticLoadBalancingV2::ListenerRule`. */
export interface ListenerRuleInfo {
  readonly resource: CfnResource;
  readonly actions: readonly ObjectValue[];
  readonly conditions: readonly ObjectValue[];
}

/** One listener with its rules and certificates. */
export interface ListenerInfo {
  readonly resource: CfnResource;
  readonly loadBalancer: LoadBalancerInfo;
  readonly port?: number;
  /** Upper case: `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, or undefined when unreadable. */
  readonly protocol?: string;
  readonly defaultActions: readonly ObjectValue[];
  readonly rules: ListenerRuleInfo[];
  /** `Certificates[].CertificateArn` of the listener and of its `ListenerCertificate` resources. */
  readonly certificates: Resolved[];
}

/** One `AWS::ElasticLoadBalancingV2::LoadBalancer` and its listeners. */
export interface LoadBalancerInfo {
  readonly resource: CfnResource;
  /** `internet-facing` (the default) or `internal`. */
  readonly scheme: string;
  /** `application` (the default), `network` or `gateway`. */
  readonly type: string;
  readonly securityGroups?: SecurityGroupSet;
  readonly listeners: ListenerInfo[];
}

/** Load balancers, listeners, listener rules and certificates of an app, indexed once. */
export class LoadBalancerIndex {
  public static of(context: WiringContext): LoadBalancerIndex {
    return context.model.memo('load-balancers', () => new LoadBalancerIndex(context));
  }

  private readonly byUid = new Map<string, LoadBalancerInfo>();
  private readonly listenerByUid = new Map<string, ListenerInfo>();

  private constructor(private readonly context: WiringContext) {
    const { model, resolver } = context;
    const network = NetworkIndex.of(context);
    for (const resource of model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const p = resource.properties;
      this.byUid.set(resource.uid, {
        resource,
        scheme: resolver.string(p.Scheme, resource.template) ?? 'internet-facing',
        type: resolver.string(p.Type, resource.template) ?? 'application',
        securityGroups: network.securityGroupSet(p.SecurityGroups, resource.template),
        listeners: [],
      });
    }
    for (const resource of model.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
      const p = resource.properties;
      const lbRef = resolver.resourceRef(
        p.LoadBalancerArn,
        resource.template,
        'AWS::ElasticLoadBalancingV2::LoadBalancer',
      );
      const loadBalancer = lbRef ? this.byUid.get(lbRef.resource.uid) : undefined;
      if (!loadBalancer) continue;
      const listener: ListenerInfo = {
        resource,
        loadBalancer,
        port: resolver.number(p.Port, resource.template),
        protocol: resolver.string(p.Protocol, resource.template)?.toUpperCase(),
        defaultActions: resolver.objects(p.DefaultActions, resource.template),
        rules: [],
        certificates: resolver
          .objects(p.Certificates, resource.template)
          .map((c) => resolver.resolve(c.value.CertificateArn, c.template)),
      };
      loadBalancer.listeners.push(listener);
      this.listenerByUid.set(resource.uid, listener);
    }
    for (const resource of model.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
      const listener = this.listenerOf(resource.properties.ListenerArn, resource.template);
      listener?.rules.push({
        resource,
        actions: resolver.objects(resource.properties.Actions, resource.template),
        conditions: resolver.objects(resource.properties.Conditions, resource.template),
      });
    }
    for (const resource of model.ofType('AWS::ElasticLoadBalancingV2::ListenerCertificate')) {
      const listener = this.listenerOf(resource.properties.ListenerArn, resource.template);
      for (const c of resolver.objects(resource.properties.Certificates, resource.template)) {
        listener?.certificates.push(resolver.resolve(c.value.CertificateArn, c.template));
      }
    }
  }

  /** The load balancer behind a resource of the app. */
  public loadBalancer(resource: CfnResource): LoadBalancerInfo | undefined {
    return this.byUid.get(resource.uid);
  }

  /** The listeners whose default actions or rules forward to a target group. */
  public listenersForwardingTo(targetGroup: CfnResource): ListenerInfo[] {
    const out: ListenerInfo[] = [];
    for (const listener of this.listenerByUid.values()) {
      const actions = [...listener.defaultActions, ...listener.rules.flatMap((rule) => rule.actions)];
      if (actions.some((action) => this.forwardTargets(action).some((tg) => tg.uid === targetGroup.uid)))
        out.push(listener);
    }
    return out;
  }

  /** The target groups an action forwards to (`TargetGroupArn` or `ForwardConfig.TargetGroups`). */
  public forwardTargets(action: ObjectValue): CfnResource[] {
    const { resolver } = this.context;
    const type = resolver.string(action.value.Type, action.template)?.toLowerCase();
    if (type !== 'forward') return [];
    const arns: unknown[] = [action.value.TargetGroupArn];
    for (const tg of resolver.objects(field(action.value.ForwardConfig, 'TargetGroups'), action.template)) {
      arns.push(tg.value.TargetGroupArn);
    }
    return arns
      .map((arn) => resolver.resourceRef(arn, action.template, 'AWS::ElasticLoadBalancingV2::TargetGroup'))
      .filter((ref): ref is NonNullable<typeof ref> => ref !== undefined)
      .map((ref) => ref.resource);
  }

  private listenerOf(value: unknown, template: StackTemplate): ListenerInfo | undefined {
    const ref = this.context.resolver.resourceRef(value, template, 'AWS::ElasticLoadBalancingV2::Listener');
    return ref ? this.listenerByUid.get(ref.resource.uid) : undefined;
  }
}

/** Where a host name leads, following the app's own Route 53 records. */
export type Endpoint =
  | {
      readonly kind: 'loadBalancer';
      readonly loadBalancer: LoadBalancerInfo;
      /**
       * The names walked to reach it, the first being the one the client connects to (and sends
       * as TLS SNI); empty when the value is the load balancer's own `DNSName`.
       */
      readonly names: readonly string[];
    }
  | { readonly kind: 'distribution'; readonly resource: CfnResource; readonly names: readonly string[] }
  /** A known name that no record of the app defines: it points outside the app. */
  | { readonly kind: 'external'; readonly name: string; readonly names: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: string };

interface RecordInfo {
  readonly resource: CfnResource;
  readonly targets: readonly Resolved[];
}

/** Route 53 records of the app by name, to follow a host name to a load balancer or distribution. */
export class DnsIndex {
  public static of(context: WiringContext): DnsIndex {
    return context.model.memo('dns', () => new DnsIndex(context));
  }

  private readonly records = new Map<string, RecordInfo[]>();

  private constructor(private readonly context: WiringContext) {
    const { model, resolver } = context;
    for (const resource of model.ofType('AWS::Route53::RecordSet')) {
      const p = resource.properties;
      const name = resolver.string(p.Name, resource.template);
      if (name === undefined) continue;
      const type = resolver.string(p.Type, resource.template);
      const targets: Resolved[] = [];
      if (p.AliasTarget !== undefined) {
        targets.push(resolver.resolve(field(p.AliasTarget, 'DNSName'), resource.template));
      } else if (type === 'CNAME' || type === 'A' || type === 'AAAA') {
        targets.push(...(resolver.items(p.ResourceRecords, resource.template) ?? []));
      }
      const key = normalizeName(name);
      const list = this.records.get(key) ?? [];
      list.push({ resource, targets });
      this.records.set(key, list);
    }
  }

  /** The records with a name. */
  public recordsNamed(name: string): readonly CfnResource[] {
    return (this.records.get(normalizeName(name)) ?? []).map((r) => r.resource);
  }

  /** Every endpoint a host-name value leads to (several for latency, weighted or failover records). */
  public endpoints(value: unknown, template: StackTemplate): Endpoint[] {
    return this.walk(this.context.resolver.resolve(value, template), [], new Set(), 0);
  }

  private walk(value: Resolved, names: string[], seen: Set<string>, depth: number): Endpoint[] {
    if (depth > 8) return [{ kind: 'unknown', reason: 'DNS records nest too deeply' }];
    if (value.kind === 'ref' || value.kind === 'text') {
      const lbIndex = LoadBalancerIndex.of(this.context);
      for (const ref of refsOfText(value)) {
        if (
          ref.resource.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' &&
          ref.attribute === 'DNSName'
        ) {
          const loadBalancer = lbIndex.loadBalancer(ref.resource);
          if (loadBalancer) return [{ kind: 'loadBalancer', loadBalancer, names }];
        }
        if (ref.resource.type === 'AWS::CloudFront::Distribution' && ref.attribute === 'DomainName')
          return [{ kind: 'distribution', resource: ref.resource, names }];
      }
      return [{ kind: 'unknown', reason: 'a host name built from values only known at deploy time' }];
    }
    if (value.kind === 'literal' && typeof value.value === 'string') {
      const name = normalizeName(value.value);
      const records = this.records.get(name);
      if (!records || seen.has(name)) return [{ kind: 'external', name, names: [...names, name] }];
      const nextSeen = new Set(seen).add(name);
      return records.flatMap((record) =>
        record.targets.flatMap((target) => this.walk(target, [...names, name], nextSeen, depth + 1)),
      );
    }
    return [
      { kind: 'unknown', reason: value.kind === 'unknown' ? value.reason : `a ${value.kind} host name` },
    ];
  }
}

/** Lower case, no trailing dot. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Whether a name is a raw Elastic Load Balancing DNS name, which no certificate you can get covers. */
export function isElbDnsName(name: string): boolean {
  return /\.elb\.amazonaws\.com(\.cn)?$/.test(normalizeName(name));
}

/**
 * The names an ACM certificate of the app covers (`DomainName` and `SubjectAlternativeNames`), or
 * undefined when the certificate is not in the app or its names are not all known.
 */
export function certificateNames(context: WiringContext, certificate: Resolved): string[] | undefined {
  if (certificate.kind !== 'ref' || certificate.resource.type !== 'AWS::CertificateManager::Certificate')
    return undefined;
  const { resolver } = context;
  const p = certificate.resource.properties;
  const primary = resolver.string(p.DomainName, certificate.resource.template);
  const alternatives = resolver.items(p.SubjectAlternativeNames, certificate.resource.template) ?? [];
  if (primary === undefined) return undefined;
  const names = [primary];
  for (const alternative of alternatives) {
    if (alternative.kind !== 'literal' || typeof alternative.value !== 'string') return undefined;
    names.push(alternative.value);
  }
  return names.map(normalizeName);
}

/** Whether a certificate name (possibly `*.example.com`) covers a host name (one label for the wildcard). */
export function certificateCovers(certificateName: string, host: string): boolean {
  const name = normalizeName(certificateName);
  const target = normalizeName(host);
  if (name === target) return true;
  if (!name.startsWith('*.')) return false;
  const dot = target.indexOf('.');
  return dot > 0 && target.slice(dot + 1) === name.slice(2);
}
