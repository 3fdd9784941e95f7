// A local HTTP server on 127.0.0.1 that speaks just enough of the AWS wire protocols for the audit:
// CloudWatch (AWS JSON 1.0, X-Amz-Target GraniteServiceVersion20100801.*), CloudFormation (awsQuery:
// form-encoded request, XML response) and SSM (AWS JSON 1.1). It records every request it serves.
// GetMetricData is evaluated by a FakeCloudWatch over raw samples, in the region the request was
// signed for (CloudFront metrics exist only in us-east-1).
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { CloudWatchRequestError, FakeCloudWatch, MetricDataQuery } from './fake-cloudwatch';

export interface FakeAwsOptions {
  /** Stacks by name: their Outputs. Other names answer "does not exist". */
  readonly stacks: Record<string, Record<string, string>>;
  readonly parameters?: Record<string, string>;
  /** Evaluates GetMetricData. */
  readonly cloudWatch: FakeCloudWatch;
  readonly alarms?: { name: string; state: string }[];
  /** Answer the first N GetMetricData requests with a Throttling error. */
  readonly throttleFirst?: number;
  /** Split every GetMetricData answer into this many pages (NextToken). */
  readonly pages?: number;
}

export interface FakeAws {
  readonly url: string;
  readonly requests: { target: string; region: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The region a request was signed for: `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
function signedRegion(req: http.IncomingMessage): string {
  return /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'unknown';
}

/** An SDK timestamp: epoch seconds in the JSON protocols (an ISO string is accepted too). */
function epochSeconds(value: unknown): number {
  return typeof value === 'number' ? value : new Date(String(value)).getTime() / 1000;
}

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const requests: FakeAws['requests'] = [];
  let throttled = 0;
  const pages = options.pages ?? 1;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const region = signedRegion(req);
      const json = (status: number, body: unknown, type = 'application/x-amz-json-1.0'): void => {
        res.writeHead(status, {
          'content-type': type,
          ...(status >= 400 && { 'x-amzn-query-error': `${(body as { __type: string }).__type};Sender` }),
        });
        res.end(JSON.stringify(body));
      };
      if (target.startsWith('GraniteServiceVersion20100801.')) {
        const body = JSON.parse(raw || '{}');
        const action = target.split('.')[1];
        requests.push({ target: action, region, body });
        if (action === 'GetMetricData') {
          if (throttled < (options.throttleFirst ?? 0)) {
            throttled++;
            return json(400, { __type: 'Throttling', message: 'Rate exceeded' });
          }
          let all;
          try {
            all = options.cloudWatch.getMetricData(region, {
              MetricDataQueries: body.MetricDataQueries as MetricDataQuery[],
              StartTime: epochSeconds(body.StartTime),
              EndTime: epochSeconds(body.EndTime),
            });
          } catch (e) {
            if (e instanceof CloudWatchRequestError) return json(400, { __type: e.code, message: e.message });
            throw e;
          }
          const page = body.NextToken ? Number(body.NextToken) : 0;
          const perPage = Math.ceil(all.length / pages);
          const results = all.slice(page * perPage, (page + 1) * perPage);
          const next = page + 1 < pages ? { NextToken: String(page + 1) } : {};
          return json(200, { MetricDataResults: results, Messages: [], ...next });
        }
        if (action === 'DescribeAlarms') {
          const names = new Set(body.AlarmNames as string[]);
          const alarms = (options.alarms ?? []).filter((a) => names.has(a.name));
          return json(200, {
            MetricAlarms: alarms.map((a) => ({ AlarmName: a.name, StateValue: a.state })),
            CompositeAlarms: [],
          });
        }
        return json(400, { __type: 'InvalidAction', message: action });
      }
      if (target.startsWith('AmazonSSM.')) {
        const body = JSON.parse(raw || '{}');
        requests.push({ target: 'GetParameter', region, body });
        const value = options.parameters?.[body.Name];
        if (value === undefined)
          return json(400, { __type: 'ParameterNotFound', message: '' }, 'application/x-amz-json-1.1');
        return json(
          200,
          { Parameter: { Name: body.Name, Type: 'String', Value: value } },
          'application/x-amz-json-1.1',
        );
      }
      const form = new URLSearchParams(raw);
      requests.push({ target: form.get('Action') ?? '', region, body: Object.fromEntries(form) });
      const stackName = form.get('StackName') ?? '';
      const outputs = options.stacks[stackName];
      res.setHeader('content-type', 'text/xml');
      if (!outputs) {
        res.statusCode = 400;
        return res.end(
          `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${xmlEscape(stackName)} does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
        );
      }
      const members = Object.entries(outputs)
        .map(
          ([k, v]) =>
            `<member><OutputKey>${k}</OutputKey><OutputValue>${xmlEscape(v)}</OutputValue></member>`,
        )
        .join('');
      res.end(
        `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${stackName}</StackName><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
