import {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  SloObjective,
  ThresholdComparison,
} from '../../observability/audit-manifest';
import { Observation } from '../../observability/observable';
import { graph, graphRow, LIMIT_COLOR, WARNING_COLOR } from '../../private/dashboard';
import type { CdnFront } from '../cdn-front';

/** The thresholds of a CdnFront's own alarms (percent). */
export interface CdnAlarmThresholds {
  readonly errorRatePercent: number;
  readonly cacheHitRatePercent: number;
  /** Whether the alarms exist: only in a us-east-1 stack (CloudFront metrics live there). */
  readonly alarmsCreated: boolean;
}

/**
 * What a CdnFront offers an Observability: the 5xx rate and cache hit rate with the thresholds of
 * its own alarms, origin latency judged against the p95 latency SLO, its graphs (CloudFront metrics
 * live in us-east-1; the dashboard reads them there) and its alarms (only in a us-east-1 stack:
 * alarms cannot watch another region).
 */
export function cdnObservation(cdn: CdnFront, thresholds: CdnAlarmThresholds): Observation {
  const requests = cdn.metricRequests();
  const errors5xx = cdn.metric5xxErrorRate();
  const errors4xx = cdn.metric4xxErrorRate();
  const hitRate = cdn.metricCacheHitRate();
  const originLatency = cdn.metricOriginLatency();
  return {
    tier: AuditTierKind.EDGE,
    signals: [
      {
        id: 'ErrorRate',
        label: '5xx rate',
        metric: errors5xx,
        kind: SignalKind.ERRORS,
        unit: '%',
        concern: SignalConcern.ERRORS,
        // The threshold of the Error5xxRateAlarm; without it (outside us-east-1), the error-rate SLO's.
        ...(thresholds.alarmsCreated
          ? {
              threshold: { comparison: ThresholdComparison.GREATER_THAN, value: thresholds.errorRatePercent },
            }
          : { sloThreshold: SloObjective.ERROR_RATE }),
      },
      {
        id: 'HitRate',
        label: 'cache hit rate',
        metric: hitRate,
        kind: SignalKind.TRAFFIC,
        unit: '%',
        concern: SignalConcern.EDGE_HIT_RATE,
        // The threshold of the CacheHitRateAlarm, when there is one.
        ...(thresholds.alarmsCreated && {
          threshold: { comparison: ThresholdComparison.LESS_THAN, value: thresholds.cacheHitRatePercent },
        }),
      },
      {
        id: 'OriginLatency',
        label: 'origin latency p95',
        metric: originLatency,
        kind: SignalKind.LATENCY,
        unit: 'ms',
        concern: SignalConcern.LATENCY,
        // What the origin adds to a cache miss, against the latency users are promised.
        sloThreshold: SloObjective.LATENCY_P95,
      },
    ],
    widgets: graphRow([
      graph('Origin latency p95 (ms)', [originLatency]),
      graph('Requests', [requests]),
      graph('Error rate (%)', [errors5xx.with({ label: '5xx' }), errors4xx.with({ label: '4xx' })], {
        annotations: [
          {
            value: thresholds.errorRatePercent,
            label: `alarm ${thresholds.errorRatePercent} %`,
            color: LIMIT_COLOR,
          },
        ],
      }),
      graph('Cache hit rate (%)', [hitRate], {
        max: 100,
        annotations: [
          {
            value: thresholds.cacheHitRatePercent,
            label: `alarm ${thresholds.cacheHitRatePercent} %`,
            color: WARNING_COLOR,
          },
        ],
      }),
    ]),
    alarms: [...cdn.alarms],
  };
}
