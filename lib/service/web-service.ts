import { Duration, Lazy, Names, Stack, TimeZone, Token, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { ILoadBalancerOrigin } from '../edge/load-balancer-origin';
import { cloudFrontPrefixListId, vpcOriginsSupported } from '../private/cloudfront-regions';
import {
  addAlarm,
  addAtMaxCapacityAlarm,
  baseServiceProps,
  clusterFor,
  createFargateTask,
  dependOnCapacityProviders,
  runningTaskCountMetric,
  validateFargateTaskOptions,
} from '../private/fargate-task';
import { secureLogBucket } from '../private/log-bucket';
import { resolvableSecretValue } from '../private/secret-value';
import {
  checkAtLeast,
  checkIntegerInRange,
  checkNumberInRange,
  checkPositiveDuration,
  checkWholeDuration,
} from '../private/validate';
import { FargateTaskOptions } from './fargate-task-options';
import { IServiceClient } from './service-client';
import { IObservable, Observation } from '../observability/observable';
import { webServiceObservation } from './private/web-service-observation';

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
  readonly p95LatencyTarget?: Duration;

  /**
   * p99 target response time: the p99 latency alarm fires above it (3 of 5 minutes).
   *
   * @default Duration.seconds(2)
   */
  readonly p99LatencyTarget?: Duration;

  /**
   * 5xx responses (from the targets and the load balancer) as a percentage (0–100) of requests above
   * which the error-rate alarm fires (3 of 3 minutes). The alarm also rolls a deployment back.
   *
   * @default 1
   */
  readonly errorRateThresholdPercent?: number;
}

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

/** Percent-change steps of the fast scale-out, as multiples of the target. */
const STEP_BANDS: ReadonlyArray<{ readonly ratio: number; readonly addPercent: number }> = [
  { ratio: 1.25, addPercent: 25 },
  { ratio: 1.5, addPercent: 50 },
  { ratio: 2, addPercent: 100 },
  { ratio: 3, addPercent: 200 },
];
/** CPU at or above this is saturation: the real overload is invisible, so double. */
const CPU_SATURATION_PERCENT = 95;

/**
 * An Application Load Balancer in front of an ECS Fargate service that scales before users
 * notice: CPU (and optionally request-count) target tracking, a fast step scale-out on 1-minute
 * signals proportional to the overload, scheduled floors for known peaks, an optional Fargate Spot
 * share, and deployments that roll back on their own (circuit breaker and 5xx/unhealthy alarms).
 *
 * Tasks run in private subnets as a non-root user on a read-only root filesystem, with secrets from
 * Secrets Manager and logs encrypted and kept a year. The load balancer drops invalid headers,
 * mitigates desync attacks, logs every request to S3 and is protected from deletion.
 *
 * @example
 * const network = new Network(stack, 'Network');
 * const web = new WebService(stack, 'Web', {
 *   vpc: network.vpc,
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
 *   certificate,
 *   targetRequestsPerTask: 1000,
 * });
 */
export class WebService extends Construct implements IServiceClient, ILoadBalancerOrigin, IObservable {
  /** The header CloudFront must send to an internet-facing load balancer behind it. */
  public static readonly ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

