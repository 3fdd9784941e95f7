// The example recording the library ships (docs/examples/audit-recording.json, `audit --example`)
// and the example reports in docs/cli.md are generated, not written by hand: a busy evening of the
// budget-startup blueprint, served by the CloudWatch fake, recorded by the real fetch path
// (`audit --record`). Regenerate both with:
//   UPDATE_EXAMPLE=1 npx jest packages/cli/test/example-recording.test.ts
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateAuditManifest } from 'cdk-scaling-blueprints/audit-manifest';
import { formatReport } from '../src/format';
import { judge } from '../src/judge';
import { runCli } from '../src/program';
import { readRecording } from '../src/recording';
import { EXAMPLE_RECORDING } from './support/build-cli';
import { deployBlueprint, serveBlueprint } from './support/deployed-blueprint';
import { capturingDeps } from './support/fake-clients';
import { Traffic } from './support/traffic';

const CLI_DOC = path.join(__dirname, '..', '..', '..', 'docs', 'cli.md');
const START = Date.parse('2026-03-09T18:00:00Z') / 1000;
const MINUTES = 360;

/** 0 → 1 → 0 over the evening, peaking two hours in. */
const load = (m: number): number => Math.sin((Math.PI * Math.min(m, 300)) / 300) ** 2;

/**
 * A busy evening: traffic peaks at 70 requests a second, the web tier sits at its six-task ceiling,
 * the database nears its connection limit and the cache misses more than it should: p95 latency is
 * over its SLO, the rest holds.
 */
const BUSY_EVENING: Traffic = {
  requestsPerSecond: (m) => 15 + 55 * load(m),
  latency: (m) => ({ medianMs: 140 + 110 * load(m), sigma: 0.5, slowShare: 0.02, slowMedianMs: 1100 }),
  targetErrorRate: (m) => 0.0003 + 0.001 * load(m),
  gauge: (stream, m) => {
    const l = load(m);
    switch (stream.metricName) {
      case 'RunningTaskCount':
        return stream.resource.startsWith('Worker')
          ? 1 + Math.round(2 * l)
          : Math.min(6, 2 + Math.round(5 * l));
      case 'CPUUtilization':
        return stream.namespace === 'AWS/ECS' ? 30 + 45 * l : 20 + 40 * l;
      case 'DatabaseConnections':
        return 120 + 680 * l;
      case 'ACUUtilization':
        return 20 + 60 * l;
      case 'CacheHitRate':
        return stream.namespace === 'AWS/ElastiCache' ? 91 - 16 * l : 70 - 5 * l;
      case 'ApproximateAgeOfOldestMessage':
        return 10 + 170 * l;
      case 'ApproximateNumberOfMessagesVisible':
        return stream.resource.includes('DeadLetter') ? 0 : Math.round(5 + 400 * l);
      default:
        return undefined;
    }
  },
};

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in docs/cli.md. */
function docBlock(doc: string, name: string, body?: string): string {
  const pattern = new RegExp(`(<!-- ${name}:start -->\\n)([\\s\\S]*?)(<!-- ${name}:end -->)`);
  const match = pattern.exec(doc);
  if (!match) throw new Error(`docs/cli.md has no ${name} block`);
  return body === undefined ? match[2] : doc.replace(pattern, `$1${body}$3`);
}

const fence = (text: string): string => '```text\n' + text + '```\n';

if (process.env.UPDATE_EXAMPLE) {
  test('regenerates the example recording and the example reports in docs/cli.md', async () => {
    const blueprint = deployBlueprint('budget-startup');
    const world = await serveBlueprint(blueprint, {
      start: START,
      minutes: MINUTES,
      traffic: BUSY_EVENING,
      now: START + MINUTES * 60 + 42,
      alarmState: (name) =>
        /DatabaseConnections|WebAtMaxCapacity|^BudgetStartup-CacheHitRate/.test(name) ? 'ALARM' : 'OK',
    });
    const deps = capturingDeps(world.aws.url, new Date((START + MINUTES * 60 + 42) * 1000));
    await runCli(
      [
        'audit',
        '--stack',
        blueprint.stackName,
        '--region',
        blueprint.region,
        '--start',
        new Date(START * 1000).toISOString(),
        '--end',
        new Date((START + MINUTES * 60) * 1000).toISOString(),
        '--record',
        EXAMPLE_RECORDING,
        '--format',
        'json',
      ],
      deps,
    );
    await world.aws.close();
    expect(deps.err()).toBe('');
    // `--record` writes one line; the repository keeps JSON as Prettier formats it (its CLI: Prettier 3
    // loads plugins with a dynamic import, which Jest's module system does not run).
    execFileSync(process.execPath, [
      require.resolve('prettier/bin/prettier.cjs'),
      '--write',
      EXAMPLE_RECORDING,
    ]);
  });
}

describe('the shipped example', () => {
  const input = readRecording(EXAMPLE_RECORDING);
  const report = judge(input);

  test('holds the budget-startup manifest as this version of the library publishes it', () => {
    const current = validateAuditManifest(JSON.parse(deployBlueprint('budget-startup').manifestJson));
    expect(input.manifest).toEqual(current);
  });

  test('has a series and a window-wide series for every signal', () => {
    const ids = input.manifest.tiers.flatMap((t) => t.signals.map((s) => s.id));
    expect(Object.keys(input.metricData).sort()).toEqual([...ids, ...ids.map((id) => `w_${id}`)].sort());
  });

  test('is a busy evening: p95 over its SLO, the tiers behind it ranked', () => {
    expect(report.verdict).toBe('breach');
    expect(report.slos.filter((s) => s.status === 'fail').map((s) => s.label)).toEqual(['p95 latency']);
    expect(report.bottlenecks.map((b) => b.signalId)).toEqual([
      'database1Connections',
      'web1RunningTasks',
      'cache1HitRate',
    ]);
  });

  test('docs/cli.md shows what `audit --example` prints, in the table and compact formats', () => {
    let doc = fs.readFileSync(CLI_DOC, 'utf8');
    const table = fence(formatReport(report, 'table', false));
    const compact = fence(formatReport(report, 'compact', false));
    if (process.env.UPDATE_EXAMPLE) {
      doc = docBlock(docBlock(doc, 'example-table', table), 'example-compact', compact);
      fs.writeFileSync(CLI_DOC, doc);
    }
    expect(docBlock(doc, 'example-table')).toBe(table);
    expect(docBlock(doc, 'example-compact')).toBe(compact);
  });
});
