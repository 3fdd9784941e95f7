import { cloudFrontOrigins, OriginInfo } from '../cloudfront';
import {
  certificateCovers,
  certificateNames,
  isElbDnsName,
  ListenerInfo,
  LoadBalancerInfo,
} from '../load-balancers';
import { WiringContext, WiringFinding, WiringRule } from '../wiring-context';
import { describeListeners, originLabel, pathOf } from './describe';

export const ORIGIN_LISTENER = 'Wiring-OriginListener';

/**
 * A CloudFront origin that leads to a load balancer of the app finds a listener for each protocol
 * and port it uses, and sends HTTPS only to a name a listener certificate can cover.
 *
 * The origin's SSL/TLS certificate must match either the origin domain or the Host header of the
 * origin request, or the TLS handshake fails and CloudFront answers 502
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-negotitation-failure,
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html).
 * Nobody can obtain a certificate for a load balancer's own `*.elb.amazonaws.com` name or for a
 * `*.cloudfront.net` Host, so HTTPS to the raw name works only when every behavior that uses the
 * origin forwards a viewer Host header of the distribution's own aliases, and the listener's
 * certificate covers them.
 */
export const originListener: WiringRule = {
  id: ORIGIN_LISTENER,
  summary:
    'a CloudFront origin that points at a load balancer finds a listener for its protocol and port, and HTTPS reaches a name a certificate covers',
  check(context) {
    const findings: WiringFinding[] = [];
    for (const origin of cloudFrontOrigins(context)) {
      for (const endpoint of origin.endpoints) {
        if (endpoint.kind === 'loadBalancer') {
          const problems = listenerProblems(context, origin, endpoint.loadBalancer, endpoint.names[0]);
          if (problems.length > 0) {
            findings.push({
              resource: origin.distribution,
              locations: [`Properties/DistributionConfig/Origins/${origin.index}`],
              message:
                `${originLabel(origin)} leads to load balancer ${pathOf(endpoint.loadBalancer.resource)} ` +
                `(listeners: ${describeListeners(endpoint.loadBalancer)}), but ${problems.join('; and ')}. ` +
                'Fix: add an HTTPS listener with an ACM certificate for a DNS name of your own (a Route 53 alias of the ' +
                'load balancer) and use that name as the origin domain; or, without a certificate, send http-only to ' +
                'port 80, or use a VPC origin to an internal load balancer.',
            });
          }
        } else if (endpoint.kind === 'external' && usesHttps(origin) && isElbDnsName(endpoint.name)) {
          // A load balancer outside the app, named by its raw DNS name: no certificate covers it.
          if (!hostRescues(origin, () => true)) {
            findings.push({
              resource: origin.distribution,
              locations: [`Properties/DistributionConfig/Origins/${origin.index}`],
              message:
                `${originLabel(origin)} connects over HTTPS to ${endpoint.name}, a load balancer's own DNS name that no ` +
                'certificate you can obtain covers, so the TLS handshake fails and CloudFront answers 502. Fix: point ' +
                'the origin at a DNS name of your own with a matching certificate on the HTTPS listener.',
            });
          }
        }
      }
    }
    return findings;
  },
};

function usesHttps(origin: OriginInfo): boolean {
  return origin.protocolPolicy !== 'http-only';
}

function listenerProblems(
  context: WiringContext,
  origin: OriginInfo,
  loadBalancer: LoadBalancerInfo,
  connectName: string | undefined,
): string[] {
  const problems: string[] = [];
  if (!origin.vpcOrigin && loadBalancer.scheme === 'internal') {
    // A custom origin is reached over the internet; only a VPC origin reaches an internal load balancer.
    problems.push('the load balancer is internal, and CloudFront reaches a custom origin over the internet');
  }
  const network = loadBalancer.type === 'network';
  const wanted: Array<{ protocol: 'HTTP' | 'HTTPS'; port: number }> = [];
  if (origin.protocolPolicy !== 'https-only') wanted.push({ protocol: 'HTTP', port: origin.httpPort });
  if (origin.protocolPolicy !== 'http-only') wanted.push({ protocol: 'HTTPS', port: origin.httpsPort });
  for (const { protocol, port } of wanted) {
    const listener =
      loadBalancer.listeners.find((l) => l.port === port) ??
      loadBalancer.listeners.find((l) => l.port === undefined);
    const accepted = network
      ? protocol === 'HTTP'
        ? ['TCP', 'TCP_UDP']
        : ['TLS', 'TCP', 'TCP_UDP']
      : [protocol];
    if (!listener) {
      problems.push(
        `CloudFront sends ${protocol} (${origin.protocolPolicy}) to port ${port}, where no listener is`,
      );
    } else if (listener.protocol !== undefined && !accepted.includes(listener.protocol)) {
      problems.push(
        `CloudFront sends ${protocol} to port ${port}, whose listener speaks ${listener.protocol}`,
      );
    }
    // TLS passthrough (a TCP listener of a network load balancer) ends at the targets: not seen here.
    const terminatesTls =
      !listener ||
      listener.protocol === undefined ||
      listener.protocol === 'HTTPS' ||
      listener.protocol === 'TLS';
    if (protocol === 'HTTPS' && terminatesTls) {
      const nameProblem = certificateProblem(context, origin, listener, connectName);
      if (nameProblem) problems.push(nameProblem);
    }
  }
  return problems;
}

/** Why the name CloudFront sends HTTPS to cannot match the listener's certificate, if it cannot. */
function certificateProblem(
  context: WiringContext,
  origin: OriginInfo,
  listener: ListenerInfo | undefined,
  connectName: string | undefined,
): string | undefined {
  const names = (listener?.certificates ?? []).map((c) => certificateNames(context, c));
  // A certificate from outside the app (an imported ARN) may cover anything: trust it.
  const visible = names.length > 0 && names.every((n) => n !== undefined);
  const covered = (host: string): boolean =>
    !visible ||
    names.some((certificate) => (certificate ?? []).some((name) => certificateCovers(name, host)));
  const coverable = (host: string): boolean =>
    !isElbDnsName(host) && !host.endsWith('.cloudfront.net') && covered(host);

  if (connectName !== undefined && coverable(connectName)) return undefined;
  if (hostRescues(origin, covered)) return undefined;
  if (connectName === undefined) {
    return (
      "CloudFront connects over HTTPS to the load balancer's own DNS name (*.elb.amazonaws.com), which no certificate " +
      'you can obtain covers' +
      (origin.behaviorsForwardHost.some((f) => f)
        ? origin.aliases.length === 0
          ? " (the viewer Host header it forwards is the distribution's *.cloudfront.net name, which no certificate of yours covers either)"
          : ` (the viewer Host headers it forwards, ${origin.aliases.join(', ')}, are not all covered by the listener certificate)`
        : '') +
      ', so the TLS handshake fails and CloudFront answers 502'
    );
  }
  return `the listener certificate does not cover ${connectName}, the name CloudFront connects to`;
}

/**
 * The origin domain need not match when every behavior that uses the origin forwards the viewer's
 * Host header and each alias of the distribution is covered: CloudFront then checks the certificate
 * against the Host header.
 */
function hostRescues(origin: OriginInfo, covered: (host: string) => boolean): boolean {
  return (
    origin.behaviorsForwardHost.length > 0 &&
    origin.behaviorsForwardHost.every((f) => f) &&
    origin.aliases.length > 0 &&
    origin.aliases.every((alias) => covered(alias))
  );
}
