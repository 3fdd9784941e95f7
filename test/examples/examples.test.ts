// The examples under examples/ compile (type-checked with their own tsconfig, as `tsc --noEmit`
// would) and synthesize offline. Jest's SWC transform does not type-check, hence the compiler API.
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { addShopStack } from '../../examples/architecture-snapshot-test/architecture';
import { addExistingAppStack } from '../../examples/existing-vpc-and-alb/app';
import { testApp } from '../support/app';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

test('every example type-checks', () => {
  const configFile = path.join(EXAMPLES, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  expect(error).toBeUndefined();
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, EXAMPLES, undefined, configFile);
  expect(parsed.fileNames.map((f) => path.relative(EXAMPLES, f)).sort()).toEqual([
    'architecture-snapshot-test/architecture.test.ts',
    'architecture-snapshot-test/architecture.ts',
    'existing-vpc-and-alb/app.ts',
  ]);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.relative(EXAMPLES, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `
      : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
  expect(diagnostics).toEqual([]);
});

test('existing-vpc-and-alb synthesizes: new database, session store and CDN on an imported VPC and ALB', () => {
  const app = testApp();
  const stack = addExistingAppStack(app);
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  expect(artifact.messages.filter((m) => m.level === 'error')).toEqual([]);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::EC2::VPC', 0);
  template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
  template.resourceCountIs('AWS::RDS::DBProxy', 1);
  template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
  template.resourceCountIs('AWS::CloudFront::Distribution', 1);
  template.resourceCountIs('AWS::WAFv2::WebACL', 0); // the existing us-east-1 web ACL is used
  expect(stack.observability.sloAlarms.length).toBeGreaterThan(0);
});

test('architecture-snapshot-test synthesizes', () => {
  const app = testApp();
  const stack = addShopStack(app);
  const artifact = app.synth().getStackByName(stack.stackName);
  expect(artifact.messages.filter((m) => m.level === 'error')).toEqual([]);
});
