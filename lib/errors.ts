import { IConstruct } from 'constructs';

const BLUEPRINT_VALIDATION_ERROR = Symbol.for('cdk-scaling-blueprints.BlueprintValidationError');

/**
 * The base of the library's errors: not exported, so that jsii (which has no `Error` subclasses)
 * never sees `Error` in an exported extends clause (aws-cdk-lib's errors are built the same way).
 */
abstract class LibraryError extends Error {}

/**
 * The one error this library throws for impossible or conflicting settings.
 *
 * It is raised at construction time (that is, at synth), before any child resource is created,
 * and its message names the prop, the value received and the fix. `constructPath` says which
 * construct rejected the input.
 *
 * TypeScript and JavaScript only: jsii cannot carry a subclass of `Error` to other languages, so
 * this class is left out of their API (`@internal` to jsii), where
 * `BlueprintErrors.isBlueprintValidationError(error)` tells the error apart. `instanceof` works in
 * TypeScript as usual; `BlueprintValidationError.isBlueprintValidationError(error)` works across
 * two copies of the package as well.
 *
 * @example
 * try {
 *   new Network(stack, 'Network', { maxAzs: 9 });
 * } catch (e) {
 *   if (e instanceof BlueprintValidationError) console.error(e.constructPath, e.prop);
 * }
 *
 * @internal
 */
export class BlueprintValidationError extends LibraryError {
  /** Whether `x` is a BlueprintValidationError (of any copy of this library). */
  public static isBlueprintValidationError(x: unknown): x is BlueprintValidationError {
    return typeof x === 'object' && x !== null && BLUEPRINT_VALIDATION_ERROR in x;
  }

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
    Object.defineProperty(this, BLUEPRINT_VALIDATION_ERROR, { value: true });
  }
}

/**
 * Tests on the errors this library throws, for every language (jsii cannot represent the error
 * classes themselves).
 */
export class BlueprintErrors {
  /**
   * Whether `x` is the error this library throws for impossible or conflicting settings (a
   * `BlueprintValidationError`): its message names the construct path, the prop, the value
   * received and the fix.
   */
  public static isBlueprintValidationError(x: unknown): boolean {
    return BlueprintValidationError.isBlueprintValidationError(x);
  }

  private constructor() {}
}
