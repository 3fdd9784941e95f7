import { renderText, Resolved } from './intrinsics';
import { CfnResource, StackTemplate } from './template-model';
import { WiringContext } from './wiring-context';

/**
 * Security groups, subnets, routes and VPC endpoints of an app, indexed once.
 *
 * A security group is named by a key: `r:<uid>` for an `AWS::EC2::SecurityGroup` in the app,
 * `l:sg-...` for a literal id (an imported group, whose rules outside the app cannot be seen).
 */
export type SecurityGroupKey = string;

/** The other side of a security-group rule. */
export type RulePeer =
  | { readonly kind: 'securityGroup'; readonly key: SecurityGroupKey }
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'prefixList' }
  /** A source or destination the resolver could not read: treated as "may match". */
  | { readonly kind: 'unknown' };

/** One ingress or egress rule, inline or a separate resource. */
export interface SecurityGroupRule {
  readonly group: SecurityGroupKey;
  readonly peer: RulePeer;
  /** `-1` (all), `tcp`, `udp`, `icmp`, or a protocol number, lower case. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly definedBy: CfnResource;
}

/** Security groups named by a list property (`SecurityGroups`, `VpcSecurityGroupIds`...). */
export interface SecurityGroupSet {
  readonly keys: readonly SecurityGroupKey[];
  /** False when an item could not be resolved to a group: the set may hold more. */
  readonly complete: boolean;
}

/** Whether tasks in a subnet can reach the internet. */
export type SubnetEgress = 'internet' | 'none' | 'unknown';

/** A VPC endpoint, with its service name written out (`com.amazonaws.«?».ecr.api`). */
export interface VpcEndpointInfo {
  readonly resource: CfnResource;
  readonly serviceName: string;
  readonly type: string;
}

const ALL_TRAFFIC = new Set(['-1', 'all']);

export class NetworkIndex {
  /** The index of a context's app, built on first use. */
  public static of(context: WiringContext): NetworkIndex {
    return context.model.memo('network', () => new NetworkIndex(context));
  }

  private readonly ingress = new Map<SecurityGroupKey, SecurityGroupRule[]>();
  private readonly egress = new Map<SecurityGroupKey, SecurityGroupRule[]>();
  private readonly groups = new Map<SecurityGroupKey, CfnResource>();
  /** Route tables by subnet uid. */
  private readonly routeTableOfSubnet = new Map<string, CfnResource>();
  /** Routes by route table uid. */
  private readonly routesOfTable = new Map<string, CfnResource[]>();
  /** Internet gateways attached, by VPC key. */
  private readonly gatewaysOfVpc = new Map<string, CfnResource[]>();
  private endpointsByVpc?: Map<string, VpcEndpointInfo[]>;

  private constructor(private readonly context: WiringContext) {
    const { model, resolver } = context;
    for (const group of model.ofType('AWS::EC2::SecurityGroup')) {
      const key = `r:${group.uid}`;
      this.groups.set(key, group);
      for (const rule of resolver.objects(group.properties.SecurityGroupIngress, group.template)) {
        this.add(this.ingress, this.rule(key, rule.value, rule.template, group, 'ingress'));
      }
      for (const rule of resolver.objects(group.properties.SecurityGroupEgress, group.template)) {
        this.add(this.egress, this.rule(key, rule.value, rule.template, group, 'egress'));
      }
    }
    for (const [type, map, direction] of [
      ['AWS::EC2::SecurityGroupIngress', this.ingress, 'ingress'],
      ['AWS::EC2::SecurityGroupEgress', this.egress, 'egress'],
    ] as const) {
      for (const resource of model.ofType(type)) {
        const key = this.securityGroupKey(resource.properties.GroupId, resource.template);
        if (key) this.add(map, this.rule(key, resource.properties, resource.template, resource, direction));
      }
    }
    for (const association of model.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
      const subnet = resolver.resourceRef(
        association.properties.SubnetId,
        association.template,
        'AWS::EC2::Subnet',
      );
      const table = resolver.resourceRef(
        association.properties.RouteTableId,
        association.template,
        'AWS::EC2::RouteTable',
      );
      if (subnet && table) this.routeTableOfSubnet.set(subnet.resource.uid, table.resource);
    }
    for (const route of model.ofType('AWS::EC2::Route')) {
      const table = resolver.resourceRef(
        route.properties.RouteTableId,
        route.template,
        'AWS::EC2::RouteTable',
      );
      if (!table) continue;
      const list = this.routesOfTable.get(table.resource.uid) ?? [];
      list.push(route);
      this.routesOfTable.set(table.resource.uid, list);
    }
    for (const attachment of model.ofType('AWS::EC2::VPCGatewayAttachment')) {
      const vpc = this.vpcKey(attachment.properties.VpcId, attachment.template);
      if (!vpc || attachment.properties.InternetGatewayId === undefined) continue;
      const list = this.gatewaysOfVpc.get(vpc) ?? [];
      list.push(attachment);
      this.gatewaysOfVpc.set(vpc, list);
    }
  }

