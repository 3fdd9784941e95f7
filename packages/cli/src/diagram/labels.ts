import { ArchitectureGraph, ArchitectureNode, ArchitectureStack } from './architecture-graph';
import { DiagramTier, TIER_ORDER } from './resource-kinds';

/** The lines of a node's label: name, what it is, scaling bounds, extras. */
export function nodeLabelLines(node: ArchitectureNode): string[] {
  return [node.name, node.kind, ...node.scaling, ...node.extras].filter((line) => line.length > 0);
}

/** A stack group's title: `Shop · eu-west-1`. */
export function stackTitle(stack: ArchitectureStack): string {
  return stack.region ? `${stack.constructPath} · ${stack.region}` : stack.constructPath;
}

/** The nodes of one stack, by tier in drawing order (tiers without nodes left out). */
export function nodesByTier(
  graph: ArchitectureGraph,
  stack: ArchitectureStack,
): Array<{ tier: DiagramTier; nodes: ArchitectureNode[] }> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes = stack.nodeIds.map((id) => byId.get(id)!);
  return TIER_ORDER.map((tier) => ({ tier, nodes: nodes.filter((n) => n.tier === tier) })).filter(
    (group) => group.nodes.length > 0,
  );
}

/** Fill and border colours of each tier, shared by the renderers. */
export const TIER_COLOURS: Record<DiagramTier, { fill: string; stroke: string }> = {
  [DiagramTier.EDGE]: { fill: '#f3e8fd', stroke: '#8c4fff' },
  [DiagramTier.WEB]: { fill: '#fdf0e0', stroke: '#ed7100' },
  [DiagramTier.ASYNC]: { fill: '#fce4ec', stroke: '#e7157b' },
  [DiagramTier.CACHE]: { fill: '#e3f2fd', stroke: '#2e73b8' },
  [DiagramTier.DATA]: { fill: '#e8eaf6', stroke: '#3b48cc' },
  [DiagramTier.OBSERVABILITY]: { fill: '#fde8e8', stroke: '#dd344c' },
  [DiagramTier.NETWORK]: { fill: '#e8f5e9', stroke: '#3f8624' },
};
