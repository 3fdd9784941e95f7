import {
  AssemblySource,
  CfnResourceDefinition,
  compareStrings,
  DiagramStack,
  readAssemblyStacks,
} from './assembly-reader';
import { nameReferences, nameText, ownedNames } from './names';
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
  /**
   * Something the app uses but does not create (an existing origin, database or client), known only
   * by the names the templates give it; drawn dashed. Absent for the app's own nodes.
   */
  readonly external?: boolean;
}

/**
 * What an edge means. `request`: requests or data flow from one node to the other (the user's path
 * to the data). `support`: a network node hosts, or an observability node watches, the other.
 */
export type EdgeRelation = 'request' | 'support';

/** A flow between two nodes, derived from the references between their resources. */
export interface ArchitectureEdge {
  readonly from: string;
  readonly to: string;
  /** True when the two nodes are in different stacks. */
  readonly crossStack: boolean;
  readonly relation: EdgeRelation;
  /** What a support edge does: `hosts` (network), `watches` (observability), `checks` (health check). */
  readonly label?: string;
}

/** The id of the node standing for the app's users, drawn outside the stacks. */
export const USERS_NODE_ID = 'users';

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
  /**
   * Every node, in drawing order: the users first (when the app has an entry point: a CloudFront
   * distribution, a DNS record or an internet-facing load balancer nothing else leads to), then
   * each stack's.
   */
  readonly nodes: readonly ArchitectureNode[];
  /** Every edge, sorted. */
  readonly edges: readonly ArchitectureEdge[];
}

/** Options for {@link buildArchitectureGraph}. */
export interface ArchitectureGraphOptions {
  /**
   * Draw what the network and observability tiers support (`support` edges: the VPC hosts the
   * services and stores, the dashboard and alarm topic watch them). The renderers draw them
   * dotted, one per support node and stack where they can.
   * @default true
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
  /** Nodes holding a resource a user's request can start at. */
  const withEntryResource = new Set<string>();