  /** The cluster the service runs in (created, or the one given). */
  public readonly cluster: ecs.ICluster;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The application container: it receives the settings of the stores and queues it connects to. */
  public readonly container: ecs.ContainerDefinition;
  /** The task role: what the stores and queues the service uses grant their permissions to. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The container log group (KMS-encrypted). */
  public readonly logGroup: logs.LogGroup;
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that forwards to the service: HTTPS on 443 with a certificate, HTTP on 80 without. */
  public readonly listener: elbv2.ApplicationListener;
  /** The HTTP listener that redirects to HTTPS, when there is one. */
  public readonly redirectListener?: elbv2.ApplicationListener;
  /** The target group of the service's tasks. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The access-log bucket (created, or the one given). */
  public readonly accessLogsBucket: s3.IBucket;
  /** The task-count scaling of the service. */
  public readonly scaling: ecs.ScalableTaskCount;
  /** The predictive scaling policy, with `predictiveScaling: true`. */
  public readonly predictiveScalingPolicy?: appscaling.CfnScalingPolicy;
  /** The fewest tasks. */
  public readonly minCapacity: number;
  /** The most tasks: the connection budget other tiers plan for. */
  public readonly maxCapacity: number;
  /** The default alarms, without actions (Observability adds them). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The alarms that roll a deployment back: 5xx rate and unhealthy targets. */
  public readonly deploymentAlarms: cloudwatch.Alarm[];
  /** The tasks' security group connections; the default port is the container port. */
  public readonly connections: ec2.Connections;
  /** Whether the load balancer is internet-facing. */
  public readonly internetFacing: boolean;
  /** The protocol of the listener that serves the application (HTTPS with a certificate, HTTP without). */
  public readonly originProtocol: elbv2.ApplicationProtocol;
  /** The port of that listener (443 or 80). */
  public readonly originPort: number;
  /** The DNS name on the certificate that CloudFront connects to (`originDomainName`), if given. */
  public readonly originDomainName?: string;
  /** With an internet-facing load balancer behind CloudFront: the header every forwarded request must carry. */
  public readonly originVerifyHeaderName?: string;
  /** With an internet-facing load balancer behind CloudFront: the secret that header must carry. */
  public readonly originVerifySecret?: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.minCapacity = props.minCapacity ?? 2;
    this.maxCapacity = props.maxCapacity ?? 10;
    const containerPort = props.containerPort ?? 8080;
    const targetCpu = props.targetCpuUtilizationPercent ?? 60;
    const allowOnlyCloudFront = props.allowOnlyCloudFront ?? props.certificate === undefined;
    const publicLoadBalancer =
      props.publicLoadBalancer ?? !(allowOnlyCloudFront && vpcOriginsSupported(this));
    this.validateProps(props, allowOnlyCloudFront, publicLoadBalancer);
    this.internetFacing = publicLoadBalancer;
    this.originProtocol = props.certificate
      ? elbv2.ApplicationProtocol.HTTPS
      : elbv2.ApplicationProtocol.HTTP;
    this.originPort = props.certificate ? 443 : 80;
    this.originDomainName = props.originDomainName;

    this.cluster = clusterFor(this, props);
    const task = createFargateTask(this, props, { containerPort });
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;
    this.logGroup = task.logGroup;
    this.grantPrincipal = this.taskDefinition.taskRole;

    this.service = new ecs.FargateService(this, 'Service', {
      ...baseServiceProps(this.cluster, this.taskDefinition, props),
      healthCheckGracePeriod: props.healthCheckGracePeriod ?? Duration.seconds(60),
    });
    dependOnCapacityProviders(this.service, this.cluster);
    this.connections = new ec2.Connections({
      securityGroups: this.service.connections.securityGroups,
      defaultPort: ec2.Port.tcp(containerPort),
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.cluster.vpc,
      internetFacing: publicLoadBalancer,
      vpcSubnets:
        props.loadBalancerSubnets ?? defaultLoadBalancerSubnets(this.cluster.vpc, publicLoadBalancer),
      deletionProtection: props.deletionProtection ?? true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      http2Enabled: true,
    });
    this.accessLogsBucket = props.accessLogsBucket ?? secureLogBucket(this, 'AccessLogs');
    this.loadBalancer.logAccessLogs(this.accessLogsBucket, 'alb');

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: this.cluster.vpc,
      port: containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [this.service],
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

    if (allowOnlyCloudFront && publicLoadBalancer) {
      this.originVerifyHeaderName = WebService.ORIGIN_VERIFY_HEADER;
      this.originVerifySecret = props.originVerifySecret ?? this.createOriginVerifySecret();
    }
    const listeners = this.createListeners(props, allowOnlyCloudFront, publicLoadBalancer);
    this.listener = listeners.listener;
    this.redirectListener = listeners.redirectListener;
    if (this.originVerifySecret) this.requireOriginVerifyHeader(this.originVerifySecret);

    this.scaling = this.service.autoScaleTaskCount({
      minCapacity: this.minCapacity,
      maxCapacity: this.maxCapacity,
    });
    this.configureScaling(props, targetCpu);
    if (props.predictiveScaling === true) {
      this.predictiveScalingPolicy = this.addPredictiveScaling(props, targetCpu);
    }

