// Estimating a blueprint (or any app) from the CLI and the docs script alike: load the templates,
// find the traffic model, build the profiles, price them.
import { App } from 'aws-cdk-lib';
import { loadAppStacks, projectContext, SynthesizableBlueprint } from '../app-stacks';
import { DiagramStack } from '../diagram/assembly-reader';
import { CostReport, estimateCost } from './engine';
import { PriceTable } from './price-table';
import { BUILT_IN_PROFILES, builtInProfile, CostProfile, parseProfiles, TrafficModel } from './profiles';
import { isRecord, listOf } from './template';

/** A registered blueprint as the cost command uses it. */
export interface CostBlueprint extends SynthesizableBlueprint {
  readonly trafficModel?: (app: App) => TrafficModel;
}

/** The `blueprint` tag the stacks carry (a blueprint's resources are tagged with its name). */
export function blueprintTags(stacks: readonly DiagramStack[]): string[] {
  const names = new Set<string>();
  for (const stack of stacks) {
    for (const resource of Object.values(stack.template.Resources ?? {})) {
      const tags = resource.Properties?.Tags;
      for (const tag of listOf(tags)) {
        if (isRecord(tag) && tag.Key === 'blueprint' && typeof tag.Value === 'string') names.add(tag.Value);
      }
      if (isRecord(tags) && typeof tags.blueprint === 'string') names.add(tags.blueprint);
    }
  }
  return [...names].sort();
}

/** What to estimate. */
export interface BlueprintEstimateOptions {
  /** One registered blueprint, synthesized in-process. */
  readonly blueprint?: string;
  /** A cloud assembly directory or an app command. */
  readonly app?: string;
  readonly registry: readonly CostBlueprint[];
  readonly cwd: string;
  /** Context over the project's cdk.json context (settings of the blueprint, e.g. a variant). */
  readonly context?: Record<string, unknown>;
  /** Built-in profile names (default: idle, 1x, 10x). */
  readonly profiles?: readonly string[];
  /** Parsed profile file, instead of the built-in profiles. */
  readonly profileFile?: unknown;
  readonly profileFileName?: string;
  readonly priceTable: PriceTable;
  readonly region?: string;
}

/** Thrown when the templates hold more than one blueprint's stacks. */
export class MixedBlueprintsError extends Error {}

/** Loads the templates and prices them for the requested profiles. */
export function estimateBlueprint(options: BlueprintEstimateOptions): CostReport {
  const stacks = loadAppStacks({
    blueprint: options.blueprint,
    app: options.app,
    registry: options.registry,
    cwd: options.cwd,
    context: options.context,
  });
  const tagged = blueprintTags(stacks);
  if (options.blueprint === undefined && tagged.length > 1) {
    throw new MixedBlueprintsError(
      `the app holds stacks of ${tagged.length} blueprints (${tagged.join(', ')}): synthesize one (-c blueprint=<name>) or use --blueprint`,
    );
  }
  const name = options.blueprint ?? tagged[0];
  const entry = options.registry.find((b) => b.name === name);
  const context = { ...projectContext(options.cwd), ...options.context };
  const model = entry?.trafficModel?.(new App({ context })) ?? null;
  // Without a traffic model only idle can be priced unless profiles are asked for by name.
  const defaultProfiles = model === null ? ['idle'] : BUILT_IN_PROFILES;
  const profiles: CostProfile[] =
    options.profileFile !== undefined
      ? parseProfiles(options.profileFile, model, options.profileFileName)
      : (options.profiles ?? defaultProfiles).map((p) => builtInProfile(p, model));
  const report = estimateCost({
    stacks,
    profiles,
    priceTable: options.priceTable,
    region: options.region,
    blueprint: entry?.name ?? null,
  });
  if (model !== null || options.profiles !== undefined || options.profileFile !== undefined) return report;
  const note =
    'These templates are not a registered blueprint, so there is no traffic model: only idle is priced. Give --profile-file with a traffic model for 1× and 10×.';
  return {
    ...report,
    profiles: report.profiles.map((p) => ({ ...p, assumptions: [note, ...p.assumptions] })),
  };
}