  for (const stack of stacks) {
    const components = findComponents(stack);
    const stackNodes: ArchitectureNode[] = [];
    for (const component of components) {
      const node = describeComponent(stack, component, usedIds);
      if (!node) continue;
      stackNodes.push(node);
      if (component.resources.some((r) => isEntryResource(r.definition))) withEntryResource.add(node.id);
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

  const nodesById = new Map(nodes.map((n) => [n.id, n]));
  const edges = findEdges(stacks, ownerOf, nodesById, options);
  // What only literal names connect: across stacks and regions (DNS names, a global cluster's
  // identifier) and to what the app does not create (an existing origin, database or client).
  const named = linkByName(stacks, ownerOf, nodesById, usedIds);
  for (const external of named.nodes) {
    nodesById.set(external.id, external);
    const group = stackGroups.find((g) => g.constructPath === external.stack)!;
    (group.nodeIds as string[]).push(external.id);
  }
  for (const group of stackGroups) {
    (group.nodeIds as string[]).sort((a, b) => drawingOrder(nodesById.get(a)!, nodesById.get(b)!));
  }
  const linked = labelSupport(
    healthChecks(mergeEdges([...edges, ...named.edges], nodesById), nodesById),
    nodesById,
  );
  const users = entryEdges(stackGroups, nodesById, linked, withEntryResource);
  const ordered = stackGroups.flatMap((g) => g.nodeIds.map((id) => nodesById.get(id)!));
  return {
    stacks: stackGroups,
    nodes: users.length > 0 ? [usersNode(), ...ordered] : ordered,
    edges: [...users, ...linked].sort(compareEdges),
  };
}

function drawingOrder(a: ArchitectureNode, b: ArchitectureNode): number {
  return (
    TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) ||
    Number(a.external ?? false) - Number(b.external ?? false) ||
    compareStrings(a.constructPath, b.constructPath)
  );
}

function compareEdges(x: ArchitectureEdge, y: ArchitectureEdge): number {
  return compareStrings(x.from, y.from) || compareStrings(x.to, y.to);
}

function usersNode(): ArchitectureNode {
  return {
    id: USERS_NODE_ID,
    stack: '',
    constructPath: '',
    tier: DiagramTier.USERS,
    name: 'Users',
    kind: '',
    scaling: [],
    extras: [],
    logicalIds: [],
  };
}

/** Resource types a user's request can start at, when nothing in the app leads to them. */
function isEntryResource(resource: CfnResourceDefinition): boolean {
  switch (resource.Type) {
    case 'AWS::CloudFront::Distribution':
    case 'AWS::Route53::RecordSet':
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::ApiGatewayV2::Api':
    case 'AWS::GlobalAccelerator::Accelerator':
      return true;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return resource.Properties?.Scheme !== 'internal';
    default:
      return false;
  }
}

/** Users → every entry point: a node with an entry resource that no request edge leads to. */
function entryEdges(
  stacks: readonly ArchitectureStack[],
  nodesById: Map<string, ArchitectureNode>,
  edges: readonly ArchitectureEdge[],
  withEntryResource: ReadonlySet<string>,
): ArchitectureEdge[] {
  const reached = new Set(edges.filter((e) => e.relation === 'request').map((e) => e.to));
  const entries = stacks
    .flatMap((s) => s.nodeIds.map((id) => nodesById.get(id)!))
    .filter((n) => !n.external && !reached.has(n.id) && withEntryResource.has(n.id));
  return entries.map((n) => ({ from: USERS_NODE_ID, to: n.id, crossStack: false, relation: 'request' }));
}

/**
 * A health check is no step of a request: it checks what its records lead to. Its edges to the
 * records it guards become support edges to the records' targets (the region behind a latency
 * record), or to the record itself when it leads nowhere drawn.
 */
function healthChecks(
  edges: readonly ArchitectureEdge[],
  nodesById: Map<string, ArchitectureNode>,
): ArchitectureEdge[] {
  const isCheck = (id: string) => nodesById.get(id)!.kind === 'health check';
  // Between a check and a record; an alarm on a check stays an observability edge.
  const guards = (e: ArchitectureEdge) =>
    (isCheck(e.from) && !isSupport(nodesById.get(e.to)!)) ||
    (isCheck(e.to) && !isSupport(nodesById.get(e.from)!));
  const out = edges.filter((e) => !guards(e));
  for (const edge of edges.filter(guards)) {
    const [check, guarded] = isCheck(edge.from) ? [edge.from, edge.to] : [edge.to, edge.from];
    const targets = edges.filter((e) => e.from === guarded && e.relation === 'request' && !isCheck(e.to));
    for (const target of targets.length > 0 ? targets.map((t) => t.to) : [guarded]) {
      const a = nodesById.get(check)!;
      const b = nodesById.get(target)!;
      out.push({ from: check, to: target, crossStack: a.stack !== b.stack, relation: 'support' });
    }
  }
  return mergeEdges(out, nodesById);
}

/** Names what each support edge does, after the tier (or kind) of the node it starts from. */
function labelSupport(
  edges: readonly ArchitectureEdge[],
  nodesById: Map<string, ArchitectureNode>,
): ArchitectureEdge[] {
  return edges.map((edge) => {
    if (edge.relation !== 'support') return edge;
    const from = nodesById.get(edge.from)!;
    const to = nodesById.get(edge.to)!;
    const label =
      from.kind === 'health check'
        ? 'checks'
        : isSupport(to)
          ? undefined
          : from.tier === DiagramTier.NETWORK
            ? 'hosts'
            : from.tier === DiagramTier.OBSERVABILITY
              ? 'watches'
              : undefined;
    return label ? { ...edge, label } : edge;
  });
}

/** Keeps one edge per pair of nodes, a request edge rather than a support one. */
function mergeEdges(
  edges: readonly ArchitectureEdge[],
  nodesById: Map<string, ArchitectureNode>,
): ArchitectureEdge[] {
  const byPair = new Map<string, ArchitectureEdge>();
  for (const edge of edges) {
    if (!nodesById.has(edge.from) || !nodesById.has(edge.to) || edge.from === edge.to) continue;
    const existing = byPair.get(`${edge.from} ${edge.to}`);
    if (!existing || (existing.relation === 'support' && edge.relation === 'request')) {
      byPair.set(`${edge.from} ${edge.to}`, edge);
    }
  }
  return [...byPair.values()].sort(compareEdges);
}

/** A node for something the app refers to by name but does not create. */
interface ExternalNode {
  readonly node: ArchitectureNode;
  readonly names: string[];
}

/**
 * Edges between nodes that name each other (a CloudFront origin and the DNS record of that name, a
 * regional cluster and the global cluster it joins), and nodes for the named things nobody in the
 * app answers to. Per stack, an existing origin and the existing clients admitted to its stores are
 * one node, the existing application; an existing database and the groups its clients are admitted
 * to are another.
 */
function linkByName(
  stacks: readonly DiagramStack[],
  ownerOf: Map<string, string>,
  nodesById: Map<string, ArchitectureNode>,
  usedIds: Set<string>,
): { nodes: ArchitectureNode[]; edges: ArchitectureEdge[] } {
  const owners = new Map<string, Set<string>>();
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const owner = ownerOf.get(key(stack.constructPath, logicalId));
      if (!owner) continue;
      for (const name of ownedNames(resource)) {
        if (!owners.has(name)) owners.set(name, new Set());
        owners.get(name)!.add(owner);
      }
    }
  }
  /** A DNS name answered by records and by a distribution's aliases resolves through the records. */
  const ownersOf = (name: string): string[] => {
    const all = [...(owners.get(name) ?? [])];
    const records = all.filter((id) => /Route 53 record/.test(nodesById.get(id)!.kind));
    return records.length > 0 ? records : all;
  };

  const edges: ArchitectureEdge[] = [];
  const externals: ExternalNode[] = [];
  const edge = (from: string, to: string): void => {
    const a = nodesById.get(from) ?? externals.find((e) => e.node.id === from)?.node;
    const b = nodesById.get(to) ?? externals.find((e) => e.node.id === to)?.node;
    if (!a || !b) return;
    const support = isSupport(a) || isSupport(b);
    edges.push({ from, to, crossStack: a.stack !== b.stack, relation: support ? 'support' : 'request' });
  };
  for (const stack of stacks) {
    const resources = stack.template.Resources ?? {};
    const logicalIds = new Set(Object.keys(resources));
    const local = (value: unknown): string[] =>
      referenceTargets(value, logicalIds).flatMap((t) =>
        t.logicalId ? [ownerOf.get(key(stack.constructPath, t.logicalId))].filter(isDefined) : [],
      );
    const pending: Array<{ kind: 'origin' | 'client' | 'server' | 'database'; name: string; node: string }> =
      [];
    for (const logicalId of Object.keys(resources).sort(compareStrings)) {
      const resource = resources[logicalId];
      const props = resource.Properties ?? {};
      // A security-group rule belongs to whichever side is the app's own group.
      const ruleSide = (direction: 'to' | 'from'): string[] =>
        resource.Type === 'AWS::EC2::SecurityGroupIngress'
          ? local(direction === 'from' ? props.GroupId : props.SourceSecurityGroupId)
          : [ownerOf.get(key(stack.constructPath, logicalId))].filter(isDefined);
      for (const reference of nameReferences(resource)) {
        for (const self of ruleSide(reference.direction)) {
          const named = ownersOf(reference.name).filter((id) => id !== self);
          if (named.length > 0) {
            for (const other of named) {
              if (reference.direction === 'to') edge(self, other);
              else edge(other, self);
            }
          } else if (reference.external && owners.get(reference.name) === undefined) {
            pending.push({ kind: reference.external, name: reference.name, node: self });
          }
        }
      }
    }
    const { nodes: found, links } = externalNodes(stack, pending, usedIds);
    externals.push(...found);
    for (const [from, to] of links) edge(from, to);
  }
  return { nodes: externals.map((e) => e.node), edges };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function isSupport(node: ArchitectureNode): boolean {
  return node.tier === DiagramTier.NETWORK || node.tier === DiagramTier.OBSERVABILITY;
}

