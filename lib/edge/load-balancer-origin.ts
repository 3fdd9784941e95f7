import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * An application behind an Application Load Balancer that CloudFront can put in front of itself,
 * described by the construct that owns the load balancer (a {@link WebService} implements it). A
 * {@link CdnFront} reads it instead of reaching into the load balancer, so the protocol, port and
 * origin-verify header CloudFront uses are always the ones the listener really serves:
 *
 * - an internal load balancer is reached through a CloudFront VPC origin (no public address, no
 *   shared secret needed);
 * - an internet-facing one forwards only requests that carry `originVerifyHeaderName` with the
 *   value of `originVerifySecret` (its default action answers 403), which CloudFront adds.
 */
export interface ILoadBalancerOrigin {
  /** The load balancer CloudFront connects to. */
  readonly originLoadBalancer: elbv2.IApplicationLoadBalancer;
  /** Whether the load balancer is internet-facing (false: internal, reached through a VPC origin). */
  readonly internetFacing: boolean;
  /** The protocol of the listener that serves CloudFront: HTTP (TLS ends at CloudFront) or HTTPS. */
  readonly originProtocol: elbv2.ApplicationProtocol;
  /** The port of that listener. */
  readonly originPort: number;
  /**
   * A DNS name the listener's certificate covers, for HTTPS: CloudFront validates the origin
   * certificate against the origin domain name, which can never be the load balancer's own
   * `*.elb.amazonaws.com` name.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
   */
  readonly originDomainName?: string;
  /** The header an internet-facing load balancer requires on every request it forwards. */
  readonly originVerifyHeaderName?: string;
  /** The secret whose value that header must carry. */
  readonly originVerifySecret?: secretsmanager.ISecret;
}
