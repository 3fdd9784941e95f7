import { App } from 'aws-cdk-lib';
import { addBudgetStartup } from '../../blueprints/budget-startup';
import type { ComplianceReport } from '../../lib';
import { acknowledgementsOf, reviewedAcknowledgements } from '../support/reviewed-acknowledgements';
import { inStacks, stacksAddedBy } from './support/compliance';

// The default blueprint, in the one app blueprints.compliance.test.ts synthesizes through the gates
// as `npx cdk synth` runs them.
export function budgetStartupCompliance(app: App): (report: ComplianceReport) => void {
  const stacks = stacksAddedBy(app, () => addBudgetStartup(app));
  return (report) =>
    describe('budget-startup through the compliance gates', () => {
      test('has no unacknowledged finding', () => {
        expect(stacks.map((s) => s.node.id)).toEqual(['BudgetStartup']);
        expect(report.findings.filter(inStacks(stacks))).toEqual([]);
      });

      test('acknowledges only what was reviewed (test/blueprints/reviewed/budget-startup.json)', () => {
        const actual = acknowledgementsOf(...stacks);
        expect(actual).toEqual(reviewedAcknowledgements('budget-startup', actual));
      });
    });
}
