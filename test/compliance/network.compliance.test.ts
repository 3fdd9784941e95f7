import { Stack } from 'aws-cdk-lib';
import { Network, synthesizeWithFindings } from '../../lib';
import { gatedApp, TEST_ENV } from '../support/app';

// One full synth through all three gates (built-in validation, cdk-nag, Control Tower guard rules).
describe('Network passes the three compliance gates', () => {
  test.each([
    ['defaults', {}],
    ['no NAT, interface endpoints', { natGateways: 0 }],
  ])('%s', (_name, props) => {
    const app = gatedApp();
    new Network(new Stack(app, 'NetworkStack', { env: TEST_ENV }), 'Network', props);
    const report = synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.map((f) => `${f.ruleId} @ ${f.constructPath}`)).toEqual([
      'lambda_inside_vpc_check @ NetworkStack/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler',
    ]);
  });
});
