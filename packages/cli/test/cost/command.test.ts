// `scaling-blueprints cost`: flags, formats, exit codes, and the JSON a blueprint prints.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { runCli } from '../../src/program';
import { ExitCode } from '../../src/exit-codes';
import { CostReport } from '../../src/cost';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

function capture() {
  let out = '';
  let err = '';
  const deps = {
    clients: () => {
      throw new Error('the cost command must not create AWS clients');
    },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    now: () => new Date('2026-12-01T00:00:00Z'),
    env: {},
  };
  return { deps, out: () => out, err: () => err };
}

async function run(args: string[]) {
  const io = capture();
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const code = await runCli(['cost', ...args], io.deps as never);
    return { code, out: io.out(), err: io.err() };
  } finally {
    process.chdir(cwd);
  }
}

/** A synthesized app that is no blueprint: one queue. */
function tinyAssembly(): string {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cost-')),
    builtinCloudFormationValidation: false,
  });
  new sqs.Queue(new Stack(app, 'Tiny', { env: { account: '123456789012', region: 'eu-west-1' } }), 'Queue');
  return app.synth().directory;
}

describe('scaling-blueprints cost --blueprint budget-startup --format json', () => {
  let report: CostReport;
  beforeAll(async () => {
    const result = await run(['--blueprint', 'budget-startup', '--format', 'json']);
    expect(result.err).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    report = JSON.parse(result.out) as CostReport;
  });

  test('prints per profile a total and line items (logical id, type, monthly USD, basis), the price table date and the assumptions', () => {
    expect(report.reportVersion).toBe(1);
    expect(report.blueprint).toBe('budget-startup');
    expect(report.priceTable.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.stacks).toEqual([{ stackName: 'BudgetStartup', region: 'us-east-1' }]);
    expect(report.profiles.map((p) => p.profile)).toEqual(['idle', '1x', '10x']);
    for (const p of report.profiles) {
      expect(p.totalMonthlyUsd).toBeCloseTo(
        p.lineItems.reduce((s, i) => s + i.monthlyUsd, 0),
        1,
      );
      expect(p.lineItems[0]).toEqual({
        stackName: 'BudgetStartup',
        region: 'us-east-1',
        logicalId: expect.any(String),
        type: expect.stringMatching(/^AWS::/),
        component: expect.any(String),
        monthlyUsd: expect.any(Number),
        basis: expect.stringMatching(/×/),
        priceKeys: expect.any(Array),
      });
      expect(p.assumptions.length).toBeGreaterThan(3);
      expect(p.notPriced).toEqual([]);
    }
    expect(report.formulas.join('\n')).toMatch(/Web tasks per half-hour/);
  });

  test("idle states the database's real state: the web tier's pool drains, so it pauses", () => {
    const idle = report.profiles[0];
    // The web tier runs all the time, but its pool is told to drain (DATABASE_POOL_MIN=0 and an idle
    // timeout): the cluster pauses. Without that, a pool would keep it awake at 0.5 ACU (44 USD).
    expect(idle.assumptions.join('\n')).toMatch(/DatabaseCluster.* at idle: .*it pauses \(0 ACU\)/);
    expect(idle.lineItems.find((i) => i.component === 'Aurora Serverless v2 capacity')?.monthlyUsd).toBe(0);
  });

  test('the totals are the committed estimate, which the blueprint page shows (committed.test.ts)', () => {
    const estimate = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'blueprints', 'budget-startup', 'cost-estimate.json'), 'utf8'),
    ) as { monthlyUsd: Record<string, number> };
    expect(Object.fromEntries(report.profiles.map((p) => [p.profile, p.totalMonthlyUsd]))).toEqual(
      estimate.monthlyUsd,
    );
  });

  test('10x costs more than 1x, which costs more than idle', () => {
    const [idle, one, ten] = report.profiles.map((p) => p.totalMonthlyUsd);
    expect(one).toBeGreaterThan(idle);
    expect(ten).toBeGreaterThan(one);
  });
});

