import { ArchitectureGraph } from './architecture-graph';
import {
  collapsedSupportEdges,
  nodeLabelLines,
  nodesByTier,
  REQUEST_TIERS,
  stackTitle,
  TIER_COLOURS,
} from './labels';
import { DiagramTier, TIER_ORDER } from './resource-kinds';

/**
 * Renders the graph as a Mermaid flowchart (renders on GitHub): the users first, then one subgraph
 * per stack, labelled with its region, holding the request path (one nested subgraph per tier, data
 * stores drawn as cylinders, what the app does not create dashed) beside the network and
 * observability tiers, whose dotted edges say what they host or watch. Edges across stacks are
 * dashed. The text depends only on the graph: no timestamps, no hashes.
 */
export function renderMermaid(graph: ArchitectureGraph): string {
  const lines = ['flowchart LR'];
  const users = graph.nodes.find((n) => n.tier === DiagramTier.USERS);
  if (users) lines.push(`  ${users.id}(["${escapeText(users.name)}"])`);
  const clusterOf = new Map<number, string>();
  for (const [index, stack] of graph.stacks.entries()) {
    const groups = nodesByTier(graph, stack);
    if (groups.length === 0) continue;
    const stackId = `stack${index + 1}`;
    lines.push(`  subgraph ${stackId}["${escapeText(stackTitle(stack))}"]`);
    const request = groups.filter((g) => REQUEST_TIERS.includes(g.tier));
    const support = groups.filter((g) => !REQUEST_TIERS.includes(g.tier));
    if (request.length > 0) {
      clusterOf.set(index, `${stackId}_path`);
      lines.push(`    subgraph ${stackId}_path["request path"]`);
    }
    for (const { tier, nodes } of request) pushTier(lines, `${stackId}_${tier}`, tier, nodes, '      ');
    if (request.length > 0) lines.push('    end');
    for (const { tier, nodes } of support) pushTier(lines, `${stackId}_${tier}`, tier, nodes, '    ');
    lines.push('  end');
  }
  for (const edge of graph.edges.filter((e) => e.relation === 'request')) {
    lines.push(`  ${edge.from} ${edge.crossStack ? '-.->' : '-->'} ${edge.to}`);
  }
  for (const edge of collapsedSupportEdges(graph)) {
    const to = edge.toStack === undefined ? edge.to : clusterOf.get(edge.toStack)!;
    lines.push(`  ${edge.from} ${edge.label ? `-. ${edge.label} .->` : '-.->'} ${to}`);
  }
  for (const tier of TIER_ORDER) {
    const ids = graph.nodes.filter((n) => n.tier === tier).map((n) => n.id);
    if (ids.length === 0) continue;
    const { fill, stroke } = TIER_COLOURS[tier];
    lines.push(`  classDef ${tier} fill:${fill},stroke:${stroke},color:#000`);
    lines.push(`  class ${ids.join(',')} ${tier}`);
  }
  const external = graph.nodes.filter((n) => n.external).map((n) => n.id);
  if (external.length > 0) {
    lines.push('  classDef external stroke-dasharray:5 5');
    lines.push(`  class ${external.join(',')} external`);
  }
  return `${lines.join('\n')}\n`;
}

function pushTier(
  lines: string[],
  id: string,
  tier: DiagramTier,
  nodes: ReturnType<typeof nodesByTier>[number]['nodes'],
  indent: string,
): void {
  lines.push(`${indent}subgraph ${id}["${tier}"]`);
  for (const node of nodes) {
    const label = nodeLabelLines(node).map(escapeText).join('<br/>');
    const cylinder = node.tier === DiagramTier.DATA || node.tier === DiagramTier.CACHE;
    lines.push(`${indent}  ${node.id}${cylinder ? `[("${label}")]` : `["${label}"]`}`);
  }
  lines.push(`${indent}end`);
}

/** Mermaid entity codes for the characters that would end or break a quoted label. */
function escapeText(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
