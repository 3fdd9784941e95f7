import {
  AssemblySource,
  CfnResourceDefinition,
  compareStrings,
  DiagramStack,
  readAssemblyStacks,
} from './assembly-reader';
import { referenceTargets, resourceReferences, ReferenceTarget } from './references';
import { DiagramTier, resourceKind, TIER_ORDER } from './resource-kinds';

/** One box of the diagram: a construct collapsed with every resource it owns. */
export interface ArchitectureNode {
  /** A stable id made of the stack and construct paths (letters, digits and `_` only). */
  readonly id: string;
  /** Construct path of the stack the node belongs to. */
  readonly stack: string;
  /** Construct path of the node, relative to its stack (`Web`, `Data/Proxy`). */
  readonly constructPath: string;
  readonly tier: DiagramTier;
  /** The construct id (the last segment of the path). */
  readonly name: string;
  /** What it is, e.g. `ALB + Fargate service`. */
  readonly kind: string;
  /** Scaling bounds and sizes, e.g. `tasks 2–10`. */
  readonly scaling: readonly string[];
  /** Secondary resources worth a mention, e.g. `3 alarms`. */
  readonly extras: readonly string[];
  /** Logical ids of the resources collapsed into this node, sorted. */
  readonly logicalIds: readonly string[];
}

/** A flow between two nodes, derived from the references between their resources. */
export interface ArchitectureEdge {
  readonly from: string;
  readonly to: string;
  /** True when the two nodes are in different stacks. */
  readonly crossStack: boolean;
}

/** One stack of the diagram, drawn as a group labelled with its region. */
export interface ArchitectureStack {
  /** Construct path of the stack. */
  readonly constructPath: string;
  readonly stackName: string;
  /** Undefined for an environment-agnostic stack. */
  readonly region?: string;
  /** Ids of the stack's nodes, in drawing order (by tier, then path). */
  readonly nodeIds: readonly string[];
}

/** An architecture diagram, independent of the output format. */
export interface ArchitectureGraph {
  readonly stacks: readonly ArchitectureStack[];
  /** Every node, in drawing order. */
  readonly nodes: readonly ArchitectureNode[];
  /** Every edge, sorted. */
  readonly edges: readonly ArchitectureEdge[];
}

/** Options for {@link buildArchitectureGraph}. */
export interface ArchitectureGraphOptions {
  /**
   * Also draw the references to and from the network and observability tiers (every resource in a
   * VPC points at it; every alarm at its topic). They clutter the picture without telling much.
   * @default false
   */
  readonly includeSupportEdges?: boolean;
}

interface Resource {
  readonly logicalId: string;
  readonly definition: CfnResourceDefinition;
  readonly segments: readonly string[];
}

interface PathNode {
  readonly segments: readonly string[];
  readonly children: Map<string, PathNode>;
  readonly resources: Resource[];
}

interface Component {
  readonly segments: readonly string[];
  readonly resources: readonly Resource[];
}

/**
 * Builds the architecture graph of a synthesized app: a cloud assembly directory (`cdk.out`), the
 * `CloudAssembly` returned by `app.synth()`, an in-memory assembly, or stacks already read.
 *
 * Resources are collapsed into the construct they belong to: the highest construct under the stack
 * whose primary resources (load balancers, services, databases, caches, queues, distributions,
 * VPCs...) are all of one tier. A web service made of a load balancer, listener, target group,
 * service, task definition, scaling and alarms becomes one node, labelled with its scaling bounds.
 * A construct mixing tiers is split into its children. Resource paths come from the `aws:cdk:path`
 * metadata, or from the assembly's `tree.json` when the metadata is off.
 */
export function buildArchitectureGraph(
  source: AssemblySource | readonly DiagramStack[],
  options: ArchitectureGraphOptions = {},
): ArchitectureGraph {
  const stacks = Array.isArray(source)
    ? [...(source as readonly DiagramStack[])].sort((a, b) =>
        compareStrings(a.constructPath, b.constructPath),
      )
    : readAssemblyStacks(source as AssemblySource);

  const nodes: ArchitectureNode[] = [];
  const stackGroups: ArchitectureStack[] = [];
  /** `${stackPath}\0${logicalId}` → node id, for every resource in a drawn node. */
  const ownerOf = new Map<string, string>();
  const usedIds = new Set<string>();

  for (const stack of stacks) {
    const components = findComponents(stack);
    const stackNodes: ArchitectureNode[] = [];
    for (const component of components) {
      const node = describeComponent(stack, component, usedIds);
      if (!node) continue;
      stackNodes.push(node);
      for (const r of component.resources) ownerOf.set(key(stack.constructPath, r.logicalId), node.id);
    }
    stackNodes.sort(
      (a, b) =>
        TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) ||
        compareStrings(a.constructPath, b.constructPath),
    );
    nodes.push(...stackNodes);
    stackGroups.push({
      constructPath: stack.constructPath,
      stackName: stack.stackName,
      region: stack.region,
      nodeIds: stackNodes.map((n) => n.id),
    });
  }

  const edges = findEdges(stacks, ownerOf, new Map(nodes.map((n) => [n.id, n])), options);
  return { stacks: stackGroups, nodes, edges };
}

