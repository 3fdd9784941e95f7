import { App, Stack } from 'aws-cdk-lib';
import { Network } from '../../lib';
import type { ComplianceReport } from '../../lib';
import { TEST_ENV } from '../support/app';

// The stacks this suite adds to the one app that constructs.compliance.test.ts synthesizes through all
// four gates (built-in validation, cdk-nag, Control Tower guard rules, WiringChecks): one per
// configuration.
export function networkCompliance(app: App): (report: ComplianceReport) => void {
  const configurations: Array<[string, { natGateways?: number }]> = [
    ['defaults', {}],
    ['no NAT, interface endpoints', { natGateways: 0 }],
  ];
  const stackIds = configurations.map(([, props], index) => {
    const stack = new Stack(app, `Network${index}`, { env: TEST_ENV });
    new Network(stack, 'Network', props);
    return stack.node.id;
  });
  return (report) =>
    describe('Network passes the compliance gates', () => {
      test.each(configurations.map(([name], index) => [name, stackIds[index]]))('%s', (_name, stackId) => {
        const inStack = (f: { constructPath: string }) => f.constructPath.startsWith(`${stackId}/`);
        expect(report.findings.filter(inStack)).toEqual([]);
        // W3010 (AZ names written out) is acknowledged by aws-cdk-lib's Vpc itself: the AZs come from
        // the committed context in cdk.json, so synth stays offline.
        const acknowledged = report.acknowledged.filter(inStack);
        expect([...new Set(acknowledged.map((f) => f.ruleId))].sort()).toEqual([
          'W3010',
          'lambda_inside_vpc_check',
        ]);
        expect(acknowledged.find((f) => f.ruleId === 'lambda_inside_vpc_check')?.constructPath).toBe(
          `${stackId}/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler`,
        );
      });
    });
}
