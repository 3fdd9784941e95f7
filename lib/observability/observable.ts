import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { AuditTierKind, SignalConcern, SignalKind, SignalThreshold, SloObjective } from './audit-manifest';

/**
 * A construct an {@link Observability} can observe. It says which tier it is and offers its
 * signals (for the audit manifest, with the thresholds of its own alarms), its dashboard widgets
 * and its alarms; Observability composes what it is offered and never changes it.
 *
 * `WebService`, `QueueWorker`, `ReplicatedDatabase`, `CacheCluster` and `CdnFront` implement it. A
 * construct of your own can too, and then appears on the dashboard and in the audit like them.
 *
 * @example
 * class SearchCluster extends Construct implements IObservable {
 *   public observation(): Observation {
 *     const cpu = this.domain.metricCPUUtilization();
 *     return {
 *       tier: AuditTierKind.DATABASE,
 *       signals: [{ id: 'Cpu', label: 'CPU', metric: cpu, kind: SignalKind.SATURATION, unit: '%' }],
 *       widgets: [new cloudwatch.GraphWidget({ title: 'CPU (%)', left: [cpu], width: 24 })],
 *       alarms: [this.cpuAlarm],
 *     };
 *   }
 * }
 * obs.observe(new SearchCluster(stack, 'Search'));
 */
export interface IObservable extends IConstruct {
  /**
   * What this construct offers an Observability. Called once by each Observability that observes
   * it; it must not change the construct (creating the metrics and widgets it returns is fine).
   */
  observation(): Observation;
}

/** What an {@link IObservable} offers: its tier, signals, widgets and alarms. */
export interface Observation {
  /** The tier the construct belongs to: its section of the dashboard and of the audit manifest. */
  readonly tier: AuditTierKind;

  /**
   * The request metrics of a tier that serves users. Observability states the latency, error-rate
   * and availability SLOs on them: their signals, their SLO alarms (which page through the
   * "users are hurting" composite alarm) and the first row of the tier's dashboard section.
   *
   * @default - no request SLOs on this tier
   */
  readonly requests?: RequestMetrics;

  /**
   * The age of the oldest message of a work queue. Observability states the queue-age SLO
   * (`slo.maxMessageAge`) on it: its signal, its SLO alarm and a graph.
   *
   * @default - no queue SLO on this tier
   */
  readonly oldestMessageAge?: cloudwatch.IMetric;

  /**
   * The signals the audit reads besides the SLO ones, in the order it lists them. A threshold is
   * the one the construct's own alarm uses on that signal (or, without an alarm, the construct's
   * own judgement).
   */
  readonly signals: ObservedSignal[];

  /** Dashboard widgets, shown after the SLO graphs; each fills its width of the 24-unit grid. */
  readonly widgets: cloudwatch.IWidget[];

  /**
   * The construct's alarms. Observability adds its alarm topic to them as an action (ALARM and OK)
   * and lists them in the audit manifest; their thresholds, metrics and descriptions stay the
   * construct's.
   */
  readonly alarms: cloudwatch.AlarmBase[];
}

/** The unit of a latency metric. */
export enum LatencyUnit {
  /** Seconds, like the ALB's `TargetResponseTime`. */
  SECONDS = 'SECONDS',
  /** Milliseconds, like API Gateway's `Latency`. */
  MILLISECONDS = 'MILLISECONDS',
}

/** The request metrics of a tier that serves users, for the SLOs Observability states on them. */
export interface RequestMetrics {
  /**
   * Response time. Observability reads its p50, p95 and p99 (`metric.with({ statistic })`), over
   * one minute.
   */
  readonly latency: cloudwatch.Metric;

  /**
   * The unit of `latency`.
   *
   * @default LatencyUnit.SECONDS
   */
  readonly latencyUnit?: LatencyUnit;

  /** Requests served (a count; Observability reads its Sum per minute). */
  readonly requests: cloudwatch.Metric;

  /** Requests the application answered with a 5xx (a count; Sum per minute). */
  readonly serverErrors: cloudwatch.Metric;

  /**
   * Requests answered with a 5xx by what stands in front of the application (a load balancer's
   * 502/503/504); they count as errors too.
   *
   * @default - none
   */
  readonly loadBalancerErrors?: cloudwatch.Metric;
}

/** One signal the audit reads: a CloudWatch metric, or metric math over the construct's other signals. */
export interface ObservedSignal {
  /**
   * Id of the signal within its construct: a letter, then letters and digits (`Cpu`, `HitRate`).
   * Observability prefixes it with the tier and a number to make it unique in the manifest
   * (`database1Cpu`).
   */
  readonly id: string;

  /** What the audit calls it, e.g. `engine CPU`. */
  readonly label: string;

  /** Which golden signal it is. */
  readonly kind: SignalKind;

  /**
   * The metric (a plain metric, not math: give `expression` for that). Specify `metric` or
   * `expression`.
   *
   * @default - an expression signal
   */
  readonly metric?: cloudwatch.IMetric;

  /**
   * Metric math over the ids of this construct's other signals, e.g. `100 * Hits / (Hits + Misses)`.
   *
   * @default - a metric signal
   */
  readonly expression?: string;

  /**
   * The period of an expression signal (a metric has its own).
   *
   * @default Duration.minutes(1)
   */
  readonly period?: Duration;

  /**
   * The unit the audit shows, e.g. `%`, `ms`, `s`, `bytes`.
   *
   * @default 'count'
   */
  readonly unit?: string;

  /**
   * Multiply the metric's values by this to get `unit` (1000 for seconds shown in ms).
   *
   * @default 1
   */
  readonly scale?: number;

  /**
   * What the signal tells about the system: the audit picks its recommendation from it.
   *
   * @default - a generic recommendation
   */
  readonly concern?: SignalConcern;

  /**
   * The threshold beyond which the audit reports the signal, in `unit` (after `scale`): the
   * threshold of the construct's alarm on it.
   *
   * @default - informational, unless `sloThreshold` is given
   */
  readonly threshold?: SignalThreshold;

  /**
   * Judge the signal against an SLO target instead of a threshold of its own (a CDN's origin
   * latency against the p95 latency SLO): the value is the SLO's, stated by the Observability.
   * The signal does not measure that SLO. The value is in the SLO's unit: milliseconds for the
   * latencies, percent for the error rate and availability, seconds for the queue age.
   *
   * @default - no SLO threshold
   */
  readonly sloThreshold?: SloObjective;

  /**
   * The ceiling the signal saturates at (max connections, max tasks), for a utilisation figure.
   *
   * @default - none
   */
  readonly capacity?: number;
}
