// The blueprint pages' cost sections and the committed estimates are what the command computes from
// today's templates and price table (regenerate with: node scripts/cost-tables.js).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLUEPRINTS } from 'cdk-scaling-blueprints/blueprints';
import {
  blueprintCostArtifacts,
  bundledPriceTable,
  CostArtifacts,
  costEstimatePath,
  costSections,
  staleCostEstimates,
} from '../../src/cost';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

describe('committed cost tables', () => {
  let artifacts: CostArtifacts;
  beforeAll(() => {
    artifacts = blueprintCostArtifacts(BLUEPRINTS, ROOT, bundledPriceTable());
  });

  test('every blueprint page has a cost section, up to date (run: node scripts/cost-tables.js)', () => {
    for (const blueprint of BLUEPRINTS) {
      const page = fs.readFileSync(path.join(ROOT, 'docs', 'blueprints', `${blueprint.name}.md`), 'utf8');
      expect(page).toContain(`<!-- cost: ${blueprint.name} -->`);
    }
    expect(costSections(ROOT, artifacts.sections)).toEqual([]);
  });

  test('blueprints/<name>/cost-estimate.json is up to date (run: node scripts/cost-tables.js)', () => {
    expect(staleCostEstimates(ROOT, artifacts.estimates)).toEqual([]);
  });

  test('the budget default is the 1× estimate × 1.25, rounded up to the next 10 USD', () => {
    const estimate = JSON.parse(fs.readFileSync(costEstimatePath(ROOT, 'budget-startup'), 'utf8'));
    expect(estimate.budget.monthlyLimitUsd).toBe(Math.ceil((estimate.monthlyUsd['1x'] * 1.25) / 10) * 10);
  });

  test('the totals on the page are the ones the command prints', () => {
    const estimate = JSON.parse(fs.readFileSync(costEstimatePath(ROOT, 'budget-startup'), 'utf8'));
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'blueprints', 'budget-startup.md'), 'utf8');
    const money = (v: number) =>
      v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(page).toContain(
      `| **total** | **${money(estimate.monthlyUsd.idle)}** | **${money(estimate.monthlyUsd['1x'])}** | **${money(estimate.monthlyUsd['10x'])}** |`,
    );
  });
});
