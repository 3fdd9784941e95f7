import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { RequestMetrics } from '../observability/observable';

/**
 * The request metrics of an Application Load Balancer, at the load balancer (what users see; one
 * dimension fewer than its target group's), one-minute periods: for a `WebService` and for an
 * existing ALB observed with `Observability.observeLoadBalancer`.
 */
export function loadBalancerRequestMetrics(loadBalancer: elbv2.IApplicationLoadBalancer): RequestMetrics {
  const period = Duration.minutes(1);
  return {
    latency: loadBalancer.metrics.targetResponseTime({ period }),
    requests: loadBalancer.metrics.requestCount({ period, statistic: 'Sum' }),
    serverErrors: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
      period,
      statistic: 'Sum',
    }),
    loadBalancerErrors: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
      period,
      statistic: 'Sum',
    }),
  };
}
