import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmSettings, createAlarm } from '../../private/alarms';
import { graph, LIMIT_COLOR, WARNING_COLOR } from '../../private/dashboard';
import { SignalConcern, SignalKind, SloObjective, ThresholdComparison } from '../audit-manifest';
import { LatencyUnit, RequestMetrics } from '../observable';
import { ManifestSignal } from './signals';

/** The SLO targets in force (Observability's `slo`, defaults filled in). */
export interface SloTargets {
  readonly latencyP95: Duration;
  readonly latencyP99: Duration;
  readonly errorRatePercent: number;
  readonly availabilityPercent: number;
  readonly maxMessageAge: Duration;
}

/** Where the SLO alarms of one observed construct go and what they are called. */
export interface SloScope {
  /** The construct the alarms are created in (one per observed construct, under Observability). */
  readonly scope: Construct;
  /** The observed construct's name, written before each alarm description. */
  readonly subject: string;
  /** The prefix of the tier's signal ids in the manifest, e.g. `web1`. */
  readonly prefix: string;
  /**
   * The start of the SLO alarms' names, `<stack name>-<observed construct>`: short fixed names
   * (`Shop-Web-slo-p95`) say what breached in a page, and keep the audit manifest, which lists every
   * alarm, within its SSM parameter.
   */
  readonly alarmNamePrefix: string;
}

/** What the SLOs of a tier add to it: signals (listed first), alarms and graphs (the first row). */
export interface SloSection {
  readonly signals: ManifestSignal[];
  readonly alarms: cloudwatch.Alarm[];
  /** The alarms that mean users are hurting: they join the composite alarm that pages. */
  readonly userFacingAlarms: cloudwatch.Alarm[];
  readonly graphs: cloudwatch.GraphWidgetProps[];
}

/** Fast signals: one-minute periods, judged on 3 of the last 5 minutes so one slow minute does not page. */
export const FAST_PERIOD = Duration.minutes(1);
const FAST_EVALUATION = { evaluationPeriods: 5, datapointsToAlarm: 3 };

/** The threshold an SLO states, in the SLO's unit, for a signal judged against it (`sloThreshold`). */
export function sloThresholdValue(objective: SloObjective, slo: SloTargets): number {
  switch (objective) {
    case SloObjective.LATENCY_P95:
      return slo.latencyP95.toMilliseconds();
    case SloObjective.LATENCY_P99:
      return slo.latencyP99.toMilliseconds();
    case SloObjective.ERROR_RATE:
      return slo.errorRatePercent;
    case SloObjective.AVAILABILITY:
      return slo.availabilityPercent;
    case SloObjective.QUEUE_AGE:
      return slo.maxMessageAge.toSeconds();
  }
}

/** How a signal compares with an SLO's target: availability is breached below it, the rest above. */
export function sloComparison(objective: SloObjective): ThresholdComparison {
  return objective === SloObjective.AVAILABILITY
    ? ThresholdComparison.LESS_THAN
    : ThresholdComparison.GREATER_THAN;
}

/**
 * The request SLOs of a tier that serves users: p95 and p99 latency, the 5xx rate (every minute)
 * and availability (every hour), as signals, SLO alarms and the tier's first dashboard row.
 */
