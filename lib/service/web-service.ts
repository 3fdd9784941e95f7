import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ILoadBalancerOrigin } from '../edge/load-balancer-origin';
import { IObservable, Observation } from '../observability/observable';
import { vpcOriginsSupported } from '../private/cloudfront-regions';
import {
  baseServiceProps,
  clusterFor,
  createFargateTask,
  dependOnCapacityProviders,
  runningTaskCountMetric,
} from '../private/fargate-task';
import { secureLogBucket } from '../private/log-bucket';
import { validateWebServiceProps } from './private/validate-web-service-props';
import { createWebServiceAlarms } from './private/web-service-alarms';
import {
  createListeners,
  createLoadBalancer,
  createOriginVerifySecret,
  createTargetGroup,
  ORIGIN_VERIFY_HEADER,
  requireOriginVerifyHeader,
} from './private/web-service-load-balancer';
import { webServiceObservation } from './private/web-service-observation';
import { addPredictiveScaling, configureScaling } from './private/web-service-scaling';
import { IServiceClient } from './service-client';
import { WebServiceProps } from './web-service-props';

export * from './web-service-props';

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
  public static readonly ORIGIN_VERIFY_HEADER = ORIGIN_VERIFY_HEADER;

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
    validateWebServiceProps(this, props, allowOnlyCloudFront, publicLoadBalancer);
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

    this.loadBalancer = createLoadBalancer(this, props, publicLoadBalancer);
    this.accessLogsBucket = props.accessLogsBucket ?? secureLogBucket(this, 'AccessLogs');
    this.loadBalancer.logAccessLogs(this.accessLogsBucket, 'alb');
    this.targetGroup = createTargetGroup(this, props, containerPort);

    if (allowOnlyCloudFront && publicLoadBalancer) {
      this.originVerifyHeaderName = ORIGIN_VERIFY_HEADER;
      this.originVerifySecret = props.originVerifySecret ?? createOriginVerifySecret(this);
    }
    const listeners = createListeners(this, props, allowOnlyCloudFront, publicLoadBalancer);
    this.listener = listeners.listener;
    this.redirectListener = listeners.redirectListener;
    if (this.originVerifySecret) requireOriginVerifyHeader(this, this.originVerifySecret);

    this.scaling = this.service.autoScaleTaskCount({
      minCapacity: this.minCapacity,
      maxCapacity: this.maxCapacity,
    });
    configureScaling(this, props, targetCpu);
    if (props.predictiveScaling === true) {
      this.predictiveScalingPolicy = addPredictiveScaling(this, props, targetCpu);
    }

    this.deploymentAlarms = createWebServiceAlarms(this, props);
    this.service.enableDeploymentAlarms(
      // The literal names, not `alarm.alarmName` (a reference): no dependency from the service on its alarms.
      this.deploymentAlarms.map((alarm) => (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName!),
      { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
    );
  }

  /** The load balancer CloudFront connects to, as a `CdnFront` origin (`loadBalancer`). */
  public get originLoadBalancer(): elbv2.IApplicationLoadBalancer {
    return this.loadBalancer;
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
}
