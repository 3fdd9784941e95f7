// Unit tests of the audit: batching, judgement, ranking, formatting, baselines, discovery and the
// command, with the SDK clients injected (aws-sdk-client-mock). Nothing reaches AWS.
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
import { mockClient } from 'aws-sdk-client-mock';
import { AuditDeps } from '../src/audit-command';
import { compareReports } from '../src/baseline';
import { discoverManifest } from '../src/discover';
import { resolveWindow } from '../src/duration';
import { ExitCode } from '../src/exit-codes';
import { MetricSeries } from '../src/fetch';
import { formatMarkdown, formatTable, formatValue } from '../src/format';
import { judge, percentile } from '../src/judge';
import { effectivePeriod, packGroups, planQueries } from '../src/queries';
import { runCli } from '../src/program';
import { AuditManifest } from 'cdk-scaling-blueprints/audit-manifest';
import { manifestWithSignals, SMALL_MANIFEST, SMALL_MANIFEST_JSON } from './support/manifests';

const WINDOW = { start: new Date('2026-03-09T00:00:00Z'), end: new Date('2026-03-09T01:00:00Z') };
const T0 = WINDOW.start.getTime() / 1000;

function series(values: number[], period = 60): MetricSeries {
  return { timestamps: values.map((_, i) => T0 + i * period), values, status: 'Complete', messages: [] };
}
const flat = (value: number, n = 60): number[] => Array.from({ length: n }, () => value);

function input(metricData: Record<string, MetricSeries>, manifest: AuditManifest = SMALL_MANIFEST) {
  return {
    manifest,
    window: WINDOW,
    metricData,
    alarms: [],
    source: 'recording' as const,
    generatedAt: WINDOW.end,
  };
}

const HEALTHY = {
  latency: series(flat(0.2)),
  w_latency: series([0.3]),
  w_errorRate: series([0.1]),
  cpu: series(flat(40)),
  dbConnections: series(flat(30)),
  hitRate: series(flat(95)),
};

describe('batching', () => {
  test.each([
    [1, 1],
    [500, 1],
    [501, 2],
    [1234, 3],
  ])('%i independent queries take ⌈n ÷ 500⌉ = %i calls', (n, calls) => {
    const plan = planQueries(manifestWithSignals(n), WINDOW);
    expect(plan.queryCount).toBe(n);
    expect(plan.batches).toHaveLength(calls);
    expect(plan.batches.every((b) => b.queries.length <= 500)).toBe(true);
  });

  test('an expression stays in the call of the metrics it refers to', () => {
    const groups = [Array.from({ length: 499 }, (_, i) => `a${i}`), ['expr', 'm1', 'm2'], ['x']];
    const bins = packGroups(groups, 500);
    expect(bins.find((b) => b.includes('expr'))).toEqual(expect.arrayContaining(['m1', 'm2']));
  });

  test('SLO signals get a window-wide query, expressions rewritten to the window ids', () => {
    const plan = planQueries(SMALL_MANIFEST, WINDOW);
    const queries = plan.batches.flatMap((b) => b.queries);
    const byId = new Map<string, MetricDataQuery>(queries.map((q) => [q.Id!, q]));
    expect(byId.get('w_latency')?.MetricStat?.Period).toBe(3600);
    expect(byId.get('w_errorRate')?.Expression).toBe('100 * FILL(w_errors5xx, 0) / w_requests');
    expect(byId.has('w_errors5xx') && byId.has('w_requests') && !byId.has('w_cpu')).toBe(true);
  });

  test('the period grows for long windows so a series has at most 1440 periods', () => {
    expect(effectivePeriod(60, 86400)).toBe(60);
    expect(effectivePeriod(60, 7 * 86400)).toBe(420);
    expect(effectivePeriod(3600, 7 * 86400)).toBe(3600);
  });

  test('the number of GetMetricData requests is ⌈queries ÷ 500⌉ per page (counted on a mocked client)', async () => {
    const cw = mockClient(CloudWatchClient);
    cw.on(GetMetricDataCommand).callsFake((req) => ({
      MetricDataResults: req.MetricDataQueries.map((q: MetricDataQuery) => ({
        Id: q.Id,
        Timestamps: [],
        Values: [],
      })),
      NextToken: req.NextToken ? undefined : 'page2',
    }));
    const { fetchMetricData } = await import('../src/fetch');
    const plan = planQueries(manifestWithSignals(1234), WINDOW);
    await fetchMetricData(() => new CloudWatchClient({ region: 'eu-west-1' }), plan, WINDOW);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(3 * 2);
    cw.restore();
  });
});