export function requestSloSection(at: SloScope, requests: RequestMetrics, slo: SloTargets): SloSection {
  const period = FAST_PERIOD;
  const seconds = (requests.latencyUnit ?? LatencyUnit.SECONDS) === LatencyUnit.SECONDS;
  const latency = (statistic: string) => requests.latency.with({ statistic, period });
  const [p50, p95, p99] = [latency('p50'), latency('p95'), latency('p99')];
  const count = { statistic: cloudwatch.Stats.SUM, period };
  const requestCount = requests.requests.with(count);
  const serverErrors = requests.serverErrors.with(count);
  const loadBalancerErrors = requests.loadBalancerErrors?.with(count);
  const inMetricUnit = (target: Duration) =>
    seconds ? target.toMilliseconds() / 1000 : target.toMilliseconds();
  const { errorRatePercent: errorRate, availabilityPercent: availability } = slo;

  // The manifest shows latencies in milliseconds, as the SLO states them.
  const ms = { unit: 'ms', ...(seconds && { scale: 1000 }), concern: SignalConcern.LATENCY };
  const id = (suffix: string) => `${at.prefix}${suffix}`;
  const signals: ManifestSignal[] = [
    // p50 is on the dashboard only: the manifest keeps to what the audit judges (it must fit 8 KB).
    latencySignal(id('P95'), 'p95 latency', p95, SloObjective.LATENCY_P95, slo.latencyP95, ms),
    latencySignal(id('P99'), 'p99 latency', p99, SloObjective.LATENCY_P99, slo.latencyP99, ms),
    {
      id: id('Requests'),
      label: 'requests',
      metric: requestCount,
      kind: SignalKind.TRAFFIC,
      unit: 'count',
      concern: SignalConcern.TRAFFIC,
    },
    {
      id: id('Target5xx'),
      label: 'target 5xx',
      metric: serverErrors,
      kind: SignalKind.ERRORS,
      unit: 'count',
    },
  ];
  if (loadBalancerErrors) {
    signals.push({
      id: id('Elb5xx'),
      label: 'load balancer 5xx',
      metric: loadBalancerErrors,
      kind: SignalKind.ERRORS,
      unit: 'count',
    });
  }
  const errorSum = loadBalancerErrors
    ? `(FILL(${id('Target5xx')}, 0) + FILL(${id('Elb5xx')}, 0))`
    : `FILL(${id('Target5xx')}, 0)`;
  signals.push(
    {
      id: id('ErrorRate'),
      label: '5xx rate',
      expression: `100 * ${errorSum} / ${id('Requests')}`,
      period,
      kind: SignalKind.ERRORS,
      unit: '%',
      concern: SignalConcern.ERRORS,
      slo: SloObjective.ERROR_RATE,
      threshold: { comparison: ThresholdComparison.GREATER_THAN, value: errorRate },
    },
    {
      id: id('Availability'),
      label: 'availability',
      expression: `100 - ${id('ErrorRate')}`,
      period,
      kind: SignalKind.ERRORS,
      unit: '%',
      concern: SignalConcern.ERRORS,
      slo: SloObjective.AVAILABILITY,
      threshold: { comparison: ThresholdComparison.LESS_THAN, value: availability },
    },
  );

  const errorRateMetric = (alarmPeriod: Duration, label: string): cloudwatch.MathExpression =>
    new cloudwatch.MathExpression({
      expression: loadBalancerErrors
        ? '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests'
        : '100 * FILL(target5xx, 0) / requests',
      usingMetrics: {
        target5xx: serverErrors.with({ period: alarmPeriod }),
        ...(loadBalancerErrors && { elb5xx: loadBalancerErrors.with({ period: alarmPeriod }) }),
        requests: requestCount.with({ period: alarmPeriod }),
      },
      period: alarmPeriod,
      label,
    });
  const alarm = (id: string, name: string, settings: Omit<AlarmSettings, 'subject' | 'alarmName'>) =>
    createAlarm(at.scope, id, {
      ...settings,
      subject: at.subject,
      alarmName: `${at.alarmNamePrefix}-${name}`,
    });
  const alarms = [
    alarm('LatencyP95Alarm', 'slo-p95', {
      metric: p95,
      threshold: inMetricUnit(slo.latencyP95),
      ...FAST_EVALUATION,
      description:
        `SLO: p95 latency above ${formatDuration(slo.latencyP95)} in 3 of 5 minutes: one request in twenty is ` +
        'slower than the target; check the database (slow queries, connections), the cache hit rate and whether ' +
        'the service is at its maximum task count',
    }),
    alarm('LatencyP99Alarm', 'slo-p99', {
      metric: p99,
      threshold: inMetricUnit(slo.latencyP99),
      ...FAST_EVALUATION,
      description:
        `SLO: p99 latency above ${formatDuration(slo.latencyP99)} in 3 of 5 minutes: the slowest requests ` +
        '(often cache misses, lock waits or cold tasks) are beyond the target',
    }),
    alarm('ErrorRateAlarm', 'slo-5xx-rate', {
      metric: errorRateMetric(period, '5xx rate (%)'),
      threshold: errorRate,
      ...FAST_EVALUATION,
      description:
        `SLO: more than ${errorRate} % of requests failed with a 5xx (target or load balancer) in 3 of 5 minutes; ` +
        'check the deployment, unhealthy targets and the dependencies (database, cache)',
    }),
    alarm('AvailabilityAlarm', 'slo-availability', {
      metric: new cloudwatch.MathExpression({
        expression: '100 - rate',
        usingMetrics: { rate: errorRateMetric(Duration.hours(1), '5xx rate (%), hourly') },
        period: Duration.hours(1),
        label: 'Availability (%), hourly',
      }),
      threshold: availability,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      description:
        `SLO: availability below ${availability} % over the last hour: the error budget is being spent faster ` +
        'than the objective allows',
    }),
  ];

  const graphs = [
    graph(
      `Latency (${seconds ? 's' : 'ms'}): p50 / p95 / p99`,
      [p50, p95, p99].map((m) => m.with({ label: m.statistic })),
      {
        annotations: [
          {
            value: inMetricUnit(slo.latencyP95),
            label: `SLO p95 ${formatDuration(slo.latencyP95)}`,
            color: WARNING_COLOR,
          },
          {
            value: inMetricUnit(slo.latencyP99),
            label: `SLO p99 ${formatDuration(slo.latencyP99)}`,
            color: LIMIT_COLOR,
          },
        ],
      },
    ),
    graph('Traffic (requests / min)', [requestCount]),
    graph('Errors: 5xx rate (%)', [errorRateMetric(period, '5xx rate (%)')], {
      annotations: [{ value: errorRate, label: `SLO ${errorRate} %`, color: LIMIT_COLOR }],
      right: loadBalancerErrors ? [serverErrors, loadBalancerErrors] : [serverErrors],
    }),
  ];
  return { signals, alarms, userFacingAlarms: alarms, graphs };
}

