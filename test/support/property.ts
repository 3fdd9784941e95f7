// Property-based tests that never flake: a fixed seed (overridable with FC_SEED), generators that
// start from a valid configuration and mutate it, and counts of built and rejected cases.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { BlueprintValidationError } from '../../lib/errors';
import { testApp, TEST_ENV } from './app';
import { templateInputs, wiringFindings as templateWiringFindings } from './wiring';

/** The seed every property test uses unless `FC_SEED` says otherwise. */
export const DEFAULT_SEED = 20_240_601;

/** The seed of this run: `FC_SEED` (an integer) when set, else {@link DEFAULT_SEED}. */
export function propertySeed(): number {
  const fromEnv = process.env.FC_SEED;
  if (fromEnv === undefined || fromEnv.trim() === '') return DEFAULT_SEED;
  const seed = Number(fromEnv);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got: ${fromEnv}`);
  return seed;
}

/**
 * fast-check parameters for `fc.assert`: `numRuns` cases from a fixed seed (or `FC_SEED`). On a
 * failure the error names the seed and the command that reproduces it.
 */
export function propertyParameters<T>(numRuns: number): fc.Parameters<T> {
  const seed = propertySeed();
  const testPath = expect.getState().testPath;
  const file = testPath ? testPath.replace(`${process.cwd()}/`, '') : '<test file>';
  return {
    seed,
    numRuns,
    reporter(details) {
      if (!details.failed) return;
      const report = fc.defaultReportMessage(details) ?? '';
      const cause = details.errorInstance;
      const got = cause instanceof Error ? `\nGot error: ${cause.stack ?? cause.message}` : '';
      throw new Error(
        `${report}${report.includes('Got error') ? '' : got}\n\nReproduce with: FC_SEED=${seed} npx jest ${file}`,
        {
          cause,
        },
      );
    },
  };
}

/**
 * An ungated {@link testApp} for the cases of a property test: no creation stack traces in the
 * construct metadata (they cost most of a construction under Jest's source maps).
 */
export function propertyApp(): App {
  return testApp({
    stackTraces: false,
    context: {
      'aws:cdk:disable-creation-stack-traces': true,
      // No construct props recorded as metadata: costs time, changes no resource.
      '@aws-cdk/core:enableAdditionalMetadataCollection': false,
    },
  });
}

/** A stack in the test account (in `region`, default the test region) of a fresh {@link propertyApp}. */
export function propertyStack(id = 'TestStack', region = TEST_ENV.region): Stack {
  return new Stack(propertyApp(), id, { env: { account: TEST_ENV.account, region } });
}

/**
 * Runs `build` without JavaScript stack traces: CDK records one for every acknowledgement, and
 * rendering them through Jest's source maps costs more than the construction. An error thrown by a
 * case keeps its message (with the seed, the failure reproduces; run that case alone for a stack).
 */
export function withoutStackTraces<R>(build: () => R): R {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** One mutation of a valid configuration: `prop` set to `value`, which the construct accepts or not. */
export interface Mutation {
  readonly prop: string;
  readonly value: unknown;
  readonly valid: boolean;
  /** Text the error message must contain for an invalid value (default: the value as text). */
  readonly shown?: string;
}

/** An invalid value, and the text of it the construct's error must show when it is not the plain value. */
export interface InvalidValue {
  readonly value: unknown;
  readonly shown?: string;
}

/**
 * The mutations of one prop: one of `valid` (weight 6) or one of `invalid` (weight `invalidWeight`,
 * default 1), so that a few mutations leave the configuration valid more often than not.
 */
export function mutationOf(
  prop: string,
  valid: readonly unknown[],
  invalid: readonly InvalidValue[],
  invalidWeight = 1,
): fc.Arbitrary<Mutation> {
  const arbitraries: Array<fc.WeightedArbitrary<Mutation>> = [];
  if (valid.length > 0) {
    arbitraries.push({
      arbitrary: fc.constantFrom(...valid).map((value) => ({ prop, value, valid: true })),
      weight: 6,
    });
  }
  if (invalid.length > 0) {
    arbitraries.push({
      arbitrary: fc
        .constantFrom(...invalid)
        .map((v) => ({ prop, value: v.value, valid: false, shown: v.shown })),
      weight: invalidWeight,
    });
  }
  return fc.oneof(...arbitraries);
}

/** Up to 3 mutations drawn from `mutations` (one arbitrary per prop). */
export function mutationsOf(mutations: ReadonlyArray<fc.Arbitrary<Mutation>>): fc.Arbitrary<Mutation[]> {
  return fc.array(fc.oneof(...mutations), { maxLength: 3 });
}

/** The props after the mutations (a later mutation of a prop wins), and the props left invalid. */
export function applyMutations<P extends object>(
  base: P,
  mutations: readonly Mutation[],
): { props: P; invalid: Map<string, Mutation> } {
  const props = { ...base } as Record<string, unknown>;
  const last = new Map<string, Mutation>();
  for (const mutation of mutations) {
    props[mutation.prop] = mutation.value;
    last.set(mutation.prop, mutation);
  }
  const invalid = new Map([...last].filter(([, m]) => !m.valid));
  return { props: props as P, invalid };
}

/** The text the error for an invalid mutation must contain. */
export function shownValue(mutation: Mutation): string {
  return mutation.shown ?? String(mutation.value);
}

/** A BlueprintValidationError's prop and message; undefined for any other error. */
export function validationRejection(error: unknown): { prop: string; message: string } | undefined {
  return error instanceof BlueprintValidationError ? { prop: error.prop, message: error.message } : undefined;
}

/** Counts of a mutation property run, and the first few built cases (for a synth). */
export interface MutationRun<P, R> {
  built: number;
  rejected: number;
  samples: Array<{ props: P; result: R }>;
}

/**
 * Runs `numRuns` mutated configurations through `build` (which constructs, never synthesizes).
 * Each case either builds (when no prop was left invalid) or throws a BlueprintValidationError whose
 * `prop` is one of the invalid props and whose message shows that prop's value. Keeps the first
 * `sampleSize` built cases, and expects both outcomes: at least a third of the cases built, some rejected.
 */
export function runMutations<P extends object, R>(options: {
  base: P;
  mutations: ReadonlyArray<fc.Arbitrary<Mutation>>;
  build: (props: P, index: number) => R;
  numRuns: number;
  sampleSize?: number;
  /** The prop name the construct's errors use for a mutated prop (default: the same). */
  errorProp?: (prop: string) => string;
  /**
   * The prop an expected rejection names, and its message; undefined for any other error (default:
   * a BlueprintValidationError's `prop` and message).
   */
  rejection?: (error: unknown) => { prop: string; message: string } | undefined;
}): MutationRun<P, R> {
  const errorProp = options.errorProp ?? ((prop: string) => prop);
  const run: MutationRun<P, R> = { built: 0, rejected: 0, samples: [] };
  const sampleSize = options.sampleSize ?? 3;
  let index = 0;
  const started = Date.now();
  fc.assert(
    fc.property(mutationsOf(options.mutations), (mutations) => {
      const { props, invalid: invalidProps } = applyMutations(options.base, mutations);
      const invalid = new Map([...invalidProps].map(([prop, m]) => [errorProp(prop), m]));
      let result: R;
      try {
        const caseIndex = index++;
        result = withoutStackTraces(() => options.build(props, caseIndex));
      } catch (error) {
        if (invalid.size === 0) throw error;
        const rejected = (options.rejection ?? validationRejection)(error);
        if (!rejected) throw error;
        const named = invalid.get(rejected.prop);
        if (!named) {
          throw new Error(
            `rejected prop '${rejected.prop}', expected one of ${[...invalid.keys()].join(', ')}: ${rejected.message}`,
          );
        }
        if (!rejected.message.includes(shownValue(named))) {
          throw new Error(
            `the message about '${rejected.prop}' does not show '${shownValue(named)}': ${rejected.message}`,
          );
        }
        run.rejected++;
        return;
      }
      if (invalid.size > 0) {
        throw new Error(`built, although ${[...invalid.keys()].join(', ')} was set to an invalid value`);
      }
      run.built++;
      if (run.samples.length < sampleSize) run.samples.push({ props, result });
    }),
    propertyParameters(options.numRuns),
  );
  if (process.env.FC_REPORT) {
    process.stderr.write(
      `${expect.getState().currentTestName}: built ${run.built}, rejected ${run.rejected} of ${options.numRuns} in ${Date.now() - started} ms\n`,
    );
  }
  // Both outcomes were reached: at least a third of the cases built (the generators start from a
  // valid configuration), some were rejected (the invalid values were drawn), and the sample is full.
  expect(run.built).toBeGreaterThanOrEqual(options.numRuns / 3);
  expect(run.rejected).toBeGreaterThan(0);
  expect(run.samples).toHaveLength(sampleSize);
  return run;
}

/** The wiring gate's findings over the stacks' templates, as `<rule id> <construct path>`, sorted. */
export function wiringFindings(...stacks: Stack[]): string[] {
  return templateWiringFindings(templateInputs(stacks));
}

/**
 * Acknowledges every construct warning (`Validations.addWarning`) under `scope`, so that a sample
 * with a risky-but-legal value passes the strict synth; returns the acknowledged ids.
 */
export function acknowledgeWarnings(scope: IConstruct): string[] {
  const ids: string[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== 'aws:cdk:warning') continue;
      const match = /\[ack: ([^\]]+)\]/.exec(String(entry.data));
      if (!match) continue;
      Validations.of(construct).acknowledge({ id: match[1], reason: 'a property-test sample' });
      ids.push(match[1]);
    }
  }
  return ids;
}
