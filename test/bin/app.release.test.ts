import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { addLegacyMonolithUplift, LEGACY_MONOLITH_UPLIFT } from '../../blueprints/legacy-monolith-uplift';
import { applyComplianceGates, synthesizeWithFindings } from '../../lib';
import { PROJECT_CONTEXT } from '../support/app';

const ROOT = path.join(__dirname, '..', '..');
const PARTITION = 'aws';
const CDK = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const TS_NODE = path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js');

/** `cdk synth` as users run it, in `cwd` (a project with a cdk.json), into `outdir`. */
function cdkSynth(cwd: string, outdir: string, ...context: string[]) {
  return spawnSync(
    process.execPath,
    [CDK, 'synth', '--quiet', '-o', outdir, ...context.flatMap((c) => ['-c', c])],
    { cwd, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } },
  );
}

/**
 * A project of one's own: a cdk.json with this repository's context (feature flags, Availability
 * Zones of the dummy account) plus `blocks`, whose app is this repository's bin/app.ts.
 */
function project(blocks: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-blueprints-project-'));
  fs.writeFileSync(
    path.join(dir, 'cdk.json'),
    JSON.stringify({
      app: `"${process.execPath}" "${TS_NODE}" --swc --prefer-ts-exts "${path.join(ROOT, 'bin', 'app.ts')}"`,
      context: { ...PROJECT_CONTEXT, ...blocks },
    }),
  );
  return dir;
}

// The CDK app as users run it. Each case is one `cdk synth` process (several seconds each).
describe('bin/app.ts under `cdk synth`', () => {
  test('`cdk synth -c blueprint=nope` exits non-zero with the valid names and no stack trace', () => {
    const result = cdkSynth(ROOT, path.join(ROOT, 'cdk.out', 'test-nope'), 'blueprint=nope');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /Error: Unknown blueprint 'nope'\. Valid blueprints: [a-z-]+(, [a-z-]+)*\./,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("-c budget-startup='{...}' is merged over the cdk.json block, not instead of it", () => {
    const cwd = project({
      'budget-startup': {
        web: { image: 'public.ecr.aws/acme/shop:1.2.3', maxCapacity: 8 },
        budget: { monthlyLimitUsd: 500 },
      },
    });
    const outdir = path.join(cwd, 'cdk.out');
    const result = cdkSynth(
      cwd,
      outdir,
      'blueprint=budget-startup',
      'budget-startup={"web":{"maxCapacity":10}}',
    );
    expect(result.stderr).not.toMatch(/Synth failed|Error:/);
    expect(result.status).toBe(0);
    const template = fs.readFileSync(path.join(outdir, 'BudgetStartup.template.json'), 'utf8');
    expect(template).toContain('"Image": "public.ecr.aws/acme/shop:1.2.3"'); // cdk.json
    expect(template).toContain('"Amount": 500'); // cdk.json
    expect(template).toMatch(/"MaxCapacity": 10\b/); // the command line wins
    expect(template).not.toMatch(/"MaxCapacity": 8\b/);
    // The built-in CloudFormation validation ran (it reports its acknowledged W3010s): no version
    // reporting metadata makes it skip rules the tests apply.
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string }>;
    };
    expect(report.pluginReports.map((r) => r.pluginName)).toContain('CloudFormation Validate');
  });

  test('an unacknowledged warning fails `cdk synth` as it fails synthesizeWithFindings', () => {
    const strangler = {
      enabled: true,
      minCapacity: 1, // WebService:minCapacity, a warning
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service:1.0.0',
      originDomainName: 'orders-origin.example.com',
      certificateArn: `arn:${PARTITION}:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
    };
    const app = new App({ context: { ...PROJECT_CONTEXT, [LEGACY_MONOLITH_UPLIFT]: { strangler } } });
    applyComplianceGates(app);
    addLegacyMonolithUplift(app);
    const inTests = synthesizeWithFindings(app).findings.map((f) => `${f.ruleId} ${f.constructPath}`);
    expect(inTests).toEqual(['Annotation::WebService:minCapacity LegacyMonolithUplift/Strangler']);

    const result = cdkSynth(
      ROOT,
      path.join(ROOT, 'cdk.out', 'test-warning'),
      `blueprint=${LEGACY_MONOLITH_UPLIFT}`,
      `${LEGACY_MONOLITH_UPLIFT}=${JSON.stringify({ strangler })}`,
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('WARNING `minCapacity` is 1');
    expect(result.stderr).toContain("Acknowledge with 'Annotation::WebService:minCapacity'");
    expect(result.stderr).toContain('Synth failed: 1 unacknowledged finding');
  });
});
