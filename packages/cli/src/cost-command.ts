// `scaling-blueprints cost`: a thin layer over src/cost. The blueprint registry is loaded only when
// this subcommand runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, ExitCode } from './exit-codes';

/** The flags of `scaling-blueprints cost`. */
export interface CostOptions {
  readonly blueprint?: string;
  readonly app?: string;
  /** Built-in profiles, repeated or comma-separated. */
  readonly profile?: readonly string[];
  readonly profileFile?: string;
  readonly region?: string;
  readonly format?: string;
  /** Another price table file. */
  readonly prices?: string;
}

/** Where the command writes and which blueprints it knows (injected by tests). */
export interface CostDeps {
  readonly stdout: { write(text: string): unknown };
  readonly cwd: string;
  readonly registry?: readonly import('./cost').CostBlueprint[];
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Estimates and prints; returns the exit code. */
export async function runCost(options: CostOptions, deps: CostDeps): Promise<ExitCode> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const cost = require('./cost') as typeof import('./cost');
  const registry =
    deps.registry ??
    (require('cdk-scaling-blueprints/blueprints') as typeof import('cdk-scaling-blueprints/blueprints'))
      .BLUEPRINTS;
  /* eslint-enable @typescript-eslint/no-require-imports */
  if ((options.blueprint === undefined) === (options.app === undefined)) {
    throw new CliError(
      ExitCode.USAGE,
      `give either --blueprint <name> or --app <cdk.out or app command>: pick one of ${registry.map((b) => b.name).join(', ')}, or point at a synthesized app`,
    );
  }
  if (options.blueprint !== undefined && options.blueprint.includes(',')) {
    throw new CliError(
      ExitCode.USAGE,
      `--blueprint takes one blueprint, got: ${options.blueprint}: run the command once per blueprint`,
    );
  }
  if (options.region !== undefined && !REGION.test(options.region)) {
    throw new CliError(
      ExitCode.USAGE,
      `--region must be an AWS region name such as eu-west-1, got: ${options.region}`,
    );
  }
  if (options.profileFile !== undefined && options.profile !== undefined) {
    throw new CliError(
      ExitCode.USAGE,
      'give either --profile or --profile-file, not both: a profile file lists its own profiles',
    );
  }
  const profiles = options.profile
    ?.flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');

  const unknown = profiles?.find((p) => !(cost.BUILT_IN_PROFILES as readonly string[]).includes(p));
  if (unknown !== undefined) {
    throw new CliError(
      ExitCode.USAGE,
      `unknown profile '${unknown}': use idle, 1x or 10x, or --profile-file`,
    );
  }
  let priceTable: import('./cost').PriceTable;
  let profileFile: unknown;
  try {
    priceTable =
      options.prices === undefined
        ? cost.bundledPriceTable()
        : cost.readPriceTable(path.resolve(deps.cwd, options.prices));
    if (options.profileFile !== undefined) {
      const file = path.resolve(deps.cwd, options.profileFile);
      try {
        profileFile = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new cost.ProfileError(
          `cannot read the profile file ${file}: ${(error as Error).message}`,
          true,
        );
      }
    }
  } catch (error) {
    if (error instanceof cost.InvalidPriceTableError) {
      throw new CliError(
        ExitCode.BAD_INPUT_FILE,
        `${error.message}: fix the file or leave --prices out to use the bundled table`,
      );
    }
    if (error instanceof cost.ProfileError) {
      throw new CliError(
        ExitCode.BAD_INPUT_FILE,
        `${error.message}: pass a JSON file such as { "profiles": [{ "name": "peak", "multiplier": 3 }] }`,
      );
    }
    throw error;
  }

  let report: import('./cost').CostReport;
  try {
    report = cost.estimateBlueprint({
      blueprint: options.blueprint,
      app: options.app,
      registry,
      cwd: deps.cwd,
      profiles,
      profileFile,
      profileFileName: options.profileFile,
      priceTable,
      region: options.region,
    });
  } catch (error) {
    if (error instanceof cost.ProfileError) {
      throw new CliError(error.badFile ? ExitCode.BAD_INPUT_FILE : ExitCode.USAGE, error.message);
    }
    if (error instanceof cost.MixedBlueprintsError) throw new CliError(ExitCode.USAGE, error.message);
    throw error;
  }
  const format = options.format ?? 'table';
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? cost.formatCostMarkdown(report)
        : cost.formatCostTable(report);
  deps.stdout.write(text);
  return ExitCode.OK;
}
