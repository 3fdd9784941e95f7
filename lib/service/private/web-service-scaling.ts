import { Duration, Lazy, Names } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { WebService } from '../web-service';
import { PredictiveScalingMode, WebServiceProps } from '../web-service-props';

/** Percent-change steps of the fast scale-out, as multiples of the target. */
const STEP_BANDS: ReadonlyArray<{ readonly ratio: number; readonly addPercent: number }> = [
  { ratio: 1.25, addPercent: 25 },
  { ratio: 1.5, addPercent: 50 },
  { ratio: 2, addPercent: 100 },
  { ratio: 3, addPercent: 200 },
];
/** CPU at or above this is saturation: the real overload is invisible, so double. */
const CPU_SATURATION_PERCENT = 95;

export function configureScaling(web: WebService, props: WebServiceProps, targetCpu: number): void {
  const scaleInCooldown = props.scaleInCooldown ?? Duration.minutes(5);
  const scaleOutCooldown = Duration.minutes(1);
  web.scaling.scaleOnCpuUtilization('CpuScaling', {
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
    addStepScaleOut(
      web,
      'CpuStepScaleOut',
      web.metricCpuUtilization({ statistic: cloudwatch.Stats.AVERAGE }),
      cpuBands,
    );
  }

  if (props.targetRequestsPerTask !== undefined) {
    web.scaling.scaleOnRequestCount('RequestCountScaling', {
      requestsPerTarget: props.targetRequestsPerTask,
      targetGroup: web.targetGroup,
      scaleInCooldown,
      scaleOutCooldown,
    });
    addStepScaleOut(
      web,
      'RequestsStepScaleOut',
      web.metricRequestCountPerTarget({ statistic: cloudwatch.Stats.SUM }),
      STEP_BANDS.map((band) => ({
        threshold: Math.ceil(props.targetRequestsPerTask! * band.ratio),
        change: band.addPercent,
      })),
    );
  }

  (props.peakSchedules ?? []).forEach((peak, index) => {
    web.scaling.scaleOnSchedule(`PeakSchedule${index + 1}Start`, {
      schedule: peak.start,
      minCapacity: peak.minCapacity,
      timeZone: peak.timeZone,
    });
    web.scaling.scaleOnSchedule(`PeakSchedule${index + 1}End`, {
      schedule: peak.end,
      minCapacity: web.minCapacity,
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
export function addPredictiveScaling(
  web: WebService,
  props: WebServiceProps,
  targetCpu: number,
): appscaling.CfnScalingPolicy {
  const metricSpecification: appscaling.CfnScalingPolicy.PredictiveScalingMetricSpecificationProperty =
    props.targetRequestsPerTask !== undefined
      ? {
          targetValue: props.targetRequestsPerTask,
          predefinedMetricPairSpecification: {
            predefinedMetricType: 'ALBRequestCount',
            resourceLabel: `${web.targetGroup.firstLoadBalancerFullName}/${web.targetGroup.targetGroupFullName}`,
          },
        }
      : {
          targetValue: targetCpu,
          predefinedMetricPairSpecification: { predefinedMetricType: 'ECSServiceCPUUtilization' },
        };
  const policy: appscaling.CfnScalingPolicy = new appscaling.CfnScalingPolicy(
    web.scaling,
    'PredictiveScaling',
    {
      policyName: Lazy.string({ produce: () => Names.uniqueId(policy) }),
      policyType: 'PredictiveScaling',
      scalingTargetId: web.scaling,
      predictiveScalingPolicyConfiguration: {
        mode: props.predictiveScalingMode ?? PredictiveScalingMode.FORECAST_AND_SCALE,
        metricSpecifications: [metricSpecification],
      },
    },
  );
  return policy;
}

function addStepScaleOut(
  web: WebService,
  id: string,
  metric: cloudwatch.Metric,
  bands: ReadonlyArray<{ readonly threshold: number; readonly change: number }>,
): void {
  web.scaling.scaleOnMetric(id, {
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
