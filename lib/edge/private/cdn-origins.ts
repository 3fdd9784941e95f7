import { Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../../errors';
import { resolvableSecretValue } from '../../private/secret-value';
import { CdnFrontProps, LoadBalancerAccess } from '../cdn-front-props';

/** The header CloudFront adds to requests to a public ALB; the ALB's listener rules require it. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

/** The custom origin headers that carry `secret` in `X-Origin-Verify`. */
export function originVerifyHeaders(secret: secretsmanager.ISecret): Record<string, string> {
  return { [ORIGIN_VERIFY_HEADER]: resolvableSecretValue(secret).unsafeUnwrap() };
}

/** How CloudFront reaches a load balancer origin, decided once from the props. */
export interface LoadBalancerOriginPlan {
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly access: LoadBalancerAccess;
  readonly protocol: elbv2.ApplicationProtocol;
  readonly port: number;
  readonly domainName?: string;
  readonly verifyHeaderName?: string;
  readonly verifySecret?: secretsmanager.ISecret;
}

/**
 * How CloudFront reaches the load balancer: from the construct that owns it (`loadBalancerOrigin`),
 * or from `loadBalancer` and the CdnFront props (then CdnFront creates the origin-verify secret,
 * `OriginVerifySecret`, for an internet-facing one). The protocol and port are those of a listener
 * that exists; HTTPS only to a name a certificate can cover.
 */
export function planLoadBalancerOrigin(
  scope: Construct,
  props: CdnFrontProps,
): LoadBalancerOriginPlan | undefined {
  const described = props.loadBalancerOrigin;
  if (described) {
    const domainName = props.loadBalancerDomainName ?? described.originDomainName;
    if (described.originProtocol === elbv2.ApplicationProtocol.HTTPS && domainName === undefined) {
      throw new BlueprintValidationError(
        scope,
        'loadBalancerDomainName',
        '`loadBalancerDomainName` is required: the load balancer serves HTTPS only, and CloudFront validates the ' +
          "origin certificate against the name it connects to, which can never be the load balancer's own " +
          '*.elb.amazonaws.com name. Pass a name on the certificate that resolves to the load balancer, or set ' +
          '`originDomainName` on the WebService',
      );
    }
    return {
      loadBalancer: described.originLoadBalancer,
      access: described.internetFacing
        ? LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER
        : LoadBalancerAccess.VPC_ORIGIN,
      protocol: described.originProtocol,
      port: described.originPort,
      domainName,
      verifyHeaderName: described.originVerifyHeaderName,
      verifySecret: described.originVerifySecret,
    };
  }
  const alb = props.loadBalancer;
  if (!alb) return undefined;
  const https = props.loadBalancerDomainName !== undefined;
  const protocol = https ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP;
  const port = https ? 443 : 80;
  if (alb instanceof elbv2.ApplicationLoadBalancer && alb.listeners.length > 0) {
    const served = alb.listeners.some((l) => l.port === port && l.protocol === protocol);
    if (!served) {
      throw new BlueprintValidationError(
        scope,
        'loadBalancer',
        `CloudFront would connect with ${protocol} on port ${port}, but \`loadBalancer\` has no such listener ` +
          `(it has ${alb.listeners.map((l) => `${l.protocol}:${l.port}`).join(', ')}). ` +
          (https
            ? 'Remove `loadBalancerDomainName` to use HTTP on port 80, or add an HTTPS listener on 443'
            : 'Pass `loadBalancerDomainName` (a name on the listener certificate) to use HTTPS on 443, or add an HTTP listener on 80'),
      );
    }
  }
  const access = props.loadBalancerAccess ?? defaultAccess(alb);
  let verifySecret: secretsmanager.ISecret | undefined;
  if (access === LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER) {
    // Nobody describes this load balancer's listener rules: CdnFront makes the secret, and the owner
    // of the listener must forward only requests carrying it (WiringChecks' Wiring-OriginBypass
    // verifies it when the listener is in the same app).
    verifySecret = new secretsmanager.Secret(scope, 'OriginVerifySecret', {
      description: `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront sends to the ALB behind ${scope.node.path}`,
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    Validations.of(verifySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A value shared by CloudFront and the ALB listener rule, not a service credential that can rotate on its ' +
        'own: both must change together, which a redeploy with a new secret does',
    });
  }
  return {
    loadBalancer: alb,
    access,
    protocol,
    port,
    domainName: props.loadBalancerDomainName,
    verifyHeaderName: verifySecret ? ORIGIN_VERIFY_HEADER : undefined,
    verifySecret,
  };
}

/** The application origin: the custom origin, or the load balancer (a VPC origin or a public one). */
export function createAppOrigin(
  props: CdnFrontProps,
  plan: LoadBalancerOriginPlan | undefined,
): cloudfront.IOrigin | undefined {
  if (props.originDomainName !== undefined) return httpsOrigin(props.originDomainName, props);
  if (!plan) return undefined;
  const https = plan.protocol === elbv2.ApplicationProtocol.HTTPS;
  const protocolPolicy = https
    ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY
    : cloudfront.OriginProtocolPolicy.HTTP_ONLY;
  const ports = https ? { httpsPort: plan.port } : { httpPort: plan.port };

  if (props.cloudfrontOriginFacingPrefixListId !== undefined) {
    plan.loadBalancer.connections.allowFrom(
      ec2.Peer.prefixList(props.cloudfrontOriginFacingPrefixListId),
      ec2.Port.tcp(plan.port),
      `${plan.protocol} from CloudFront (origin-facing prefix list)`,
    );
  }
  if (plan.access === LoadBalancerAccess.VPC_ORIGIN) {
    // Inside the VPC: CloudFront's elastic network interface reaches the internal ALB on the
    // listener's own protocol and port; nothing but CloudFront can reach it.
    return origins.VpcOrigin.withApplicationLoadBalancer(plan.loadBalancer, {
      domainName: plan.domainName,
      protocolPolicy,
      ...ports,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      originShieldRegion: props.originShieldRegion,
    });
  }
  const headers =
    plan.verifyHeaderName && plan.verifySecret
      ? { [plan.verifyHeaderName]: resolvableSecretValue(plan.verifySecret).unsafeUnwrap() }
      : undefined;
  return new origins.HttpOrigin(plan.domainName ?? plan.loadBalancer.loadBalancerDnsName, {
    protocolPolicy,
    ...ports,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    originShieldRegion: props.originShieldRegion,
    customHeaders: headers,
  });
}

/** An origin reached over HTTPS with TLS 1.2, sending the origin-verify header when given a secret. */
export function httpsOrigin(domainName: string, props: CdnFrontProps): cloudfront.IOrigin {
  const verify = props.originVerifySecret;
  return new origins.HttpOrigin(domainName, {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    originShieldRegion: props.originShieldRegion,
    customHeaders: verify ? originVerifyHeaders(verify) : undefined,
  });
}

function defaultAccess(alb: elbv2.IApplicationLoadBalancer): LoadBalancerAccess {
  const cfn = alb.node.defaultChild;
  if (cfn instanceof elbv2.CfnLoadBalancer && cfn.scheme === 'internal') {
    return LoadBalancerAccess.VPC_ORIGIN;
  }
  return LoadBalancerAccess.PUBLIC_WITH_SECRET_HEADER;
}