describe('judgement', () => {
  test('a healthy system passes; SLOs are measured on the window-wide query', () => {
    const report = judge(input(HEALTHY));
    expect(report.verdict).toBe('pass');
    expect(report.slos.find((s) => s.objective === 'latencyP95Ms')).toMatchObject({
      measured: 300,
      status: 'pass',
    });
    expect(report.bottlenecks).toEqual([]);
  });

  test('missing data is "no data", never zero; partial data is flagged', () => {
    const report = judge(input({ ...HEALTHY, cpu: series(flat(40, 30)), w_errorRate: series([]) }));
    const signals = report.tiers.flatMap((t) => t.signals);
    expect(signals.find((s) => s.id === 'errors5xx')).toMatchObject({
      judged: null,
      average: null,
      status: 'no-data',
      datapoints: 0,
    });
    expect(signals.find((s) => s.id === 'cpu')).toMatchObject({
      partial: true,
      datapoints: 30,
      expectedDatapoints: 60,
    });
    expect(report.slos.find((s) => s.objective === 'errorRatePercent')).toMatchObject({
      measured: null,
      status: 'no-data',
    });
    expect(report.slos.find((s) => s.objective === 'maxMessageAgeSeconds')).toMatchObject({
      signalId: null,
      status: 'no-data',
    });
    expect(formatValue(null, 'ms')).toBe('no data');
  });

  test('judged level is p95 of periods for "gt", p5 for "lt"; breach share is counted', () => {
    const hits = [...flat(95, 50), ...flat(60, 10)];
    const report = judge(input({ ...HEALTHY, hitRate: series(hits) }));
    const hit = report.tiers[2].signals[0];
    expect(hit).toMatchObject({ judged: 60, peak: 60, status: 'breach' });
    expect(hit.breachPercent).toBeCloseTo(16.667, 2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });

  test('within 10 % of the threshold is a warning', () => {
    const report = judge(input({ ...HEALTHY, cpu: series(flat(65)) }));
    expect(report.tiers[0].signals.find((s) => s.id === 'cpu')?.status).toBe('warn');
  });

  test('a breached SLO makes the verdict "breach"', async () => {
    const report = judge(input({ ...HEALTHY, w_latency: series([0.72]) }));
    expect(report.verdict).toBe('breach');
    expect(report.slos[0]).toMatchObject({ measured: 720, status: 'fail' });
  });
});

describe('ranking', () => {
  test('the top three by impact, breaches first, each with a recommendation from the guide', () => {
    const report = judge(
      input({
        ...HEALTHY,
        w_latency: series([0.8]),
        cpu: series(flat(66)), // warning only
        dbConnections: series(flat(99)), // far beyond 80, all periods
        hitRate: series([...flat(70, 30), ...flat(90, 30)]), // p5 70 < 80, half the periods
      }),
    );
    expect(report.bottlenecks.map((b) => b.signalId)).toEqual(['dbConnections', 'hitRate', 'cpu']);
    expect(report.bottlenecks[0]).toMatchObject({
      rank: 1,
      tier: 'database',
      pitfall: 'Database connection pool exhaustion',
    });
    expect(report.bottlenecks[0].recommendation).toMatch(/RDS Proxy/);
    expect(report.bottlenecks[1].pitfall).toBe('Cache invalidation gone wrong');
    expect(report.bottlenecks[0].score).toBeGreaterThan(report.bottlenecks[1].score);
  });

  test('an SLO breach with no saturated signal behind it still appears', () => {
    const report = judge(input({ ...HEALTHY, w_latency: series([0.9]) }));
    expect(report.bottlenecks).toHaveLength(1);
    expect(report.bottlenecks[0]).toMatchObject({ signalId: 'latency', title: 'SLO p95 latency breached' });
  });
});

describe('formatting and baselines', () => {
  const before = judge(input({ ...HEALTHY, w_latency: series([0.72]), dbConnections: series(flat(90)) }));
  const after = judge(input({ ...HEALTHY, w_latency: series([0.41]) }));

  test('deltas say better or worse according to the direction of each target', () => {
    const cmp = compareReports(before, after);
    expect(cmp.slos.find((d) => d.id === 'latencyP95Ms')).toMatchObject({
      before: 720,
      after: 410,
      delta: -310,
      change: 'better',
    });
    expect(cmp.signals.find((d) => d.id === 'dbConnections')).toMatchObject({
      before: 90,
      after: 30,
      change: 'better',
    });
    expect(cmp.signals.find((d) => d.id === 'hitRate')).toMatchObject({ change: 'same' });
    const worse = compareReports(after, before);
    expect(worse.slos[0].change).toBe('worse');
  });

  test('the table has every section, no colour codes unless asked', () => {
    const text = formatTable({ ...after, comparison: compareReports(before, after) }, false);
    expect(text).toContain('PASS: all 2 measured SLOs met');
    expect(text).toContain('vs baseline');
    expect(text).toContain('-310 ms (-43.1%) better');
    expect(text).not.toContain('\u001b[');
    expect(formatTable(before, true)).toContain('\u001b[');
  });

  test('markdown is a PR comment with tables', () => {
    const md = formatMarkdown(before);
    expect(md).toMatch(/^## scaling-blueprints audit: Shop/);
    expect(md).toContain('| p95 latency | ≤ 500 ms | 720 ms | ❌ **fail** |');
    expect(md).toContain('Database connection pool exhaustion');
  });
});

describe('discovery and the command (mocked SDK clients)', () => {
  const cfn = mockClient(CloudFormationClient);
  const ssm = mockClient(SSMClient);
  const cw = mockClient(CloudWatchClient);
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

  test('reads the inline AuditManifest output, else the SSM parameter it names', async () => {
    cfn.on(DescribeStacksCommand).resolvesOnce({
      Stacks: [
        {
          StackName: 'Shop',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'AuditManifest', OutputValue: SMALL_MANIFEST_JSON }],
        },
      ],
    });
    expect((await discoverManifest(clients(), 'Shop', 'eu-west-1')).stackName).toBe('Shop');
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Shop',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'AuditManifestParameter', OutputValue: '/p' }],
        },
      ],
    });
    ssm.on(GetParameterCommand, { Name: '/p' }).resolves({ Parameter: { Value: SMALL_MANIFEST_JSON } });
    expect((await discoverManifest(clients(), 'Shop', 'eu-west-1')).tiers).toHaveLength(3);
  });

  test('without outputs, falls back to the conventional parameter name; a missing one is "not a blueprint"', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'Shop', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [] }],
    });
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

  test('a live audit: JSON report, --save then --compare, --record then --from-file', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Shop',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'AuditManifest', OutputValue: SMALL_MANIFEST_JSON }],
        },
      ],
    });
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
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'Shop-Latency', StateValue: 'OK' }],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const baseline = path.join(dir, 'baseline.json');
    const recording = path.join(dir, 'rec.json');
    const d = deps();
    const code = await runCli(
      [
        'audit',
        '--stack',
        'Shop',
        '--since',
        '1h',
        '--format',
        'json',
        '--save',
        baseline,
        '--record',
        recording,
        '--fail-on-breach',
      ],
      d,
    );
    expect(d.err.join('')).toBe('');
    expect(code).toBe(ExitCode.OK);
    const report = JSON.parse(d.out.join(''));
    expect(report).toMatchObject({
      reportVersion: 1,
      verdict: 'pass',
      alarms: [{ name: 'Shop-Latency', state: 'OK' }],
    });
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);

    const offline = deps();
    expect(
      await runCli(
        ['audit', '--from-file', recording, '--compare', baseline, '--format', 'markdown'],
        offline,
      ),
    ).toBe(ExitCode.OK);
    expect(offline.out.join('')).toContain('vs baseline');
  });

  test.each([
    [['audit'], ExitCode.USAGE, /specify --stack/],
    [
      ['audit', '--stack', 'S', '--since', '7d', '--start', '2026-01-01'],
      ExitCode.USAGE,
      /either --since or --start/,
    ],
    [['audit', '--from-file', 'x.json', '--stack', 'S'], ExitCode.USAGE, /drop --stack/],
    [['audit', '--from-file', '/nonexistent/rec.json'], ExitCode.BAD_INPUT_FILE, /cannot read recording/],
    [
      ['audit', '--format', 'xml', '--stack', 'S'],
      ExitCode.USAGE,
      /Allowed choices are table, json, markdown/,
    ],
  ])('%j → exit %i with one line', async (argv, code, message) => {
    const d = deps();
    expect(await runCli(argv as string[], d)).toBe(code);
    expect(d.err.join('')).toMatch(message);
    expect(d.err.join('').trim().split('\n')).toHaveLength(1);
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
    expect(await run()).toEqual([
      ExitCode.AWS_UNAVAILABLE,
      expect.stringMatching(/throttling after retries/),
    ]);
  });

  test('--since and --start/--end make minute-aligned windows', () => {
    const w = resolveWindow({ since: '6h' }, new Date('2026-03-09T12:34:56Z'));
    expect(w).toEqual({ start: new Date('2026-03-09T06:34:00Z'), end: new Date('2026-03-09T12:34:00Z') });
  });
});