function key(stackPath: string, logicalId: string): string {
  return `${stackPath}\0${logicalId}`;
}

function findComponents(stack: DiagramStack): Component[] {
  const root: PathNode = { segments: [], children: new Map(), resources: [] };
  const resources = stack.template.Resources ?? {};
  for (const logicalId of Object.keys(resources).sort(compareStrings)) {
    const definition = resources[logicalId];
    const metadataPath = definition.Metadata?.['aws:cdk:path'];
    const fullPath =
      typeof metadataPath === 'string' ? metadataPath : (stack.pathsByLogicalId?.[logicalId] ?? undefined);
    const segments = relativeSegments(fullPath, stack.constructPath) ?? [logicalId];
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) {
        child = { segments: [...node.segments, segment], children: new Map(), resources: [] };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.resources.push({ logicalId, definition, segments });
  }

  const components: Component[] = [];
  const visit = (node: PathNode, isStackRoot: boolean): void => {
    if (!isStackRoot && primaryTiers(node).size <= 1) {
      components.push({ segments: node.segments, resources: subtreeResources(node) });
      return;
    }
    // Resources created directly in a construct that mixes tiers: one component each.
    for (const r of node.resources)
      components.push({ segments: [...node.segments, r.logicalId], resources: [r] });
    for (const name of [...node.children.keys()].sort(compareStrings)) visit(node.children.get(name)!, false);
  };
  visit(root, true);
  return components;
}

function relativeSegments(fullPath: string | undefined, stackPath: string): string[] | undefined {
  if (!fullPath) return undefined;
  const relative = fullPath.startsWith(`${stackPath}/`) ? fullPath.slice(stackPath.length + 1) : fullPath;
  return relative.split('/').filter((s) => s.length > 0);
}

function subtreeResources(node: PathNode): Resource[] {
  const out = [...node.resources];
  for (const child of node.children.values()) out.push(...subtreeResources(child));
  return out.sort((a, b) => compareStrings(a.logicalId, b.logicalId));
}

function primaryTiers(node: PathNode): Set<DiagramTier> {
  const tiers = new Set<DiagramTier>();
  for (const r of subtreeResources(node)) {
    const kind = resourceKind(r.definition.Type, r.definition.Properties ?? {});
    if (kind?.primary) tiers.add(kind.tier);
  }
  return tiers;
}

function describeComponent(
  stack: DiagramStack,
  component: Component,
  usedIds: Set<string>,
): ArchitectureNode | undefined {
  const kinds = component.resources.map((r) => ({
    r,
    kind: resourceKind(r.definition.Type, r.definition.Properties ?? {}),
  }));
  const primaries = kinds.filter((k) => k.kind?.primary);
  let tier: DiagramTier | undefined = primaries[0]?.kind?.tier;
  if (!tier) {
    // No primary resource: the most frequent tier of the secondary ones (ties go to drawing order).
    const counts = new Map<DiagramTier, number>();
    for (const k of kinds) if (k.kind) counts.set(k.kind.tier, (counts.get(k.kind.tier) ?? 0) + 1);
    tier = [...counts.entries()].sort(
      (a, b) => b[1] - a[1] || TIER_ORDER.indexOf(a[0]) - TIER_ORDER.indexOf(b[0]),
    )[0]?.[0];
  }
  if (!tier) return undefined;

  const constructPath = component.segments.join('/');
  const name = component.segments[component.segments.length - 1] ?? stack.stackName;
  const labelled = primaries.length > 0 ? primaries : kinds.filter((k) => k.kind?.label);
  const kind = countedList(
    labelled.flatMap((k) => {
      const label = primaryLabel(k.r);
      return label ? [label] : [];
    }),
    ' + ',
  );
  const extras =
    primaries.length > 0
      ? countedList(
          kinds.filter((k) => k.kind && !k.kind.primary && k.kind.label).map((k) => k.kind!.label),
          ' · ',
          true,
        )
      : '';
  return {
    id: uniqueId(`${stack.constructPath}_${constructPath}`, usedIds),
    stack: stack.constructPath,
    constructPath,
    tier,
    name,
    kind,
    scaling: scalingBounds(component.resources),
    extras: extras ? [extras] : [],
    logicalIds: component.resources.map((r) => r.logicalId),
  };
}