  /** The key of one security-group id value (`Fn::GetAtt [Sg, GroupId]`, `Ref Sg`, `sg-...`). */
  public securityGroupKey(value: unknown, template: StackTemplate): SecurityGroupKey | undefined {
    const resolved = this.context.resolver.resolve(value, template);
    if (resolved.kind === 'ref') {
      return resolved.resource.type === 'AWS::EC2::SecurityGroup' ? `r:${resolved.resource.uid}` : undefined;
    }
    if (resolved.kind === 'literal' && typeof resolved.value === 'string' && resolved.value.startsWith('sg-'))
      return `l:${resolved.value}`;
    return undefined;
  }

  /** The groups of a list property; `complete` is false when an item was not understood. */
  public securityGroupSet(value: unknown, template: StackTemplate): SecurityGroupSet | undefined {
    if (value === undefined) return undefined;
    const items = this.context.resolver.items(value, template);
    if (!items) return { keys: [], complete: false };
    const keys: SecurityGroupKey[] = [];
    let complete = true;
    for (const item of items) {
      const key = this.keyOfResolved(item);
      if (key) keys.push(key);
      else complete = false;
    }
    return { keys, complete };
  }

  /** The `AWS::EC2::SecurityGroup` behind a key, when it is in the app. */
  public securityGroup(key: SecurityGroupKey): CfnResource | undefined {
    return this.groups.get(key);
  }

  /** Whether every rule of the groups can be seen: all are in the app and the set is complete. */
  public fullyVisible(set: SecurityGroupSet): boolean {
    return set.complete && set.keys.length > 0 && set.keys.every((key) => this.groups.has(key));
  }

  /** The ingress rules of a group. */
  public ingressOf(key: SecurityGroupKey): readonly SecurityGroupRule[] {
    return this.ingress.get(key) ?? [];
  }

  /** Ingress rules of any of `targets` that open `port` (TCP) to anyone at all. */
  public ingressOnPort(targets: readonly SecurityGroupKey[], port: number): SecurityGroupRule[] {
    return targets.flatMap((key) => this.ingressOf(key)).filter((rule) => coversPort(rule, port));
  }

  /**
   * Whether `targets` admit traffic from `sources` on `port`: a rule naming one of the source
   * groups, or a CIDR / prefix-list / unreadable source (task addresses are not known before
   * deployment, so such a rule may admit them).
   */
  public admits(
    targets: readonly SecurityGroupKey[],
    sources: readonly SecurityGroupKey[],
    port: number,
  ): boolean {
    return this.ingressOnPort(targets, port).some(
      (rule) => rule.peer.kind !== 'securityGroup' || sources.includes(rule.peer.key),
    );
  }

  /**
   * Whether a group restricts egress. CloudFormation removes a group's default allow-all egress
   * rule only when `SecurityGroupEgress` is given inline
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html);
   * CDK writes a dummy "disallow all" rule there for `allowAllOutbound: false`.
   */
  public egressRestricted(key: SecurityGroupKey): boolean {
    const group = this.groups.get(key);
    if (!group) return false;
    const inline = this.context.resolver.items(group.properties.SecurityGroupEgress, group.template);
    if (!inline || inline.length === 0) return false;
    return !(this.egress.get(key) ?? []).some(
      (rule) =>
        ALL_TRAFFIC.has(rule.protocol) &&
        (rule.peer.kind === 'unknown' || (rule.peer.kind === 'cidr' && /\/0$/.test(rule.peer.cidr))),
    );
  }

  /** Whether every one of `sources` (that restricts egress) lets traffic out to `targets` on `port`. */
  public egressAllows(
    sources: readonly SecurityGroupKey[],
    targets: readonly SecurityGroupKey[],
    port: number,
  ): boolean {
    // A task or load balancer with several groups may send through any of them.
    if (sources.some((key) => !this.egressRestricted(key))) return true;
    return sources.some((key) =>
      (this.egress.get(key) ?? []).some(
        (rule) =>
          coversPort(rule, port) && (rule.peer.kind !== 'securityGroup' || targets.includes(rule.peer.key)),
      ),
    );
  }

  /**
   * Whether tasks in a subnet reach the internet: a `0.0.0.0/0` route to a NAT gateway (or another
   * next hop this index cannot judge), or to an internet gateway when the task gets a public IP.
   * A task in a public subnet without a public IP has no way out
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html).
   */
  public subnetEgress(subnet: Resolved, assignPublicIp: boolean): SubnetEgress {
    if (subnet.kind !== 'ref' || subnet.resource.type !== 'AWS::EC2::Subnet') return 'unknown';
    const table = this.routeTableOfSubnet.get(subnet.resource.uid);
    // No association in the app: the VPC's main route table, which the templates do not show.
    if (!table) return 'unknown';
    for (const route of this.routesOfTable.get(table.uid) ?? []) {
      const p = route.properties;
      const destination = this.context.resolver.string(p.DestinationCidrBlock, route.template);
      if (destination !== '0.0.0.0/0') continue;
      if (p.NatGatewayId !== undefined) return 'internet';
      if (p.GatewayId !== undefined) {
        const gateway = this.context.resolver.resolve(p.GatewayId, route.template);
        const isInternetGateway =
          (gateway.kind === 'ref' && gateway.resource.type === 'AWS::EC2::InternetGateway') ||
          (gateway.kind === 'literal' &&
            typeof gateway.value === 'string' &&
            gateway.value.startsWith('igw-'));
        if (!isInternetGateway) return 'unknown';
        if (assignPublicIp) return 'internet';
        continue;
      }
      // Transit gateway, instance, network interface, peering: a way out this index cannot judge.
      return 'unknown';
    }
    return 'none';
  }

