import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';

/** One Control Tower guard rule file and the resource types it judges. */
interface GuardRuleFile {
  /** The file id, e.g. `ct-sqs-pr-1`: what `disabledRules` names. */
  readonly id: string;
  readonly path: string;
  /** The CloudFormation types the rules select; empty when none could be read (then it always runs). */
  readonly types: readonly string[];
}

const RESOURCE_TYPE = /['"](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)['"]/g;

let ruleFiles: GuardRuleFile[] | undefined;

/**
 * The Control Tower guard rule files shipped in `@cdklabs/cdk-validator-cfnguard`, with the resource
 * types each selects (read from the quoted `AWS::Service::Resource` strings outside comments). Read
 * once per process.
 */
function controlTowerRuleFiles(): GuardRuleFile[] {
  if (ruleFiles) return ruleFiles;
  const root = path.join(
    path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
    'rules',
    'control-tower',
    'cfn-guard',
  );
  const files: GuardRuleFile[] = [];
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.guard')) {
        const code = fs
          .readFileSync(full, 'utf8')
          .split('\n')
          .filter((line) => !line.trimStart().startsWith('#'))
          .join('\n');
        const types = [...new Set([...code.matchAll(RESOURCE_TYPE)].map((match) => match[1]))];
        files.push({ id: path.parse(entry.name).name, path: full, types });
      }
    }
  };
  walk(root);
  ruleFiles = files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ruleFiles;
}

/** Options of {@link ScopedGuardValidator}. */
export interface ScopedGuardValidatorProps {
  /**
   * Guard rule file ids (`ct-s3-pr-8`) not to run at all.
   *
   * @default - every rule that applies runs
   */
  readonly disabledRules?: string[];
}

/**
 * The Control Tower proactive controls of `@cdklabs/cdk-validator-cfnguard`, run only for the
 * resource types the synthesized templates contain. A guard rule whose types do not occur in any
 * template can only pass, so skipping it changes no result; the set is computed at every synth, so
 * a user's own resources are checked by the rules that apply to them. The guard binary, the rules and
 * the reports are the validator's own (same plugin name, so acknowledgement ids stay
 * `cdk-validator-cfnguard::<rule name>`).
 *
 * @example
 * Validations.of(app).addPlugins(new ScopedGuardValidator({ disabledRules: ['ct-s3-pr-8'] }));
 */
export class ScopedGuardValidator implements IPolicyValidationPluginBeta1 {
  /** The guard validator's own plugin name: acknowledgements and reports are unchanged. */
  public readonly name: string = 'cdk-validator-cfnguard';
  private readonly disabledRules: ReadonlySet<string>;

  constructor(props: ScopedGuardValidatorProps = {}) {
    this.disabledRules = new Set(props.disabledRules ?? []);
  }

  /** The rule ids this plugin may report (every enabled Control Tower rule). */
  public get ruleIds(): string[] | undefined {
    return controlTowerRuleFiles()
      .filter((file) => !this.disabledRules.has(file.id))
      .map((file) => file.id.replace('ct-', '').replace(/-/g, ''));
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const present = resourceTypes(context.templatePaths);
    const rules = controlTowerRuleFiles().filter(
      (file) =>
        !this.disabledRules.has(file.id) &&
        (file.types.length === 0 || file.types.some((type) => present.has(type))),
    );
    if (rules.length === 0) return { success: true, violations: [] };
    const validator = new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules: rules.map((rule) => rule.path),
    });
    return validator.validate(context);
  }
}

/** The resource types of the templates (a template that cannot be read selects every rule). */
function resourceTypes(templatePaths: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const templatePath of templatePaths) {
    try {
      const template = JSON.parse(fs.readFileSync(templatePath, 'utf8')) as {
        Resources?: Record<string, { Type?: unknown }>;
      };
      for (const resource of Object.values(template.Resources ?? {})) {
        if (typeof resource.Type === 'string') types.add(resource.Type);
      }
    } catch {
      for (const file of controlTowerRuleFiles()) for (const type of file.types) types.add(type);
    }
  }
  return types;
}
