import { addMultiRegionSaas } from '../../blueprints/multi-region-saas';
import { gatedApp } from '../support/app';
import { acknowledgementsOf, reviewedAcknowledgements } from '../support/reviewed-acknowledgements';
import { ComplianceGates } from '../../lib';

// One synth of the global stack and the regional stacks through the three gates (built-in
// CloudFormation validation, cdk-nag AwsSolutions, Control Tower guard rules): it runs once.
describe('multi-region-saas (default settings) through the three compliance gates', () => {
  const app = gatedApp();
  addMultiRegionSaas(app);
  const report = ComplianceGates.synthesizeWithFindings(app);

  test('has no unacknowledged finding', () => {
    expect(report.findings).toEqual([]);
  });

  test('acknowledges only what was reviewed (test/blueprints/reviewed/multi-region-saas.json)', () => {
    const actual = acknowledgementsOf(app);
    expect(actual).toEqual(reviewedAcknowledgements('multi-region-saas', actual));
  });
});
