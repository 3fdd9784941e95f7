import { Stack } from 'aws-cdk-lib';
import { Observability } from '../../lib/observability/observability';
import { gatedApp, TEST_ENV } from '../support/app';
import { fullStack } from '../observability/full-stack';
import { importedAlb, importedInstance } from '../observability/support';
import { ComplianceGates } from '../../lib';

// One full synth through all three gates (built-in validation, cdk-nag, Control Tower guard rules)
// per configuration. Observability acknowledges nothing of its own in either.
describe('Observability passes the three compliance gates', () => {
  test('observing every construct of the library', () => {
    const app = gatedApp();
    const { obs } = fullStack(app);
    const report = ComplianceGates.synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.filter((f) => f.constructPath.startsWith(`${obs.node.path}/`))).toEqual([]);
  });

  test('legacy uplift: an existing ALB and RDS instance', () => {
    const app = gatedApp();
    const stack = new Stack(app, 'Legacy', { env: TEST_ENV });
    const obs = new Observability(stack, 'Observability', { alarmEmails: ['oncall@example.com'] });
    obs.observeLoadBalancer(importedAlb(stack));
    obs.observeDatabaseInstance(importedInstance(stack), { maxConnections: 400 });
    const report = ComplianceGates.synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged).toEqual([]);
  });
});
