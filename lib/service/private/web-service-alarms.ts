import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { addAlarm } from '../../private/alarms';
import { addAtMaxCapacityAlarm } from '../../private/fargate-task';
import type { WebService } from '../web-service';
import { WebServiceProps } from '../web-service-props';

/** Creates the default alarms; returns the two that roll a deployment back. */
export function createWebServiceAlarms(web: WebService, props: WebServiceProps): cloudwatch.Alarm[] {
  const p95 = props.latencyP95AlarmThreshold ?? Duration.millis(500);
  const p99 = props.latencyP99AlarmThreshold ?? Duration.seconds(2);
  const errorRate = props.errorRateAlarmThresholdPercent ?? 1;
  addAlarm(web, web.alarms, 'LatencyP95Alarm', {
    metric: web.metricTargetResponseTime({ statistic: cloudwatch.Stats.p(95) }),
    threshold: p95.toMilliseconds() / 1000,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    description:
      `p95 target response time above ${p95.toHumanString()} (\`latencyP95AlarmThreshold\`) in 3 of 5 minutes: ` +
      'one request in twenty is slower than the latency target; look at CPU, the database and downstream calls',
  });
  addAlarm(web, web.alarms, 'LatencyP99Alarm', {
    metric: web.metricTargetResponseTime({ statistic: cloudwatch.Stats.p(99) }),
    threshold: p99.toMilliseconds() / 1000,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    description:
      `p99 target response time above ${p99.toHumanString()} (\`latencyP99AlarmThreshold\`) in 3 of 5 minutes: the ` +
      'slowest requests (often the most valuable: checkouts, searches) exceed the tail-latency target',
  });
  // The deployment alarms get fixed names: the service refers to them by name, and a generated
  // name (a reference to the alarm) is what CDK warns can make a dependency cycle.
  const deploymentAlarmPrefix = Names.uniqueResourceName(web, { maxLength: 200, separator: '-' });
  const errorRateAlarm = addAlarm(web, web.alarms, 'ErrorRateAlarm', {
    alarmName: `${deploymentAlarmPrefix}-5xx-rate`,
    metric: web.metricHttp5xxRate(),
    threshold: errorRate,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    description:
      `more than ${errorRate} % of requests answered with a 5xx (\`errorRateAlarmThresholdPercent\`) for 3 minutes: ` +
      'users see errors; during a deployment this alarm rolls the deployment back',
  });
  const unhealthyHostsAlarm = addAlarm(web, web.alarms, 'UnhealthyHostsAlarm', {
    alarmName: `${deploymentAlarmPrefix}-unhealthy-hosts`,
    metric: web.metricUnhealthyHosts(),
    threshold: 0,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    description:
      'at least one task has failed its load balancer health check for 3 minutes: capacity is lower than ' +
      'autoscaling thinks; during a deployment this alarm rolls the deployment back',
  });
  addAtMaxCapacityAlarm(
    web,
    web.alarms,
    web.metricRunningTasks({ statistic: cloudwatch.Stats.MAXIMUM }),
    web.maxCapacity,
    'further traffic raises latency and errors instead of adding tasks',
  );
  return [errorRateAlarm, unhealthyHostsAlarm];
}
