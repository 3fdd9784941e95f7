import { NetworkIndex } from '../network';
import { clientsOf, DataStore, dataStores } from '../stores';
import { CfnResource, field } from '../template-model';
import { WiringContext, WiringFinding, WiringRule } from '../wiring-context';
import { listOf, pathOf } from './describe';

export const UNREACHABLE_STORE = 'Wiring-UnreachableStore';

/**
 * Every database, RDS proxy and cache admits at least one client on its port, and every client
 * given its endpoint (an ECS task's environment variable, or a secret or SSM parameter whose value
 * is the endpoint, or the store's attached credentials) runs in a service whose security groups the
 * store admits on that port (and whose egress, when restricted, lets it out). An RDS proxy is a
 * client of the databases in its target group.
 *
 * Stores whose security groups are not all in the app (imported groups) are skipped: rules outside
 * the app cannot be seen. A rule from a CIDR range or prefix list counts as admitting clients.
 * See https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html and
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/accessing-elasticache.html.
 */
export const unreachableStore: WiringRule = {
  id: UNREACHABLE_STORE,
  summary:
    'every database, proxy and cache admits a client on its port, and every client given its endpoint is admitted',
  check(context) {
    const network = NetworkIndex.of(context);
    const findings: WiringFinding[] = [];
    const proxyClients = proxiesByTarget(context);
    for (const store of dataStores(context)) {
      const groups = store.securityGroups;
      if (!groups || !network.fullyVisible(groups)) continue;
      const clients = [
        ...clientsOf(context, store.resource).map((c) => ({
          label: `service ${pathOf(c.service.resource)} (${c.via})`,
          groups: c.service.securityGroups,
        })),
        ...(proxyClients.get(store.resource.uid) ?? []).map((proxy) => ({
          label: `RDS proxy ${pathOf(proxy.resource)}`,
          groups: proxy.securityGroups,
        })),
      ];
      const portText = store.port !== undefined ? `port ${store.port}` : 'any port';
      const open =
        store.port !== undefined
          ? network.ingressOnPort(groups.keys, store.port)
          : groups.keys.flatMap((key) => network.ingressOf(key));
      if (open.length === 0) {
        findings.push({
          resource: store.resource,
          locations: ['Properties'],
          message:
            `${capitalize(store.label)} ${pathOf(store.resource)} admits no one: its security groups have no ingress rule on ` +
            `${portText}, so nothing can connect to it` +
            (clients.length > 0
              ? ` (given its endpoint or credentials: ${listOf(clients.map((c) => c.label))})`
              : '') +
            '. Fix: allow the clients in, e.g. `store.connections.allowDefaultPortFrom(service)`.',
        });
        continue;
      }
      if (store.port === undefined) continue;
      const refused: string[] = [];
      const blockedOut: string[] = [];
      for (const client of clients) {
        const clientGroups = client.groups;
        if (!clientGroups || clientGroups.keys.length === 0 || !clientGroups.complete) continue;
        if (!network.admits(groups.keys, clientGroups.keys, store.port)) refused.push(client.label);
        else if (!network.egressAllows(clientGroups.keys, groups.keys, store.port))
          blockedOut.push(client.label);
      }
      if (refused.length > 0 || blockedOut.length > 0) {
        findings.push({
          resource: store.resource,
          locations: ['Properties'],
          message:
            `${capitalize(store.label)} ${pathOf(store.resource)} is given to clients that cannot reach it on port ${store.port}: ` +
            [
              refused.length > 0 ? `its security groups do not admit ${listOf(refused)}` : '',
              blockedOut.length > 0
                ? `the egress rules of ${listOf(blockedOut)} do not let them out to it`
                : '',
            ]
              .filter((s) => s)
              .join('; ') +
            ". Fix: add an ingress rule from each client's security group on the store's port (and egress where the " +
            "client's group restricts it), e.g. `store.connections.allowDefaultPortFrom(service)`.",
        });
      }
    }
    return findings;
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** RDS proxies by the uid of each database in their target groups. */
function proxiesByTarget(context: WiringContext): Map<string, DataStore[]> {
  const { model, resolver } = context;
  const proxies = new Map(
    dataStores(context)
      .filter((s) => s.resource.type === 'AWS::RDS::DBProxy')
      .map((s) => [s.resource.uid, s]),
  );
  const out = new Map<string, DataStore[]>();
  for (const group of model.ofType('AWS::RDS::DBProxyTargetGroup')) {
    const proxyRef = resolver.resourceRef(group.properties.DBProxyName, group.template, 'AWS::RDS::DBProxy');
    const proxy = proxyRef ? proxies.get(proxyRef.resource.uid) : undefined;
    if (!proxy) continue;
    const targets: CfnResource[] = [];
    for (const key of ['DBClusterIdentifiers', 'DBInstanceIdentifiers']) {
      for (const item of resolver.items(field(group.properties, key), group.template) ?? []) {
        if (item.kind === 'ref') targets.push(item.resource);
      }
    }
    for (const target of targets) {
      const list = out.get(target.uid) ?? [];
      list.push(proxy);
      out.set(target.uid, list);
    }
  }
  return out;
}