function uniqueId(raw: string, used: Set<string>): string {
  const base = raw.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'node';
  let id = /^[0-9]/.test(base) ? `n_${base}` : base;
  for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
  used.add(id);
  return id;
}

/** `['ALB', 'SQS queue', 'SQS queue']` → `ALB + SQS queue ×2` (order of first appearance). */
function countedList(labels: string[], separator: string, pluralize = false): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts.entries()]
    .map(([label, n]) => (n === 1 ? label : pluralize ? `${n} ${label}s` : `${label} ×${n}`))
    .join(separator);
}

const ENGINES: Record<string, string> = {
  'aurora-postgresql': 'Aurora PostgreSQL',
  'aurora-mysql': 'Aurora MySQL',
  aurora: 'Aurora MySQL',
  postgres: 'RDS PostgreSQL',
  mysql: 'RDS MySQL',
  mariadb: 'RDS MariaDB',
  valkey: 'ElastiCache Valkey',
  redis: 'ElastiCache Redis',
  memcached: 'ElastiCache Memcached',
};

function primaryLabel(r: Resource): string | undefined {
  const props = r.definition.Properties ?? {};
  const base = resourceKind(r.definition.Type, props)?.label;
  const engine = typeof props.Engine === 'string' ? ENGINES[props.Engine.toLowerCase()] : undefined;
  switch (r.definition.Type) {
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const name = props.Type === 'network' ? 'NLB' : props.Type === 'gateway' ? 'GWLB' : 'ALB';
      return props.Scheme === 'internal' ? `internal ${name}` : name;
    }
    case 'AWS::ECS::Service': {
      const strategy = JSON.stringify(props.CapacityProviderStrategy ?? '');
      const fargate = props.LaunchType === 'FARGATE' || strategy.includes('FARGATE');
      const worker = base === 'ECS worker service';
      return fargate ? (worker ? 'Fargate worker' : 'Fargate service') : base;
    }
    case 'AWS::RDS::DBInstance':
      // Cluster members are counted on the cluster, not named one by one.
      if (props.DBClusterIdentifier !== undefined) return undefined;
      if (props.SourceDBInstanceIdentifier !== undefined) return 'RDS read replica';
      return engine ?? base;
    case 'AWS::RDS::DBCluster':
    case 'AWS::ElastiCache::ReplicationGroup':
    case 'AWS::ElastiCache::CacheCluster':
      return engine ?? base;
    case 'AWS::SQS::Queue':
      return props.FifoQueue === true ? 'SQS FIFO queue' : base;
    default:
      return base;
  }
}

const SCALABLE_DIMENSIONS: Record<string, string> = {
  'ecs:service:DesiredCount': 'tasks',
  'rds:cluster:ReadReplicaCount': 'read replicas',
  'elasticache:replication-group:Replicas': 'replicas',
  'elasticache:replication-group:NodeGroups': 'shards',
  'elasticache:cache-cluster:Nodes': 'nodes',
  'dynamodb:table:ReadCapacityUnits': 'read capacity',
  'dynamodb:table:WriteCapacityUnits': 'write capacity',
};

function scalingBounds(resources: readonly Resource[]): string[] {
  const lines: string[] = [];
  const scaled = new Set<string>();
  for (const r of resources) {
    const props = r.definition.Properties ?? {};
    if (r.definition.Type === 'AWS::ApplicationAutoScaling::ScalableTarget') {
      const dimension = String(props.ScalableDimension ?? '');
      const unit = SCALABLE_DIMENSIONS[dimension] ?? dimension.split(':').pop() ?? 'capacity';
      scaled.add(unit);
      lines.push(`${unit} ${range(props.MinCapacity, props.MaxCapacity)}`);
    } else if (r.definition.Type === 'AWS::AutoScaling::AutoScalingGroup') {
      lines.push(`instances ${range(props.MinSize, props.MaxSize)}`);
    } else if (r.definition.Type === 'AWS::RDS::DBCluster') {
      const serverless = props.ServerlessV2ScalingConfiguration as Record<string, unknown> | undefined;
      if (serverless) lines.push(`ACU ${range(serverless.MinCapacity, serverless.MaxCapacity)}`);
    } else if (r.definition.Type === 'AWS::ElastiCache::ReplicationGroup') {
      if (props.NumNodeGroups !== undefined && props.ReplicasPerNodeGroup !== undefined) {
        lines.push(`shards ${show(props.NumNodeGroups)} × ${plus1(props.ReplicasPerNodeGroup)} nodes`);
      } else if (props.NumCacheClusters !== undefined) {
        lines.push(`nodes ${show(props.NumCacheClusters)}`);
      }
    } else if (r.definition.Type === 'AWS::ElastiCache::CacheCluster' && props.NumCacheNodes !== undefined) {
      lines.push(`nodes ${show(props.NumCacheNodes)}`);
    }
  }
  // A service without a scalable target runs a fixed number of tasks.
  if (!scaled.has('tasks')) {
    for (const r of resources) {
      const props = r.definition.Properties ?? {};
      if (r.definition.Type === 'AWS::ECS::Service' && props.DesiredCount !== undefined) {
        lines.push(`tasks ${show(props.DesiredCount)} (fixed)`);
      }
    }
  }
  const zones = new Set(
    resources
      .filter((r) => r.definition.Type === 'AWS::EC2::Subnet')
      .map((r) => JSON.stringify(r.definition.Properties?.AvailabilityZone ?? null)),
  );
  if (resources.some((r) => r.definition.Type === 'AWS::EC2::VPC') && zones.size > 0) {
    lines.push(`${zones.size} AZ${zones.size > 1 ? 's' : ''}`);
  }
  const clusterMembers = resources.filter(
    (r) => r.definition.Type === 'AWS::RDS::DBInstance' && r.definition.Properties?.DBClusterIdentifier,
  ).length;
  if (clusterMembers > 0) {
    lines.push(
      clusterMembers === 1
        ? 'writer'
        : `writer + ${clusterMembers - 1} reader${clusterMembers > 2 ? 's' : ''}`,
    );
  }
  return lines;
}

