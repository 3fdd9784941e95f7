import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../errors';

/**
 * Small, single-purpose checks used by the constructs' `validateProps` methods.
 * Each skips unresolved tokens (a value only known at deploy time cannot be checked at synth)
 * and throws a BlueprintValidationError whose message names the prop and the value received.
 */

/** Throws when `value` is not an integer in `[min, max]`. `hint` is appended to the message. */
export function checkIntegerInRange(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
  hint?: string,
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be an integer between ${min} and ${max}, got: ${value}${hint ? `. ${hint}` : ''}`,
    );
  }
}

/** Throws when `value` is not a finite number in `[min, max]`. */
export function checkNumberInRange(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
  hint?: string,
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be between ${min} and ${max}, got: ${value}${hint ? `. ${hint}` : ''}`,
    );
  }
}

/** Throws when `value` is below `lowerBound` (named `lowerBoundProp` in the message). */
export function checkAtLeast(
  scope: IConstruct,
  prop: string,
  value: number | undefined,
  lowerBoundProp: string,
  lowerBound: number | undefined,
): void {
  if (value === undefined || lowerBound === undefined) return;
  if (Token.isUnresolved(value) || Token.isUnresolved(lowerBound)) return;
  if (value < lowerBound) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be at least \`${lowerBoundProp}\` (${lowerBound}), got: ${value}`,
    );
  }
}

/** Throws when both props are set. */
export function checkNotBoth(scope: IConstruct, propA: string, a: unknown, propB: string, b: unknown): void {
  if (a !== undefined && b !== undefined) {
    throw new BlueprintValidationError(scope, propA, `specify either \`${propA}\` or \`${propB}\`, not both`);
  }
}

/** Throws when a Duration is not strictly positive. */
export function checkPositiveDuration(scope: IConstruct, prop: string, value: Duration | undefined): void {
  if (value === undefined || value.isUnresolved()) return;
  if (value.toMilliseconds() <= 0) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be a positive duration, got: ${value.toHumanString()}`,
    );
  }
}

/** Throws when a Duration is not a whole number of `unit` in `[min, max]`. */
export function checkWholeDuration(
  scope: IConstruct,
  prop: string,
  value: Duration | undefined,
  unit: 'seconds' | 'days',
  min: number,
  max: number,
): void {
  if (value === undefined || value.isUnresolved()) return;
  const amount =
    unit === 'seconds' ? value.toSeconds({ integral: false }) : value.toDays({ integral: false });
  if (!Number.isInteger(amount) || amount < min || amount > max) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be a whole number of ${unit} between ${min} and ${max}, got: ${value.toHumanString()}`,
    );
  }
}

/** Throws when `value` is not an SSM parameter path such as `example` (no trailing '/'). */
export function checkSsmPath(
  scope: IConstruct,
  prop: string,
  value: string | undefined,
  example: string,
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!/^(\/[a-zA-Z0-9_.-]+)+$/.test(value) || value.length > 900) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must be an SSM path such as '${example}' (letters, digits, '_', '.', '-', ` +
        `separated by '/', no trailing '/'), got: '${value}'`,
    );
  }
}
