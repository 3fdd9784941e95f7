import { IConstruct } from 'constructs';

/**
 * The one error this library throws for impossible or conflicting settings.
 *
 * It is raised at construction time (that is, at synth), before any child resource is created,
 * and its message names the prop, the value received and the fix. `constructPath` says which
 * construct rejected the input.
 *
 * @example
 * try {
 *   new Network(stack, 'Network', { maxAzs: 9 });
 * } catch (e) {
 *   if (e instanceof BlueprintValidationError) console.error(e.constructPath, e.prop);
 * }
 */
export class BlueprintValidationError extends Error {
  /** Path of the construct that rejected its props, e.g. `MyStack/Network`. */
  public readonly constructPath: string;
  /** The prop (or setting) the message is about. */
  public readonly prop: string;

  constructor(scope: IConstruct, prop: string, message: string) {
    super(`[${scope.node.path}] ${message}`);
    this.name = 'BlueprintValidationError';
    this.constructPath = scope.node.path;
    this.prop = prop;
    Object.setPrototypeOf(this, BlueprintValidationError.prototype);
  }
}
