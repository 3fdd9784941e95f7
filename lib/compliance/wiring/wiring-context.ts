import { Resolver } from './intrinsics';
import { AppModel, CfnResource, ConstructPathLookup } from './template-model';

/** What a rule is given: the app's templates and a resolver over them. Indexes hang off the model. */
export class WiringContext {
  /** Read the templates a validation plugin is given. */
  public static fromTemplateFiles(
    templatePaths: readonly string[],
    lookupPath?: ConstructPathLookup,
  ): WiringContext {
    return new WiringContext(AppModel.fromTemplateFiles(templatePaths, lookupPath));
  }

  public readonly resolver: Resolver;

  constructor(public readonly model: AppModel) {
    this.resolver = new Resolver(model);
  }
}

/** One broken path a rule found. */
export interface WiringFinding {
  /** The resource to fix (and to acknowledge the finding on). */
  readonly resource: CfnResource;
  /** What is broken, on which resources, and what to do. */
  readonly message: string;
  /** Property paths of `resource` the finding is about, e.g. `Properties/DistributionConfig/Origins`. */
  readonly locations?: readonly string[];
}

/** One rule of the wiring gate. `id` is public contract: users acknowledge findings by it. */
export interface WiringRule {
  readonly id: string;
  /** One sentence: what the rule proves. */
  readonly summary: string;
  check(context: WiringContext): WiringFinding[];
}
