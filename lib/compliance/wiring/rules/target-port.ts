import { EcsIndex } from '../ecs';
import { LoadBalancerIndex } from '../load-balancers';
import { NetworkIndex } from '../network';
import { WiringFinding, WiringRule } from '../wiring-context';
import { listOf, pathOf } from './describe';

export const TARGET_PORT = 'Wiring-TargetPort';

/**
 * Each target group an ECS service registers with matches a port the container maps, checks health
 * on that port (`traffic-port` or the same number), and the service's security groups admit the
 * load balancer's on it (with the load balancer's egress, when restricted, letting it out).
 *
 * ECS registers each task on the container port named in the service's `LoadBalancers`
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html); a target group with
 * another port is not fatal on its own, but it is the port the target group's health check uses
 * when given as a number, and what every reader of the target group trusts. The security-group
 * requirement is from
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-group-considerations.html.
 */
export const targetPort: WiringRule = {
  id: TARGET_PORT,
  summary: "a service's target group, health check and security groups agree with its container port",
  check(context) {
    const { resolver } = context;
    const network = NetworkIndex.of(context);
    const loadBalancers = LoadBalancerIndex.of(context);
    const findings: WiringFinding[] = [];
    for (const service of EcsIndex.of(context).services) {
      service.loadBalancers.forEach((entry, index) => {
        const { targetGroup, containerName, containerPort } = entry;
        if (!targetGroup || containerPort === undefined) return;
        const problems: string[] = [];
        const container = service.taskDefinition?.containers.find((c) => c.name === containerName);
        if (service.taskDefinition && containerName !== undefined && !container) {
          problems.push(
            `task definition ${pathOf(service.taskDefinition.resource)} has no container named ${containerName}`,
          );
        } else if (container && !container.containerPorts.includes(containerPort)) {
          problems.push(
            `container ${containerName} maps ${container.containerPorts.length > 0 ? `port ${listOf(container.containerPorts.map(String))}` : 'no port'}, not ${containerPort}`,
          );
        }
        const tg = targetGroup.properties;
        const tgPort = resolver.number(tg.Port, targetGroup.template);
        if (tgPort !== undefined && tgPort !== containerPort)
          problems.push(
            `target group ${pathOf(targetGroup)} has port ${tgPort}, the container port is ${containerPort}`,
          );
        const healthPort = resolver.string(tg.HealthCheckPort, targetGroup.template);
        if (healthPort !== undefined && healthPort !== 'traffic-port' && Number(healthPort) !== containerPort)
          problems.push(
            `target group ${pathOf(targetGroup)} checks health on port ${healthPort}, not ${containerPort}`,
          );

        const serviceGroups = service.securityGroups;
        if (serviceGroups && serviceGroups.keys.length > 0) {
          for (const listener of loadBalancers.listenersForwardingTo(targetGroup)) {
            const lbGroups = listener.loadBalancer.securityGroups;
            // A network load balancer without security groups passes client addresses through.
            if (!lbGroups || lbGroups.keys.length === 0 || !lbGroups.complete) continue;
            const lbPath = pathOf(listener.loadBalancer.resource);
            if (
              network.fullyVisible(serviceGroups) &&
              !network.admits(serviceGroups.keys, lbGroups.keys, containerPort)
            )
              problems.push(
                `the service's security groups do not admit load balancer ${lbPath}'s security groups on port ${containerPort}`,
              );
            if (!network.egressAllows(lbGroups.keys, serviceGroups.keys, containerPort))
              problems.push(
                `load balancer ${lbPath}'s security groups restrict egress and do not let it reach the service on port ${containerPort}`,
              );
          }
        }
        if (problems.length > 0) {
          findings.push({
            resource: service.resource,
            locations: [`Properties/LoadBalancers/${index}`],
            message:
              `ECS service ${pathOf(service.resource)} registers container ${containerName ?? '?'}:${containerPort} with ` +
              `target group ${pathOf(targetGroup)}, but ${[...new Set(problems)].join('; ')}. Targets never become ` +
              'healthy and the deployment stalls. Fix: use the container port for the target group and its health ' +
              "check, and add an ingress rule from the load balancer's security group on it.",
          });
        }
      });
    }
    return findings;
  },
};
