// Observability: CloudWatch alarms (per metric, standard or high resolution), composite alarms,
// the alarms target tracking creates, dashboards, and log groups (ingestion of what writes to them,
// storage for their retention).
import { num, charge, Charge, nothing, Pricer } from '../pricing';
import { isRecord, listOf, literalNumber, literalString } from '../template';

/** Metrics an alarm evaluates, and the shortest period among them. */
export function alarmMetrics(properties: Record<string, unknown>): {
  metrics: number;
  period: number;
  anomaly: boolean;
} {
  const queries = listOf(properties.Metrics).filter(isRecord);
  if (queries.length === 0) {
    return { metrics: 1, period: literalNumber(properties.Period) ?? 60, anomaly: false };
  }
  const stats = queries.filter((q) => isRecord(q.MetricStat));
  const periods = stats.map((q) => literalNumber((q.MetricStat as Record<string, unknown>).Period) ?? 60);
  const anomaly = queries.some((q) => /ANOMALY_DETECTION_BAND/.test(String(q.Expression ?? '')));
  return {
    metrics: Math.max(1, stats.length) * (anomaly ? 3 : 1),
    period: periods.length > 0 ? Math.min(...periods) : 60,
    anomaly,
  };
}

export const priceAlarm: Pricer = (alarm, ctx) => {
  const { metrics, period, anomaly } = alarmMetrics(alarm.properties);
  const highResolution = period < 60;
  const what = `${metrics} metric${metrics === 1 ? '' : 's'}${anomaly ? ' (anomaly detection: 3 per metric)' : listOf(alarm.properties.Metrics).length > 0 ? ' (metric math: each metric counts)' : ''}, ${period} s period`;
  return {
    charges: [
      charge(
        ctx,
        highResolution ? 'high-resolution alarm' : 'alarm',
        metrics,
        what,
        highResolution ? 'cloudwatch.highResolutionAlarmMetricMonth' : 'cloudwatch.alarmMetricMonth',
        { per: 'alarm metric-month' },
      ),
    ],
  };
};

export const priceCompositeAlarm: Pricer = (_alarm, ctx) => ({
  charges: [
    charge(ctx, 'composite alarm', 1, '1 composite alarm', 'cloudwatch.compositeAlarmMonth', {
      per: 'composite alarm-month',
    }),
  ],
});

export const priceDashboard: Pricer = (_dashboard, ctx) => ({
  charges: [
    charge(ctx, 'dashboard', 1, '1 dashboard', 'cloudwatch.dashboardMonth', { per: 'dashboard-month' }),
  ],
});

/** Target tracking creates two alarms (scale out, scale in) on the metrics it tracks; step scaling none. */
export const priceScalingPolicy: Pricer = (policy, ctx) => {
  if (policy.properties.PolicyType !== 'TargetTrackingScaling') {
    return {
      free: 'Application Auto Scaling has no charge; a step scaling policy is driven by an alarm priced on its own',
    };
  }
  const config = isRecord(policy.properties.TargetTrackingScalingPolicyConfiguration)
    ? policy.properties.TargetTrackingScalingPolicyConfiguration
    : {};
  const custom = isRecord(config.CustomizedMetricSpecification)
    ? config.CustomizedMetricSpecification
    : undefined;
  const metrics =
    custom === undefined
      ? 1
      : Math.max(1, listOf(custom.Metrics).filter((m) => isRecord(m) && isRecord(m.MetricStat)).length);
  return {
    charges: [
      charge(
        ctx,
        'target tracking alarms',
        2 * metrics,
        `2 alarms (scale out, scale in) × ${metrics} metric${metrics === 1 ? '' : 's'}`,
        'cloudwatch.alarmMetricMonth',
        { per: 'alarm metric-month' },
      ),
    ],
  };
};

/** Log group: ingestion (standard or vended) of what writes to it, and storage for its retention. */
export const priceLogGroup: Pricer = (group, ctx) => {
  const volume = ctx.model.logIngest.get(group.logicalId);
  const name = literalString(group.properties.LogGroupName);
  if (volume === undefined) {
    return {
      charges: [
        nothing(
          'log ingestion',
          `nothing in these templates writes to ${name ?? 'it'}: ${ctx.price('cloudwatch.logsIngestGb').value} USD per GB when something does`,
        ),
      ],
    };
  }
  const a = ctx.assumptions;
  const retentionDays = literalNumber(group.properties.RetentionInDays);
  const months =
    retentionDays === undefined
      ? a.logHorizonMonths
      : Math.min(retentionDays / (ctx.hoursPerMonth / 24), a.logHorizonMonths);
  const stored = volume.gbPerMonth * a.logCompressionRatio * months;
  const charges: Charge[] = [
    charge(
      ctx,
      volume.vended ? 'vended log ingestion' : 'log ingestion',
      volume.gbPerMonth,
      `${num(volume.gbPerMonth)} GB a month (${volume.source})`,
      volume.vended ? 'cloudwatch.vendedLogsIngestGb' : 'cloudwatch.logsIngestGb',
      { per: 'GB' },
    ),
    charge(
      ctx,
      'log storage',
      stored,
      `${num(stored)} GB kept: ${num(volume.gbPerMonth)} GB a month × ${a.logCompressionRatio} compressed × ${num(months)} months (${retentionDays === undefined ? `never expires: ${a.logHorizonMonths} months counted` : `${retentionDays}-day retention${retentionDays / 30.4 > a.logHorizonMonths ? `, ${a.logHorizonMonths} months counted` : ''}`})`,
      'cloudwatch.logsStoreGbMonth',
      { per: 'GB-month' },
    ),
  ];
  return { charges };
};
