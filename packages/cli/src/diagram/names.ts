import { CfnResourceDefinition } from './assembly-reader';

/**
 * Resources that name each other by literal strings rather than by `Ref`: DNS names (CloudFront
 * origins, Route 53 records, health checks), the identifier of an Aurora global cluster, the ARN of a
 * replica's source instance, a security group given by id. Across stacks (and regions) this is how a
 * multi-region app is wired; for resources the app does not create, it is all a template knows.
 *
 * Names are keys such as `dns:origin.example.com`, `global-cluster:saas-db`, `db-instance:shop-db`,
 * `sg:sg-0123456789abcdef0`.
 */

/** The names a resource answers to. */
export function ownedNames(resource: CfnResourceDefinition): string[] {
  const props = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::Route53::RecordSet':
      return typeof props.Name === 'string' ? [dns(props.Name)] : [];
    case 'AWS::CloudFront::Distribution': {
      const aliases = field(props.DistributionConfig, 'Aliases');
      return Array.isArray(aliases) ? aliases.filter(isString).map(dns) : [];
    }
    case 'AWS::RDS::GlobalCluster':
      return isString(props.GlobalClusterIdentifier)
        ? [`global-cluster:${props.GlobalClusterIdentifier}`]
        : [];
    case 'AWS::RDS::DBInstance':
      return isString(props.DBInstanceIdentifier) ? [`db-instance:${props.DBInstanceIdentifier}`] : [];
    default:
      return [];
  }
}

/** How a literal name is used: the direction of the flow, and what an unknown name stands for. */
export interface NameReference {
  readonly name: string;
  /** `to`: the resource sends to (or depends on) the named one; `from`: the named one reaches it. */
  readonly direction: 'to' | 'from';
  /**
   * What the name stands for when nothing in the app answers to it: an origin, a client or a server
   * the app does not create. Undefined: an unknown name is not drawn (a CNAME to somewhere else).
   */
  readonly external?: 'origin' | 'client' | 'server' | 'database';
}

/** The literal names a resource refers to. */
export function nameReferences(resource: CfnResourceDefinition): NameReference[] {
  const props = resource.Properties ?? {};
  const out: NameReference[] = [];
  switch (resource.Type) {
    case 'AWS::CloudFront::Distribution':
      for (const origin of asArray(field(props.DistributionConfig, 'Origins'))) {
        const domain = field(origin, 'DomainName');
        if (isString(domain)) out.push({ name: dns(domain), direction: 'to', external: 'origin' });
      }
      break;
    case 'AWS::Route53::RecordSet':
      for (const value of asArray(props.ResourceRecords).filter(isString)) {
        if (props.Type === 'CNAME') out.push({ name: dns(value), direction: 'to' });
      }
      break;
    case 'AWS::RDS::DBCluster':
      if (isString(props.GlobalClusterIdentifier)) {
        out.push({ name: `global-cluster:${props.GlobalClusterIdentifier}`, direction: 'to' });
      }
      break;
    case 'AWS::RDS::DBInstance':
      if (isString(props.SourceDBInstanceIdentifier)) {
        // An identifier or an ARN (`arn:<partition>:rds:<region>:<account>:db:<id>`).
        const id = props.SourceDBInstanceIdentifier.split(':db:').pop()!;
        out.push({ name: `db-instance:${id}`, direction: 'to', external: 'database' });
      }
      break;
    case 'AWS::EC2::SecurityGroupIngress':
      // A literal group id on either side is a group the app does not create.
      if (isGroupId(props.SourceSecurityGroupId)) {
        out.push({ name: `sg:${props.SourceSecurityGroupId}`, direction: 'from', external: 'client' });
      }
      if (isGroupId(props.GroupId)) {
        out.push({ name: `sg:${props.GroupId}`, direction: 'to', external: 'server' });
      }
      break;
    case 'AWS::EC2::SecurityGroup':
      for (const rule of asArray(props.SecurityGroupIngress)) {
        const source = field(rule, 'SourceSecurityGroupId');
        if (isGroupId(source)) out.push({ name: `sg:${source}`, direction: 'from', external: 'client' });
      }
      break;
  }
  return out;
}

/** The text of a name for a label: `origin.example.com`, `saas-db`, `sg-0123...`. */
export function nameText(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function dns(name: string): string {
  return `dns:${name.toLowerCase().replace(/\.$/, '')}`;
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isGroupId(value: unknown): value is string {
  return typeof value === 'string' && /^sg-[0-9a-f]+$/.test(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}
