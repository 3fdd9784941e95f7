import { DnsIndex, LoadBalancerInfo } from '../load-balancers';
import { field } from '../template-model';
import { WiringFinding, WiringRule } from '../wiring-context';
import { describeListeners, pathOf } from './describe';

export const HEALTH_CHECK_TARGET = 'Wiring-HealthCheckTarget';

/**
 * A Route 53 health check whose domain name leads (through the app's own records) to a load
 * balancer finds a listener for its type and port, and one that leads to a CloudFront
 * distribution over HTTPS uses a name among the distribution's aliases (CloudFront answers an
 * unknown SNI name with a TLS failure, so the check never passes). Names the app does not define
 * and literal IP addresses are trusted.
 * See https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html.
 */
export const healthCheckTarget: WiringRule = {
  id: HEALTH_CHECK_TARGET,
  summary: 'a Route 53 health check reaches a listener (or distribution alias) for its protocol and port',
  check(context) {
    const { model, resolver } = context;
    const dns = DnsIndex.of(context);
    const findings: WiringFinding[] = [];
    for (const check of model.ofType('AWS::Route53::HealthCheck')) {
      const config = check.properties.HealthCheckConfig;
      const t = check.template;
      const type = resolver.string(field(config, 'Type'), t);
      const fqdn = field(config, 'FullyQualifiedDomainName');
      if (type === undefined || fqdn === undefined || !/^(HTTP|HTTPS|TCP)/.test(type)) continue;
      const https = type.startsWith('HTTPS');
      const port = resolver.number(field(config, 'Port'), t) ?? (https ? 443 : 80);
      const problems: string[] = [];
      for (const endpoint of dns.endpoints(fqdn, t)) {
        if (endpoint.kind === 'loadBalancer') {
          const problem = listenerProblem(endpoint.loadBalancer, type, port);
          if (problem) problems.push(problem);
        } else if (
          endpoint.kind === 'distribution' &&
          port !== (https ? 443 : 80) &&
          !(type === 'TCP' && port === 443)
        ) {
          // CloudFront accepts viewers on 80 (HTTP) and 443 (HTTPS) only.
          // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html
          problems.push(
            `${endpoint.names[0] ?? 'its name'} leads to distribution ${pathOf(endpoint.resource)}, which answers only ` +
              'on port 80 (HTTP) and 443 (HTTPS)',
          );
        } else if (endpoint.kind === 'distribution' && https) {
          const name = endpoint.names[0];
          const aliases = (
            resolver.items(
              field(endpoint.resource.properties.DistributionConfig, 'Aliases'),
              endpoint.resource.template,
            ) ?? []
          ).map((a) => (a.kind === 'literal' ? String(a.value).toLowerCase() : undefined));
          if (name !== undefined && !aliases.includes(name))
            problems.push(
              `${name} leads to distribution ${pathOf(endpoint.resource)}, which does not list it among its aliases`,
            );
        }
      }
      if (problems.length > 0) {
        findings.push({
          resource: check,
          locations: ['Properties/HealthCheckConfig'],
          message:
            `Route 53 health check ${pathOf(check)} (${type} on port ${port}) can never pass: ${problems.join('; ')}. ` +
            'Records that use it fail over (or stop answering) for no reason. Fix: check a protocol and port the ' +
            'endpoint serves.',
        });
      }
    }
    return findings;
  },
};

function listenerProblem(loadBalancer: LoadBalancerInfo, type: string, port: number): string | undefined {
  const listener = loadBalancer.listeners.find((l) => l.port === port);
  if (!listener) {
    return `load balancer ${pathOf(loadBalancer.resource)} has no listener on port ${port} (listeners: ${describeListeners(loadBalancer)})`;
  }
  const wanted = type.startsWith('HTTPS')
    ? ['HTTPS', 'TLS', 'TCP']
    : type.startsWith('HTTP')
      ? ['HTTP', 'TCP']
      : undefined;
  if (wanted && listener.protocol !== undefined && !wanted.includes(listener.protocol))
    return `the listener of ${pathOf(loadBalancer.resource)} on port ${port} speaks ${listener.protocol}`;
  return undefined;
}
