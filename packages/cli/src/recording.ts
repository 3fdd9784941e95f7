// Recordings: the raw inputs of an audit (manifest, window, metric data, alarm states), written by
// `--record` and audited offline by `--from-file`. Schema: docs/schemas/audit-recording.schema.json.
import * as fs from 'node:fs';
import {
  AuditManifestError,
  compactAuditManifest,
  validateAuditManifest,
} from 'cdk-scaling-blueprints/audit-manifest';
import { CliError, ExitCode } from './exit-codes';
import { MetricSeries } from './fetch';
import { AuditInput } from './judge';
import { AlarmResult } from './report';

export const AUDIT_RECORDING_VERSION = 1;

export interface AuditRecording {
  readonly recordingVersion: number;
  readonly recordedAt: string;
  readonly window: { readonly start: string; readonly end: string };
  /** The manifest in its published form (docs/schemas/audit-manifest.schema.json). */
  readonly manifest: unknown;
  /** Series by GetMetricData query id; timestamps in epoch seconds. */
  readonly metricData: Record<string, MetricSeries>;
  readonly alarms: AlarmResult[];
}

export function toRecording(input: AuditInput): AuditRecording {
  return {
    recordingVersion: AUDIT_RECORDING_VERSION,
    recordedAt: input.generatedAt.toISOString(),
    window: { start: input.window.start.toISOString(), end: input.window.end.toISOString() },
    manifest: compactAuditManifest(input.manifest),
    metricData: input.metricData,
    alarms: input.alarms,
  };
}

function bad(file: string, why: string): CliError {
  return new CliError(ExitCode.BAD_INPUT_FILE, `${file} is not an audit recording: ${why}`);
}

/** Reads and checks a recording; the audit then judges it exactly like live data. */
export function readRecording(file: string): AuditInput {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `cannot read recording ${file}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const rec = raw as Partial<AuditRecording>;
  if (typeof rec !== 'object' || rec === null) throw bad(file, 'not a JSON object');
  if (rec.recordingVersion !== AUDIT_RECORDING_VERSION) {
    throw bad(
      file,
      `\`recordingVersion\` must be ${AUDIT_RECORDING_VERSION}, got: ${JSON.stringify(rec.recordingVersion)}`,
    );
  }
  const start = new Date(rec.window?.start ?? '');
  const end = new Date(rec.window?.end ?? '');
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) {
    throw bad(file, '`window.start` and `window.end` must be ISO dates, start before end');
  }
  let manifest;
  try {
    manifest = validateAuditManifest(rec.manifest);
  } catch (e) {
    if (e instanceof AuditManifestError) throw bad(file, e.message);
    throw e;
  }
  if (typeof rec.metricData !== 'object' || rec.metricData === null)
    throw bad(file, '`metricData` must be an object');
  for (const [id, series] of Object.entries(rec.metricData)) {
    if (
      !Array.isArray(series?.timestamps) ||
      !Array.isArray(series?.values) ||
      series.timestamps.length !== series.values.length
    ) {
      throw bad(file, `\`metricData.${id}\` must have \`timestamps\` and \`values\` of equal length`);
    }
  }
  if (!Array.isArray(rec.alarms)) throw bad(file, '`alarms` must be an array');
  return {
    manifest,
    window: { start, end },
    metricData: rec.metricData,
    alarms: rec.alarms,
    source: 'recording',
    generatedAt: new Date(rec.recordedAt ?? end),
  };
}
