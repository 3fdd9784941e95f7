// What a reader must see in each blueprint's picture: the request path from the users to the data,
// what the network and observability tiers support, and (multi-region) how the global stack reaches
// the regions. Asserted on the graph the committed diagrams are drawn from.
import { BLUEPRINTS } from 'cdk-scaling-blueprints/blueprints';
import { ArchitectureGraph, blueprintArchitectureGraph } from '../../src/diagram';
import { PROJECT_CONTEXT } from '../../../../test/support/app';

function graphOf(name: string): ArchitectureGraph {
  return blueprintArchitectureGraph(
    BLUEPRINTS.filter((b) => b.name === name),
    { context: PROJECT_CONTEXT },
  );
}

const requests = (graph: ArchitectureGraph) =>
  graph.edges.filter((e) => e.relation === 'request').map((e) => `${e.from} -> ${e.to}`);
const support = (graph: ArchitectureGraph) =>
  graph.edges.filter((e) => e.relation === 'support').map((e) => `${e.from} -${e.label ?? ''}-> ${e.to}`);

/** Whether `to` can be reached from `from` along request edges. */
function reaches(graph: ArchitectureGraph, from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const e of graph.edges.filter((edge) => edge.relation === 'request' && edge.from === next)) {
      if (!seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen.has(to);
}

describe('budget-startup', () => {
  const graph = graphOf('budget-startup');

  test('users → CloudFront → web → cache, database and worker → database', () => {
    expect(requests(graph)).toEqual([
      'BudgetStartup_Cdn -> BudgetStartup_Web',
      'BudgetStartup_Web -> BudgetStartup_Cache',
      'BudgetStartup_Web -> BudgetStartup_Database',
      'BudgetStartup_Web -> BudgetStartup_Worker',
      'BudgetStartup_Worker -> BudgetStartup_Database',
      'users -> BudgetStartup_Cdn',
    ]);
  });

  test('the network hosts and the observability tier watches every request-path node; the budget alerts to the topic', () => {
    const edges = support(graph);
    for (const node of ['Web', 'Worker', 'Cache', 'Database']) {
      expect(edges).toContain(`BudgetStartup_Network -hosts-> BudgetStartup_${node}`);
    }
    for (const node of ['Cdn', 'Web', 'Worker', 'Cache', 'Database']) {
      expect(edges).toContain(`BudgetStartup_Observability -watches-> BudgetStartup_${node}`);
    }
    expect(edges).toContain('BudgetStartup_Budget --> BudgetStartup_Observability');
  });

  test('every node is connected, and the budget reads as one', () => {
    const connected = new Set(graph.edges.flatMap((e) => [e.from, e.to]));
    expect(graph.nodes.filter((n) => !connected.has(n.id)).map((n) => n.id)).toEqual([]);
    expect(graph.nodes.find((n) => n.id === 'BudgetStartup_Budget')).toMatchObject({
      name: 'Budget',
      kind: 'AWS Budgets monthly limit',
    });
  });
});

describe('legacy-monolith-uplift', () => {
  const graph = graphOf('legacy-monolith-uplift');

  test('users → CloudFront → the existing application → session store and proxy + replicas → the existing database', () => {
    expect(requests(graph)).toEqual([
      'LegacyMonolithUplift_Cdn -> LegacyMonolithUplift_existing_application',
      'LegacyMonolithUplift_Database -> LegacyMonolithUplift_existing_database',
      'LegacyMonolithUplift_existing_application -> LegacyMonolithUplift_Database',
      'LegacyMonolithUplift_existing_application -> LegacyMonolithUplift_SessionStore',
      'users -> LegacyMonolithUplift_Cdn',
    ]);
  });

  test('what the blueprint does not create is drawn with the names the settings give it', () => {
    const external = graph.nodes.filter((n) => n.external);
    expect(external.map((n) => [n.name, n.scaling])).toEqual([
      ['existing application', ['origin.legacy-monolith.example.com', 'sg-0a1b2c3d4e5f60003']],
      ['existing database', ['legacy-monolith-db', 'sg-0a1b2c3d4e5f60002']],
    ]);
  });
});

describe('multi-region-saas', () => {
  const graph = graphOf('multi-region-saas');
  const global = (id: string) => `MultiRegionSaas_Global_${id}`;
  const region = (name: string, id: string) => `MultiRegionSaas_${name.replace(/-/g, '_')}_${id}`;

  test('users → the app alias → CloudFront → latency and failover records → each region → its data', () => {
    expect(requests(graph)).toEqual(
      expect.arrayContaining([
        `users -> ${global('AppAlias')}`,
        `users -> ${global('AppAliasIpv6')}`,
        `${global('AppAlias')} -> ${global('Cdn')}`,
        `${global('Cdn')} -> ${global('UsEast1LatencyRecord')}`,
        `${global('Cdn')} -> ${global('EuWest1LatencyRecord')}`,
        `${global('Cdn')} -> ${global('FailoverPrimaryRecord')}`,
        `${global('UsEast1LatencyRecord')} -> ${region('us-east-1', 'OriginRecord')}`,
        `${global('EuWest1LatencyRecord')} -> ${region('eu-west-1', 'OriginRecord')}`,
        `${global('FailoverPrimaryRecord')} -> ${region('us-east-1', 'OriginRecord')}`,
        `${global('FailoverSecondaryRecord')} -> ${region('eu-west-1', 'OriginRecord')}`,
      ]),
    );
    for (const name of ['us-east-1', 'eu-west-1']) {
      expect(reaches(graph, 'users', region(name, 'Database'))).toBe(true);
      expect(reaches(graph, 'users', region(name, 'Sessions'))).toBe(true);
    }
  });

  test('the regional clusters join the global database; the health checks check the regions', () => {
    expect(requests(graph)).toEqual(
      expect.arrayContaining([
        `${region('us-east-1', 'Database')} -> ${global('GlobalDatabase')}`,
        `${region('eu-west-1', 'Database')} -> ${global('GlobalDatabase')}`,
      ]),
    );
    expect(
      graph.edges.filter(
        (e) => e.from === region('us-east-1', 'Database') && e.to === global('GlobalDatabase'),
      ),
    ).toEqual([expect.objectContaining({ crossStack: true })]);
    expect(support(graph)).toEqual(
      expect.arrayContaining([
        `${global('UsEast1HealthCheck')} -checks-> ${region('us-east-1', 'OriginRecord')}`,
        `${global('EuWest1HealthCheck')} -checks-> ${region('eu-west-1', 'OriginRecord')}`,
      ]),
    );
  });
});
