import { ComplianceFinding } from '../lib';

/** The acknowledgement id of a finding, as `Validations.of(resource).acknowledge({ id })` takes it. */
export function acknowledgementId(finding: ComplianceFinding): string {
  // cdk-nag's ids and the annotations' (`Annotation::WebService:minCapacity`) are used as they are.
  if (finding.gate === 'AwsSolutions' || finding.ruleId.includes('::')) return finding.ruleId;
  if (finding.gate === 'CloudFormation Validate') return `CloudFormation-Validate::${finding.ruleId}`;
  return `${finding.gate}::${finding.ruleId}`;
}

/**
 * What `cdk synth` prints when unacknowledged findings fail it: one block per finding with the
 * resource, the rule and how to acknowledge it, then the count.
 */
export function formatFindings(findings: readonly ComplianceFinding[]): string {
  const blocks = findings.map(
    (f) =>
      `${f.severity.toUpperCase()} ${f.description}\n` +
      `   ${f.constructPath || '(the app)'}\n` +
      `   Acknowledge with '${acknowledgementId(f)}' (Validations.of(<construct>).acknowledge) if it is intended`,
  );
  return (
    `${blocks.join('\n\n')}\n\n` +
    `Synth failed: ${findings.length} unacknowledged finding${findings.length === 1 ? '' : 's'} of the compliance ` +
    'gates (strict: warnings fail too). Fix each, or acknowledge it next to its resource with a reason ' +
    '(docs/compliance.md, docs/warnings.md).'
  );
}
