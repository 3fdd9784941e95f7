import { ArchitectureGraph, ArchitectureNode } from './architecture-graph';
import {
  collapsedSupportEdges,
  nodeLabelLines,
  nodesByTier,
  REQUEST_TIERS,
  stackTitle,
  TIER_COLOURS,
} from './labels';
import { DiagramTier } from './resource-kinds';

/**
 * Renders the graph in Graphviz DOT: the users, then one cluster per stack (labelled with its
 * region) holding the request path (one cluster per tier) beside the network and observability
 * tiers. Left to right, so requests flow from the users to the data; support edges are dotted and
 * do not shape the layout.
 */
export function renderDot(graph: ArchitectureGraph): string {
  const lines = [
    'digraph architecture {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.3, ranksep=0.7, newrank=true, compound=true];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, margin="0.15,0.08"];',
    '  edge [color="#545b64", arrowsize=0.7, fontname="Helvetica", fontsize=9];',
  ];
  const users = graph.nodes.find((n) => n.tier === DiagramTier.USERS);
  if (users) {
    const { fill, stroke } = TIER_COLOURS[DiagramTier.USERS];
    lines.push(
      `  ${users.id} [label=${quote(users.name)}, shape=ellipse, fillcolor=${quote(fill)}, color=${quote(stroke)}];`,
    );
  }
  const clusterOf = new Map<number, string>();
  for (const [index, stack] of graph.stacks.entries()) {
    const groups = nodesByTier(graph, stack);
    if (groups.length === 0) continue;
    const stackId = `cluster_stack${index + 1}`;
    lines.push(`  subgraph ${stackId} {`);
    // Graphviz does not widen a cluster for its label: the margin keeps a long title inside.
    lines.push(
      `    label=${quote(stackTitle(stack))}; style="rounded"; color="#232f3e"; fontsize=13; margin=24;`,
    );
    const request = groups.filter((g) => REQUEST_TIERS.includes(g.tier));
    const support = groups.filter((g) => !REQUEST_TIERS.includes(g.tier));
    if (request.length > 0) {
      clusterOf.set(index, `${stackId}_path`);
      lines.push(`    subgraph ${stackId}_path {`);
      lines.push('      label="request path"; style="rounded,dotted"; color="#879196"; fontsize=10;');
    }
    for (const { tier, nodes } of request) pushTier(lines, `${stackId}_${tier}`, tier, nodes, '      ');
    if (request.length > 0) lines.push('    }');
    for (const { tier, nodes } of support) pushTier(lines, `${stackId}_${tier}`, tier, nodes, '    ');
    lines.push('  }');
  }
  for (const edge of graph.edges.filter((e) => e.relation === 'request')) {
    lines.push(`  ${edge.from} -> ${edge.to}${edge.crossStack ? ' [style=dashed]' : ''};`);
  }
  for (const edge of collapsedSupportEdges(graph)) {
    const attributes = ['style=dotted', 'color="#879196"', 'constraint=false'];
    if (edge.toStack !== undefined) attributes.push(`lhead=${clusterOf.get(edge.toStack)}`);
    // Beside the support node: a label in the middle of an edge cut at a cluster border floats.
    if (edge.label) attributes.push(`taillabel=${quote(edge.label)}`, 'labeldistance=3', 'labelangle=20');
    lines.push(`  ${edge.from} -> ${edge.to} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function pushTier(
  lines: string[],
  id: string,
  tier: DiagramTier,
  nodes: ArchitectureNode[],
  indent: string,
): void {
  const { fill, stroke } = TIER_COLOURS[tier];
  lines.push(`${indent}subgraph ${id} {`);
  lines.push(`${indent}  label=${quote(tier)}; style="rounded,dashed"; color=${quote(stroke)};`);
  for (const node of nodes) {
    const shape = node.tier === DiagramTier.DATA || node.tier === DiagramTier.CACHE ? ', shape=cylinder' : '';
    const style = node.external ? ', style="rounded,filled,dashed"' : '';
    const label = nodeLabelLines(node).map(escapeDot).join('\\n');
    lines.push(
      `${indent}  ${node.id} [label="${label}", fillcolor=${quote(node.external ? '#ffffff' : fill)}, color=${quote(stroke)}${shape}${style}];`,
    );
  }
  lines.push(`${indent}}`);
}

function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function quote(text: string): string {
  return `"${escapeDot(text)}"`;
}
