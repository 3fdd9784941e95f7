// `scaling-blueprints diagram`: a thin layer over src/diagram. The blueprint registry and the
// diagram renderer are loaded only when this subcommand runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, ExitCode } from './exit-codes';

/** The flags of `scaling-blueprints diagram`. */
export interface DiagramOptions {
  readonly blueprint?: string;
  readonly app?: string;
  readonly format?: string;
  readonly output?: string;
  readonly supportEdges?: boolean;
}

/** Where the command writes. */
export interface DiagramDeps {
  readonly stdout: { write(text: string): unknown };
  readonly cwd: string;
}

/** The `context` of the cdk.json in `cwd`, so the blueprints synthesize as `cdk synth` does there. */
function projectContext(cwd: string): Record<string, unknown> | undefined {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context;
}

/** The cloud assembly directory of `--app`, checked: a missing or unreadable one is an input error. */
function assemblyDirectory(app: string, cwd: string): string {
  const directory = path.resolve(cwd, app);
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `--app ${app}: no such directory: pass a synthesized cloud assembly (\`npx cdk synth\` writes cdk.out)`,
    );
  }
  if (!fs.existsSync(path.join(directory, 'manifest.json'))) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `--app ${app}: not a cloud assembly (no manifest.json): run \`npx cdk synth\` and pass its cdk.out`,
    );
  }
  return directory;
}

/** Renders the diagram and prints it (or writes `--output`). */
export async function runDiagram(options: DiagramOptions, deps: DiagramDeps): Promise<ExitCode> {
  // Check the input before loading the renderer and synthesizing anything.
  const assembly = options.app ? assemblyDirectory(options.app, deps.cwd) : undefined;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { renderDiagramCommand, DiagramCommandError } = require('./diagram') as typeof import('./diagram');
  const { BLUEPRINTS } =
    require('cdk-scaling-blueprints/blueprints') as typeof import('cdk-scaling-blueprints/blueprints');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let text: string;
  try {
    text = await renderDiagramCommand({
      blueprints: BLUEPRINTS,
      blueprint: options.blueprint,
      assemblyDirectory: assembly,
      format: options.format,
      context: projectContext(deps.cwd),
      includeSupportEdges: options.supportEdges,
    });
  } catch (e) {
    if (e instanceof DiagramCommandError) throw new CliError(ExitCode.USAGE, e.message);
    if (e instanceof SyntaxError && options.app) {
      throw new CliError(
        ExitCode.BAD_INPUT_FILE,
        `--app ${options.app}: unreadable cloud assembly (${e.message}): synthesize it again`,
      );
    }
    throw e;
  }
  if (options.output) {
    try {
      fs.writeFileSync(path.resolve(deps.cwd, options.output), text.endsWith('\n') ? text : `${text}\n`);
    } catch (e) {
      throw new CliError(
        ExitCode.BAD_INPUT_FILE,
        `cannot write ${options.output}: ${(e as Error).message.split('\n')[0]}: pick a writable path`,
      );
    }
  } else {
    deps.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return ExitCode.OK;
}