/** The queue-age SLO of a work queue: the age of its oldest message against `slo.maxMessageAge`. */
export function queueAgeSloSection(
  at: SloScope,
  oldestMessageAge: cloudwatch.IMetric,
  slo: SloTargets,
): SloSection {
  const maxAgeSeconds = slo.maxMessageAge.toSeconds();
  const alarm = createAlarm(at.scope, 'OldestMessageAgeAlarm', {
    alarmName: `${at.alarmNamePrefix}-slo-queue-age`,
    metric: oldestMessageAge,
    threshold: maxAgeSeconds,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    subject: at.subject,
    description:
      `SLO: the oldest message has waited more than ${slo.maxMessageAge.toHumanString()} for 3 minutes: the ` +
      'workers are not keeping up (at maximum capacity, failing, or retrying a poison message)',
  });
  return {
    signals: [
      {
        id: `${at.prefix}Age`,
        label: 'oldest message age',
        metric: oldestMessageAge,
        kind: SignalKind.LATENCY,
        unit: 's',
        concern: SignalConcern.QUEUE_AGE,
        slo: SloObjective.QUEUE_AGE,
        threshold: { comparison: ThresholdComparison.GREATER_THAN, value: maxAgeSeconds },
      },
    ],
    alarms: [alarm],
    userFacingAlarms: [],
    graphs: [
      graph('Age of oldest message (s)', [oldestMessageAge], {
        annotations: [
          { value: maxAgeSeconds, label: `SLO ${slo.maxMessageAge.toHumanString()}`, color: LIMIT_COLOR },
        ],
      }),
    ],
  };
}

function latencySignal(
  id: string,
  label: string,
  metric: cloudwatch.Metric,
  objective: SloObjective,
  target: Duration,
  ms: Partial<ManifestSignal>,
): ManifestSignal {
  return {
    id,
    label,
    metric,
    kind: SignalKind.LATENCY,
    ...ms,
    slo: objective,
    threshold: { comparison: ThresholdComparison.GREATER_THAN, value: target.toMilliseconds() },
  };
}

/** `300 ms`, `1.5 s`. */
export function formatDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}
