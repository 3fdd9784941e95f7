import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { FargateTaskOptions } from './fargate-task-options';

/**
 * A known peak (a launch, a daily rush, a sale): between `start` and `end` the service keeps at
 * least `minCapacity` tasks, so capacity is there before the traffic instead of minutes after it.
 */
export interface PeakSchedule {
  /** When the raised floor starts, e.g. `appscaling.Schedule.cron({ hour: '7', minute: '45' })`. */
  readonly start: appscaling.Schedule;
  /** When the floor goes back to the service's `minCapacity`. */
  readonly end: appscaling.Schedule;
  /** The minimum number of tasks during the peak; between the service's `minCapacity` and `maxCapacity`. */
  readonly minCapacity: number;
  /**
   * Time zone of the `start` and `end` cron expressions.
   *
   * @default - UTC
   */
  readonly timeZone?: TimeZone;
}

/**
 * What a predictive scaling policy does with its forecast.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/predictive-auto-scaling.html
 */
export enum PredictiveScalingMode {
  /** Forecast only: the forecast is visible in the console and `GetPredictiveScalingForecast`, capacity is not changed. */
  FORECAST_ONLY = 'ForecastOnly',
  /** Forecast and raise the service's capacity ahead of the forecast load each hour. */
  FORECAST_AND_SCALE = 'ForecastAndScale',
}

/** Properties of a {@link WebService}. */
export interface WebServiceProps extends FargateTaskOptions {
  /**
   * The port the container listens on (plain HTTP; TLS ends at the load balancer or CloudFront).
   *
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * Path the load balancer health check requests; it must answer 200–399 quickly without calling
   * dependencies (a failing database should not take every task out of service).
   *
   * @default '/'
   */
  readonly healthCheckPath?: string;

  /**
   * ACM certificate for an HTTPS listener on 443 (modern TLS policy). Without a CloudFront-only
   * restriction, port 80 then only redirects to HTTPS. Without a certificate the load balancer
   * listens on plain HTTP (port 80) and a warning says so.
   *
   * @default - no certificate: HTTP only, reachable only from CloudFront unless `allowOnlyCloudFront` is false
   */
  readonly certificate?: acm.ICertificate;

  /**
   * TLS policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.3 and 1.2 only)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Accept connections only from CloudFront's origin-facing addresses (the AWS-managed prefix list
   * `com.amazonaws.global.cloudfront.origin-facing`), for a load balancer that sits behind a
   * `CdnFront`. Only one port is opened to the list (443 with a certificate, 80 without): the list
   * weighs about 55 rules of the security group's default quota of 60.
   *
   * @default - true without a `certificate` (plain HTTP is never open to the internet by default), false with one
   */
  readonly allowOnlyCloudFront?: boolean;

  /**
   * Id of the CloudFront origin-facing prefix list in this region (`pl-...`).
   *
   * @default - the published id for the stack's region; required in regions this library does not know
   */
  readonly cloudFrontPrefixListId?: string;

  /**
   * Internet-facing load balancer in the public subnets, or an internal one in the private subnets
   * (for a CloudFront VPC origin or callers inside the VPC).
   *
   * Behind CloudFront (`allowOnlyCloudFront`) the load balancer is internal by default wherever
   * CloudFront offers VPC origins: a `CdnFront` then reaches it through a VPC origin, so it has no
   * public address and nothing can reach it around CloudFront and its WAF. An internet-facing one
   * behind CloudFront forwards only requests carrying the origin-verify header (see
   * `originVerifySecret`) and answers 403 to everything else.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
   * @default - false with `allowOnlyCloudFront` in a region with CloudFront VPC origins, true otherwise
   */
  readonly publicLoadBalancer?: boolean;

  /**
   * Subnets of the load balancer.
   *
   * @default - the public subnets for an internet-facing load balancer; for an internal one the
   * private subnets with egress (or, without any, the first isolated subnet in each AZ)
   */
  readonly loadBalancerSubnets?: ec2.SubnetSelection;

