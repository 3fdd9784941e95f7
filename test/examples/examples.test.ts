// The examples under examples/ synthesize offline (examples-typecheck.release.test.ts type-checks them
// with their own tsconfig, as `tsc --noEmit` would).
import { Template } from 'aws-cdk-lib/assertions';
import { addShopStack } from '../../examples/architecture-snapshot-test/architecture';
import { addExistingAppStack } from '../../examples/existing-vpc-and-alb/app';
import { testApp } from '../support/app';

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
