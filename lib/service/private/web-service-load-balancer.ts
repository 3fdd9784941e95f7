import { Duration, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { cloudFrontPrefixListId } from '../../private/cloudfront-regions';
import { resolvableSecretValue } from '../../private/secret-value';
import type { WebService } from '../web-service';
import { WebServiceProps } from '../web-service-props';

/** The header CloudFront must send to an internet-facing load balancer behind it. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

/** What the listener of an internet-facing load balancer behind CloudFront answers without the origin header. */
const FORBIDDEN: elbv2.FixedResponseOptions = { contentType: 'text/plain', messageBody: 'Forbidden' };

/**
 * Public subnets for an internet-facing load balancer; for an internal one the private subnets with
 * egress, or one isolated subnet per AZ (a load balancer takes one subnet per AZ, and a VPC without
 * NAT has more than one isolated subnet group).
 */
function defaultLoadBalancerSubnets(vpc: ec2.IVpc, internetFacing: boolean): ec2.SubnetSelection {
  if (internetFacing) return { subnetType: ec2.SubnetType.PUBLIC };
  return vpc.privateSubnets.length > 0
    ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true }
    : { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, onePerAz: true };
}

/**
 * The Application Load Balancer (`LoadBalancer`): internet-facing or internal in its subnets,
 * deletion protection, invalid headers dropped, desync mitigation, HTTP/2.
 */
export function createLoadBalancer(
  web: WebService,
  props: WebServiceProps,
  publicLoadBalancer: boolean,
): elbv2.ApplicationLoadBalancer {
  return new elbv2.ApplicationLoadBalancer(web, 'LoadBalancer', {
    vpc: web.cluster.vpc,
    internetFacing: publicLoadBalancer,
    vpcSubnets: props.loadBalancerSubnets ?? defaultLoadBalancerSubnets(web.cluster.vpc, publicLoadBalancer),
    deletionProtection: props.deletionProtection ?? true,
    dropInvalidHeaderFields: true,
    desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
    http2Enabled: true,
  });
}

/**
 * The target group of the service's tasks (`TargetGroup`): a quick health check that must not call
 * dependencies, and a short deregistration delay.
 */
