import { addBudgetStartup } from '../../blueprints/budget-startup';
import { gatedApp } from '../support/app';
import { acknowledgementsOf, reviewedAcknowledgements } from '../support/reviewed-acknowledgements';
import { ComplianceGates } from '../../lib';

// One synth of the default blueprint through all three gates, as `npx cdk synth` runs it.
describe('budget-startup through the three compliance gates', () => {
  const app = gatedApp();
  addBudgetStartup(app);
  const report = ComplianceGates.synthesizeWithFindings(app);

  test('has no unacknowledged finding', () => {
    expect(report.findings).toEqual([]);
  });

  test('acknowledges only what was reviewed (test/blueprints/reviewed/budget-startup.json)', () => {
    const actual = acknowledgementsOf(app);
    expect(actual).toEqual(reviewedAcknowledgements('budget-startup', actual));
  });
});
