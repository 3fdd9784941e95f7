import { addLegacyMonolithUplift, LEGACY_MONOLITH_UPLIFT } from '../../blueprints/legacy-monolith-uplift';
import { gatedApp } from '../support/app';
import { acknowledgementsOf, reviewedAcknowledgements } from '../support/reviewed-acknowledgements';
import { ComplianceGates } from '../../lib';

const PARTITION = 'aws';

/** The configuration the gates see: the offline defaults plus the optional strangler route (a superset). */
const STRANGLER_ON = {
  strangler: {
    enabled: true,
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service:1.0.0',
    originDomainName: 'orders-origin.example.com',
    certificateArn: `arn:${PARTITION}:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
  },
};

// One synth through the three gates (built-in CloudFormation validation, cdk-nag AwsSolutions,
// Control Tower guard rules): it costs several seconds, so the blueprint is synthesized once.
describe('legacy-monolith-uplift (with the strangler route) through the three compliance gates', () => {
  const app = gatedApp();
  app.node.setContext(LEGACY_MONOLITH_UPLIFT, STRANGLER_ON);
  addLegacyMonolithUplift(app);
  const report = ComplianceGates.synthesizeWithFindings(app);

  test('has no unacknowledged finding', () => {
    expect(report.findings).toEqual([]);
  });

  test('acknowledges only what was reviewed (test/blueprints/reviewed/legacy-monolith-uplift.json)', () => {
    const actual = acknowledgementsOf(app);
    expect(actual).toEqual(reviewedAcknowledgements('legacy-monolith-uplift', actual));
  });
});
