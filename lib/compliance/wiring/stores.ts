import { EcsIndex, refsThroughParameters, ServiceInfo, TaskDefinitionInfo } from './ecs';
import { NetworkIndex, SecurityGroupSet } from './network';
import { CfnResource } from './template-model';
import { WiringContext } from './wiring-context';

/** A database, proxy or cache of the app: what clients connect to, and through which groups. */
export interface DataStore {
  readonly resource: CfnResource;
  /** `database cluster`, `cache`... for messages. */
  readonly label: string;
  /** The port clients use; undefined when the template does not say (a replica of an outside instance). */
  readonly port?: number;
  /** The store's security groups; undefined when it uses the VPC's default group. */
  readonly securityGroups?: SecurityGroupSet;
}

/** A service whose tasks are given a store's endpoint or credentials. */
export interface StoreClient {
  readonly service: ServiceInfo;
  /** The environment variable or secret name that carries it. */
  readonly via: string;
}

const ENGINE_PORTS: Array<[RegExp, number]> = [
  [/postgres/, 5432],
  [/mysql|mariadb|^aurora$/, 3306],
  [/oracle/, 1521],
  [/sqlserver/, 1433],
  [/memcached/, 11211],
  [/redis|valkey/, 6379],
];

function enginePort(engine: string | undefined): number | undefined {
  if (engine === undefined) return undefined;
  const e = engine.toLowerCase();
  return ENGINE_PORTS.find(([pattern]) => pattern.test(e))?.[1];
}

/** Every store of the app. Instances of an Aurora cluster are left out: the cluster's groups apply. */
export function dataStores(context: WiringContext): DataStore[] {
  return context.model.memo('data-stores', () => {
    const { model, resolver } = context;
    const network = NetworkIndex.of(context);
    const stores: DataStore[] = [];
    const sgs = (resource: CfnResource, key: string): SecurityGroupSet | undefined =>
      network.securityGroupSet(resource.properties[key], resource.template);
    const num = (resource: CfnResource, key: string): number | undefined =>
      resolver.number(resource.properties[key], resource.template);
    const str = (resource: CfnResource, key: string): string | undefined =>
      resolver.string(resource.properties[key], resource.template);

    for (const r of model.ofType('AWS::RDS::DBCluster')) {
      stores.push({
        resource: r,
        label: 'database cluster',
        port: num(r, 'Port') ?? enginePort(str(r, 'Engine')),
        securityGroups: sgs(r, 'VpcSecurityGroupIds'),
      });
    }
    for (const r of model.ofType('AWS::RDS::DBInstance')) {
      if (r.properties.DBClusterIdentifier !== undefined) continue;
      let engine = str(r, 'Engine');
      let port = num(r, 'Port');
      // A read replica inherits engine and port from its source when it does not set them.
      const source = resolver.resourceRef(
        r.properties.SourceDBInstanceIdentifier,
        r.template,
        'AWS::RDS::DBInstance',
      );
      if (source) {
        engine ??= resolver.string(source.resource.properties.Engine, source.resource.template);
        port ??= resolver.number(source.resource.properties.Port, source.resource.template);
      }
      stores.push({
        resource: r,
        label:
          r.properties.SourceDBInstanceIdentifier !== undefined
            ? 'database read replica'
            : 'database instance',
        port: port ?? enginePort(engine),
        securityGroups: sgs(r, 'VPCSecurityGroups'),
      });
    }
    for (const r of model.ofType('AWS::RDS::DBProxy')) {
      stores.push({
        resource: r,
        label: 'RDS proxy',
        port: enginePort(str(r, 'EngineFamily')),
        securityGroups: sgs(r, 'VpcSecurityGroupIds'),
      });
    }
    for (const r of model.ofType('AWS::ElastiCache::ReplicationGroup')) {
      stores.push({
        resource: r,
        label: 'cache',
        port: num(r, 'Port') ?? enginePort(str(r, 'Engine') ?? 'redis'),
        securityGroups: sgs(r, 'SecurityGroupIds'),
      });
    }
    for (const r of model.ofType('AWS::ElastiCache::ServerlessCache')) {
      stores.push({
        resource: r,
        label: 'serverless cache',
        port: enginePort(str(r, 'Engine')),
        securityGroups: sgs(r, 'SecurityGroupIds'),
      });
    }
    for (const r of model.ofType('AWS::ElastiCache::CacheCluster')) {
      stores.push({
        resource: r,
        label: 'cache cluster',
        port: num(r, 'Port') ?? enginePort(str(r, 'Engine')),
        securityGroups: sgs(r, 'VpcSecurityGroupIds'),
      });
    }
    return stores;
  });
}

/** Whether a GetAtt attribute is a connection endpoint (`Endpoint.Address`, `PrimaryEndPoint.Address`...). */
export function isEndpointAttribute(attribute: string | undefined): boolean {
  return attribute !== undefined && /endpoint/i.test(attribute);
}

/**
 * The services whose tasks are given a store's endpoint (in an environment variable, or a secret
 * or parameter whose value is it) or the store's credentials (a secret attached to it).
 */
export function clientsOf(context: WiringContext, store: CfnResource): StoreClient[] {
  const index = context.model.memo('store-clients', () => buildClientIndex(context));
  return index.get(store.uid) ?? [];
}

function buildClientIndex(context: WiringContext): Map<string, StoreClient[]> {
  const { model, resolver } = context;
  const ecs = EcsIndex.of(context);
  // Secrets attached to a store (SecretTargetAttachment): the secret, and the attachment itself.
  const storeOfSecret = new Map<string, CfnResource>();
  for (const attachment of model.ofType('AWS::SecretsManager::SecretTargetAttachment')) {
    const target = resolver.resourceRef(attachment.properties.TargetId, attachment.template);
    const secret = resolver.resourceRef(
      attachment.properties.SecretId,
      attachment.template,
      'AWS::SecretsManager::Secret',
    );
    if (!target) continue;
    storeOfSecret.set(attachment.uid, target.resource);
    if (secret) storeOfSecret.set(secret.resource.uid, target.resource);
  }
  const index = new Map<string, StoreClient[]>();
  const add = (store: CfnResource, taskDefinition: TaskDefinitionInfo, via: string): void => {
    for (const service of ecs.servicesRunning(taskDefinition)) {
      const list = index.get(store.uid) ?? [];
      if (!list.some((c) => c.service === service)) list.push({ service, via });
      index.set(store.uid, list);
    }
  };
  for (const taskDefinition of ecs.taskDefinitions) {
    for (const container of taskDefinition.containers) {
      const values = [
        ...container.environment.map((e) => ({ name: e.name ?? '?', value: e.value })),
        ...container.secrets.map((s) => ({ name: s.name ?? '?', value: s.valueFrom })),
      ];
      for (const { name, value } of values) {
        for (const ref of refsThroughParameters(context, value)) {
          if (isEndpointAttribute(ref.attribute)) add(clusterOf(context, ref.resource), taskDefinition, name);
          const attachedTo = storeOfSecret.get(ref.resource.uid);
          if (attachedTo) add(attachedTo, taskDefinition, name);
        }
      }
    }
  }
  return index;
}

/** The Aurora cluster of a cluster instance (whose groups are the cluster's), else the resource itself. */
function clusterOf(context: WiringContext, resource: CfnResource): CfnResource {
  if (resource.type !== 'AWS::RDS::DBInstance') return resource;
  const cluster = context.resolver.resourceRef(
    resource.properties.DBClusterIdentifier,
    resource.template,
    'AWS::RDS::DBCluster',
  );
  return cluster?.resource ?? resource;
}
