// End to end: the command runs as a child process, as a user runs it, against a local fake of
// CloudWatch, CloudFormation and SSM on 127.0.0.1 (AWS_ENDPOINT_URL_*), with fake static
// credentials, serving the budget-startup blueprint as if deployed. Nothing reaches AWS.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildCli, NODE_PATH } from './support/build-cli';
import { deployBlueprint, DeployedBlueprint, serveBlueprint } from './support/deployed-blueprint';
import { FakeAws } from './support/fake-aws';
import { HEALTHY, MINUTES, T0 } from './support/scenarios';

const run = promisify(execFile);
let cli: string;
let blueprint: DeployedBlueprint;

beforeAll(() => {
  cli = buildCli();
  blueprint = deployBlueprint('budget-startup');
});

/** Runs `scaling-blueprints <args>` in `cwd`, as on a laptop: no NODE_NO_WARNINGS, whatever Node it is. */
async function scalingBlueprints(
  args: string[],
  endpoint?: string,
  cwd = os.tmpdir(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    NODE_PATH,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: blueprint.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(endpoint && {
      AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
    }),
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('live audit of a deployed blueprint', () => {
  let aws: FakeAws;
  beforeAll(async () => {
    const world = await serveBlueprint(blueprint, {
      start: T0,
      minutes: MINUTES,
      traffic: HEALTHY,
      throttleFirst: 1,
      pages: 2,
      now: Math.floor(Date.now() / 1000),
    });
    aws = world.aws;
  });
  afterAll(() => aws.close());

  const window = [
    '--start',
    new Date(T0 * 1000).toISOString(),
    '--end',
    new Date((T0 + MINUTES * 60) * 1000).toISOString(),
  ];

  test('discovers the manifest, retries throttling, follows NextToken; the output is only its own', async () => {
    const result = await scalingBlueprints(
      ['audit', '--stack', blueprint.stackName, ...window, '--format', 'json', '--fail-on-breach'],
      aws.url,
    );
    // No AWS SDK notice about the Node.js version, nothing else on stderr.
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ source: 'cloudwatch', verdict: 'pass' });
    const metricCalls = aws.requests.filter((r) => r.target === 'GetMetricData');
    // 1 batch × 2 pages, plus 1 throttled attempt retried.
    expect(metricCalls).toHaveLength(3);
    expect(metricCalls.filter((r) => r.body.NextToken === '1')).toHaveLength(1);
    expect(aws.requests.map((r) => r.target)).toEqual(
      expect.arrayContaining(['DescribeStacks', 'GetParameter', 'DescribeAlarms']),
    );
  });

  test('a missing stack is one line and exit code 4', async () => {
    const result = await scalingBlueprints(['audit', '--stack', 'Nope', '--since', '1d'], aws.url);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^scaling-blueprints: stack 'Nope' not found in us-east-1: check --stack/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

test('--example works from any directory, as installed: the library ships the recording', async () => {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'somewhere-'));
  const result = await scalingBlueprints(['audit', '--example', '--format', 'compact'], undefined, elsewhere);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^BudgetStartup \(budget-startup\)/);
  expect(result.stdout).toContain('Top bottlenecks:');
});

test.each([
  [
    ['audit', '--format', 'xml'],
    2,
    /^scaling-blueprints: --format xml is not one of its choices: use one of /,
  ],
  [
    ['diagram', '--app', '/nonexistent'],
    8,
    /^scaling-blueprints: --app \/nonexistent: no such directory: pass a/,
  ],
])('%j: one line of its own, the documented exit code', async (args, code, message) => {
  const result = await scalingBlueprints(args);
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stdout).toBe('');
});