    this.deploymentAlarms = this.createAlarms(props);
    this.service.enableDeploymentAlarms(
      // The literal names, not `alarm.alarmName` (a reference): no dependency from the service on its alarms.
      this.deploymentAlarms.map((alarm) => (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName!),
      { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
    );
  }

  /**
   * What this service offers an Observability: its load balancer's request metrics (for the request
   * SLOs), CPU and running tasks, its graphs, and its alarms with their own thresholds.
   */
  public observation(): Observation {
    return webServiceObservation(this);
  }

  /**
   * Time from the load balancer sending a request to the target until the response starts
   * (`TargetResponseTime`), in seconds.
   *
   * @default p95 over 1 minute
   */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime({
      statistic: cloudwatch.Stats.p(95),
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * Requests routed to the service's tasks (`RequestCount` of the target group).
   *
   * @default sum over 1 minute
   */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.requestCount({ period: Duration.minutes(1), ...props });
  }

  /**
   * Requests per task (`RequestCountPerTarget`): what request-count scaling tracks.
   *
   * @default sum over 1 minute
   */
  public metricRequestCountPerTarget(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.requestCountPerTarget({ period: Duration.minutes(1), ...props });
  }

  /**
   * 5xx responses returned by the tasks (`HTTPCode_Target_5XX_Count`).
   *
   * @default sum over 1 minute
   */
  public metricHttpCodeTarget5xx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * 5xx responses generated by the load balancer itself (`HTTPCode_ELB_5XX_Count`): 502/503/504
   * when no task is healthy, a task resets the connection or times out.
   *
   * @default sum over 1 minute
   */
  public metricHttpCodeElb5xx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * The share of requests answered with a 5xx (by a task or by the load balancer), in percent:
   * `100 × (HTTPCode_Target_5XX_Count + HTTPCode_ELB_5XX_Count) ÷ RequestCount`.
   *
   * @default computed from 1-minute sums
   */
  public metricHttp5xxRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const period = props?.period ?? Duration.minutes(1);
    return new cloudwatch.MathExpression({
      expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests',
      usingMetrics: {
        target5xx: this.metricHttpCodeTarget5xx({ period }),
        elb5xx: this.metricHttpCodeElb5xx({ period }),
        requests: this.loadBalancer.metrics.requestCount({ period }),
      },
      label: props?.label ?? '5xx rate (%)',
      period,
    });
  }

  /**
   * Targets failing their health check (`UnHealthyHostCount`).
   *
   * @default maximum over 1 minute
   */
  public metricUnhealthyHosts(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.unhealthyHostCount({
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * CPU utilization of the service (`CPUUtilization`, AWS/ECS), in percent.
   *
   * @default average over 1 minute
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricCpuUtilization({ period: Duration.minutes(1), ...props });
  }

  /**
   * Memory utilization of the service (`MemoryUtilization`, AWS/ECS), in percent.
   *
   * @default average over 1 minute
   */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricMemoryUtilization({ period: Duration.minutes(1), ...props });
  }

  /**
   * Running tasks (`RunningTaskCount`, ECS/ContainerInsights; Container Insights must be on for the cluster).
   *
   * @default average over 1 minute
   */
  public metricRunningTasks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return runningTaskCountMetric(this.cluster, this.service, props);
  }

  private validateProps(
    props: WebServiceProps,
    allowOnlyCloudFront: boolean,
    publicLoadBalancer: boolean,
  ): void {
    validateFargateTaskOptions(this, props);
    if (Token.isUnresolved(Stack.of(this).region)) {
      throw new BlueprintValidationError(
        this,
        'env',
        'WebService needs a stack with an explicit region (`env: { account, region }`): the load balancer access ' +
          'logs and the CloudFront prefix list depend on it',
      );
    }
    checkIntegerInRange(this, 'containerPort', props.containerPort, 1, 65535);
    checkIntegerInRange(this, 'maxCapacity', this.maxCapacity, 1, 1000);
    checkIntegerInRange(this, 'minCapacity', this.minCapacity, 0, 1000);
    checkAtLeast(this, 'maxCapacity', this.maxCapacity, 'minCapacity', this.minCapacity);
    checkNumberInRange(this, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, 1, 100);
    checkIntegerInRange(this, 'targetRequestsPerTask', props.targetRequestsPerTask, 1, 1_000_000);
    checkNumberInRange(this, 'errorRateThresholdPercent', props.errorRateThresholdPercent, 0, 100);
    checkPositiveDuration(this, 'p95LatencyTarget', props.p95LatencyTarget);
    checkPositiveDuration(this, 'p99LatencyTarget', props.p99LatencyTarget);
    checkPositiveDuration(this, 'scaleInCooldown', props.scaleInCooldown);
    checkWholeDuration(this, 'deregistrationDelay', props.deregistrationDelay, 'seconds', 0, 3600);
    this.validateHealthCheckPath(props.healthCheckPath);
    (props.peakSchedules ?? []).forEach((peak, index) => {
      const prop = `peakSchedules[${index}].minCapacity`;
      checkIntegerInRange(
        this,
        prop,
        peak.minCapacity,
        this.minCapacity,
        this.maxCapacity,
        'A peak floor must lie between `minCapacity` and `maxCapacity`',
      );
    });
    if (props.predictiveScalingMode !== undefined && props.predictiveScaling !== true) {
      throw new BlueprintValidationError(
        this,
        'predictiveScalingMode',
        '`predictiveScalingMode` only applies with `predictiveScaling`; set `predictiveScaling: true` or remove it',
      );
    }
    if (props.originVerifySecret !== undefined && !(allowOnlyCloudFront && publicLoadBalancer)) {
      throw new BlueprintValidationError(
        this,
        'originVerifySecret',
        '`originVerifySecret` only applies to an internet-facing load balancer behind CloudFront: set ' +
          '`allowOnlyCloudFront: true` and `publicLoadBalancer: true`, or remove it',
      );
    }
    if (props.originDomainName !== undefined && props.certificate === undefined) {
      throw new BlueprintValidationError(
        this,
        'originDomainName',
        '`originDomainName` names the host CloudFront connects to over HTTPS, which needs a `certificate` ' +
          'covering it: pass `certificate`, or remove `originDomainName` (CloudFront then uses HTTP on port 80)',
      );
    }
    if (props.publicLoadBalancer === false && allowOnlyCloudFront && !vpcOriginsSupported(this)) {
      throw new BlueprintValidationError(
        this,
        'publicLoadBalancer',
        `\`publicLoadBalancer\` false behind CloudFront needs a CloudFront VPC origin, which this library does not ` +
          `know to be available in ${Stack.of(this).region}: set \`publicLoadBalancer: true\` (CloudFront then ` +
          'sends the origin-verify header) or deploy in a region with VPC origins',
      );
    }
    if (props.cloudFrontPrefixListId !== undefined && !allowOnlyCloudFront) {
      throw new BlueprintValidationError(
        this,
        'cloudFrontPrefixListId',
        '`cloudFrontPrefixListId` only applies with `allowOnlyCloudFront`; set `allowOnlyCloudFront: true` or remove it',
      );
    }
    this.warnAboutRiskyChoices(props, allowOnlyCloudFront, publicLoadBalancer);
  }

  private validateHealthCheckPath(path: string | undefined): void {
    if (path === undefined || Token.isUnresolved(path)) return;
    if (!path.startsWith('/') || path.length > 1024) {
      throw new BlueprintValidationError(
        this,
        'healthCheckPath',
        `\`healthCheckPath\` must be an absolute path starting with '/' (at most 1024 characters), got: '${path}'`,
      );
    }
  }

  private warnAboutRiskyChoices(
    props: WebServiceProps,
    allowOnlyCloudFront: boolean,
    publicLoadBalancer: boolean,
  ): void {
    // Plain HTTP behind CloudFront or inside the VPC is the designed shape (acknowledged on the
    // listener, with the reason); plain HTTP open to the internet is a choice to make visibly.
    if (props.certificate === undefined && !allowOnlyCloudFront && publicLoadBalancer) {
      Validations.of(this).addWarning(
        'WebService:certificate',
        'no `certificate` and `allowOnlyCloudFront` is false: the internet-facing load balancer serves plain HTTP to ' +
          'any address, so requests and cookies travel unencrypted; pass an ACM certificate, or put CloudFront in ' +
          'front (Control Tower CT.ELB.PR.1 also reports the listener until acknowledged on it)',
      );
    }
    if (props.deletionProtection === false) {
      Validations.of(this).addWarning(
        'WebService:deletionProtection',
        '`deletionProtection` is false: a stack update that replaces the load balancer, or a deletion, takes the ' +
          'site down and changes its DNS name',
      );
    }
    if (this.minCapacity < 2) {
      Validations.of(this).addWarning(
        'WebService:minCapacity',
        `\`minCapacity\` is ${this.minCapacity}: with fewer than 2 tasks a task or AZ failure (or a Spot ` +
          'interruption) leaves no task serving traffic until a new one starts',
      );
    }
  }

  private createListeners(
    props: WebServiceProps,
    allowOnlyCloudFront: boolean,
    publicLoadBalancer: boolean,
  ): { listener: elbv2.ApplicationListener; redirectListener?: elbv2.ApplicationListener } {
    const peer = allowOnlyCloudFront
      ? ec2.Peer.prefixList(
          props.cloudFrontPrefixListId ?? cloudFrontPrefixListId(this, 'cloudFrontPrefixListId'),
        )
      : publicLoadBalancer
        ? ec2.Peer.anyIpv4()
        : ec2.Peer.ipv4(this.cluster.vpc.vpcCidrBlock);
    const source = allowOnlyCloudFront
      ? 'CloudFront origin-facing addresses'
      : publicLoadBalancer
        ? 'the internet'
        : 'inside the VPC';

    // Behind CloudFront with a public address, only requests carrying the origin-verify header are
    // forwarded (a rule added by requireOriginVerifyHeader); everything else gets a 403.
    const target = this.originVerifySecret
      ? { defaultAction: elbv2.ListenerAction.fixedResponse(403, FORBIDDEN) }
      : { defaultTargetGroups: [this.targetGroup] };
    if (props.certificate) {
      const listener = this.loadBalancer.addListener('HttpsListener', {
        protocol: elbv2.ApplicationProtocol.HTTPS,
        port: 443,
        certificates: [props.certificate],
        sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
        open: false,
        ...target,
      });
      this.loadBalancer.connections.allowFrom(peer, ec2.Port.tcp(443), `HTTPS from ${source}`);
      let redirectListener: elbv2.ApplicationListener | undefined;
      // Behind CloudFront the origin protocol is HTTPS: no port 80 at all (and the prefix list
      // is too heavy for two security group rules).
      if (!allowOnlyCloudFront) {
        redirectListener = this.loadBalancer.addListener('HttpListener', {
          protocol: elbv2.ApplicationProtocol.HTTP,
          port: 80,
          open: false,
          defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
        });
        this.loadBalancer.connections.allowFrom(
          peer,
          ec2.Port.tcp(80),
          `HTTP (redirect to HTTPS) from ${source}`,
        );
      }
      this.acknowledgeOpenIngress(allowOnlyCloudFront, publicLoadBalancer);
      return { listener, redirectListener };
    }

    const listener = this.loadBalancer.addListener('HttpListener', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: false,
      ...target,
    });
    this.loadBalancer.connections.allowFrom(peer, ec2.Port.tcp(80), `HTTP from ${source}`);
    this.acknowledgeOpenIngress(allowOnlyCloudFront, publicLoadBalancer);
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
  private createOriginVerifySecret(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
      description: `Value of the ${WebService.ORIGIN_VERIFY_HEADER} header CloudFront sends to ${this.node.path}`,
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
   * 403. CloudFront adds the header (CdnFront reads it from this construct), so requests that reach
   * the load balancer any other way, including through another account's CloudFront distribution,
   * are refused.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
   */
  private requireOriginVerifyHeader(secret: secretsmanager.ISecret): void {
    const value = resolvableSecretValue(secret);
    this.listener.addAction('OriginVerified', {
      priority: 1,
      conditions: [
        elbv2.ListenerCondition.httpHeader(WebService.ORIGIN_VERIFY_HEADER, [value.unsafeUnwrap()]),
      ],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });
  }

  private acknowledgeOpenIngress(allowOnlyCloudFront: boolean, publicLoadBalancer: boolean): void {
    if (allowOnlyCloudFront) return;
    const reason = publicLoadBalancer
      ? 'Security group of an internet-facing load balancer: only its listener ports (443, and 80 which redirects ' +
        'to HTTPS) are open to any address, as a public website requires'
      : "Internal load balancer: ingress on the listener port from the VPC's own CIDR block only, written as a " +
        'reference to the VPC that the rule cannot evaluate';
    for (const securityGroup of this.loadBalancer.connections.securityGroups) {
      Validations.of(securityGroup).acknowledge({ id: 'AwsSolutions-EC23', reason });
    }
  }

  private configureScaling(props: WebServiceProps, targetCpu: number): void {
    const scaleInCooldown = props.scaleInCooldown ?? Duration.minutes(5);
    const scaleOutCooldown = Duration.minutes(1);
    this.scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: targetCpu,
      scaleInCooldown,
      scaleOutCooldown,
    });

    // Target tracking waits for 3 one-minute datapoints and then adds what the average says; on a
    // sudden spike this step policy acts on the first breaching minute and adds tasks in
    // proportion to the overload (percent of the current count), repeating every minute.
    const cpuBands = STEP_BANDS.map((band) => ({
      threshold: targetCpu * band.ratio,
      change: band.addPercent,
    }))
      .filter((band) => band.threshold < CPU_SATURATION_PERCENT)
      .concat(targetCpu < CPU_SATURATION_PERCENT ? [{ threshold: CPU_SATURATION_PERCENT, change: 100 }] : []);
    if (cpuBands.length > 0) {
      this.addStepScaleOut(
        'CpuStepScaleOut',
        this.metricCpuUtilization({ statistic: cloudwatch.Stats.AVERAGE }),
        cpuBands,
      );
    }

    if (props.targetRequestsPerTask !== undefined) {
      this.scaling.scaleOnRequestCount('RequestCountScaling', {
        requestsPerTarget: props.targetRequestsPerTask,
        targetGroup: this.targetGroup,
        scaleInCooldown,
        scaleOutCooldown,
      });
      this.addStepScaleOut(
        'RequestsStepScaleOut',
        this.metricRequestCountPerTarget({ statistic: cloudwatch.Stats.SUM }),
        STEP_BANDS.map((band) => ({
          threshold: Math.ceil(props.targetRequestsPerTask! * band.ratio),
          change: band.addPercent,
        })),
      );
    }

    (props.peakSchedules ?? []).forEach((peak, index) => {
      this.scaling.scaleOnSchedule(`PeakSchedule${index + 1}Start`, {
        schedule: peak.start,
        minCapacity: peak.minCapacity,
        timeZone: peak.timeZone,
      });
      this.scaling.scaleOnSchedule(`PeakSchedule${index + 1}End`, {
        schedule: peak.end,
        minCapacity: this.minCapacity,
        timeZone: peak.timeZone,
      });
    });
  }

