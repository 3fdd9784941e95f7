// Fetches metric data (batched, paginated) and alarm states through injected CloudWatch clients.
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { AuditWindow, QueryPlan } from './queries';
import { AlarmResult } from './report';

/** One query's datapoints, oldest first. Timestamps are epoch seconds. Gaps stay gaps. */
export interface MetricSeries {
  readonly timestamps: number[];
  readonly values: number[];
  /** `Complete`, `PartialData`, `InternalError` or `Forbidden` as CloudWatch last reported it. */
  readonly status: string;
  readonly messages: string[];
}

/** The clients an audit uses, one CloudWatch client per region. Tests inject mocks. */
export type CloudWatchFor = (region: string) => CloudWatchClient;

export interface FetchProgress {
  (done: number, total: number): void;
}

/** Runs every planned batch, following `NextToken` until each is complete. Returns series by query id. */
export async function fetchMetricData(
  cloudWatchFor: CloudWatchFor,
  plan: QueryPlan,
  window: AuditWindow,
  onProgress?: FetchProgress,
): Promise<Record<string, MetricSeries>> {
  const points = new Map<string, { t: number[]; v: number[]; status: string; messages: string[] }>();
  let done = 0;
  onProgress?.(0, plan.batches.length);
  for (const batch of plan.batches) {
    let nextToken: string | undefined;
    do {
      const response = await cloudWatchFor(batch.region).send(
        new GetMetricDataCommand({
          MetricDataQueries: batch.queries,
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
      );
      for (const result of response.MetricDataResults ?? []) {
        if (!result.Id) continue;
        const entry = points.get(result.Id) ?? { t: [], v: [], status: 'Complete', messages: [] };
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        timestamps.forEach((time, i) => {
          const value = values[i];
          // A missing or non-numeric value is a gap, never a zero.
          if (typeof value === 'number' && Number.isFinite(value)) {
            entry.t.push(Math.round(new Date(time).getTime() / 1000));
            entry.v.push(value);
          }
        });
        if (result.StatusCode) entry.status = result.StatusCode;
        for (const m of result.Messages ?? []) if (m.Value) entry.messages.push(m.Value);
        points.set(result.Id, entry);
      }
      nextToken = response.NextToken;
    } while (nextToken);
    onProgress?.(++done, plan.batches.length);
  }
  const out: Record<string, MetricSeries> = {};
  for (const [id, entry] of points) {
    const order = entry.t.map((_, i) => i).sort((a, b) => entry.t[a] - entry.t[b]);
    out[id] = {
      timestamps: order.map((i) => entry.t[i]),
      values: order.map((i) => entry.v[i]),
      status: entry.status,
      messages: entry.messages,
    };
  }
  return out;
}

/** DescribeAlarms for the manifest's alarm names (100 names per call, paginated); absent ones are `MISSING`. */
export async function fetchAlarms(client: CloudWatchClient, names: string[]): Promise<AlarmResult[]> {
  const found = new Map<string, AlarmResult>();
  for (let i = 0; i < names.length; i += 100) {
    let nextToken: string | undefined;
    do {
      const response = await client.send(
        new DescribeAlarmsCommand({
          AlarmNames: names.slice(i, i + 100),
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          NextToken: nextToken,
        }),
      );
      for (const alarm of [...(response.MetricAlarms ?? []), ...(response.CompositeAlarms ?? [])]) {
        if (alarm.AlarmName) {
          found.set(alarm.AlarmName, {
            name: alarm.AlarmName,
            state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
            reason: alarm.StateReason ?? null,
          });
        }
      }
      nextToken = response.NextToken;
    } while (nextToken);
  }
  return names.map((name) => found.get(name) ?? { name, state: 'MISSING', reason: null });
}
