// Every blueprint as it ships (legacy-monolith-uplift with its strangler route) and the settings
// variants a newcomer reaches first, in one app synthesized once through all four gates (built-in
// CloudFormation validation, cdk-nag AwsSolutions, Control Tower guard rules, WiringChecks), as
// `npx cdk synth` runs them. Each suite (<blueprint>.compliance.ts beside this file) adds its stacks
// and checks them in the report. One synth, not one per blueprint: the built-in validation's engine
// takes seconds to warm up in every test file.
import { Stack } from 'aws-cdk-lib';
import { LEGACY_MONOLITH_UPLIFT } from '../../blueprints/legacy-monolith-uplift';
import { ComplianceGates } from '../../lib';
import { gatedApp } from '../support/app';
import { budgetStartupCompliance } from './budget-startup.compliance';
import { legacyMonolithUpliftCompliance, STRANGLER_ON } from './legacy-monolith-uplift.compliance';
import { multiRegionSaasCompliance } from './multi-region-saas.compliance';
import { variantsCompliance } from './variants.compliance';

const app = gatedApp();
// Context is set before any stack is added.
app.node.setContext(LEGACY_MONOLITH_UPLIFT, STRANGLER_ON);
const suites = [
  budgetStartupCompliance,
  legacyMonolithUpliftCompliance,
  multiRegionSaasCompliance,
  variantsCompliance,
].map((suite) => suite(app));
const report = ComplianceGates.synthesizeWithFindings(app);

for (const checks of suites) checks(report);

test('nothing in the app has an unacknowledged finding (every stack of every suite)', () => {
  expect(report.findings).toEqual([]);
});

test('the gates saw every stack: each has acknowledged findings in the report', () => {
  const stacks = app.node.children.filter((c) => c instanceof Stack).map((c) => c.node.id);
  expect(stacks.length).toBeGreaterThanOrEqual(10);
  const seen = new Set(report.acknowledged.map((f) => f.constructPath.split('/')[0]));
  expect(stacks.filter((id) => !seen.has(id))).toEqual([]);
});
