import { AwsSolutionsChecks } from 'cdk-nag';
import { App, Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { Acknowledgement } from './acknowledgements';
import { GUARD_RULES_NOT_APPLIED } from './private/guard-rules';
import { synthesizeAndReport } from './private/validation-report';
import { ScopedGuardValidator } from './scoped-guard-validator';
import type { ComplianceReport } from './synthesize-with-findings';
import { WiringChecks } from './wiring/wiring-checks';

/** Options for {@link ComplianceGates.apply}. */
export interface ComplianceGatesOptions {
  /**
   * Extra Control Tower guard rule ids (file ids such as `ct-s3-pr-8`) to disable for this app,
   * on top of `ComplianceGates.GUARD_RULES_NOT_APPLIED`. Prefer acknowledging single resources.
   *
   * @default - only the rules in `ComplianceGates.GUARD_RULES_NOT_APPLIED` are disabled
   */
  readonly additionalDisabledGuardRules?: string[];
  /**
   * Make the built-in CloudFormation validation and all warnings fail synth.
   *
   * Sets the `@aws-cdk/core:validateAgainstDefaultRules` and `@aws-cdk/core:strictCfnValidateErrors`
   * context on the app, which is only possible before any child construct is added. When the app
   * already has children, set the two keys in cdk.json (as this project's cdk.json does).
   *
   * @default true
   */
  readonly strict?: boolean;
  /**
   * Register {@link WiringChecks}, the fourth gate, which proves the paths between resources
   * (CloudFront to a listener, a task to its database, secrets and AWS APIs) across the app.
   *
   * @default true
   */
  readonly wiring?: boolean;
}

/** One finding of one gate, as plain data. */
export interface ComplianceFinding {
  /**
   * The gate that reported it: `AwsSolutions` (cdk-nag), `cdk-validator-cfnguard`, `CloudFormation Validate`
   * or `WiringChecks`.
   */
  readonly gate: string;
  /**
   * The rule as the gate names it: `AwsSolutions-SQS3`, `sqs_dlq_check`, `Wiring-OriginListener`. Acknowledge
   * cdk-nag findings by it as is, plugin findings as `<gate>::<ruleId>` (`cdk-validator-cfnguard::sqs_dlq_check`,
   * `WiringChecks::Wiring-OriginListener`).
   */
  readonly ruleId: string;
  /** `error`, `warning` or `info`. */
  readonly severity: string;
  /** Construct path of the offending resource, when known. */
  readonly constructPath: string;
  /** What the rule says. */
  readonly description: string;
  /** The reason given when the finding was acknowledged; absent for open findings. */
  readonly acknowledgedReason?: string;
}

/**
 * The compliance harness: the gates every construct of this library passes, and what they found.
 *
 * @example
 * const app = new App();
 * ComplianceGates.apply(app);
 * new BudgetStartup(app, 'Budget');
 * const report = ComplianceGates.synthesizeWithFindings(app);
 */
export class ComplianceGates {
  /** Context key that turns the built-in CloudFormation validation's findings into synth errors. */
  public static readonly VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT = '@aws-cdk/core:validateAgainstDefaultRules';
  /** Context key that makes warnings (from every gate) fail synth, not just errors. */
  public static readonly STRICT_VALIDATION_CONTEXT = '@aws-cdk/core:strictCfnValidateErrors';
  /**
   * Control Tower proactive-control (cfn-guard) rules that this library disables, by rule file id,
   * with the reason each one does not apply. Everything else in the Control Tower pack runs.
   */
  public static readonly GUARD_RULES_NOT_APPLIED: Record<string, string> = GUARD_RULES_NOT_APPLIED;

  /**
   * Register the compliance gates on an app or stage: the built-in CloudFormation validation (made
   * strict), cdk-nag's AwsSolutions pack, the Control Tower cfn-guard rules minus
   * `GUARD_RULES_NOT_APPLIED`, and {@link WiringChecks} (unless `wiring: false`). A synth with an
   * unacknowledged finding then fails with "Validation failed" and writes `validation-report.json`
   * into the cloud assembly.
   */
  public static apply(app: Stage, options: ComplianceGatesOptions = {}): void {
    if ((options.strict ?? true) && app.node.children.length === 0) {
      app.node.setContext(ComplianceGates.VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT, true);
      app.node.setContext(ComplianceGates.STRICT_VALIDATION_CONTEXT, true);
    }
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app),
      // The Control Tower rules, run only for the resource types the templates contain (a rule for
      // absent types can only pass), each on the resources of its types: the same findings, in
      // about a tenth of the time.
      new ScopedGuardValidator({
        disabledRules: [
          ...Object.keys(GUARD_RULES_NOT_APPLIED),
          ...(options.additionalDisabledGuardRules ?? []),
        ],
      }),
      ...((options.wiring ?? true) ? [new WiringChecks()] : []),
    );
  }

  /**
   * Findings of cdk-nag's AwsSolutions pack for a construct tree, without a synth (fast: use it in
   * unit tests). Acknowledged findings are left out.
   */
  public static nagFindings(scope: IConstruct): ComplianceFinding[] {
    const report = new AwsSolutionsChecks().validateScope(scope);
    return report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({
        gate: 'AwsSolutions',
        ruleId: violation.ruleName,
        severity: violation.severity ?? 'error',
        constructPath: resource.constructPath ?? resource.resourceLogicalId ?? '',
        description: violation.description,
      })),
    );
  }

  /**
   * Synthesize an app on which `ComplianceGates.apply` was called and return every gate's findings
   * as plain data, instead of the "Validation failed" error. The findings are read from the
   * `validation-report.json` that CDK writes into the cloud assembly, so acknowledgements are
   * applied exactly as `cdk synth` applies them.
   *
   * Synthesizes once (the built-in validation costs a few seconds): call it once per app in tests.
   */
  public static synthesizeWithFindings(app: App): ComplianceReport {
    return synthesizeAndReport(app);
  }

  /**
   * Every acknowledgement recorded in a construct tree, from any gate, in tree order. cdk-nag leaves
   * the findings it acknowledged out of its report altogether, so this (not the validation report)
   * is the complete list to review: compare it with a checked-in list in a test.
   */
  public static listAcknowledgements(scope: IConstruct): Acknowledgement[] {
    const acknowledgements: Acknowledgement[] = [];
    for (const construct of scope.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledgements.push({ constructPath: construct.node.path, id, reason });
        }
      }
    }
    return acknowledgements;
  }

  private constructor() {}
}

