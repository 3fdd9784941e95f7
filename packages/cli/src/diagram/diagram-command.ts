import { ArchitectureGraph, buildArchitectureGraph } from './architecture-graph';
import { blueprintArchitectureGraph, DiagramBlueprint } from './blueprint-diagrams';
import { renderDot } from './dot';
import { renderMermaid } from './mermaid';
import { renderSvg } from './svg';

/** The output formats of {@link renderDiagramCommand}. */
export const DIAGRAM_FORMATS: readonly string[] = ['mermaid', 'svg', 'dot'];

/** Options of the `scaling-blueprints diagram` subcommand. */
export interface DiagramCommandOptions {
  /** The registered blueprints (`BLUEPRINTS` from `blueprints/index.ts`). */
  readonly blueprints: readonly DiagramBlueprint[];
  /**
   * The blueprint to draw; comma-separated names draw several in one picture.
   * @default - every registered blueprint
   */
  readonly blueprint?: string;
  /**
   * Draw an already synthesized cloud assembly directory (`cdk.out`) instead of synthesizing.
   * @default - synthesize the selected blueprints
   */
  readonly assemblyDirectory?: string;
  /**
   * `mermaid`, `svg` or `dot`.
   * @default 'mermaid'
   */
  readonly format?: string;
  /**
   * App context for the synthesis (the project's `cdk.json` context).
   * @default - no context
   */
  readonly context?: Record<string, unknown>;
  /**
   * Also draw the edges to and from the network and observability tiers.
   * @default false
   */
  readonly includeSupportEdges?: boolean;
}

/** Thrown for an unknown blueprint name or format; the message says what is valid. */
export class DiagramCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiagramCommandError';
  }
}

/**
 * What `scaling-blueprints diagram` prints: the architecture diagram of the selected blueprints
 * (synthesized offline) or of a cloud assembly directory, as Mermaid, SVG or DOT text.
 */
export async function renderDiagramCommand(options: DiagramCommandOptions): Promise<string> {
  const format = options.format ?? 'mermaid';
  if (!DIAGRAM_FORMATS.includes(format)) {
    throw new DiagramCommandError(
      `Unknown format '${format}'. Valid formats: ${DIAGRAM_FORMATS.join(', ')}.`,
    );
  }
  const graphOptions = { includeSupportEdges: options.includeSupportEdges };
  let graph: ArchitectureGraph;
  if (options.assemblyDirectory) {
    graph = buildArchitectureGraph(options.assemblyDirectory, graphOptions);
  } else {
    graph = blueprintArchitectureGraph(selectDiagramBlueprints(options.blueprints, options.blueprint), {
      context: options.context,
      graph: graphOptions,
    });
  }
  if (format === 'svg') return renderSvg(graph);
  return format === 'dot' ? renderDot(graph) : renderMermaid(graph);
}

function selectDiagramBlueprints(
  registry: readonly DiagramBlueprint[],
  requested?: string,
): DiagramBlueprint[] {
  const names = (requested ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (names.length === 0) return [...registry];
  return names.map((name) => {
    const entry = registry.find((b) => b.name === name);
    if (!entry) {
      throw new DiagramCommandError(
        `Unknown blueprint '${name}'. Valid blueprints: ${registry.map((b) => b.name).join(', ')}.`,
      );
    }
    return entry;
  });
}
