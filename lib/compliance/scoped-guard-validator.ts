import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolationBeta1,
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
  /**
   * The directory in which each validation writes its trimmed copies of the templates (in a new
   * temporary directory, removed when the validation ends).
   *
   * @default - the operating system's temporary directory
   */
  readonly workDirectory?: string;
}

/**
 * The Control Tower proactive controls of `@cdklabs/cdk-validator-cfnguard`, run only for the
 * resource types the synthesized templates contain. A guard rule whose types do not occur in any
 * template can only pass, so skipping it changes no result; the set is computed at every synth, so
 * a user's own resources are checked by the rules that apply to them. Each rule then runs on a copy
 * of each template in which only the resources of the types it selects are whole, the others stubs
 * of their type (cfn-guard's time grows with rules × data): on this library's three blueprints, the
 * same 48 findings at the same locations in 1.5 s instead of 17.4 s. The guard binary, the rules and
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
  private readonly workDirectory: string | undefined;

  constructor(props: ScopedGuardValidatorProps = {}) {
    this.disabledRules = new Set(props.disabledRules ?? []);
    this.workDirectory = props.workDirectory;
  }

  /** The rule ids this plugin may report (every enabled Control Tower rule). */
  public get ruleIds(): string[] | undefined {
    return controlTowerRuleFiles()
      .filter((file) => !this.disabledRules.has(file.id))
      .map((file) => file.id.replace('ct-', '').replace(/-/g, ''));
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const templates = context.templatePaths.map((templatePath) => readTemplate(templatePath));
    if (templates.some((template) => template === undefined)) {
      // A template that cannot be read: every enabled rule, on the templates as they are.
      return this.runGuard(this.enabledRules(), context.templatePaths);
    }
    const readable = templates as Template[];
    const present = new Set(
      readable.flatMap((template) => Object.values(template.resources).map((r) => r.Type)),
    );
    const rules = this.enabledRules().filter(
      (file) => file.types.length === 0 || file.types.some((type) => present.has(type)),
    );
    if (rules.length === 0) return { success: true, violations: [] };

    // cfn-guard evaluates every rule file against every data file, and its cost grows with the
    // size of the data: a rule is run only on the resources of the types it selects. Rules are
    // packed into batches (one cfn-guard process each) and each batch gets, per template, a copy
    // holding the resources of its types, plus a stub (`{ "Type": ... }`) of every other resource
    // they reference: a rule that checks a reference by logical id and type still finds its target
    // (ct-lambda-pr-2 checks that a permission's `SourceArn` names a resource of the template, of
    // any type). Every other section is unchanged; the reports name the original
    // template files. A template with none of a batch's types is left out of that batch: no rule
    // fails on a template without the types it selects.
    const directory = fs.mkdtempSync(path.join(this.workDirectory ?? os.tmpdir(), 'scoped-guard-'));
    try {
      const reports: PolicyValidationPluginReportBeta1[] = [];
      const violations: PolicyViolationBeta1[] = [];
      let file = 0;
      for (const batch of batches(rules, readable)) {
        const originals = new Map<string, string>();
        for (const [index, template] of readable.entries()) {
          const whole = Object.entries(template.resources).filter(
            ([, r]) => !batch.types || batch.types.has(r.Type),
          );
          if (whole.length === 0) continue;
          const resources: Record<string, unknown> = Object.fromEntries(whole);
          for (const id of referencedIds(whole.map(([, r]) => r))) {
            const target = template.resources[id];
            if (target && !(id in resources)) resources[id] = { Type: target.Type };
          }
          const trimmed = path.join(directory, `${file++}.template.json`);
          fs.writeFileSync(trimmed, JSON.stringify({ ...template.body, Resources: resources }));
          originals.set(trimmed, path.resolve(context.templatePaths[index]));
        }
        if (originals.size === 0) continue;
        const report = this.runGuard(batch.rules, [...originals.keys()]);
        reports.push(report);
        for (const violation of report.violations) {
          violations.push({
            ...violation,
            violatingResources: violation.violatingResources.map((resource) => ({
              ...resource,
              templatePath: originals.get(resource.templatePath) ?? resource.templatePath,
            })),
          });
        }
      }
      // As the guard validator: not a success when any cfn-guard run reported a non-compliance.
      return { success: reports.every((report) => report.success), violations };
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }

  private enabledRules(): GuardRuleFile[] {
    return controlTowerRuleFiles().filter((file) => !this.disabledRules.has(file.id));
  }

  private runGuard(
    rules: readonly GuardRuleFile[],
    templatePaths: string[],
  ): PolicyValidationPluginReportBeta1 {
    const validator = new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules: rules.map((rule) => rule.path),
    });
    return validator.validate({ templatePaths } as IPolicyValidationContextBeta1);
  }
}

