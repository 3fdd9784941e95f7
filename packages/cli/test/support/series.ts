// Hand-made CloudWatch answers for unit tests of the judgement (SMALL_MANIFEST, a one-hour window).
import { AuditManifest } from 'cdk-scaling-blueprints/audit-manifest';
import { MetricSeries } from '../../src/fetch';
import { AuditInput } from '../../src/judge';
import { SMALL_MANIFEST } from './manifests';

export const WINDOW = { start: new Date('2026-03-09T00:00:00Z'), end: new Date('2026-03-09T01:00:00Z') };
const T0 = WINDOW.start.getTime() / 1000;

export function series(values: number[], period = 60): MetricSeries {
  return { timestamps: values.map((_, i) => T0 + i * period), values, status: 'Complete', messages: [] };
}
export const flat = (value: number, n = 60): number[] => Array.from({ length: n }, () => value);

export function input(
  metricData: Record<string, MetricSeries>,
  manifest: AuditManifest = SMALL_MANIFEST,
): AuditInput {
  return { manifest, window: WINDOW, metricData, alarms: [], source: 'recording', generatedAt: WINDOW.end };
}

/** Every SMALL_MANIFEST signal healthy, per minute and over the window. */
export const HEALTHY: Record<string, MetricSeries> = {
  latency: series(flat(0.2)),
  w_latency: series([0.3]),
  requests: series(flat(1000)),
  w_requests: series([60000]),
  errors5xx: series(flat(1)),
  w_errors5xx: series([60]),
  errorRate: series(flat(0.1)),
  w_errorRate: series([0.1]),
  cpu: series(flat(40)),
  w_cpu: series([40]),
  dbConnections: series(flat(30)),
  w_dbConnections: series([30]),
  hitRate: series(flat(95)),
  w_hitRate: series([95]),
};
