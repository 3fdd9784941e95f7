// Small manifests for unit tests: `SMALL_MANIFEST` as the audit reads it, `SMALL_MANIFEST_JSON` as a stack
// publishes it (version 2, compact).
import {
  AuditManifest,
  AuditSignal,
  AuditTierKind,
  compactAuditManifest,
  SignalConcern,
  SignalKind,
  SloObjective,
  ThresholdComparison,
} from 'cdk-scaling-blueprints/audit-manifest';

export const SLO = {
  latencyP95Ms: 500,
  latencyP99Ms: 1500,
  errorRatePercent: 1,
  availabilityPercent: 99.9,
  maxMessageAgeSeconds: 300,
};

export function metricSignal(id: string, extra: Partial<AuditSignal> = {}): AuditSignal {
  return {
    id,
    label: id,
    namespace: 'AWS/Test',
    metricName: id,
    stat: 'Average',
    period: 60,
    kind: SignalKind.SATURATION,
    ...extra,
  };
}

/** A manifest with `count` independent metric signals in one tier. */
export function manifestWithSignals(count: number): AuditManifest {
  return {
    version: 2,
    stackName: 'Shop',
    region: 'eu-west-1',
    slo: SLO,
    tiers: [
      {
        tier: AuditTierKind.WEB,
        name: 'web',
        signals: Array.from({ length: count }, (_, i) => metricSignal(`m${i}`)),
      },
    ],
    alarms: [],
  };
}

export const SMALL_MANIFEST: AuditManifest = {
  version: 2,
  blueprint: 'budget-startup',
  stackName: 'Shop',
  region: 'eu-west-1',
  slo: SLO,
  tiers: [
    {
      tier: AuditTierKind.WEB,
      name: 'web',
      signals: [
        metricSignal('latency', {
          stat: 'p95',
          unit: 'ms',
          scale: 1000,
          kind: SignalKind.LATENCY,
          slo: SloObjective.LATENCY_P95,
        }),
        metricSignal('requests', { stat: 'Sum', kind: SignalKind.TRAFFIC }),
        metricSignal('errors5xx', { stat: 'Sum', kind: SignalKind.ERRORS }),
        {
          id: 'errorRate',
          label: 'error rate',
          expression: '100 * FILL(errors5xx, 0) / requests',
          period: 60,
          unit: '%',
          kind: SignalKind.ERRORS,
          slo: SloObjective.ERROR_RATE,
        },
        metricSignal('cpu', {
          unit: '%',
          concern: SignalConcern.CPU,
          threshold: { comparison: ThresholdComparison.GREATER_THAN, value: 70 },
        }),
      ],
    },
    {
      tier: AuditTierKind.DATABASE,
      name: 'db',
      signals: [
        metricSignal('dbConnections', {
          stat: 'Maximum',
          concern: SignalConcern.DB_CONNECTIONS,
          capacity: 100,
          threshold: { comparison: ThresholdComparison.GREATER_THAN, value: 80 },
        }),
      ],
    },
    {
      tier: AuditTierKind.CACHE,
      name: 'cache',
      signals: [
        metricSignal('hitRate', {
          unit: '%',
          concern: SignalConcern.CACHE_HIT_RATE,
          threshold: { comparison: ThresholdComparison.LESS_THAN, value: 80 },
        }),
      ],
    },
  ],
  alarms: ['Shop-Latency'],
};

/** `SMALL_MANIFEST` as published: tier defaults and short keys (`compactAuditManifest`). */
export const SMALL_MANIFEST_JSON = JSON.stringify(compactAuditManifest(SMALL_MANIFEST));
