import { CfnResourceDefinition } from './assembly-reader';

/** A resource a template value points at: a logical id in the same stack, or an export name. */
export interface ReferenceTarget {
  readonly logicalId?: string;
  /** From `Fn::ImportValue`. */
  readonly exportName?: string;
  /** From `Fn::GetStackOutput` (weak cross-stack references): `<stack name>/<output name>`. */
  readonly stackOutput?: string;
}

/** A dependency between two resources, in the direction requests or data flow. */
export interface ResourceReference {
  /** Logical id of the resource the flow starts from, in the stack being read. */
  readonly from: ReferenceTarget;
  readonly to: ReferenceTarget;
}

/**
 * The references a resource's properties make (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::ImportValue`),
 * turned into flows. `DependsOn` and metadata are ordering noise and are not read. A few properties
 * point against the flow and are turned around: a service registering with a target group receives
 * traffic from it, and a security-group rule lets its source reach the group it belongs to.
 */
export function resourceReferences(
  logicalId: string,
  resource: CfnResourceDefinition,
  logicalIds: ReadonlySet<string>,
): ResourceReference[] {
  const self: ReferenceTarget = { logicalId };
  const props = resource.Properties ?? {};
  const out: ResourceReference[] = [];
  const towards = (value: unknown): void => {
    for (const target of referenceTargets(value, logicalIds)) out.push({ from: self, to: target });
  };
  const from = (value: unknown): void => {
    for (const target of referenceTargets(value, logicalIds)) out.push({ from: target, to: self });
  };
  const between = (source: unknown, destination: unknown): void => {
    for (const a of referenceTargets(source, logicalIds)) {
      for (const b of referenceTargets(destination, logicalIds)) out.push({ from: a, to: b });
    }
  };

  switch (resource.Type) {
    case 'AWS::EC2::SecurityGroupIngress':
      between(props.SourceSecurityGroupId, props.GroupId);
      return out;
    case 'AWS::EC2::SecurityGroupEgress':
      between(props.GroupId, props.DestinationSecurityGroupId);
      return out;
    case 'AWS::EC2::SecurityGroup':
      for (const rule of asArray(props.SecurityGroupIngress)) from(field(rule, 'SourceSecurityGroupId'));
      for (const rule of asArray(props.SecurityGroupEgress))
        towards(field(rule, 'DestinationSecurityGroupId'));
      return out;
  }
  for (const key of Object.keys(props).sort()) {
    const reversed =
      (resource.Type === 'AWS::ECS::Service' && key === 'LoadBalancers') ||
      (resource.Type === 'AWS::AutoScaling::AutoScalingGroup' && key === 'TargetGroupARNs') ||
      // The health check guards the record: drawn from the check to what it checks.
      (resource.Type === 'AWS::Route53::RecordSet' && key === 'HealthCheckId');
    (reversed ? from : towards)(props[key]);
  }
  return out;
}

/** Every resource or export a template value refers to. */
export function referenceTargets(value: unknown, logicalIds: ReadonlySet<string>): ReferenceTarget[] {
  const out: ReferenceTarget[] = [];
  const local = (id: string): void => {
    if (logicalIds.has(id)) out.push({ logicalId: id });
  };
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = obj[key];
      if (key === 'Ref' && typeof arg === 'string') return local(arg);
      if (key === 'Fn::GetAtt') {
        if (Array.isArray(arg) && typeof arg[0] === 'string') return local(arg[0]);
        if (typeof arg === 'string') return local(arg.split('.')[0]);
      }
      if (key === 'Fn::Sub') {
        const [template, variables] = Array.isArray(arg) ? arg : [arg, undefined];
        if (typeof template === 'string') {
          for (const match of template.matchAll(/\$\{([^}!.]+)(?:\.[^}]*)?\}/g)) local(match[1]);
        }
        return visit(variables);
      }
      if (key === 'Fn::ImportValue' && typeof arg === 'string') {
        out.push({ exportName: arg });
        return;
      }
      if (key === 'Fn::GetStackOutput' && arg !== null && typeof arg === 'object') {
        const { StackName: stackName, OutputName: outputName } = arg as Record<string, unknown>;
        if (typeof stackName === 'string' && typeof outputName === 'string') {
          out.push({ stackOutput: `${stackName}/${outputName}` });
          return;
        }
      }
    }
    for (const k of keys) visit(obj[k]);
  };
  visit(value);
  return out;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}
