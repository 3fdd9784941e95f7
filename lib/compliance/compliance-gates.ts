import { AwsSolutionsChecks } from 'cdk-nag';
import { Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { guardRulesNotApplied } from './guard-rules-not-applied';
import { ScopedGuardValidator } from './scoped-guard-validator';
import { WiringChecks } from './wiring/wiring-checks';

/** Context key that turns the built-in CloudFormation validation's findings into synth errors. */
export const VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT = '@aws-cdk/core:validateAgainstDefaultRules';
/** Context key that makes warnings (from every gate) fail synth, not just errors. */
export const STRICT_VALIDATION_CONTEXT = '@aws-cdk/core:strictCfnValidateErrors';

/** Options for {@link applyComplianceGates}. */
export interface ComplianceGatesOptions {
  /**
   * Extra Control Tower guard rule ids (file ids such as `ct-s3-pr-8`) to disable for this app,
   * on top of {@link guardRulesNotApplied}. Prefer acknowledging single resources.
   *
   * @default - only the rules in `guardRulesNotApplied` are disabled
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

/**
 * Register the compliance gates on an app or stage: the built-in CloudFormation validation (made
 * strict), cdk-nag's AwsSolutions pack, the Control Tower cfn-guard rules minus
 * {@link guardRulesNotApplied}, and {@link WiringChecks} (unless `wiring: false`). A synth with an
 * unacknowledged finding then fails with "Validation failed" and writes `validation-report.json`
 * into the cloud assembly.
 *
 * @example
 * const app = new App();
 * applyComplianceGates(app); // before adding stacks
 * const stack = new Stack(app, 'Shop', { env: { account: '123456789012', region: 'us-east-1' } });
 * new Network(stack, 'Network');
 * // or a whole blueprint: new BudgetStartupStack(app, 'Shop', { settings: budgetStartupSettings() }),
 * // from 'cdk-scaling-blueprints/blueprints'
 */
export function applyComplianceGates(app: Stage, options: ComplianceGatesOptions = {}): void {
  if ((options.strict ?? true) && app.node.children.length === 0) {
    app.node.setContext(VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT, true);
    app.node.setContext(STRICT_VALIDATION_CONTEXT, true);
  }
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    // The Control Tower rules, run only for the resource types the templates contain (a rule for
    // absent types can only pass): the same findings, in about half the time.
    new ScopedGuardValidator({
      disabledRules: [...Object.keys(guardRulesNotApplied), ...(options.additionalDisabledGuardRules ?? [])],
    }),
    ...((options.wiring ?? true) ? [new WiringChecks()] : []),
  );
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
 * Findings of cdk-nag's AwsSolutions pack for a construct tree, without a synth (fast: use it in
 * unit tests). Acknowledged findings are left out.
 */
export function nagFindings(scope: IConstruct): ComplianceFinding[] {
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
