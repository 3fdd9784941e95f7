import { ArchitectureGraph } from './architecture-graph';
import { nodeLabelLines, nodesByTier, stackTitle, TIER_COLOURS } from './labels';
import { DiagramTier } from './resource-kinds';

/**
 * Renders the graph in Graphviz DOT: one cluster per stack (labelled with its region) holding one
 * cluster per tier. Left to right, so requests flow from the edge to the data.
 */
export function renderDot(graph: ArchitectureGraph): string {
  const lines = [
    'digraph architecture {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.3, ranksep=0.7, newrank=true];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, margin="0.15,0.08"];',
    '  edge [color="#545b64", arrowsize=0.7];',
  ];
  for (const [index, stack] of graph.stacks.entries()) {
    const groups = nodesByTier(graph, stack);
    if (groups.length === 0) continue;
    const stackId = `cluster_stack${index + 1}`;
    lines.push(`  subgraph ${stackId} {`);
    lines.push(`    label=${quote(stackTitle(stack))}; style="rounded"; color="#232f3e"; fontsize=13;`);
    for (const { tier, nodes } of groups) {
      const { fill, stroke } = TIER_COLOURS[tier];
      lines.push(`    subgraph ${stackId}_${tier} {`);
      lines.push(`      label=${quote(tier)}; style="rounded,dashed"; color=${quote(stroke)};`);
      for (const node of nodes) {
        const shape =
          node.tier === DiagramTier.DATA || node.tier === DiagramTier.CACHE ? ', shape=cylinder' : '';
        const label = nodeLabelLines(node).map(escapeDot).join('\\n');
        lines.push(
          `      ${node.id} [label="${label}", fillcolor=${quote(fill)}, color=${quote(stroke)}${shape}];`,
        );
      }
      lines.push('    }');
    }
    lines.push('  }');
  }
  for (const edge of graph.edges) {
    lines.push(`  ${edge.from} -> ${edge.to}${edge.crossStack ? ' [style=dashed]' : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function quote(text: string): string {
  return `"${escapeDot(text)}"`;
}