export function createTargetGroup(
  web: WebService,
  props: WebServiceProps,
  containerPort: number,
): elbv2.ApplicationTargetGroup {
  return new elbv2.ApplicationTargetGroup(web, 'TargetGroup', {
    vpc: web.cluster.vpc,
    port: containerPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    targets: [web.service],
    deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
    healthCheck: {
      path: props.healthCheckPath ?? '/',
      healthyHttpCodes: '200-399',
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
  });
}

/** The listener that forwards to the service, and the HTTP listener that redirects to HTTPS. */
export function createListeners(
  web: WebService,
  props: WebServiceProps,
  allowOnlyCloudFront: boolean,
  publicLoadBalancer: boolean,
): { listener: elbv2.ApplicationListener; redirectListener?: elbv2.ApplicationListener } {
  const peer = allowOnlyCloudFront
    ? ec2.Peer.prefixList(
        props.cloudFrontPrefixListId ?? cloudFrontPrefixListId(web, 'cloudFrontPrefixListId'),
      )
    : publicLoadBalancer
      ? ec2.Peer.anyIpv4()
      : ec2.Peer.ipv4(web.cluster.vpc.vpcCidrBlock);
  const source = allowOnlyCloudFront
    ? 'CloudFront origin-facing addresses'
    : publicLoadBalancer
      ? 'the internet'
      : 'inside the VPC';

  // Behind CloudFront with a public address, only requests carrying the origin-verify header are
  // forwarded (a rule added by requireOriginVerifyHeader); everything else gets a 403.
  const target = web.originVerifySecret
    ? { defaultAction: elbv2.ListenerAction.fixedResponse(403, FORBIDDEN) }
    : { defaultTargetGroups: [web.targetGroup] };
  if (props.certificate) {
    const listener = web.loadBalancer.addListener('HttpsListener', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      certificates: [props.certificate],
      sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      ...target,
    });
    web.loadBalancer.connections.allowFrom(peer, ec2.Port.tcp(443), `HTTPS from ${source}`);
    let redirectListener: elbv2.ApplicationListener | undefined;
    // Behind CloudFront the origin protocol is HTTPS: no port 80 at all (and the prefix list
    // is too heavy for two security group rules).
    if (!allowOnlyCloudFront) {
      redirectListener = web.loadBalancer.addListener('HttpListener', {
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: 80,
        open: false,
        defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      });
      web.loadBalancer.connections.allowFrom(
        peer,
        ec2.Port.tcp(80),
        `HTTP (redirect to HTTPS) from ${source}`,
      );
    }
    acknowledgeOpenIngress(web, allowOnlyCloudFront, publicLoadBalancer);
    return { listener, redirectListener };
  }

  const listener = web.loadBalancer.addListener('HttpListener', {
    protocol: elbv2.ApplicationProtocol.HTTP,
    port: 80,
    open: false,
    ...target,
  });
  web.loadBalancer.connections.allowFrom(peer, ec2.Port.tcp(80), `HTTP from ${source}`);
  acknowledgeOpenIngress(web, allowOnlyCloudFront, publicLoadBalancer);
  if (allowOnlyCloudFront || !publicLoadBalancer) {
    Validations.of(listener).acknowledge({
      id: 'cdk-validator-cfnguard::alb_http_to_https_redirection_check',
      reason: allowOnlyCloudFront
        ? 'TLS terminates at CloudFront; this listener is reachable only from the CloudFront origin-facing ' +
          'prefix list (no certificate was given; the construct warns about it)'
        : 'Internal load balancer reachable only from inside the VPC (no certificate was given; the construct ' +
          'warns about it)',
    });
  }
  return { listener };
}

/**
 * The secret CloudFront and the listener share. It is not a credential that can rotate on its own:
 * CloudFront's origin header and the listener rule must change together, which a deployment with a
 * new value does.
 */
export function createOriginVerifySecret(web: WebService): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(web, 'OriginVerifySecret', {
    description: `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront sends to ${web.node.path}`,
    generateSecretString: { excludePunctuation: true, includeSpace: false, passwordLength: 48 },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'A value shared by the CloudFront origin and the load balancer listener rule, not a service credential: ' +
      'both must change together, which a deployment with a new value does',
  });
  return secret;
}

/**
 * Forward only requests that carry the origin-verify header; the listener's default action answers
 * 403. CloudFront adds the header (CdnFront reads it from the WebService), so requests that reach
 * the load balancer any other way, including through another account's CloudFront distribution,
 * are refused.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
 */
export function requireOriginVerifyHeader(web: WebService, secret: secretsmanager.ISecret): void {
  const value = resolvableSecretValue(secret);
  web.listener.addAction('OriginVerified', {
    priority: 1,
    conditions: [elbv2.ListenerCondition.httpHeader(ORIGIN_VERIFY_HEADER, [value.unsafeUnwrap()])],
    action: elbv2.ListenerAction.forward([web.targetGroup]),
  });
}

function acknowledgeOpenIngress(
  web: WebService,
  allowOnlyCloudFront: boolean,
  publicLoadBalancer: boolean,
): void {
  if (allowOnlyCloudFront) return;
  const reason = publicLoadBalancer
    ? 'Security group of an internet-facing load balancer: only its listener ports (443, and 80 which redirects ' +
      'to HTTPS) are open to any address, as a public website requires'
    : "Internal load balancer: ingress on the listener port from the VPC's own CIDR block only, written as a " +
      'reference to the VPC that the rule cannot evaluate';
  for (const securityGroup of web.loadBalancer.connections.securityGroups) {
    Validations.of(securityGroup).acknowledge({ id: 'AwsSolutions-EC23', reason });
  }
}