/** Context key that turns the built-in CloudFormation validation's findings into synth errors. @deprecated use `ComplianceGates.VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT` */
export const VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT = ComplianceGates.VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT;
/** Context key that makes warnings fail synth. @deprecated use `ComplianceGates.STRICT_VALIDATION_CONTEXT` */
export const STRICT_VALIDATION_CONTEXT = ComplianceGates.STRICT_VALIDATION_CONTEXT;

/**
 * Register the compliance gates on an app or stage (TypeScript only).
 *
 * @deprecated use `ComplianceGates.apply(app, options)`, which every jsii language has
 */
export function applyComplianceGates(app: Stage, options: ComplianceGatesOptions = {}): void {
  ComplianceGates.apply(app, options);
}

/**
 * cdk-nag's AwsSolutions findings of a construct tree, without a synth (TypeScript only).
 *
 * @deprecated use `ComplianceGates.nagFindings(scope)`
 */
export function nagFindings(scope: IConstruct): ComplianceFinding[] {
  return ComplianceGates.nagFindings(scope);
}

/**
 * The Control Tower guard rules this library disables, with the reason (TypeScript only).
 *
 * @deprecated use `ComplianceGates.GUARD_RULES_NOT_APPLIED`
 */
export const guardRulesNotApplied: Record<string, string> = GUARD_RULES_NOT_APPLIED;