function show(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '?';
}

function plus1(value: unknown): string {
  const n = Number(value);
  return Number.isFinite(n) ? String(n + 1) : '?';
}

function range(min: unknown, max: unknown): string {
  return show(min) === show(max) ? show(min) : `${show(min)}–${show(max)}`;
}

function findEdges(
  stacks: readonly DiagramStack[],
  ownerOf: Map<string, string>,
  nodesById: Map<string, ArchitectureNode>,
  options: ArchitectureGraphOptions,
): ArchitectureEdge[] {
  // Export name → the resource its output refers to, for Fn::ImportValue across stacks.
  const exports = new Map<string, string>();
  // `<stack name>/<output name>` → the same, for Fn::GetStackOutput (weak references).
  const stackOutputs = new Map<string, string>();
  for (const stack of stacks) {
    const logicalIds = new Set(Object.keys(stack.template.Resources ?? {}));
    const outputs = stack.template.Outputs ?? {};
    for (const outputName of Object.keys(outputs)) {
      const [target] = referenceTargets(outputs[outputName].Value, logicalIds).flatMap(
        (t) => t.logicalId ?? [],
      );
      if (!target) continue;
      const name = outputs[outputName].Export?.Name;
      if (typeof name === 'string') exports.set(name, key(stack.constructPath, target));
      stackOutputs.set(`${stack.stackName}/${outputName}`, key(stack.constructPath, target));
    }
  }

  const edges = new Map<string, ArchitectureEdge>();
  const support = new Set([DiagramTier.NETWORK, DiagramTier.OBSERVABILITY]);
  for (const stack of stacks) {
    const resources = stack.template.Resources ?? {};
    const logicalIds = new Set(Object.keys(resources));
    const resolve = (target: ReferenceTarget): string | undefined => {
      if (target.logicalId) return ownerOf.get(key(stack.constructPath, target.logicalId));
      const exported = target.exportName
        ? exports.get(target.exportName)
        : target.stackOutput
          ? stackOutputs.get(target.stackOutput)
          : undefined;
      return exported ? ownerOf.get(exported) : undefined;
    };
    for (const logicalId of Object.keys(resources).sort(compareStrings)) {
      for (const ref of resourceReferences(logicalId, resources[logicalId], logicalIds)) {
        const from = resolve(ref.from);
        const to = resolve(ref.to);
        if (!from || !to || from === to) continue;
        const a = nodesById.get(from)!;
        const b = nodesById.get(to)!;
        if (!options.includeSupportEdges && (support.has(a.tier) || support.has(b.tier))) continue;
        edges.set(`${from} ${to}`, { from, to, crossStack: a.stack !== b.stack });
      }
    }
  }
  // Two constructs often reference each other (the client reads the server's endpoint, the server's
  // security group admits the client): draw one arrow, from the tier nearer the user.
  const rank = (id: string) => TIER_ORDER.indexOf(nodesById.get(id)!.tier);
  for (const edge of [...edges.values()]) {
    const reverse = edges.get(`${edge.to} ${edge.from}`);
    if (!reverse) continue;
    const keepReverse =
      rank(edge.to) < rank(edge.from) ||
      (rank(edge.to) === rank(edge.from) && compareStrings(edge.to, edge.from) < 0);
    if (keepReverse) edges.delete(`${edge.from} ${edge.to}`);
  }
  return [...edges.values()].sort((x, y) => compareStrings(x.from, y.from) || compareStrings(x.to, y.to));
}
