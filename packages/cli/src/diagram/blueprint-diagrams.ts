import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { compareStrings } from './assembly-reader';
import { ArchitectureGraph, ArchitectureGraphOptions, buildArchitectureGraph } from './architecture-graph';
import { renderMermaid } from './mermaid';
import { renderSvg } from './svg';

/** A blueprint the diagrams are drawn from: the shape of the entries in `blueprints/index.ts`. */
export interface DiagramBlueprint {
  /** The context name, e.g. `budget-startup`; also the diagram's file name. */
  readonly name: string;
  /** Adds the blueprint's stacks to an app. */
  readonly addTo: (app: App) => void;
}

/** Options for synthesizing blueprints into diagrams. */
export interface BlueprintDiagramOptions {
  /**
   * Context for the app: pass the project's `cdk.json` context so the diagram shows what
   * `cdk synth` deploys.
   * @default - no context
   */
  readonly context?: Record<string, unknown>;
  /** @default - {@link ArchitectureGraphOptions} defaults */
  readonly graph?: ArchitectureGraphOptions;
}

/**
 * Synthesizes the blueprints into one app (offline, built-in CloudFormation validation off, no
 * compliance gates: they do not change the architecture) and returns its architecture graph. The
 * cloud assembly goes to a temporary directory that is removed afterwards.
 */
export function blueprintArchitectureGraph(
  blueprints: readonly DiagramBlueprint[],
  options: BlueprintDiagramOptions = {},
): ArchitectureGraph {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-'));
  try {
    const app = new App({ outdir, context: options.context, builtinCloudFormationValidation: false });
    for (const blueprint of blueprints) blueprint.addTo(app);
    return buildArchitectureGraph(app.synth(), options.graph);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The committed diagram files of every blueprint: `<name>.mmd` (Mermaid) and `<name>.svg`, by file
 * name, sorted. `scripts/diagrams.js` writes them to `docs/diagrams/`; a test compares them.
 */
export async function blueprintDiagramFiles(
  blueprints: readonly DiagramBlueprint[],
  options: BlueprintDiagramOptions = {},
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const blueprint of [...blueprints].sort((a, b) => compareStrings(a.name, b.name))) {
    const graph = blueprintArchitectureGraph([blueprint], options);
    files[`${blueprint.name}.mmd`] = renderMermaid(graph);
    files[`${blueprint.name}.svg`] = await renderSvg(graph);
  }
  return files;
}

/** Writes the files into the directory (created when missing); returns the names that changed. */
export function writeDiagramFiles(directory: string, files: Record<string, string>): string[] {
  fs.mkdirSync(directory, { recursive: true });
  const changed = staleDiagramFiles(directory, files);
  for (const name of changed) fs.writeFileSync(path.join(directory, name), files[name]);
  return changed;
}

/** The names of the files whose committed copy in the directory is missing or different. */
export function staleDiagramFiles(directory: string, files: Record<string, string>): string[] {
  return Object.keys(files)
    .sort()
    .filter((name) => {
      const file = path.join(directory, name);
      return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== files[name];
    });
}
