// End to end: the command runs as a child process against a local fake of CloudWatch, CloudFormation
// and SSM on 127.0.0.1 (AWS_ENDPOINT_URL_*), with fake static credentials. Nothing reaches AWS.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { buildCli, EXAMPLE_RECORDING, NODE_PATH } from './support/build-cli';
import { FakeAws, startFakeAws } from './support/fake-aws';

const run = promisify(execFile);
const recording = JSON.parse(fs.readFileSync(EXAMPLE_RECORDING, 'utf8'));
let cli: string;

beforeAll(() => {
  cli = buildCli();
});

async function audit(
  args: string[],
  endpoint?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    NODE_PATH,
    // The SDK warns on Node 20 that 2027 releases need Node 22: true, but not what these tests check.
    NODE_NO_WARNINGS: '1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(endpoint && {
      AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
    }),
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'audit', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('live audit against a local CloudWatch/CloudFormation', () => {
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws({
      stacks: {
        BudgetStartup: { AuditManifestParameter: '/scaling-blueprints/BudgetStartup/audit-manifest' },
        Plain: { BucketName: 'x' },
      },
      parameters: { '/scaling-blueprints/BudgetStartup/audit-manifest': JSON.stringify(recording.manifest) },
      metricData: recording.metricData,
      alarms: recording.alarms,
      throttleFirst: 1,
      pages: 2,
    });
  });
  afterAll(() => aws.close());

  test('discovers the manifest, retries throttling, follows NextToken, reports missing data as no data', async () => {
    const result = await audit(
      [
        '--stack',
        'BudgetStartup',
        '--start',
        recording.window.start,
        '--end',
        recording.window.end,
        '--format',
        'json',
        '--fail-on-breach',
      ],
      aws.url,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3); // p95 latency breached, --fail-on-breach
    const report = JSON.parse(result.stdout);
    expect(report.source).toBe('cloudwatch');
    expect(report.slos.find((s: { objective: string }) => s.objective === 'latencyP95Ms')).toMatchObject({
      measured: 618,
      status: 'fail',
    });
    const lag = report.tiers
      .flatMap((t: { signals: unknown[] }) => t.signals)
      .find((s: { id: string }) => s.id === 'dbReplicaLag');
    expect(lag).toMatchObject({ judged: null, peak: null, datapoints: 0, status: 'no-data' });
    expect(report.bottlenecks.map((b: { signalId: string }) => b.signalId)).toEqual([
      'dbConnections',
      'cacheHitRate',
      'webTasks',
    ]);
    expect(report.alarms.find((a: { name: string }) => a.name === 'BudgetStartup-Db-Connections').state).toBe(
      'ALARM',
    );

    const metricCalls = aws.requests.filter((r) => r.target === 'GetMetricData');
    // 2 batches (eu-west-1, and us-east-1 for CloudFront) × 2 pages, plus 1 throttled attempt retried.
    expect(metricCalls).toHaveLength(5);
    expect(metricCalls.filter((r) => r.body.NextToken === '1')).toHaveLength(2);
    expect(aws.requests.map((r) => r.target)).toEqual(
      expect.arrayContaining(['DescribeStacks', 'GetParameter', 'DescribeAlarms']),
    );
  });

  test('a missing stack is one line and exit code 4', async () => {
    const result = await audit(['--stack', 'Nope', '--since', '1d'], aws.url);
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/stack 'Nope' not found in eu-west-1/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('a stack without a manifest is not a blueprint: exit code 5', async () => {
    const result = await audit(['--stack', 'Plain'], aws.url);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/not a scaling-blueprints stack/);
  });
});

test('--from-file on the shipped example prints a full report offline', async () => {
  const result = await audit(['--from-file', EXAMPLE_RECORDING]);
  expect(result.code).toBe(0);
  for (const section of [
    'Service level objectives',
    'Saturation and health by tier',
    'Alarms',
    'Top bottlenecks',
  ]) {
    expect(result.stdout).toContain(section);
  }
  expect(result.stdout).toContain('BREACH: 1 of 5 measured SLOs breached');
  expect(result.stdout).toContain('Database connection pool exhaustion');
  expect(result.stdout).toMatch(/replica lag\s+│ no data/);
});
