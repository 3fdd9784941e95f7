import { Stack } from 'aws-cdk-lib';
import { Observability } from '../../lib/observability/observability';
import { gatedApp, TEST_ENV } from '../support/app';
import { fullStack } from '../observability/full-stack';
import { importedAlb, importedInstance } from '../observability/support';
import { ComplianceGates } from '../../lib';

// One synth through all four gates (built-in validation, cdk-nag, Control Tower guard rules,
// WiringChecks) of one app: the full stack of every construct, and a legacy uplift's stack beside it.
// Observability acknowledges nothing of its own in either.
describe('Observability passes the compliance gates', () => {
  const app = gatedApp();
  const { obs } = fullStack(app);
  const stack = new Stack(app, 'Legacy', { env: TEST_ENV });
  const legacy = new Observability(stack, 'Observability', { alarmEmails: ['oncall@example.com'] });
  legacy.observeLoadBalancer(importedAlb(stack));
  legacy.observeDatabaseInstance(importedInstance(stack), { maxConnections: 400 });
  const report = ComplianceGates.synthesizeWithFindings(app);

  test('observing every construct of the library', () => {
    expect(report.findings.filter((f) => !f.constructPath.startsWith('Legacy/'))).toEqual([]);
    expect(report.acknowledged.filter((f) => f.constructPath.startsWith(`${obs.node.path}/`))).toEqual([]);
  });

  test('legacy uplift: an existing ALB and RDS instance', () => {
    expect(report.findings.filter((f) => f.constructPath.startsWith('Legacy/'))).toEqual([]);
    expect(report.acknowledged.filter((f) => f.constructPath.startsWith('Legacy/'))).toEqual([]);
  });
});