  /** The VPC key of a subnet in the app (`r:<uid>` or a literal `vpc-` id). */
  public vpcOfSubnet(subnet: CfnResource): string | undefined {
    return this.vpcKey(subnet.properties.VpcId, subnet.template);
  }

  /** A VPC key for a `VpcId` value. */
  public vpcKey(value: unknown, template: StackTemplate): string | undefined {
    const resolved = this.context.resolver.resolve(value, template);
    if (resolved.kind === 'ref' && resolved.resource.type === 'AWS::EC2::VPC')
      return `r:${resolved.resource.uid}`;
    if (resolved.kind === 'literal' && typeof resolved.value === 'string') return `l:${resolved.value}`;
    return undefined;
  }

  /** Internet gateway attachments of a VPC. */
  public internetGatewaysOf(vpc: string): readonly CfnResource[] {
    return this.gatewaysOfVpc.get(vpc) ?? [];
  }

  /** The VPC endpoints in a VPC. */
  public endpointsIn(vpc: string): readonly VpcEndpointInfo[] {
    if (!this.endpointsByVpc) {
      this.endpointsByVpc = new Map();
      for (const endpoint of this.context.model.ofType('AWS::EC2::VPCEndpoint')) {
        const key = this.vpcKey(endpoint.properties.VpcId, endpoint.template);
        const name = renderText(
          this.context.resolver.resolve(endpoint.properties.ServiceName, endpoint.template),
        );
        if (!key || name === undefined) continue;
        const list = this.endpointsByVpc.get(key) ?? [];
        list.push({
          resource: endpoint,
          serviceName: name,
          type:
            this.context.resolver.string(endpoint.properties.VpcEndpointType, endpoint.template) ?? 'Gateway',
        });
        this.endpointsByVpc.set(key, list);
      }
    }
    return this.endpointsByVpc.get(vpc) ?? [];
  }

  private keyOfResolved(resolved: Resolved): SecurityGroupKey | undefined {
    if (resolved.kind === 'ref')
      return resolved.resource.type === 'AWS::EC2::SecurityGroup' ? `r:${resolved.resource.uid}` : undefined;
    if (resolved.kind === 'literal' && typeof resolved.value === 'string' && resolved.value.startsWith('sg-'))
      return `l:${resolved.value}`;
    return undefined;
  }

  private rule(
    group: SecurityGroupKey,
    spec: Record<string, unknown>,
    template: StackTemplate,
    definedBy: CfnResource,
    direction: 'ingress' | 'egress',
  ): SecurityGroupRule {
    const { resolver } = this.context;
    const groupField = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
    const prefixField = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
    let peer: RulePeer = { kind: 'unknown' };
    if (spec[groupField] !== undefined) {
      const key = this.securityGroupKey(spec[groupField], template);
      peer = key ? { kind: 'securityGroup', key } : { kind: 'unknown' };
    } else if (spec[prefixField] !== undefined) {
      peer = { kind: 'prefixList' };
    } else if (spec.CidrIp !== undefined || spec.CidrIpv6 !== undefined) {
      const cidr = resolver.string(spec.CidrIp ?? spec.CidrIpv6, template);
      peer = cidr === undefined ? { kind: 'unknown' } : { kind: 'cidr', cidr };
    } else if (spec.SourceSecurityGroupName !== undefined) {
      peer = { kind: 'unknown' };
    }
    return {
      group,
      peer,
      protocol: (resolver.string(spec.IpProtocol, template) ?? '-1').toLowerCase(),
      fromPort: resolver.number(spec.FromPort, template),
      toPort: resolver.number(spec.ToPort, template),
      definedBy,
    };
  }

  private add(map: Map<SecurityGroupKey, SecurityGroupRule[]>, rule: SecurityGroupRule): void {
    const list = map.get(rule.group);
    if (list) list.push(rule);
    else map.set(rule.group, [rule]);
  }
}

/** Whether a rule lets TCP traffic through on `port`. */
export function coversPort(rule: SecurityGroupRule, port: number): boolean {
  if (ALL_TRAFFIC.has(rule.protocol)) return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  // An unreadable port range may include the port.
  if (rule.fromPort === undefined || rule.toPort === undefined) return true;
  if (rule.fromPort === -1 && rule.toPort === -1) return true;
  return rule.fromPort <= port && port <= rule.toPort;
}
