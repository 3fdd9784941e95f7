// Discovery and the command with the SDK clients mocked (aws-sdk-client-mock): outputs and the
// manifest parameter, baselines and recordings, and every expected failure as one line and its
// exit code. Nothing reaches AWS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { AuditDeps } from '../src/audit-command';
import { discoverManifest } from '../src/discover';
import { resolveWindow } from '../src/duration';
import { ExitCode } from '../src/exit-codes';
import { MetricSeries } from '../src/fetch';
import { runCli } from '../src/program';
import { SMALL_MANIFEST_JSON } from './support/manifests';
import { HEALTHY, WINDOW } from './support/series';

// The stubs replace `send` on the clients' prototypes, which the other test files of this worker
// share (see jest.config.js): installed before the first test, removed after the last.
let cfn: AwsClientStub<CloudFormationClient>;
let ssm: AwsClientStub<SSMClient>;
let cw: AwsClientStub<CloudWatchClient>;
beforeAll(() => {
  cfn = mockClient(CloudFormationClient);
  ssm = mockClient(SSMClient);
  cw = mockClient(CloudWatchClient);
});
afterEach(() => {
  cfn.reset();
  ssm.reset();
  cw.reset();
});
afterAll(() => {
  cfn.restore();
  ssm.restore();
  cw.restore();
});
const clients = () => ({
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  ssm: new SSMClient({ region: 'eu-west-1' }),
  cloudWatchFor: (region: string) => new CloudWatchClient({ region }),
});
const stackWith = (Outputs: { OutputKey: string; OutputValue: string }[]) => ({
  Stacks: [{ StackName: 'Shop', StackStatus: 'CREATE_COMPLETE' as const, CreationTime: new Date(), Outputs }],
});

function deps(): AuditDeps & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    clients: () => clients(),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    now: () => WINDOW.end,
    env: {},
  };
}

test('reads the SSM parameter the AuditManifestParameter output names; an inline AuditManifest output is not read', async () => {
  cfn
    .on(DescribeStacksCommand)
    .resolvesOnce(stackWith([{ OutputKey: 'AuditManifest', OutputValue: 'not read' }]));
  ssm
    .on(GetParameterCommand, { Name: '/scaling-blueprints/Shop/audit-manifest' })
    .resolvesOnce({ Parameter: { Value: SMALL_MANIFEST_JSON } });
  expect((await discoverManifest(clients(), 'Shop', 'eu-west-1')).stackName).toBe('Shop');
  cfn
    .on(DescribeStacksCommand)
    .resolves(stackWith([{ OutputKey: 'AuditManifestParameter', OutputValue: '/p' }]));
  ssm.on(GetParameterCommand, { Name: '/p' }).resolves({ Parameter: { Value: SMALL_MANIFEST_JSON } });
  expect((await discoverManifest(clients(), 'Shop', 'eu-west-1')).tiers).toHaveLength(3);
});

test('without outputs, falls back to the conventional parameter name; a missing one is "not a blueprint"', async () => {
  cfn.on(DescribeStacksCommand).resolves(stackWith([]));
  ssm
    .on(GetParameterCommand, { Name: '/scaling-blueprints/Shop/audit-manifest' })
    .resolves({ Parameter: { Value: SMALL_MANIFEST_JSON } });
  expect((await discoverManifest(clients(), 'Shop', 'eu-west-1')).tiers).toHaveLength(3);
  ssm.reset();
  ssm.on(GetParameterCommand).rejects(Object.assign(new Error('not found'), { name: 'ParameterNotFound' }));
  await expect(discoverManifest(clients(), 'Shop', 'eu-west-1')).rejects.toMatchObject({
    exitCode: 5,
    message: expect.stringContaining('no /scaling-blueprints/Shop/audit-manifest parameter'),
  });
});

test('a live audit: JSON report, --save then --compare, --record then --from-file', async () => {
  cfn
    .on(DescribeStacksCommand)
    .resolves(stackWith([{ OutputKey: 'AuditManifestParameter', OutputValue: '/shop/manifest' }]));
  ssm
    .on(GetParameterCommand, { Name: '/shop/manifest' })
    .resolves({ Parameter: { Value: SMALL_MANIFEST_JSON } });
  cw.on(GetMetricDataCommand).callsFake((req) => ({
    MetricDataResults: req.MetricDataQueries.map((q: MetricDataQuery) => {
      const s = (HEALTHY as Record<string, MetricSeries>)[q.Id!];
      return {
        Id: q.Id,
        Timestamps: (s?.timestamps ?? []).map((t) => new Date(t * 1000)),
        Values: s?.values ?? [],
        StatusCode: 'Complete',
      };
    }),
  }));
  cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'Shop-Latency', StateValue: 'OK' }] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  const baseline = path.join(dir, 'baseline.json');
  const recording = path.join(dir, 'rec.json');
  const d = deps();
  const argv = ['audit', '--stack', 'Shop', '--since', '1h', '--format', 'json', '--save', baseline];
  const code = await runCli([...argv, '--record', recording, '--fail-on-breach'], d);
  expect(d.err.join('')).toBe('');
  expect(code).toBe(ExitCode.OK);
  expect(JSON.parse(d.out.join(''))).toMatchObject({
    reportVersion: 2,
    verdict: 'pass',
    alarms: [{ name: 'Shop-Latency', state: 'OK' }],
  });
  expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);

  const offline = deps();
  const args = ['audit', '--from-file', recording, '--compare', baseline, '--format', 'markdown'];
  expect(await runCli(args, offline)).toBe(ExitCode.OK);
  expect(offline.out.join('')).toContain('vs baseline');
});

