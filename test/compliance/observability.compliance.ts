import { App, Stack } from 'aws-cdk-lib';
import { Observability } from '../../lib/observability/observability';
import { TEST_ENV } from '../support/app';
import { fullStack } from '../observability/full-stack';
import { importedAlb, importedInstance } from '../observability/support';
import type { ComplianceReport } from '../../lib';

// The stacks this suite adds to the one app that constructs.compliance.test.ts synthesizes through all
// four gates (built-in validation, cdk-nag, Control Tower guard rules, WiringChecks): the full stack
// of every construct, and a legacy uplift's stack beside it. Observability acknowledges nothing of its
// own in either.
export function observabilityCompliance(app: App): (report: ComplianceReport) => void {
  const { obs } = fullStack(app);
  const stack = new Stack(app, 'Legacy', { env: TEST_ENV });
  const legacy = new Observability(stack, 'Observability', { alarmEmails: ['oncall@example.com'] });
  legacy.observeLoadBalancer(importedAlb(stack));
  legacy.observeDatabaseInstance(importedInstance(stack), { maxConnections: 400 });
  return (report) =>
    describe('Observability passes the compliance gates', () => {
      test('observing every construct of the library', () => {
        expect(report.findings.filter((f) => !f.constructPath.startsWith('Legacy/'))).toEqual([]);
        expect(report.acknowledged.filter((f) => f.constructPath.startsWith(`${obs.node.path}/`))).toEqual(
          [],
        );
      });

      test('legacy uplift: an existing ALB and RDS instance', () => {
        expect(report.findings.filter((f) => f.constructPath.startsWith('Legacy/'))).toEqual([]);
        expect(report.acknowledged.filter((f) => f.constructPath.startsWith('Legacy/'))).toEqual([]);
      });
    });
}
