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

/** The tiers a request passes through, drawn together; the others support them. */
export const REQUEST_TIERS: readonly DiagramTier[] = [
  DiagramTier.EDGE,
  DiagramTier.WEB,
  DiagramTier.ASYNC,
  DiagramTier.CACHE,
  DiagramTier.DATA,
];

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

/**
 * A support edge as drawn: to one node, or (`toStack`, the index of a stack) to the request path
 * of a stack as a whole, when the support node serves several of its nodes.
 */
export interface DrawnSupportEdge {
  readonly from: string;
  readonly to: string;
  readonly toStack?: number;
  /** `hosts` (network), `watches` (observability), empty between two support nodes. */
  readonly label: string;
}

/** The support edges, those from one node to several request-path nodes of a stack made one. */
export function collapsedSupportEdges(graph: ArchitectureGraph): DrawnSupportEdge[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const stackIndex = new Map(graph.stacks.map((s, i) => [s.constructPath, i]));
  const out: DrawnSupportEdge[] = [];
  const grouped = new Map<string, { from: string; stack: string; label: string; targets: string[] }>();
  for (const edge of graph.edges.filter((e) => e.relation === 'support')) {
    const target = byId.get(edge.to)!;
    const label = edge.label ?? '';
    // Only a network or observability node stands for a whole stack's request path.
    const source = byId.get(edge.from)!;
    const collapsible =
      REQUEST_TIERS.includes(target.tier) &&
      (source.tier === DiagramTier.NETWORK || source.tier === DiagramTier.OBSERVABILITY);
    if (!collapsible) {
      out.push({ from: edge.from, to: edge.to, label });
      continue;
    }
    const groupKey = `${edge.from}\0${target.stack}\0${label}`;
    const group = grouped.get(groupKey) ?? { from: edge.from, stack: target.stack, label, targets: [] };
    group.targets.push(edge.to);
    grouped.set(groupKey, group);
  }
  for (const { from, stack, label, targets } of grouped.values()) {
    out.push(
      targets.length > 1
        ? { from, to: targets[0], toStack: stackIndex.get(stack), label }
        : { from, to: targets[0], label },
    );
  }
  return out.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fill and border colours of each tier, shared by the renderers. */
export const TIER_COLOURS: Record<DiagramTier, { fill: string; stroke: string }> = {
  [DiagramTier.USERS]: { fill: '#ffffff', stroke: '#232f3e' },
  [DiagramTier.EDGE]: { fill: '#f3e8fd', stroke: '#8c4fff' },
  [DiagramTier.WEB]: { fill: '#fdf0e0', stroke: '#ed7100' },
  [DiagramTier.ASYNC]: { fill: '#fce4ec', stroke: '#e7157b' },
  [DiagramTier.CACHE]: { fill: '#e3f2fd', stroke: '#2e73b8' },
  [DiagramTier.DATA]: { fill: '#e8eaf6', stroke: '#3b48cc' },
  [DiagramTier.OBSERVABILITY]: { fill: '#fde8e8', stroke: '#dd344c' },
  [DiagramTier.NETWORK]: { fill: '#e8f5e9', stroke: '#3f8624' },
};
