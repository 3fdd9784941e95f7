// What blueprint settings add to a template (the traffic model, pool sizes, message processing
// times, SLO targets), and a traffic model from a file for apps that are not blueprints.
import * as fs from 'node:fs';
import { CliError, ExitCode } from '../exit-codes';
import { TrafficModel } from './profiles';
import { BlueprintHints } from './rehearsal';
import { isRecord, numberValue } from './template-refs';

const TRAFFIC_FIELDS: ReadonlyArray<keyof TrafficModel> = [
  'averageRequestsPerSecond',
  'peakRequestsPerSecond',
  'cdnHitRatioPercent',
  'cpuMillisecondsPerRequest',
  'databaseQueriesPerRequest',
  'queueMessagesPerRequest',
];

function trafficFrom(value: unknown): TrafficModel | undefined {
  if (!isRecord(value)) return undefined;
  const fields: Partial<Record<keyof TrafficModel, number>> = {};
  for (const field of TRAFFIC_FIELDS) {
    const number = numberValue(value[field]);
    if (number === undefined) return undefined;
    fields[field] = number;
  }
  return fields as TrafficModel;
}

/**
 * The hints in a blueprint's validated settings: `traffic`, `slo`, and every section with a
 * `dbPoolSize` or `messageProcessingTimeSeconds` (`web` → the `Web` construct, `worker` → `Worker`).
 */
export function hintsFromSettings(blueprint: string, settings: unknown): BlueprintHints {
  const services: Record<string, { dbPoolSize?: number; messageProcessingTimeSeconds?: number }> = {};
  let slo: BlueprintHints['slo'];
  if (isRecord(settings)) {
    for (const [key, section] of Object.entries(settings)) {
      if (!isRecord(section)) continue;
      const dbPoolSize = numberValue(section.dbPoolSize);
      const messageProcessingTimeSeconds = numberValue(section.messageProcessingTimeSeconds);
      if (dbPoolSize !== undefined || messageProcessingTimeSeconds !== undefined) {
        services[`${key.charAt(0).toUpperCase()}${key.slice(1)}`] = {
          dbPoolSize,
          messageProcessingTimeSeconds,
        };
      }
    }
    if (isRecord(settings.slo)) {
      slo = {
        latencyP95Ms: numberValue(settings.slo.latencyP95Ms),
        latencyP99Ms: numberValue(settings.slo.latencyP99Ms),
        maxMessageAgeSeconds: numberValue(settings.slo.maxMessageAgeSeconds),
      };
    }
  }
  return {
    blueprint,
    traffic: isRecord(settings) ? trafficFrom(settings.traffic) : undefined,
    slo,
    services,
  };
}

/** A traffic model from a JSON file with the `traffic.*` fields of the blueprint settings. */
export function readTrafficFile(file: string): TrafficModel {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `--traffic ${file}: cannot read it as JSON (${(error as Error).message}): pass a JSON object with the traffic.* fields`,
    );
  }
  const traffic = trafficFrom(json);
  if (!traffic) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `--traffic ${file}: expected numbers for ${TRAFFIC_FIELDS.join(', ')}: see docs/cli.md#rehearse`,
    );
  }
  if (traffic.cpuMillisecondsPerRequest <= 0 || traffic.averageRequestsPerSecond <= 0) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `--traffic ${file}: averageRequestsPerSecond and cpuMillisecondsPerRequest must be positive`,
    );
  }
  return traffic;
}