/**
 * The external nodes of one stack, and their edges: the existing application (its origin and the
 * clients admitted to the app's stores) and the existing databases (a replica's source and the
 * groups the app's own clients are admitted to).
 */
function externalNodes(
  stack: DiagramStack,
  pending: ReadonlyArray<{ kind: 'origin' | 'client' | 'server' | 'database'; name: string; node: string }>,
  usedIds: Set<string>,
): { nodes: ExternalNode[]; links: Array<[string, string]> } {
  const names = (kind: string) =>
    [...new Set(pending.filter((p) => p.kind === kind).map((p) => p.name))].sort();
  const make = (name: string, tier: DiagramTier, kind: string, labelled: string[]): ExternalNode => ({
    names: labelled,
    node: {
      id: uniqueId(`${stack.constructPath}_${name}`, usedIds),
      stack: stack.constructPath,
      constructPath: name,
      tier,
      name,
      kind,
      scaling: labelled.map(nameText),
      extras: [],
      logicalIds: [],
      external: true,
    },
  });
  const out: ExternalNode[] = [];
  const origins = names('origin');
  const clients = names('client');
  // One origin and its clients: the application this stack is built around.
  const application =
    origins.length === 1 || (origins.length === 0 && clients.length > 0)
      ? make(
          origins.length === 1 ? 'existing application' : 'existing clients',
          DiagramTier.WEB,
          'not created by this app',
          [...origins, ...clients],
        )
      : undefined;
  if (application) out.push(application);
  else {
    for (const origin of origins)
      out.push(
        make(`existing origin ${nameText(origin)}`, DiagramTier.WEB, 'not created by this app', [origin]),
      );
    if (clients.length > 0)
      out.push(make('existing clients', DiagramTier.WEB, 'not created by this app', clients));
  }
  const databases = names('database');
  const servers = names('server');
  if (databases.length === 1) {
    out.push(
      make('existing database', DiagramTier.DATA, 'not created by this app', [...databases, ...servers]),
    );
  } else {
    for (const database of databases)
      out.push(
        make(`existing database ${nameText(database)}`, DiagramTier.DATA, 'not created by this app', [
          database,
        ]),
      );
    if (servers.length > 0)
      out.push(make('existing servers', DiagramTier.DATA, 'not created by this app', servers));
  }
  const holder = (name: string) => out.find((e) => e.names.includes(name))!.node.id;
  const links = pending.map((p): [string, string] =>
    p.kind === 'client' ? [holder(p.name), p.node] : [p.node, holder(p.name)],
  );
  return { nodes: out, links };
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
  // Nothing worth a box of its own (a CloudFront function, a cache policy): a detail of its users.
  if (primaries.length === 0 && !kinds.some((k) => k.kind?.label)) return undefined;

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
    scaling: [...recordNames(component.resources), ...scalingBounds(component.resources)],
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

/** The DNS names of a node's Route 53 records: what other records and origins point at. */
function recordNames(resources: readonly Resource[]): string[] {
  const names = resources
    .filter((r) => r.definition.Type === 'AWS::Route53::RecordSet')
    .map((r) => r.definition.Properties?.Name)
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.replace(/\.$/, ''));
  return [...new Set(names)];
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
        if (support.has(a.tier) || support.has(b.tier)) {
          if (options.includeSupportEdges === false) continue;
          // Drawn from the supporting node: the network hosts the service, the dashboard watches it.
          const [first, second] = support.has(b.tier) && !support.has(a.tier) ? [b, a] : [a, b];
          edges.set(`${first.id} ${second.id}`, {
            from: first.id,
            to: second.id,
            crossStack: a.stack !== b.stack,
            relation: 'support',
          });
          continue;
        }
        edges.set(`${from} ${to}`, { from, to, crossStack: a.stack !== b.stack, relation: 'request' });
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
