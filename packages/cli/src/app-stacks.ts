// Where the `cost` and `rehearse` (and `diagram`) commands get templates from: the registered
// blueprints synthesized in-process, an already synthesized cloud assembly (cdk.out), or any CDK app
// command run with CDK_OUTDIR pointing at a temporary directory. All offline.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { DiagramStack, readAssemblyStacks } from './diagram/assembly-reader';
import { CliError, ExitCode } from './exit-codes';

/** A blueprint that can be synthesized: the shape of the entries in the blueprint registry. */
export interface SynthesizableBlueprint {
  readonly name: string;
  readonly addTo: (app: App) => void;
}

/** What to read templates from. Exactly one of `blueprint` and `app`. */
export interface AppStacksOptions {
  /** Blueprint name(s), comma-separated, from `registry`. */
  readonly blueprint?: string;
  /** A cloud assembly directory (cdk.out), or a command that runs a CDK app (`npx ts-node bin/app.ts`). */
  readonly app?: string;
  /** The registered blueprints (`BLUEPRINTS` from `cdk-scaling-blueprints/blueprints`). */
  readonly registry: readonly SynthesizableBlueprint[];
  /** The directory relative paths and the project's cdk.json are read from. */
  readonly cwd: string;
  /** Extra context for an in-process synthesis (merged over the cdk.json context of `cwd`). */
  readonly context?: Record<string, unknown>;
}

/** The `context` of the cdk.json in `cwd`, so blueprints synthesize as `cdk synth` does there. */
export function projectContext(cwd: string): Record<string, unknown> | undefined {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context;
}

/** The stacks (templates, regions, construct paths) of the selected blueprints or app. */
export function loadAppStacks(options: AppStacksOptions): DiagramStack[] {
  if (options.blueprint !== undefined && options.app !== undefined) {
    throw new CliError(ExitCode.USAGE, 'give either --blueprint or --app, not both');
  }
  if (options.app !== undefined) return stacksOfApp(options.app, options.cwd);
  const selected = selectBlueprints(options.registry, options.blueprint);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-blueprints-'));
  try {
    const context = { ...projectContext(options.cwd), ...options.context };
    // The compliance gates do not change a template: synthesize without them (and without the
    // built-in validation, which costs seconds and changes nothing either).
    const app = new App({ outdir, context, builtinCloudFormationValidation: false });
    for (const blueprint of selected) blueprint.addTo(app);
    return readAssemblyStacks(app.synth());
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function stacksOfApp(app: string, cwd: string): DiagramStack[] {
  const directory = path.resolve(cwd, app);
  if (fs.existsSync(directory) && fs.statSync(directory).isDirectory()) {
    if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
      throw new CliError(
        ExitCode.USAGE,
        `--app ${app}: ${directory} is not a cloud assembly (no manifest.json); run \`npx cdk synth\` first or pass the app command`,
      );
    }
    return readAssemblyStacks(directory);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-blueprints-app-'));
  try {
    const run = spawnSync(app, {
      cwd,
      shell: true,
      encoding: 'utf8',
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_DISABLE_VERSION_CHECK: '1' },
    });
    if (run.status !== 0 || !fs.existsSync(path.join(outdir, 'manifest.json'))) {
      const detail = (run.stderr || run.stdout || '').trim().split('\n').slice(-3).join(' ');
      throw new CliError(
        ExitCode.USAGE,
        `--app ${app}: the command did not synthesize a cloud assembly (exit ${run.status ?? 'signal'})${detail ? `: ${detail}` : ''}; pass a cdk.out directory or a command such as 'npx ts-node bin/app.ts'`,
      );
    }
    return readAssemblyStacks(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The named blueprints (comma-separated), or all of them; an unknown name is a usage error. */
export function selectBlueprints<T extends SynthesizableBlueprint>(
  registry: readonly T[],
  requested: string | undefined,
): T[] {
  const names = (requested ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (names.length === 0) return [...registry];
  return names.map((name) => {
    const entry = registry.find((b) => b.name === name);
    if (!entry) {
      throw new CliError(
        ExitCode.USAGE,
        `unknown blueprint '${name}': valid blueprints are ${registry.map((b) => b.name).join(', ')}`,
      );
    }
    return entry;
  });
}
