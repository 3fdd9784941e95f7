// A synthesized template "deployed" on paper: every resource gets the physical name CloudFormation
// would give it, intrinsic functions resolve against those names, and each resource is mapped to
// the CloudWatch metric streams AWS publishes for its kind (./published-metrics.ts). Tests use it
// to read a manifest as the audit reads it after a deployment, and to feed a local CloudWatch fake
// exactly the metrics a real account would have.
import { createHash } from 'node:crypto';
import { PUBLISHED_METRICS, PublishedMetric, ResourceKind } from './published-metrics';

type Json = unknown;
interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
export interface CfnTemplate {
  readonly Resources: Record<string, TemplateResource>;
}

/** One metric stream a deployed resource publishes: what GetMetricData must ask for to read it. */
export interface MetricStream extends PublishedMetric {
  /** Dimension values, by name. */
  readonly dimensionValues: Readonly<Record<string, string>>;
  /** The region the stream lives in. */
  readonly streamRegion: string;
  /** The logical id (or, for existing resources, the name) of the resource that publishes it. */
  readonly resource: string;
}

/** A resource that exists without being in the template (the legacy uplift's ALB and database). */
export interface ExistingResource {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

const hash = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** The deployment of one stack: physical names, resolved values, published metric streams. */
export class Deployment {
  private readonly physical = new Map<string, string>();

  constructor(
    public readonly stackName: string,
    public readonly region: string,
    public readonly template: CfnTemplate,
    private readonly account = '123456789012',
  ) {}