  /**
   * Application Auto Scaling has no L2 for predictive scaling: a CfnScalingPolicy on the service's
   * scalable target, beside the L2 policies. One metric pair (the only shape the API accepts):
   * requests when the service scales on requests, CPU otherwise. The default
   * `MaxCapacityBreachBehavior` (`HonorMaxCapacity`) keeps `maxCapacity` the connection budget.
   */
  private addPredictiveScaling(props: WebServiceProps, targetCpu: number): appscaling.CfnScalingPolicy {
    const metricSpecification: appscaling.CfnScalingPolicy.PredictiveScalingMetricSpecificationProperty =
      props.targetRequestsPerTask !== undefined
        ? {
            targetValue: props.targetRequestsPerTask,
            predefinedMetricPairSpecification: {
              predefinedMetricType: 'ALBRequestCount',
              resourceLabel: `${this.targetGroup.firstLoadBalancerFullName}/${this.targetGroup.targetGroupFullName}`,
            },
          }
        : {
            targetValue: targetCpu,
            predefinedMetricPairSpecification: { predefinedMetricType: 'ECSServiceCPUUtilization' },
          };
    const policy: appscaling.CfnScalingPolicy = new appscaling.CfnScalingPolicy(
      this.scaling,
      'PredictiveScaling',
      {
        policyName: Lazy.string({ produce: () => Names.uniqueId(policy) }),
        policyType: 'PredictiveScaling',
        scalingTargetId: this.scaling,
        predictiveScalingPolicyConfiguration: {
          mode: props.predictiveScalingMode ?? PredictiveScalingMode.FORECAST_AND_SCALE,
          metricSpecifications: [metricSpecification],
        },
      },
    );
    return policy;
  }

