// Figures the docs repeat from elsewhere stay true: the blueprints' costs (from the cost command's
// committed estimates), Network's range of Availability Zones (from its validation), the quick start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Network } from '../../lib';
import { testStack } from '../support/app';
import { codeBlocks } from './support/markdown';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface CostEstimate {
  readonly monthlyUsd: { readonly idle: number; readonly '1x': number; readonly '10x': number };
  readonly budget?: { readonly monthlyLimitUsd: number };
}
const estimate = (blueprint: string) =>
  JSON.parse(read(`blueprints/${blueprint}/cost-estimate.json`)) as CostEstimate;

/** How the docs round a monthly figure: to 10 USD below 1,000, to 100 USD above. */
function approx(usd: number): string {
  return usd < 1000
    ? `≈ ${Math.round(usd / 10) * 10} USD`
    : `≈ ${(Math.round(usd / 100) * 100).toLocaleString('en-US')} USD`;
}

test("README's and the chooser's costs are the committed estimates (node scripts/cost-tables.js)", () => {
  const budget = estimate('budget-startup');
  expect(read('README.md')).toContain(
    `about ${approx(budget.monthlyUsd.idle).replace('≈ ', '')} a month at idle`,
  );
  const index = read('docs/index.md');
  for (const blueprint of ['budget-startup', 'legacy-monolith-uplift', 'multi-region-saas']) {
    const { idle, '1x': once, '10x': tenTimes } = estimate(blueprint).monthlyUsd;
    expect(index).toContain(`**${approx(idle)}** / ${approx(once)} / ${approx(tenTimes)}`);
  }
  expect(index).toContain(`AWS Budgets limit **${budget.budget!.monthlyLimitUsd} USD**`);
});

test('the docs give Network the range of Availability Zones it accepts', () => {
  const accepts = (maxAzs: number) => {
    try {
      new Network(testStack(), 'Network', { maxAzs, natGateways: 0 });
      return true;
    } catch {
      return false;
    }
  };
  expect([0, 1, 6, 7].map(accepts)).toEqual([false, true, true, false]);
  expect(read('README.md')).toContain('VPC over 1–6 AZs (2 by default)');
  expect(read('docs/index.md')).toContain('VPC over 1–6 AZs (2 by default)');
  expect(read('docs/constructs/network.md')).toContain('AZs to span, 1–6.');
});

test('the quick start is two commands, quiet, and says where the templates are', () => {
  const readme = read('README.md');
  const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Install'));
  const [commands] = codeBlocks(quickStart).filter((b) => b.lang === 'sh');
  const lines = commands.code.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^npm ci && npx cdk synth --quiet -c blueprint=budget-startup\s/);
  expect(lines[1]).toMatch(/^npm test\s/);
  expect(quickStart).toContain('cdk.out/BudgetStartup.template.json');
});

test('README shows how to install the constructs and the command', () => {
  const commands = codeBlocks(read('README.md'))
    .filter((b) => b.lang === 'sh')
    .map((b) => b.code)
    .join('\n');
  expect(commands).toContain('npm install cdk-scaling-blueprints aws-cdk-lib constructs');
  expect(commands).toContain('npm install --save-dev cdk-scaling-blueprints-cli');
});

test("the files README's commands read exist (from the root of a clone)", () => {
  const commands = codeBlocks(read('README.md'))
    .filter((b) => b.lang === 'sh')
    .map((b) => b.code)
    .join('\n');
  const paths = [...commands.matchAll(/--from-file (\S+)/g)].map(([, file]) => file);
  // The offline audit example is `audit --example` (the recording the package ships), which works
  // from a clone and from an installed package alike.
  expect(commands).toContain('scaling-blueprints audit --example');
  for (const file of paths) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
});
