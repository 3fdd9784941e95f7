import { DependencyGraph } from '../dependencies';
import { Resolved } from '../intrinsics';
import { WiringFinding, WiringRule } from '../wiring-context';
import { pathOf } from './describe';

export const CAPACITY_PROVIDER_ORDER = 'Wiring-CapacityProviderOrder';

/**
 * An ECS service that runs on capacity providers (its own `CapacityProviderStrategy`, or the
 * cluster's default strategy when it names no launch type) is created after the cluster's
 * `AWS::ECS::ClusterCapacityProviderAssociations` in the same template.
 *
 * Without that order CloudFormation may create the service first, and it fails with "The specified
 * capacity provider strategy cannot contain a capacity provider that is not associated with the
 * cluster" (aws-cdk PR #35946; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-service.html).
 * A `Ref` or `Fn::GetAtt` from the service to the association orders them as well as `DependsOn`.
 */
export const capacityProviderOrder: WiringRule = {
  id: CAPACITY_PROVIDER_ORDER,
  summary:
    "a service with a capacity-provider strategy is created after its cluster's capacity-provider association",
  check(context) {
    const { model, resolver } = context;
    const findings: WiringFinding[] = [];
    const clusterKey = (value: Resolved): string | undefined =>
      value.kind === 'ref'
        ? `r:${value.resource.uid}`
        : value.kind === 'literal'
          ? `l:${String(value.value)}`
          : undefined;
    for (const service of model.ofType('AWS::ECS::Service')) {
      const p = service.properties;
      const t = service.template;
      const cluster = clusterKey(resolver.resolve(p.Cluster, t));
      if (!cluster) continue;
      const associations = t
        .ofType('AWS::ECS::ClusterCapacityProviderAssociations')
        .filter((a) => clusterKey(resolver.resolve(a.properties.Cluster, a.template)) === cluster);
      if (associations.length === 0) continue;
      const ownStrategy = (resolver.items(p.CapacityProviderStrategy, t) ?? []).length > 0;
      const usesDefault =
        p.LaunchType === undefined &&
        !ownStrategy &&
        associations.some(
          (a) => (resolver.items(a.properties.DefaultCapacityProviderStrategy, a.template) ?? []).length > 0,
        );
      if (!ownStrategy && !usesDefault) continue;
      const graph = DependencyGraph.of(context, t);
      const missing = associations.filter((a) => !graph.waitsFor(service.logicalId, a.logicalId));
      for (const association of missing) {
        findings.push({
          resource: service,
          locations: ['DependsOn'],
          message:
            `ECS service ${pathOf(service)} uses capacity providers (${ownStrategy ? 'its CapacityProviderStrategy' : "the cluster's default strategy"}) ` +
            `but does not depend on ${pathOf(association)}, the cluster's capacity-provider association: CloudFormation ` +
            'may create the service first and it fails because the capacity provider is not yet associated with ' +
            'the cluster. Fix: `service.node.addDependency(cluster)` after `cluster.enableFargateCapacityProviders()` ' +
            "(or add the association to the service's DependsOn).",
        });
      }
    }
    return findings;
  },
};
