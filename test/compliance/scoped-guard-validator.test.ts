import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App } from 'aws-cdk-lib';
import { ScopedGuardValidator } from '../../lib/compliance/scoped-guard-validator';

/** A template file with the given resources. */
function templateFile(resources: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
  const file = path.join(dir, 'Stack.template.json');
  fs.writeFileSync(file, JSON.stringify({ Resources: resources }));
  return file;
}

const names = (report: { violations: Array<{ ruleName: string }> }) =>
  [...new Set(report.violations.map((v) => v.ruleName))].sort();

describe('ScopedGuardValidator', () => {
  // An unencrypted queue without a DLQ and an S3 bucket without settings: several rules fail.
  const appConstruct = new App();
  const templatePaths = [
    templateFile({
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    }),
  ];

  test('reports exactly what the full Control Tower rule set reports, under the same plugin name', () => {
    const scoped = new ScopedGuardValidator().validate({ templatePaths, appConstruct });
    const full = new CfnGuardValidator().validate({ templatePaths, appConstruct });
    expect(names(scoped)).toEqual(names(full));
    expect(names(scoped)).toEqual(expect.arrayContaining(['sqs_dlq_check', 'sqs_queue_encrypted_check']));
    expect(new ScopedGuardValidator().name).toBe(new CfnGuardValidator().name);
  });

  test('disabled rule files do not run', () => {
    const report = new ScopedGuardValidator({ disabledRules: ['ct-sqs-pr-1'] }).validate({
      templatePaths,
      appConstruct,
    });
    expect(names(report)).not.toContain('sqs_dlq_check');
  });

  test('a template with no resource a rule judges runs nothing and passes', () => {
    const report = new ScopedGuardValidator().validate({
      templatePaths: [templateFile({ Topic: { Type: 'AWS::SNS::Subscription', Properties: {} } })],
      appConstruct,
    });
    expect(report).toEqual({ success: true, violations: [] });
  });
});
