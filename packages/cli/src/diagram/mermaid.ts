import { ArchitectureGraph } from './architecture-graph';
import { nodeLabelLines, nodesByTier, stackTitle, TIER_COLOURS } from './labels';
import { DiagramTier, TIER_ORDER } from './resource-kinds';

/**
 * Renders the graph as a Mermaid flowchart (renders on GitHub): one subgraph per stack, labelled
 * with its region, one nested subgraph per tier, data stores drawn as cylinders. Edges across
 * stacks are dashed. The text depends only on the graph: no timestamps, no hashes.
 */
export function renderMermaid(graph: ArchitectureGraph): string {
  const lines = ['flowchart LR'];
  for (const [index, stack] of graph.stacks.entries()) {
    const groups = nodesByTier(graph, stack);
    if (groups.length === 0) continue;
    const stackId = `stack${index + 1}`;
    lines.push(`  subgraph ${stackId}["${escapeText(stackTitle(stack))}"]`);
    for (const { tier, nodes } of groups) {
      lines.push(`    subgraph ${stackId}_${tier}["${tier}"]`);
      for (const node of nodes) {
        const label = nodeLabelLines(node).map(escapeText).join('<br/>');
        const cylinder = node.tier === DiagramTier.DATA || node.tier === DiagramTier.CACHE;
        lines.push(`      ${node.id}${cylinder ? `[("${label}")]` : `["${label}"]`}`);
      }
      lines.push('    end');
    }
    lines.push('  end');
  }
  for (const edge of graph.edges) lines.push(`  ${edge.from} ${edge.crossStack ? '-.->' : '-->'} ${edge.to}`);
  for (const tier of TIER_ORDER) {
    const ids = graph.nodes.filter((n) => n.tier === tier).map((n) => n.id);
    if (ids.length === 0) continue;
    const { fill, stroke } = TIER_COLOURS[tier];
    lines.push(`  classDef ${tier} fill:${fill},stroke:${stroke},color:#000`);
    lines.push(`  class ${ids.join(',')} ${tier}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mermaid entity codes for the characters that would end or break a quoted label. */
function escapeText(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
