// The wiring gate's rules run over synthesized templates, without a gated synth: what the path tests
// and the property tests' samples check.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WIRING_RULES } from '../../lib/compliance/wiring/rules';
import { AppModel, TemplateInput } from '../../lib/compliance/wiring/template-model';
import { WiringContext } from '../../lib/compliance/wiring/wiring-context';

/** The stacks' templates as the wiring gate reads them (each synthesized through its app once). */
export function templateInputs(stacks: readonly Stack[]): TemplateInput[] {
  return stacks.map((stack) => ({
    template: Template.fromStack(stack).toJSON(),
    stackName: stack.stackName,
    region: stack.region,
    account: stack.account,
  }));
}

/** The wiring gate's findings over the templates, as `<rule id> <construct path>`, sorted. */
export function wiringFindings(templates: readonly TemplateInput[]): string[] {
  const context = new WiringContext(AppModel.fromTemplates(templates));
  return WIRING_RULES.flatMap((rule) =>
    rule.check(context).map((finding) => `${rule.id} ${finding.resource.constructPath}`),
  ).sort();
}