/**
 * The logical ids the resources reference: `Ref`, `Fn::GetAtt` (both forms) and `${Id}` or
 * `${Id.Attribute}` in `Fn::Sub` strings (a superset: other `${...}` names are not resources).
 */
function referencedIds(resources: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'string') {
      for (const match of value.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) ids.add(match[1]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string') ids.add(inner);
        else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string')
          ids.add(inner[0]);
        else if (key === 'Fn::GetAtt' && typeof inner === 'string') ids.add(inner.split('.')[0]);
        else if (key === 'DependsOn') [inner].flat().forEach((id) => typeof id === 'string' && ids.add(id));
        visit(inner);
      }
    }
  };
  resources.forEach(visit);
  return ids;
}

/** A synthesized template: its parsed body and its resources. */
interface Template {
  readonly body: Record<string, unknown>;
  readonly resources: Record<string, { readonly Type: string }>;
}

/** The template at a path, or undefined when it cannot be read as a CloudFormation template. */
function readTemplate(templatePath: string): Template | undefined {
  try {
    const body = JSON.parse(fs.readFileSync(templatePath, 'utf8')) as Record<string, unknown>;
    const resources = (body.Resources ?? {}) as Record<string, { Type?: unknown }>;
    if (typeof resources !== 'object' || Object.values(resources).some((r) => typeof r?.Type !== 'string')) {
      return undefined;
    }
    return { body, resources: resources as Template['resources'] };
  } catch {
    return undefined;
  }
}

/** Rules run by one cfn-guard process, on the resources of `types` (all resources when undefined). */
interface Batch {
  readonly rules: GuardRuleFile[];
  types: Set<string> | undefined;
}

/**
 * An estimate of cfn-guard's work, in rule files × kilobytes of data: measured on this library's
 * blueprints, one unit costs about 0.1 ms, and a process about 25 ms (so about 200 units).
 */
const BATCH_LIMIT = 200;

/**
 * The rules grouped by the resource types they select, then packed greedily, smallest data first,
 * into batches whose estimated work stays under {@link BATCH_LIMIT}: few processes, each on little data.
 */
function batches(rules: readonly GuardRuleFile[], templates: readonly Template[]): Batch[] {
  const kilobytes = new Map<string, number>();
  for (const template of templates) {
    for (const resource of Object.values(template.resources)) {
      kilobytes.set(
        resource.Type,
        (kilobytes.get(resource.Type) ?? 0) + JSON.stringify(resource).length / 1024,
      );
    }
  }
  const size = (types: ReadonlySet<string>) =>
    [...types].reduce((sum, type) => sum + (kilobytes.get(type) ?? 0), 0);
  const groups = new Map<string, Batch>();
  for (const rule of rules) {
    const key = rule.types.join(',');
    const group = groups.get(key) ?? {
      rules: [],
      types: rule.types.length ? new Set(rule.types) : undefined,
    };
    group.rules.push(rule);
    groups.set(key, group);
  }
  const result: Batch[] = [];
  let current: Batch | undefined;
  const sorted = [...groups.values()].sort((a, b) => size(a.types ?? new Set()) - size(b.types ?? new Set()));
  for (const group of sorted) {
    if (!group.types) {
      result.push(group); // a rule whose types could not be read: on whole templates, alone
      continue;
    }
    if (current?.types) {
      const union = new Set([...current.types, ...group.types]);
      if ((current.rules.length + group.rules.length) * (size(union) + 1) < BATCH_LIMIT) {
        current.rules.push(...group.rules);
        current.types = union;
        continue;
      }
    }
    current = { rules: [...group.rules], types: new Set(group.types) };
    result.push(current);
  }
  return result;
}
