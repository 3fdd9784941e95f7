import * as path from 'node:path';
import {
  CfnElement,
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolationBeta1,
  Stack,
  Stage,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { WIRING_RULES } from './rules';
import { CAPACITY_PROVIDER_ORDER } from './rules/capacity-provider-order';
import { DUPLICATE_SECURITY_GROUP_RULE } from './rules/duplicate-rule';
import { EGRESS_PATH } from './rules/egress-path';
import { EXITING_CONTAINER } from './rules/exiting-container';
import { HEALTH_CHECK_TARGET } from './rules/health-check-target';
import { ORIGIN_BYPASS } from './rules/origin-bypass';
import { ORIGIN_LISTENER } from './rules/origin-listener';
import { ROTATED_SECRET_INJECTED } from './rules/rotated-secret-injected';
import { SECONDARY_WRITER_ENDPOINT } from './rules/secondary-writer-endpoint';
import { SECRET_ARN } from './rules/secret-arn';
import { TARGET_PORT } from './rules/target-port';
import { UNREACHABLE_STORE } from './rules/unreachable-store';
import { VPC_ORIGIN_GATEWAY } from './rules/vpc-origin-gateway';
import { WiringContext, WiringFinding } from './wiring-context';

/**
 * The rule ids of {@link WiringChecks}. They are public contract: a finding is acknowledged as
 * `WiringChecks::<rule id>` (see {@link WiringChecks.acknowledgementId}).
 */
export class WiringRuleIds {
  /** A CloudFront origin that leads to a load balancer has a listener for its protocol and port, and HTTPS reaches a name a certificate covers. */
  public static readonly ORIGIN_LISTENER: string = ORIGIN_LISTENER;
  /** An internet-facing load balancer behind CloudFront forwards only requests with the origin's secret header. */
  public static readonly ORIGIN_BYPASS: string = ORIGIN_BYPASS;
  /** A VPC origin's load balancer is in a VPC with an internet gateway. */
  public static readonly VPC_ORIGIN_GATEWAY: string = VPC_ORIGIN_GATEWAY;
  /** A service's target group, health check and security groups agree with the container port. */
  public static readonly TARGET_PORT: string = TARGET_PORT;
  /** Every database, proxy and cache admits its clients on its port. */
  public static readonly UNREACHABLE_STORE: string = UNREACHABLE_STORE;
  /** Clients of a secondary Aurora global-database cluster are not given its writer endpoint. */
  public static readonly SECONDARY_WRITER_ENDPOINT: string = SECONDARY_WRITER_ENDPOINT;
  /** Container secrets from Secrets Manager use the complete ARN. */
  public static readonly SECRET_ARN: string = SECRET_ARN;
  /** A rotated secret is not injected at task start unless tasks are refreshed after rotation. */
  public static readonly ROTATED_SECRET_INJECTED: string = ROTATED_SECRET_INJECTED;
  /** A service with capacity providers depends on the cluster's capacity-provider association. */
  public static readonly CAPACITY_PROVIDER_ORDER: string = CAPACITY_PROVIDER_ORDER;
  /** A service's essential container does not run a base OS image (busybox, alpine...) without a command. */
  public static readonly EXITING_CONTAINER: string = EXITING_CONTAINER;
  /** Tasks without internet access have a VPC endpoint for each AWS service they use and pull no public image. */
  public static readonly EGRESS_PATH: string = EGRESS_PATH;
  /** A Route 53 health check reaches a listener or distribution alias for its protocol and port. */
  public static readonly HEALTH_CHECK_TARGET: string = HEALTH_CHECK_TARGET;
  /** No two security-group rule resources open the same permission (EC2 refuses the second). */
  public static readonly DUPLICATE_SECURITY_GROUP_RULE: string = DUPLICATE_SECURITY_GROUP_RULE;

  /** Every rule id, in report order. */
  public static all(): string[] {
    return WIRING_RULES.map((rule) => rule.id);
  }

  private constructor() {}
}

/** Options for {@link WiringChecks}. */
export interface WiringChecksProps {
  /**
   * Rule ids (`Wiring-EgressPath`) not to run at all in this app. Prefer acknowledging a single
   * resource's finding next to it.
   *
   * @default - every rule runs
   */
  readonly disabledRules?: string[];
}

/**
 * The fourth compliance gate: a CDK policy-validation plugin that reads the synthesized templates of
 * the whole app and proves the paths between resources that the per-resource checkers cannot see —
 * CloudFront to a listener, the listener to the task, the task to its database, cache, secrets and
 * AWS APIs.
 *
 * It follows the intrinsics it can resolve (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Select`,
 * `Fn::Split`, `Fn::Sub`, `Fn::ImportValue` and `Fn::GetStackOutput` across the app's stacks, and
 * Route 53 records of the app) and skips what it cannot: imported resources and deploy-time values
 * are trusted, never guessed. A rule that fails on a template it does not understand reports
 * nothing and leaves a note in the report's metadata; it never fails the synth.
 *
 * Findings are errors. Acknowledge one next to the resource it names, with the id
 * `WiringChecks::<rule id>` (the plugin's name, two colons, the rule id: CDK namespaces plugin
 * rules by plugin name).
 *
 * @example
 * const app = new App();
 * Validations.of(app).addPlugins(new WiringChecks());
 * // ...
 * Validations.of(listener).acknowledge({
 *   id: WiringChecks.acknowledgementId(WiringRuleIds.ORIGIN_BYPASS), // 'WiringChecks::Wiring-OriginBypass'
 *   reason: 'a WAF web ACL on the load balancer blocks requests without the origin header',
 * });
 */
export class WiringChecks implements IPolicyValidationPluginBeta1 {
  /** The plugin name, and the namespace of its acknowledgement ids. */
  public static readonly PLUGIN_NAME: string = 'WiringChecks';

  /** The id to acknowledge a rule's finding with: `WiringChecks::<ruleId>`. */
  public static acknowledgementId(ruleId: string): string {
    return `${WiringChecks.PLUGIN_NAME}::${ruleId}`;
  }

  public readonly name: string = WiringChecks.PLUGIN_NAME;
  /**
   * The rules this instance runs: every rule of `WiringRuleIds` but the disabled ones. Always set
   * (optional only as `IPolicyValidationPluginBeta1` declares it).
   */
  public readonly ruleIds?: string[];
  private readonly disabledRules: ReadonlySet<string>;

  constructor(props: WiringChecksProps = {}) {
    this.disabledRules = new Set(props.disabledRules ?? []);
    this.ruleIds = WIRING_RULES.map((rule) => rule.id).filter((id) => !this.disabledRules.has(id));
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const notes: string[] = [];
    let wiring: WiringContext;
    try {
      wiring = WiringContext.fromTemplateFiles(
        context.templatePaths,
        constructPathLookup(context.appConstruct),
      );
    } catch (error) {
      return {
        success: true,
        violations: [],
        metadata: { notes: `templates not read: ${messageOf(error)}` },
      };
    }
    const violations: PolicyViolationBeta1[] = [];
    for (const rule of WIRING_RULES) {
      if (this.disabledRules.has(rule.id)) continue;
      let findings: WiringFinding[];
      try {
        findings = rule.check(wiring);
      } catch (error) {
        // A template this rule does not understand: no finding, and a note for whoever debugs it.
        notes.push(`${rule.id} skipped: ${messageOf(error)}`);
        continue;
      }
      for (const finding of findings) {
        violations.push({
          ruleName: rule.id,
          description: finding.message,
          severity: 'error',
          violatingResources: [
            {
              resourceLogicalId: finding.resource.logicalId,
              templatePath: finding.resource.template.templatePath,
              locations: [...(finding.locations ?? [])],
            },
          ],
          ruleMetadata: { constructPath: finding.resource.constructPath },
        });
      }
    }
    if (notes.length > 0 && process.env.CDK_DEBUG)
      process.stderr.write(`WiringChecks: ${notes.join('\n')}\n`);
    return {
      success: violations.length === 0,
      violations,
      ...(notes.length > 0 ? { metadata: { notes: notes.join('\n') } } : {}),
    };
  }
}

/**
 * Construct paths by template and logical id, from the app's construct tree, built on first use
 * (only findings need them). Templates synthesized by the CLI carry `aws:cdk:path` metadata and
 * never get here.
 */
function constructPathLookup(
  root: IConstruct | undefined,
): ((templatePath: string, logicalId: string) => string | undefined) | undefined {
  if (!root) return undefined;
  let paths: Map<string, string> | undefined;
  return (templatePath, logicalId) => {
    if (!paths) {
      paths = new Map();
      for (const construct of root.node.findAll()) {
        if (!CfnElement.isCfnElement(construct)) continue;
        try {
          const stack = Stack.of(construct);
          const stage = Stage.of(stack);
          const file = path.resolve(stage?.outdir ?? '', stack.templateFile);
          const id = stack.resolve(construct.logicalId) as unknown;
          if (typeof id === 'string') paths.set(`${file}\n${id}`, construct.node.path);
        } catch {
          // A construct outside any stack or stage: it has no template.
        }
      }
    }
    return paths.get(`${path.resolve(templatePath)}\n${logicalId}`);
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