test('a baseline of another report version is refused with what to do', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), 'v1.json');
  fs.writeFileSync(file, JSON.stringify({ reportVersion: 1, slos: [], tiers: [] }));
  const d = deps();
  expect(await runCli(['audit', '--example', '--compare', file], d)).toBe(ExitCode.BAD_INPUT_FILE);
  expect(d.err.join('')).toMatch(/report version 2: save a new baseline/);
});

test.each([
  [['audit'], ExitCode.USAGE, /specify --stack/],
  [
    ['audit', '--stack', 'S', '--since', '7d', '--start', '2026-01-01'],
    ExitCode.USAGE,
    /either --since or --start/,
  ],
  [
    ['audit', '--from-file', 'x.json', '--stack', 'S'],
    ExitCode.USAGE,
    /--from-file audits a recording: drop --stack/,
  ],
  [
    ['audit', '--example', '--region', 'eu-west-1'],
    ExitCode.USAGE,
    /--example audits a recording: drop --region/,
  ],
  [['audit', '--from-file', '/nonexistent/rec.json'], ExitCode.BAD_INPUT_FILE, /cannot read recording/],
  [
    ['audit', '--format', 'xml', '--stack', 'S'],
    ExitCode.USAGE,
    /^scaling-blueprints: --format xml is not one of its choices: use one of table, compact, markdown, json\n$/,
  ],
  [
    ['audit', '--on-no-data', 'maybe', '--example'],
    ExitCode.USAGE,
    /^scaling-blueprints: --on-no-data maybe is not one/,
  ],
  [
    ['audit', '--bogus'],
    ExitCode.USAGE,
    /^scaling-blueprints: unknown option '--bogus': see `scaling-blueprints audit --help`\n$/,
  ],
  [
    ['nonsense'],
    ExitCode.USAGE,
    /^scaling-blueprints: unknown command 'nonsense': see `scaling-blueprints --help`\n$/,
  ],
])('%j → exit %i with one line', async (argv, code, message) => {
  const d = deps();
  expect(await runCli(argv as string[], d)).toBe(code);
  expect(d.err.join('')).toMatch(message);
  expect(d.err.join('').trim().split('\n')).toHaveLength(1);
});

test('--help lists every exit code', async () => {
  for (const argv of [['--help'], ['audit', '--help'], ['diagram', '--help']]) {
    const d = deps();
    expect(await runCli(argv, d)).toBe(ExitCode.OK);
    const help = d.out.join('');
    for (const code of Object.values(ExitCode).filter((v) => typeof v === 'number')) {
      expect(help).toMatch(new RegExp(`^ +${code} {2}\\S`, 'm'));
    }
  }
});

test('a missing stack, expired credentials and throttling map to their exit codes', async () => {
  const run = async (): Promise<[number, string]> => {
    const d = deps();
    const code = await runCli(['audit', '--stack', 'Shop', '--region', 'eu-west-1'], d);
    return [code, d.err.join('')];
  };
  const awsError = (name: string, message: string) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
  cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id Shop does not exist'));
  expect(await run()).toEqual([
    ExitCode.STACK_NOT_FOUND,
    expect.stringMatching(/stack 'Shop' not found in eu-west-1/),
  ]);
  cfn
    .on(DescribeStacksCommand)
    .rejects(awsError('ExpiredToken', 'The security token included in the request is expired'));
  expect(await run()).toEqual([
    ExitCode.CREDENTIALS,
    expect.stringMatching(/credentials missing or expired/),
  ]);
  cfn.on(DescribeStacksCommand).rejects(awsError('Throttling', 'Rate exceeded'));
  expect(await run()).toEqual([ExitCode.AWS_UNAVAILABLE, expect.stringMatching(/throttling after retries/)]);
});

test('--since and --start/--end make minute-aligned windows', () => {
  const w = resolveWindow({ since: '6h' }, new Date('2026-03-09T12:34:56Z'));
  expect(w).toEqual({ start: new Date('2026-03-09T06:34:00Z'), end: new Date('2026-03-09T12:34:00Z') });
});