describe('formats', () => {
  test('table (default) and markdown name the price table date and every profile', async () => {
    const table = await run(['--blueprint', 'budget-startup', '--profile', 'idle']);
    expect(table.code).toBe(ExitCode.OK);
    expect(table.out).toMatch(/Prices of \d{4}-\d{2}-\d{2}/);
    expect(table.out).toMatch(/EC2 t4g.nano hours/);
    const markdown = await run([
      '--blueprint',
      'budget-startup',
      '--profile',
      'idle,1x',
      '--format',
      'markdown',
    ]);
    expect(markdown.out).toMatch(/^\*\*Monthly cost of blueprint budget-startup/);
    expect(markdown.out).toMatch(/### idle: /);
    expect(markdown.out).toMatch(/### 1x: /);
  });
});

describe('any CDK app', () => {
  test('a cdk.out that is no blueprint is priced at idle, and says why 1x and 10x are missing', async () => {
    const result = await run(['--app', tinyAssembly(), '--format', 'json']);
    expect(result.code).toBe(ExitCode.OK);
    const report = JSON.parse(result.out) as CostReport;
    expect(report.blueprint).toBeNull();
    expect(report.profiles.map((p) => p.profile)).toEqual(['idle']);
    expect(report.profiles[0].assumptions[0]).toMatch(/no traffic model: only idle is priced/);
    expect(report.profiles[0].lineItems.map((i) => i.type)).toEqual(['AWS::SQS::Queue']);
  });

  test('a profile file gives it traffic', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-profile-'));
    const file = path.join(dir, 'profiles.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        profiles: [
          {
            name: 'launch',
            traffic: {
              averageRequestsPerSecond: 10,
              peakRequestsPerSecond: 40,
              averageResponseKiB: 30,
              cdnHitRatioPercent: 50,
              cpuMillisecondsPerRequest: 20,
              databaseQueriesPerRequest: 2,
              cacheOperationsPerRequest: 1,
              queueMessagesPerRequest: 1,
            },
          },
        ],
      }),
    );
    const result = await run(['--app', tinyAssembly(), '--profile-file', file, '--format', 'json']);
    expect(result.code).toBe(ExitCode.OK);
    const report = JSON.parse(result.out) as CostReport;
    // 10 messages/s × 2,628,000 s × 3 requests = 78.84 M × 0.40 per million = 31.54
    expect(report.profiles[0].lineItems[0].monthlyUsd).toBeCloseTo(31.54, 2);
  });
});

describe('errors: one line, the documented exit code', () => {
  test.each([
    [[], ExitCode.USAGE, /give either --blueprint <name> or --app/],
    [
      ['--blueprint', 'budget-startup', '--app', 'cdk.out'],
      ExitCode.USAGE,
      /give either --blueprint <name> or --app/,
    ],
    [
      ['--blueprint', 'nope'],
      ExitCode.USAGE,
      /unknown blueprint 'nope': valid blueprints are budget-startup/,
    ],
    [['--blueprint', 'budget-startup,multi-region-saas'], ExitCode.USAGE, /--blueprint takes one blueprint/],
    [
      ['--blueprint', 'budget-startup', '--region', 'Mars'],
      ExitCode.USAGE,
      /--region must be an AWS region name/,
    ],
    [['--blueprint', 'budget-startup', '--profile', '2x'], ExitCode.USAGE, /unknown profile '2x'/],
    [
      ['--blueprint', 'budget-startup', '--profile-file', 'no-such.json'],
      ExitCode.BAD_INPUT_FILE,
      /cannot read the profile file/,
    ],
    [
      ['--blueprint', 'budget-startup', '--prices', 'package.json'],
      ExitCode.BAD_INPUT_FILE,
      /price table: `\$.tableVersion` must be 1/,
    ],
  ])('%j', async (args, code, message) => {
    const result = await run(args);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(/^scaling-blueprints: /);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
  });
});
