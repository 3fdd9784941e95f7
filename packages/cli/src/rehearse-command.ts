// `scaling-blueprints rehearse`: a thin layer over src/rehearse. The blueprint registry and the CDK
// are loaded only when this subcommand runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { loadAppStacks, projectContext } from './app-stacks';
import { CliError, ExitCode } from './exit-codes';
import { renderChart } from './rehearse/chart';
import { parseLatencyFlags, platformConstants } from './rehearse/constants';
import { formatJson, formatMarkdown, formatTable } from './rehearse/format';
import { evaluateGates, parseGates } from './rehearse/gates';
import { hintsFromSettings, readTrafficFile } from './rehearse/hints';
import {
  builtInProfile,
  Profile,
  PROFILE_NAMES,
  ProfileName,
  readProfileFile,
  TrafficModel,
} from './rehearse/profiles';
import { BlueprintHints, rehearse, RehearsalReport } from './rehearse/rehearsal';
import { bundledPriceTable } from './cost/price-table';
import { PriceTablePricer } from './rehearse/price-table-pricer';
import { UsagePricer } from './rehearse/usage';

/** The flags of `scaling-blueprints rehearse`. */
export interface RehearseOptions {
  readonly blueprint?: string;
  readonly app?: string;
  readonly profile?: string;
  readonly profileFile?: string;
  readonly traffic?: string;
  readonly start?: string;
  readonly format?: string;
  readonly chart?: string;
  readonly failIf?: string[];
  readonly latency?: string[];
  /** `key=value` pairs over the cdk.json context, as `cdk synth -c`. */
  readonly context?: string[];
}

export interface RehearseDeps {
  readonly stdout: { write(text: string): unknown };
  readonly cwd: string;
  /** Extra app context (tests pass blueprint settings here, as `-c` would). */
  readonly context?: Record<string, unknown>;
  /** Prices usage in dollars when given (the `cost` command's price table). */
  readonly pricer?: UsagePricer;
}

export const REHEARSE_FORMATS = ['table', 'json', 'markdown'] as const;

/** The settings of a registered blueprint, read from the app context as the blueprint reads them. */
export function blueprintHints(
  blueprint: string,
  context: Record<string, unknown> | undefined,
): BlueprintHints {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const blueprints =
    require('cdk-scaling-blueprints/blueprints') as typeof import('cdk-scaling-blueprints/blueprints');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const schemas: Record<string, Parameters<typeof blueprints.readSettings>[2]> = {
    [blueprints.BUDGET_STARTUP]: blueprints.budgetStartupSettingsSchema,
    [blueprints.MULTI_REGION_SAAS]: blueprints.multiRegionSaasSettingsSchema,
    [blueprints.LEGACY_MONOLITH_UPLIFT]: blueprints.legacyMonolithUpliftSettingsSchema,
  };
  const schema = schemas[blueprint];
  if (!schema) return { blueprint, services: {} };
  return withSettingsErrors(() =>
    hintsFromSettings(blueprint, blueprints.readSettings(new App({ context }), blueprint, schema)),
  );
}

/** A blueprint's invalid settings as one usage-error line that names each setting. */
function withSettingsErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && error.name === 'BlueprintSettingsError') {
      const [headline, ...problems] = error.message.split('\n').map((line) => line.trim().replace(/^- /, ''));
      throw new CliError(
        ExitCode.USAGE,
        `${headline.replace(/:$/, '')}: ${problems.join('; ')}: fix the settings in cdk.json or -c`,
      );
    }
    throw error;
  }
}

/** `-c key=value` flags as context: a value that parses as JSON is that JSON, otherwise the string. */
export function parseContextFlags(flags: readonly string[] | undefined): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const flag of flags ?? []) {
    const index = flag.indexOf('=');
    if (index <= 0) {
      throw new CliError(
        ExitCode.USAGE,
        `-c ${flag}: expected key=value, e.g. -c budget-startup='{"web":{"maxCapacity":3}}'`,
      );
    }
    const value = flag.slice(index + 1);
    try {
      context[flag.slice(0, index)] = JSON.parse(value);
    } catch {
      context[flag.slice(0, index)] = value;
    }
  }
  return context;
}

