import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, PolicyValidationPluginReportBeta1, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ScopedGuardValidator } from '../../lib/compliance/scoped-guard-validator';
import { TEST_ENV, testApp } from '../support/app';

const created: string[] = [];
afterAll(() => created.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A template file with the given resources (removed after the tests). */
function templateFile(resources: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
  created.push(dir);
  const file = path.join(dir, 'Stack.template.json');
  fs.writeFileSync(file, JSON.stringify({ Resources: resources }));
  return file;
}

/** Every violation as `rule resource template`, sorted: what a report says, independent of order. */
const findings = (report: PolicyValidationPluginReportBeta1) =>
  report.violations
    .flatMap((v) =>
      v.violatingResources.map(
        (r) => `${v.ruleName} ${r.resourceLogicalId} ${path.basename(r.templatePath)}`,
      ),
    )
    .sort();

/**
 * Two stacks of plain aws-cdk-lib resources with their defaults (many Control Tower rules fail on
 * them): a VPC with instances, an ALB with a listener, a Lambda function, buckets with a policy,
 * queues. Synthesized once, without the built-in validation.
 */
function fixtureTemplates(): string[] {
  const app = testApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-')) });
  created.push(app.outdir);
  const network = new Stack(app, 'Network', { env: TEST_ENV });
  const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2 });
  new ec2.Instance(network, 'Instance', {
    vpc,
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-12345678' }),
  });
  const alb = new elbv2.ApplicationLoadBalancer(network, 'Alb', { vpc, internetFacing: true });
  alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
  const data = new Stack(app, 'Data', { env: TEST_ENV });
  const bucket = new s3.Bucket(data, 'Bucket', { enforceSSL: true });
  new s3.Bucket(data, 'Plain');
  const fn = new lambda.Function(data, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
  });
  bucket.grantRead(fn);
  // Lambda permissions whose SourceArn references a bucket and a topic (ct-lambda-pr-2 looks the
  // referenced resource up by logical id, whatever its type).
  bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn));
  new sns.Topic(data, 'Topic').addSubscription(new subscriptions.LambdaSubscription(fn));
  new sqs.Queue(data, 'Queue');
  new sqs.Queue(data, 'Encrypted', { encryption: sqs.QueueEncryption.KMS_MANAGED });
  const assembly = app.synth();
  return assembly.stacks.map((stack) => path.join(assembly.directory, stack.templateFile));
}

describe('ScopedGuardValidator', () => {
  const appConstruct = new App();
  const templatePaths = fixtureTemplates();

  test('reports exactly the violations of the full Control Tower rule set: rule, resource and template', () => {
    const scoped = findings(new ScopedGuardValidator().validate({ templatePaths, appConstruct }));
    const full = findings(new CfnGuardValidator().validate({ templatePaths, appConstruct }));
    expect(scoped).toEqual(full);
    // The fixture exercises rules of several services, in both templates.
    expect(scoped).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sqs_dlq_check Queue\w+ Data\.template\.json$/),
        expect.stringMatching(/^s3_bucket_logging_enabled_check Plain\w+ Data\.template\.json$/),
        expect.stringMatching(/^lambda_inside_vpc_check Fn\w+ Data\.template\.json$/),
        expect.stringMatching(/^ec2_instance_\w+ Instance\w+ Network\.template\.json$/),
        expect.stringMatching(/^alb_http_to_https_redirection_check \w+ Network\.template\.json$/),
      ]),
    );
    expect(new ScopedGuardValidator().name).toBe(new CfnGuardValidator().name);
  });

  test('reports name the original template files, and the trimmed copies are removed', () => {
    // A work directory of this test's own, so that other Jest workers' synths cannot change what it sees.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
    created.push(work);
    const report = new ScopedGuardValidator({ workDirectory: work }).validate({
      templatePaths,
      appConstruct,
    });
    const reported = new Set(
      report.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath)),
    );
    expect([...reported].sort()).toEqual([...templatePaths].sort());
    expect(report.success).toBe(false);
    expect(fs.readdirSync(work)).toEqual([]);
    // The copies are written there: a directory that does not exist fails the validation.
    expect(() =>
      new ScopedGuardValidator({ workDirectory: path.join(work, 'missing') }).validate({
        templatePaths,
        appConstruct,
      }),
    ).toThrow(/ENOENT/);
  });

  test('a rule that looks a reference up by logical id finds it, whatever the type (ct-lambda-pr-2)', () => {
    const permission = (principal: string, sourceArn: unknown) => ({
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: 'my-function',
        Principal: principal,
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: sourceArn,
      },
    });
    const paths = [
      templateFile({
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        FromBucket: permission('s3.amazonaws.com', { 'Fn::GetAtt': ['Bucket', 'Arn'] }),
        FromTopic: permission('sns.amazonaws.com', { Ref: 'Topic' }),
      }),
    ];
    const scoped = new ScopedGuardValidator().validate({ templatePaths: paths, appConstruct });
    const full = new CfnGuardValidator().validate({ templatePaths: paths, appConstruct });
    expect(findings(scoped)).toEqual(findings(full));
    expect(findings(scoped).filter((f) => /From(Bucket|Topic)/.test(f))).toEqual([]);
  });

  test('disabled rule files do not run', () => {
    const report = new ScopedGuardValidator({ disabledRules: ['ct-sqs-pr-1'] }).validate({
      templatePaths,
      appConstruct,
    });
    const rules = findings(report).map((f) => f.split(' ')[0]);
    expect(rules).not.toContain('sqs_dlq_check');
    expect(rules).toContain('sqs_queue_encrypted_check');
  });

  test('a template with no resource a rule judges runs nothing and passes', () => {
    const report = new ScopedGuardValidator().validate({
      templatePaths: [templateFile({ Topic: { Type: 'AWS::SNS::Subscription', Properties: {} } })],
      appConstruct,
    });
    expect(report).toEqual({ success: true, violations: [] });
  });

  test('a template it cannot read is handed to cfn-guard whole, as the full validator would', () => {
    const broken = templateFile({});
    fs.writeFileSync(broken, '{"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}}, ');
    expect(() => new ScopedGuardValidator().validate({ templatePaths: [broken], appConstruct })).toThrow(
      /CfnGuardValidator plugin failed/,
    );
  });
});