  /**
   * With `allowOnlyCloudFront` and an internet-facing load balancer: the secret whose value
   * CloudFront sends in the `X-Origin-Verify` header. The listener forwards only requests that carry
   * it and answers 403 to all others, so other CloudFront distributions (which share the
   * origin-facing prefix list) cannot reach the service around this one's WAF. Give a secret when
   * one CloudFront distribution serves several load balancers (one region each); in the same
   * account and region as the load balancer.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
   * @default - a new secret, with an internet-facing load balancer behind CloudFront
   */
  readonly originVerifySecret?: secretsmanager.ISecret;

  /**
   * A DNS name on `certificate` that resolves to the load balancer, for CloudFront to connect to
   * over HTTPS (CloudFront validates the origin's certificate against it; the load balancer's own
   * `*.elb.amazonaws.com` name is never on a certificate you own). Only with `certificate`.
   *
   * @default - none: a `CdnFront` in front needs it to use HTTPS
   */
  readonly originDomainName?: string;

  /**
   * Deletion protection on the load balancer: a stack update or deletion cannot remove it until
   * it is turned off. Turning it off is allowed with a warning.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * How long the load balancer lets in-flight requests finish on a task that is leaving (scale-in,
   * deployment). Short keeps scale-in and deploys quick; it must exceed your slowest request.
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Bucket for the load balancer's access logs (SSE-S3: the only encryption ELB log delivery supports).
   *
   * @default - a new bucket: public access blocked, TLS only, versioned, logs expire after a year
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * The fewest tasks; 2 or more keeps the service up when one task or one AZ fails.
   *
   * @default 2
   */
  readonly minCapacity?: number;

  /**
   * The most tasks autoscaling may run. It is also the connection budget other tiers plan for
   * (tasks × pool size against the database's max_connections).
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * Average CPU utilization (1–100 %) target tracking keeps the service at. A fast step scale-out
   * on a 1-minute CPU signal acts above it when traffic jumps.
   *
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * Requests per task per minute to track (ALB `RequestCountPerTarget`): adds request-count target
   * tracking and a fast step scale-out on requests, for I/O-bound applications whose CPU stays low
   * while they saturate.
   *
   * @default - no request-count scaling
   */
  readonly targetRequestsPerTask?: number;

  /**
   * Known peaks: each raises the minimum number of tasks between its `start` and `end`.
   *
   * @default - none
   */
  readonly peakSchedules?: PeakSchedule[];

  /**
   * Predictive scaling: learn the daily and weekly traffic pattern (from up to 14 days of history;
   * a forecast needs at least 24 hours) and start tasks ahead of the forecast load each hour, for
   * cyclical traffic the reactive policies would otherwise chase. It only ever adds capacity on top
   * of target tracking and the step scale-out, and never above `maxCapacity`. It forecasts on the ALB
   * request-count pair with `targetRequestsPerTask` as the target when that is set, otherwise on the
   * ECS CPU pair with `targetCpuUtilizationPercent`.
   *
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/predictive-auto-scaling.html
   * @default false
   */
  readonly predictiveScaling?: boolean;

  /**
   * What predictive scaling does with its forecast: `FORECAST_ONLY` to compare the forecast with real
   * traffic before letting it act. Only with `predictiveScaling: true`.
   *
   * @default PredictiveScalingMode.FORECAST_AND_SCALE
   */
  readonly predictiveScalingMode?: PredictiveScalingMode;

  /**
   * How long target tracking waits after a scale-in before scaling in again: slower than scale-out,
   * so a dip between two bursts does not remove the capacity the next burst needs.
   *
   * @default Duration.minutes(5)
   */
  readonly scaleInCooldown?: Duration;

  /**
   * p95 target response time: the p95 latency alarm fires above it (3 of 5 minutes).
   *
   * @default Duration.millis(500)
   */
  readonly latencyP95AlarmThreshold?: Duration;

  /**
   * p99 target response time: the p99 latency alarm fires above it (3 of 5 minutes).
   *
   * @default Duration.seconds(2)
   */
  readonly latencyP99AlarmThreshold?: Duration;

  /**
   * 5xx responses (from the targets and the load balancer) as a percentage (0–100) of requests above
   * which the error-rate alarm fires (3 of 3 minutes). The alarm also rolls a deployment back.
   *
   * @default 1
   */
  readonly errorRateAlarmThresholdPercent?: number;
}
