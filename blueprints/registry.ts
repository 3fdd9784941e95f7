import { App } from 'aws-cdk-lib';
import type { TrafficSettings } from './settings';

/** One deployable blueprint, selected on the command line with `-c blueprint=<name>`. */
export interface BlueprintEntry {
  /** The context name, e.g. `budget-startup`. */
  readonly name: string;
  /** One line for `--help`-style listings and error messages. */
  readonly description: string;
  /** Adds the blueprint's stacks to the app, reading its settings from the app's context. */
  readonly addTo: (app: App) => void;
  /**
   * The blueprint's traffic model (`traffic.*` of its settings, read from the app's context): what
   * "1×" means for the `cost` and `rehearse` commands.
   */
  readonly trafficModel?: (app: App) => TrafficSettings;
}

/** Thrown when `-c blueprint=<name>` names no registered blueprint. */
export class UnknownBlueprintError extends Error {
  constructor(requested: string, known: readonly BlueprintEntry[]) {
    super(
      `Unknown blueprint '${requested}'. Valid blueprints: ${known.map((b) => b.name).join(', ')}. ` +
        `Pick one with -c blueprint=<name>, or leave it out to synthesize all of them.`,
    );
    this.name = 'UnknownBlueprintError';
  }
}

/**
 * The blueprints to synthesize: the one named by `requested` (the `blueprint` context value), or
 * all of them when it is absent or names nothing. Comma-separated names select several.
 */
export function selectBlueprints(registry: readonly BlueprintEntry[], requested: unknown): BlueprintEntry[] {
  const names = String(requested ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (names.length === 0) return [...registry];
  return names.map((name) => {
    const entry = registry.find((b) => b.name === name);
    if (!entry) throw new UnknownBlueprintError(name, registry);
    return entry;
  });
}