  private addStepScaleOut(
    id: string,
    metric: cloudwatch.Metric,
    bands: ReadonlyArray<{ readonly threshold: number; readonly change: number }>,
  ): void {
    this.scaling.scaleOnMetric(id, {
      metric: metric.with({ period: Duration.minutes(1) }),
      adjustmentType: appscaling.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
      minAdjustmentMagnitude: 1,
      cooldown: Duration.minutes(1),
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
      // Scale-in is left to target tracking (slower, with its cooldown): this policy only adds.
      scalingSteps: [
        { upper: bands[0].threshold, change: 0 },
        ...bands.map((band) => ({ lower: band.threshold, change: band.change })),
      ],
    });
  }

  /** Creates the default alarms; returns the two that roll a deployment back. */
  private createAlarms(props: WebServiceProps): cloudwatch.Alarm[] {
    const p95 = props.p95LatencyTarget ?? Duration.millis(500);
    const p99 = props.p99LatencyTarget ?? Duration.seconds(2);
    const errorRate = props.errorRateThresholdPercent ?? 1;
    addAlarm(this, this.alarms, 'LatencyP95Alarm', {
      metric: this.metricTargetResponseTime({ statistic: cloudwatch.Stats.p(95) }),
      threshold: p95.toMilliseconds() / 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description:
        `p95 target response time above ${p95.toHumanString()} (\`p95LatencyTarget\`) in 3 of 5 minutes: ` +
        'one request in twenty is slower than the latency target; look at CPU, the database and downstream calls',
    });
    addAlarm(this, this.alarms, 'LatencyP99Alarm', {
      metric: this.metricTargetResponseTime({ statistic: cloudwatch.Stats.p(99) }),
      threshold: p99.toMilliseconds() / 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description:
        `p99 target response time above ${p99.toHumanString()} (\`p99LatencyTarget\`) in 3 of 5 minutes: the ` +
        'slowest requests (often the most valuable: checkouts, searches) exceed the tail-latency target',
    });
    // The deployment alarms get fixed names: the service refers to them by name, and a generated
    // name (a reference to the alarm) is what CDK warns can make a dependency cycle.
    const deploymentAlarmPrefix = Names.uniqueResourceName(this, { maxLength: 200, separator: '-' });
    const errorRateAlarm = addAlarm(this, this.alarms, 'ErrorRateAlarm', {
      alarmName: `${deploymentAlarmPrefix}-5xx-rate`,
      metric: this.metricHttp5xxRate(),
      threshold: errorRate,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      description:
        `more than ${errorRate} % of requests answered with a 5xx (\`errorRateThresholdPercent\`) for 3 minutes: ` +
        'users see errors; during a deployment this alarm rolls the deployment back',
    });
    const unhealthyHostsAlarm = addAlarm(this, this.alarms, 'UnhealthyHostsAlarm', {
      alarmName: `${deploymentAlarmPrefix}-unhealthy-hosts`,
      metric: this.metricUnhealthyHosts(),
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      description:
        'at least one task has failed its load balancer health check for 3 minutes: capacity is lower than ' +
        'autoscaling thinks; during a deployment this alarm rolls the deployment back',
    });
    addAtMaxCapacityAlarm(
      this,
      this.alarms,
      this.metricRunningTasks({ statistic: cloudwatch.Stats.MAXIMUM }),
      this.maxCapacity,
      'further traffic raises latency and errors instead of adding tasks',
    );
    return [errorRateAlarm, unhealthyHostsAlarm];
  }
}
