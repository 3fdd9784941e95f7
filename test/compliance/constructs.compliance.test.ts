// Every construct's compliance suite in one app, synthesized once through all four gates (built-in
// CloudFormation validation, cdk-nag AwsSolutions, Control Tower guard rules, WiringChecks), as
// `cdk synth` runs them. Each suite (<construct>.compliance.ts beside this file) adds a stack per
// configuration and then checks its own stacks in the report. One synth, not one per suite: the
// built-in validation's engine takes seconds to warm up in every test file, and a second app in the
// same file still pays the gates' fixed costs again.
import { Stack } from 'aws-cdk-lib';
import { ComplianceGates } from '../../lib';
import { gatedApp } from '../support/app';
import { cacheClusterCompliance } from './cache-cluster.compliance';
import { cdnFrontCompliance } from './cdn-front.compliance';
import { networkCompliance } from './network.compliance';
import { observabilityCompliance } from './observability.compliance';
import { queueWorkerCompliance } from './queue-worker.compliance';
import { replicatedDatabaseCompliance } from './replicated-database.compliance';
import { webServiceCompliance } from './web-service.compliance';

const app = gatedApp();
const suites = [
  networkCompliance,
  cdnFrontCompliance,
  webServiceCompliance,
  replicatedDatabaseCompliance,
  cacheClusterCompliance,
  queueWorkerCompliance,
  observabilityCompliance,
].map((suite) => suite(app));
const report = ComplianceGates.synthesizeWithFindings(app);

for (const checks of suites) checks(report);

test('nothing in the app has an unacknowledged finding (every stack of every suite)', () => {
  expect(report.findings).toEqual([]);
});

test('every stack was validated: the report names a finding in each, but the one stack that has none', () => {
  const stacks = app.node.children.filter((c) => c instanceof Stack).map((c) => c.node.id);
  expect(stacks.length).toBeGreaterThanOrEqual(25);
  // Acknowledged findings (alarms without actions, the VPCs' written-out AZs) show the gates saw each
  // stack; Observability's legacy stack (alarms with a topic, imported resources) has none to show.
  const seen = new Set(report.acknowledged.map((f) => f.constructPath.split('/')[0]));
  expect(stacks.filter((id) => !seen.has(id))).toEqual(['Legacy']);
});
