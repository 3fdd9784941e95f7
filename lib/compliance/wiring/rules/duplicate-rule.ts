import { NetworkIndex } from '../network';
import { dataStores } from '../stores';
import { CfnResource, StackTemplate } from '../template-model';
import { WiringContext, WiringFinding, WiringRule } from '../wiring-context';
import { pathOf } from './describe';

export const DUPLICATE_SECURITY_GROUP_RULE = 'Wiring-DuplicateSecurityGroupRule';

/**
 * No two `AWS::EC2::SecurityGroupIngress` / `SecurityGroupEgress` resources of the app open the
 * same permission (group, direction, protocol, port range and peer). EC2 refuses the second with
 * `InvalidPermission.Duplicate`
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), so the deploy
 * fails; and if one of the two is ever removed, CloudFormation revokes the permission the other
 * still declares. CDK merges identical rules itself, except when one side writes a port as a number
 * and the other as a reference (`Fn::GetAtt [Db, Endpoint.Port]`): this rule resolves such a port
 * to the store's port before comparing.
 */
export const duplicateSecurityGroupRule: WiringRule = {
  id: DUPLICATE_SECURITY_GROUP_RULE,
  summary: 'no two security-group rule resources of the app open the same permission',
  check(context) {
    const network = NetworkIndex.of(context);
    const storePorts = new Map(
      dataStores(context)
        .filter((store) => store.port !== undefined)
        .map((store) => [store.resource.uid, store.port!] as const),
    );
    const seen = new Map<string, CfnResource>();
    const findings: WiringFinding[] = [];
    for (const [type, direction] of [
      ['AWS::EC2::SecurityGroupIngress', 'ingress'],
      ['AWS::EC2::SecurityGroupEgress', 'egress'],
    ] as const) {
      for (const resource of context.model.ofType(type)) {
        const key = permissionKey(context, network, storePorts, resource, direction);
        if (key === undefined) continue;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, resource);
          continue;
        }
        findings.push({
          resource,
          locations: ['Properties'],
          message:
            `${direction} rule ${pathOf(resource)} opens the same permission as ${pathOf(first)} ` +
            `(${describeKey(key)}): EC2 refuses the second with InvalidPermission.Duplicate. Open it once ` +
            '(a port written as a reference and as a number is the usual cause: CDK cannot merge the two)',
        });
      }
    }
    return findings;
  },
};

/** The permission a rule resource opens, or undefined when a part of it cannot be read. */
function permissionKey(
  context: WiringContext,
  network: NetworkIndex,
  storePorts: ReadonlyMap<string, number>,
  resource: CfnResource,
  direction: 'ingress' | 'egress',
): string | undefined {
  const { resolver } = context;
  const p = resource.properties;
  const template = resource.template;
  const group = network.securityGroupKey(p.GroupId, template);
  const protocol = resolver.string(p.IpProtocol, template)?.toLowerCase();
  const from = port(context, storePorts, p.FromPort, template);
  const to = port(context, storePorts, p.ToPort, template);
  const peer = peerOf(context, network, p, template, direction);
  if (!group || protocol === undefined || peer === undefined) return undefined;
  const allPorts = protocol === '-1' || protocol === 'all';
  if (!allPorts && (from === undefined || to === undefined)) return undefined;
  return JSON.stringify([
    direction,
    group,
    allPorts ? '-1' : protocol,
    allPorts ? '' : from,
    allPorts ? '' : to,
    peer,
  ]);
}

function peerOf(
  context: WiringContext,
  network: NetworkIndex,
  p: Record<string, unknown>,
  template: StackTemplate,
  direction: 'ingress' | 'egress',
): string | undefined {
  const groupField = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
  const prefixField = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
  if (p[groupField] !== undefined) {
    const key = network.securityGroupKey(p[groupField], template);
    return key === undefined ? undefined : `group ${key}`;
  }
  for (const [field, label] of [
    [prefixField, 'prefix list'],
    ['CidrIp', 'cidr'],
    ['CidrIpv6', 'cidr'],
  ] as const) {
    if (p[field] === undefined) continue;
    const value = context.resolver.string(p[field], template);
    return value === undefined ? undefined : `${label} ${value}`;
  }
  return undefined;
}

/** A port: a number, or a reference to a data store's port attribute (its port). */
function port(
  context: WiringContext,
  storePorts: ReadonlyMap<string, number>,
  value: unknown,
  template: StackTemplate,
): number | undefined {
  const literal = context.resolver.number(value, template);
  if (literal !== undefined) return literal;
  const resolved = context.resolver.resolve(value, template);
  if (resolved.kind === 'ref' && resolved.attribute !== undefined && /Port$/.test(resolved.attribute)) {
    return storePorts.get(resolved.resource.uid);
  }
  return undefined;
}

function describeKey(key: string): string {
  const [, , protocol, from, to, peer] = JSON.parse(key) as string[];
  const ports =
    protocol === '-1' ? 'all traffic' : from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
  return `${ports} with ${String(peer).replace(/^group r:\d+\//, 'security group ')}`;
}
