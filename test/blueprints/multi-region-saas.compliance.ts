import { App } from 'aws-cdk-lib';
import { addMultiRegionSaas } from '../../blueprints/multi-region-saas';
import type { ComplianceReport } from '../../lib';
import { acknowledgementsOf, reviewedAcknowledgements } from '../support/reviewed-acknowledgements';
import { inStacks, stacksAddedBy } from './support/compliance';

// The global stack and the regional stacks with the default settings, in the one app
// blueprints.compliance.test.ts synthesizes through the gates.
export function multiRegionSaasCompliance(app: App): (report: ComplianceReport) => void {
  const stacks = stacksAddedBy(app, () => addMultiRegionSaas(app));
  return (report) =>
    describe('multi-region-saas (default settings) through the compliance gates', () => {
      test('has no unacknowledged finding', () => {
        expect(stacks.length).toBeGreaterThanOrEqual(3);
        expect(report.findings.filter(inStacks(stacks))).toEqual([]);
      });

      test('acknowledges only what was reviewed (test/blueprints/reviewed/multi-region-saas.json)', () => {
        const actual = acknowledgementsOf(...stacks);
        expect(actual).toEqual(reviewedAcknowledgements('multi-region-saas', actual));
      });
    });
}
