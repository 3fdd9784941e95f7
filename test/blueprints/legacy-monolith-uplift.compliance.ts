import { App } from 'aws-cdk-lib';
import { addLegacyMonolithUplift } from '../../blueprints/legacy-monolith-uplift';
import type { ComplianceReport } from '../../lib';
import { acknowledgementsOf, reviewedAcknowledgements } from '../support/reviewed-acknowledgements';
import { inStacks, stacksAddedBy } from './support/compliance';

const PARTITION = 'aws';

/**
 * The configuration the gates see: the offline defaults plus the optional strangler route (a superset).
 * The app's context under `legacy-monolith-uplift`, set before any stack is added.
 */
export const STRANGLER_ON = {
  strangler: {
    enabled: true,
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service:1.0.0',
    originDomainName: 'orders-origin.example.com',
    certificateArn: `arn:${PARTITION}:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
  },
};

// The blueprint with the strangler route, in the one app blueprints.compliance.test.ts synthesizes
// through the gates (its context holds STRANGLER_ON).
export function legacyMonolithUpliftCompliance(app: App): (report: ComplianceReport) => void {
  const stacks = stacksAddedBy(app, () => addLegacyMonolithUplift(app));
  return (report) =>
    describe('legacy-monolith-uplift (with the strangler route) through the compliance gates', () => {
      test('has no unacknowledged finding', () => {
        expect(stacks.map((s) => s.node.id)).toEqual(['LegacyMonolithUplift']);
        expect(report.findings.filter(inStacks(stacks))).toEqual([]);
      });

      test('acknowledges only what was reviewed (test/blueprints/reviewed/legacy-monolith-uplift.json)', () => {
        const actual = acknowledgementsOf(...stacks);
        expect(actual).toEqual(reviewedAcknowledgements('legacy-monolith-uplift', actual));
      });
    });
}