  private resource(logicalId: string): TemplateResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId} in the template of ${this.stackName}`);
    return resource;
  }

  /** The physical id `Ref` returns: the name given in the template, else one CloudFormation generates. */
  public physicalId(logicalId: string): string {
    const known = this.physical.get(logicalId);
    if (known) return known;
    const { Type: type, Properties: props = {} } = this.resource(logicalId);
    const nameProperty: Record<string, string> = {
      'AWS::ElastiCache::ServerlessCache': 'ServerlessCacheName',
      'AWS::ElastiCache::ReplicationGroup': 'ReplicationGroupId',
      'AWS::ElastiCache::CacheCluster': 'ClusterName',
      'AWS::RDS::DBCluster': 'DBClusterIdentifier',
      'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
      'AWS::RDS::DBProxy': 'DBProxyName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::ECS::Cluster': 'ClusterName',
      'AWS::ECS::Service': 'ServiceName',
      'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Name',
      'AWS::ElasticLoadBalancingV2::TargetGroup': 'Name',
      'AWS::CloudWatch::Alarm': 'AlarmName',
      'AWS::CloudWatch::CompositeAlarm': 'AlarmName',
      'AWS::SSM::Parameter': 'Name',
    };
    const given = nameProperty[type] !== undefined ? props[nameProperty[type]] : undefined;
    let id: string;
    if (given !== undefined) {
      id = String(this.resolve(given));
    } else if (type === 'AWS::CloudFront::Distribution') {
      id = 'E' + hash(logicalId, 13).toUpperCase();
    } else if (type.startsWith('AWS::RDS::') || type.startsWith('AWS::ElastiCache::')) {
      // RDS and ElastiCache identifiers are lower case and short.
      id = `${this.stackName}-${logicalId}`.toLowerCase().slice(0, 40) + '-' + hash(logicalId, 8);
    } else if (type.startsWith('AWS::ElasticLoadBalancingV2::')) {
      id = `${this.stackName.slice(0, 12)}-${logicalId.slice(0, 6)}-${hash(logicalId, 12).toUpperCase()}`;
    } else {
      id = `${this.stackName}-${logicalId}-${hash(logicalId, 13).toUpperCase()}`;
    }
    // RDS and ElastiCache store identifiers in lower case, whatever the template says.
    if (type.startsWith('AWS::RDS::') || type.startsWith('AWS::ElastiCache::')) id = id.toLowerCase();
    this.physical.set(logicalId, id);
    return id;
  }

  private attribute(logicalId: string, attribute: string): string {
    const name = this.physicalId(logicalId);
    const { Type: type } = this.resource(logicalId);
    if (attribute === 'LoadBalancerFullName') return `app/${name}/${hash(name, 16)}`;
    if (attribute === 'TargetGroupFullName') return `targetgroup/${name}/${hash(name, 16)}`;
    if (attribute === 'LoadBalancerName' || attribute === 'TargetGroupName') return name;
    if (type === 'AWS::ECS::Service' && attribute === 'Name') return name;
    if (type === 'AWS::SQS::Queue' && attribute === 'QueueName') return name;
    if (attribute === 'Arn')
      return ['arn', 'aws', type.split('::')[1].toLowerCase(), this.region, this.account, name].join(':');
    return `${name}.${attribute.toLowerCase()}`;
  }

  /** Resolves intrinsic functions and pseudo parameters against the deployed names. */
  public resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (typeof value !== 'object' || value === null) return value;
    const obj = value as Record<string, Json>;
    if (typeof obj.Ref === 'string') {
      const pseudo: Record<string, string> = {
        'AWS::StackName': this.stackName,
        'AWS::Region': this.region,
        'AWS::AccountId': this.account,
        'AWS::Partition': 'aws',
        'AWS::URLSuffix': 'amazonaws.com',
        // A stack id: arn:…:stack/<name>/<uuid>; CloudFormation gives each stack instance a new uuid.
        'AWS::StackId': `arn:aws:cloudformation:${this.region}:${this.account}:stack/${this.stackName}/${hash(this.stackName, 8)}-0123-4567-89ab-${hash(this.stackName, 12)}`,
      };
      return pseudo[obj.Ref] ?? this.physicalId(obj.Ref);
    }
    if (obj['Fn::GetAtt']) {
      const [logicalId, attribute] = obj['Fn::GetAtt'] as [string, string];
      return this.attribute(logicalId, attribute);
    }
    if (obj['Fn::Join']) {
      const [separator, parts] = obj['Fn::Join'] as [string, Json[]];
      return parts.map((p) => String(this.resolve(p))).join(separator);
    }
    if (obj['Fn::Select']) {
      const [index, list] = obj['Fn::Select'] as [number, Json];
      return (this.resolve(list) as Json[])[Number(index)];
    }
    if (obj['Fn::Split']) {
      const [separator, text] = obj['Fn::Split'] as [string, Json];
      return String(this.resolve(text)).split(separator);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, this.resolve(v)]));
  }

  private ofType(type: string): [string, TemplateResource][] {
    return Object.entries(this.template.Resources).filter(([, r]) => r.Type === type);
  }

  private refersTo(value: Json, logicalId: string): boolean {
    return JSON.stringify(value ?? null).includes(`"${logicalId}"`);
  }

  /** The metric streams the deployed resources publish, plus those of `existing` resources. */
  public metricStreams(existing: readonly ExistingResource[] = []): MetricStream[] {
    const streams: MetricStream[] = [];
    const add = (kind: ResourceKind, resource: string, dimensionValues: Record<string, string>): void => {
      for (const metric of PUBLISHED_METRICS) {
        if (metric.kind !== kind) continue;
        const names = Object.keys(dimensionValues);
        if (names.length !== metric.dimensions.length || !metric.dimensions.every((d) => names.includes(d))) {
          continue;
        }
        streams.push({
          ...metric,
          dimensionValues,
          streamRegion: metric.region ?? this.region,
          resource,
        });
      }
    };
    for (const e of existing) add(e.kind, e.name, { ...e.dimensions });

    for (const [id, lb] of this.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      if ((lb.Properties?.Type ?? 'application') !== 'application') continue;
      const loadBalancer = this.attribute(id, 'LoadBalancerFullName');
      add(ResourceKind.ALB, id, { LoadBalancer: loadBalancer });
      for (const [, listener] of this.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
        if (!this.refersTo(listener.Properties?.LoadBalancerArn, id)) continue;
        for (const [tgId] of this.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
          if (!this.refersTo(listener.Properties?.DefaultActions, tgId)) continue;
          add(ResourceKind.ALB_TARGET_GROUP, tgId, {
            TargetGroup: this.attribute(tgId, 'TargetGroupFullName'),
            LoadBalancer: loadBalancer,
          });
        }
      }
    }
    for (const [id, service] of this.ofType('AWS::ECS::Service')) {
      const clusterRef = service.Properties?.Cluster as { Ref?: string } | undefined;
      const clusterName = String(this.resolve(service.Properties?.Cluster));
      const dimensions = { ClusterName: clusterName, ServiceName: this.physicalId(id) };
      add(ResourceKind.ECS_SERVICE, id, dimensions);
      const cluster = clusterRef?.Ref ? this.template.Resources[clusterRef.Ref] : undefined;
      const settings = (cluster?.Properties?.ClusterSettings ?? []) as { Name: string; Value: string }[];
      if (settings.some((s) => s.Name === 'containerInsights' && s.Value !== 'disabled')) {
        add(ResourceKind.ECS_SERVICE_INSIGHTS, id, dimensions);
      }
    }
    for (const [id] of this.ofType('AWS::RDS::DBCluster')) {
      const instances = this.ofType('AWS::RDS::DBInstance').filter(([, i]) =>
        this.refersTo(i.Properties?.DBClusterIdentifier, id),
      );
      const dimensions = { DBClusterIdentifier: this.physicalId(id) };
      add(ResourceKind.AURORA_CLUSTER, id, dimensions);
      if (instances.length > 1) add(ResourceKind.AURORA_READERS, id, dimensions);
      if (instances.some(([, i]) => i.Properties?.DBInstanceClass === 'db.serverless')) {
        add(ResourceKind.AURORA_SERVERLESS_V2, id, dimensions);
      }
    }
    for (const [id, instance] of this.ofType('AWS::RDS::DBInstance')) {
      if (instance.Properties?.DBClusterIdentifier !== undefined) continue;
      const dimensions = { DBInstanceIdentifier: this.physicalId(id) };
      add(ResourceKind.RDS_INSTANCE, id, dimensions);
      if (instance.Properties?.SourceDBInstanceIdentifier !== undefined) {
        add(ResourceKind.RDS_READ_REPLICA, id, dimensions);
      }
    }
    for (const [id] of this.ofType('AWS::RDS::DBProxy')) {
      add(ResourceKind.RDS_PROXY, id, { ProxyName: this.physicalId(id) });
    }
    for (const [id] of this.ofType('AWS::ElastiCache::ServerlessCache')) {
      add(ResourceKind.ELASTICACHE_SERVERLESS, id, { clusterId: this.physicalId(id) });
    }
    for (const [id, group] of this.ofType('AWS::ElastiCache::ReplicationGroup')) {
      const nodes = Number(group.Properties?.NumCacheClusters ?? 1);
      for (let n = 1; n <= nodes; n++) {
        const node = `${this.physicalId(id)}-${String(n).padStart(3, '0')}`;
        add(ResourceKind.VALKEY_NODE, `${id}/${n}`, { CacheClusterId: node });
        add(ResourceKind.VALKEY_NODE, `${id}/${n}`, { CacheClusterId: node, CacheNodeId: '0001' });
      }
    }
    for (const [id, cluster] of this.ofType('AWS::ElastiCache::CacheCluster')) {
      if (cluster.Properties?.Engine !== 'memcached') continue;
      const clusterId = this.physicalId(id);
      add(ResourceKind.MEMCACHED, id, { CacheClusterId: clusterId });
      const nodes = Number(cluster.Properties?.NumCacheNodes ?? 1);
      for (let n = 1; n <= nodes; n++) {
        add(ResourceKind.MEMCACHED, id, {
          CacheClusterId: clusterId,
          CacheNodeId: String(n).padStart(4, '0'),
        });
      }
    }
    for (const [id] of this.ofType('AWS::SQS::Queue')) {
      add(ResourceKind.SQS_QUEUE, id, { QueueName: this.physicalId(id) });
    }
    for (const [id] of this.ofType('AWS::CloudFront::Distribution')) {
      const dimensions = { DistributionId: this.physicalId(id), Region: 'Global' };
      add(ResourceKind.CLOUDFRONT, id, dimensions);
      const additional = this.ofType('AWS::CloudFront::MonitoringSubscription').some(
        ([, s]) =>
          this.refersTo(s.Properties?.DistributionId, id) &&
          JSON.stringify(s.Properties?.MonitoringSubscription ?? {}).includes('"Enabled"'),
      );
      if (additional) add(ResourceKind.CLOUDFRONT_ADDITIONAL, id, dimensions);
    }
    return streams;
  }
}
