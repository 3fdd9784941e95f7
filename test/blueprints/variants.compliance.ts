import { App, Stack } from 'aws-cdk-lib';
import { BudgetStartupStack, budgetStartupSettings } from '../../blueprints/budget-startup';
import {
  LegacyMonolithUpliftStack,
  legacyMonolithUpliftSettings,
} from '../../blueprints/legacy-monolith-uplift';
import type { ComplianceReport } from '../../lib';
import { inStacks } from './support/compliance';

const PARTITION = 'aws';
const WEB_ACL = `arn:${PARTITION}:wafv2:us-east-1:123456789012:global/webacl/shop/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`;

// The settings variants a newcomer reaches first, in the one app blueprints.compliance.test.ts
// synthesizes through the four gates (as `cdk synth` runs them: bin/app.ts fails on the same
// findings). The default configurations have their own suites beside this one.
export function variantsCompliance(app: App): (report: ComplianceReport) => void {
  const stacks: Stack[] = [
    new BudgetStartupStack(app, 'BudgetEuWest3', {
      settings: budgetStartupSettings({ environment: { region: 'eu-west-3' }, cdn: { webAclArn: WEB_ACL } }),
    }),
    new BudgetStartupStack(app, 'BudgetNoNat', {
      settings: budgetStartupSettings({ network: { natGateways: 0 } }),
    }),
    new BudgetStartupStack(app, 'BudgetHighlyAvailable', {
      settings: budgetStartupSettings({
        network: { maxAzs: 3, natGateways: 3 },
        database: { readReplicas: 1, proxy: true },
        web: { minCapacity: 4, maxCapacity: 12 },
      }),
    }),
    new BudgetStartupStack(app, 'BudgetUnlistedRegion', {
      settings: budgetStartupSettings({
        environment: {
          region: 'eu-south-1',
          availabilityZones: ['eu-south-1a', 'eu-south-1b'],
          cloudFrontPrefixListId: 'pl-1bbc5972',
        },
        cdn: { webAclArn: WEB_ACL },
        // CloudFormation has no AWS::Budgets::Budget in eu-south-1 (the validation reports F3006).
        budget: { enabled: false },
      }),
    }),
    new LegacyMonolithUpliftStack(app, 'LegacyNoIsolatedSubnets', {
      settings: legacyMonolithUpliftSettings({
        vpc: { isolatedSubnetIds: [], isolatedRouteTableIds: [] },
        database: { readReplicas: 2 },
      }),
    }),
  ];
  return (report) =>
    describe('settings variants through the compliance gates', () => {
      test('no unacknowledged finding (CloudFormation validation warnings included)', () => {
        expect(
          report.findings
            .filter(inStacks(stacks))
            .map((f) => `${f.ruleId} ${f.constructPath}: ${f.description}`),
        ).toEqual([]);
      });

      test("no DependsOn that a Ref or GetAtt already enforces (cfn-lint W3005) on this library's resources", () => {
        const redundant: string[] = [];
        for (const stack of stacks) {
          const template = app.synth().getStackArtifact(stack.artifactId).template as {
            Resources: Record<string, { DependsOn?: string | string[]; Properties?: unknown }>;
          };
          for (const [id, resource] of Object.entries(template.Resources)) {
            const properties = JSON.stringify(resource.Properties ?? {});
            for (const dependency of [resource.DependsOn ?? []].flat()) {
              if (
                properties.includes(`{"Ref":"${dependency}"}`) ||
                properties.includes(`{"Fn::GetAtt":["${dependency}"`)
              ) {
                redundant.push(`${stack.node.id}/${id} → ${dependency}`);
              }
            }
          }
        }
        // aws-cdk-lib's own: its custom-resource providers (VPC default security group, log retention)
        // and the RDS proxy's target group, which it makes depend on the cluster and its instances.
        const ours = redundant.filter(
          (r) => !/CustomResourceProvider|AWS679f53fac002430cb0da5b7982bd2287|ProxyTargetGroup/.test(r),
        );
        expect(ours).toEqual([]);
      });
    });
}