/** Runs a rehearsal and returns the report (for the command and scripts/rehearsals.js). */
export function runRehearsal(
  options: RehearseOptions,
  deps: Pick<RehearseDeps, 'cwd' | 'context' | 'pricer'>,
): ReturnType<typeof rehearse> {
  if (options.blueprint === undefined && options.app === undefined) {
    throw new CliError(
      ExitCode.USAGE,
      'nothing to rehearse: give --blueprint <name> or --app <cdk.out or command>',
    );
  }
  if (options.blueprint !== undefined && options.blueprint.includes(',')) {
    throw new CliError(ExitCode.USAGE, `--blueprint ${options.blueprint}: rehearse one blueprint at a time`);
  }
  if (options.profile !== undefined && options.profileFile !== undefined) {
    throw new CliError(ExitCode.USAGE, 'give either --profile or --profile-file, not both');
  }
  const profileName = options.profile ?? 'step-10x';
  if (options.profileFile === undefined && !(PROFILE_NAMES as readonly string[]).includes(profileName)) {
    throw new CliError(
      ExitCode.USAGE,
      `--profile ${profileName}: use one of ${PROFILE_NAMES.join(', ')}, or --profile-file`,
    );
  }
  const constants = platformConstants(parseLatencyFlags(options.latency));
  const extraContext = { ...deps.context, ...parseContextFlags(options.context) };
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { BLUEPRINTS } =
    require('cdk-scaling-blueprints/blueprints') as typeof import('cdk-scaling-blueprints/blueprints');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const stacks = withSettingsErrors(() =>
    loadAppStacks({
      blueprint: options.blueprint,
      app: options.app,
      registry: BLUEPRINTS,
      cwd: deps.cwd,
      context: extraContext,
    }),
  );
  const context = { ...projectContext(deps.cwd), ...extraContext };
  const hints = options.blueprint !== undefined ? blueprintHints(options.blueprint, context) : undefined;
  let traffic: TrafficModel | undefined = hints?.traffic;
  let trafficSource = options.blueprint !== undefined ? `the ${options.blueprint} settings (traffic.*)` : '';
  if (options.traffic !== undefined) {
    traffic = readTrafficFile(path.resolve(deps.cwd, options.traffic));
    trafficSource = options.traffic;
  }
  if (!traffic) {
    throw new CliError(
      ExitCode.USAGE,
      'no traffic model: pass --traffic <file.json> with the traffic.* fields (averageRequestsPerSecond, cpuMillisecondsPerRequest, …)',
    );
  }
  let profile: Profile;
  if (options.profileFile !== undefined) {
    profile = readProfileFile(path.resolve(deps.cwd, options.profileFile), traffic.cdnHitRatioPercent);
  } else {
    profile = builtInProfile(profileName as ProfileName, traffic);
  }
  return rehearse({
    stacks,
    profile,
    traffic,
    trafficSource,
    hints,
    constants,
    start: options.start ?? profile.defaultStart,
    source: { blueprint: options.blueprint, app: options.app },
    // The cost command's dated price table, unless a caller plugs in another pricer.
    pricer: deps.pricer ?? new PriceTablePricer(bundledPriceTable()),
  });
}

/** `scaling-blueprints rehearse`: prints the figures, writes the chart, applies the gates. */
export async function runRehearse(options: RehearseOptions, deps: RehearseDeps): Promise<ExitCode> {
  const format = options.format ?? 'table';
  const gates = parseGates(options.failIf);
  const { report, timelines } = runRehearsal(options, deps);
  const results = evaluateGates(gates, report.summary);
  if (options.chart !== undefined) {
    const file = path.resolve(deps.cwd, options.chart);
    try {
      fs.writeFileSync(file, renderChart(report, timelines));
    } catch (error) {
      throw new CliError(
        ExitCode.BAD_INPUT_FILE,
        `--chart ${options.chart}: cannot write it (${(error as Error).message}): check the directory exists`,
      );
    }
  }
  deps.stdout.write(formatReport(report, results, format));
  return results.some((r) => r.failed) ? ExitCode.REHEARSAL_GATE : ExitCode.OK;
}

function formatReport(
  report: RehearsalReport,
  results: ReturnType<typeof evaluateGates>,
  format: string,
): string {
  if (format === 'json') return formatJson(report, results);
  if (format === 'markdown') return formatMarkdown(report, results);
  return formatTable(report, results);
}
