// The workload model: where a profile's traffic goes in the templates. Viewer requests reach the
// CloudFront distributions; the misses reach the load-balanced services; those run tasks, query
// databases, use caches and send queue messages; workers drain the queues. Every quantity is a
// series over the half-hour slots of a week, so scaling bounds and schedules apply slot by slot.
import { DiagramStack } from '../diagram/assembly-reader';
import { CostProfile, dailyShape, mean, SLOTS_PER_WEEK } from './profiles';
import {
  capacitySplit,
  capacityStrategy,
  CapacityStrategy,
  clamp,
  ServiceScaling,
  serviceScaling,
  webTasksNeeded,
} from './scaling';
import {
  approximateString,
  isRecord,
  listOf,
  literalNumber,
  literalString,
  referencedId,
  referencedIds,
  TemplateIndex,
  TemplateResource,
} from './template';

/** A per-slot series (requests per second, tasks, ...). */
export type Series = number[];

const zeros = (): Series => new Array<number>(SLOTS_PER_WEEK).fill(0);
const scale = (s: Series, factor: number): Series => s.map((v) => v * factor);
const add = (a: Series, b: Series): Series => a.map((v, i) => v + b[i]);

/** The load on one ECS service. */
export interface ServiceLoad {
  readonly role: 'web' | 'worker' | 'fixed';
  readonly scaling: ServiceScaling;
  readonly strategy: CapacityStrategy;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly arm: boolean;
  readonly ephemeralGb: number;
  readonly publicIp: boolean;
  readonly tasks: Series;
  readonly onDemand: Series;
  readonly spot: Series;
  /** Requests per second served (web) or messages per second processed (worker). */
  readonly work: Series;
  /** Load balancer health checks per task per second. */
  readonly healthChecksPerTaskPerSecond: number;
  /** Task starts in a week (scale-outs), for image pulls. */
  readonly taskStartsPerWeek: number;
  /** The seconds one message takes (workers), from the queue's visibility timeout ÷ 6. */
  readonly messageSeconds?: number;
  /** Log group ids its containers write to. */
  readonly logGroupIds: string[];
  /** Container images. */
  readonly images: string[];
  /** Environment variables of its containers (literal values only). */
  readonly environment: Record<string, string>;
  /** Logical ids its task definition references (secrets, parameters, queues, ...). */
  readonly references: Set<string>;
}

/** Whether an Aurora Serverless v2 cluster runs, and at how many ACUs, with no traffic. */
export interface DatabaseIdleState {
  readonly pausable: boolean;
  readonly reason: string;
}

/** The workload of one stack under one profile. */
export interface StackModel {
  readonly stack: DiagramStack;
  readonly region: string;
  readonly index: TemplateIndex;
  readonly profile: CostProfile;
  /** Viewer requests per second reaching each CloudFront distribution (health checks included). */
  readonly viewerRps: Map<string, Series>;
  /** Health-check requests per second included in `viewerRps`, per distribution. */
  readonly healthCheckRps: Map<string, number>;
  /** The health checks through each distribution, by path. */
  readonly healthChecks: Map<string, HealthCheckTraffic[]>;
  /** Requests per second reaching each load balancer. */
  readonly loadBalancerRps: Map<string, Series>;
  /** Requests per second inspected by each web ACL (CloudFront or regional). */
  readonly webAclRps: Map<string, Series>;
  readonly services: Map<string, ServiceLoad>;
  /** Queries per second on each database (cluster or standalone instance). */
  readonly databaseQps: Map<string, Series>;
  readonly databaseIdle: Map<string, DatabaseIdleState>;
  /** Cache operations per second on each cache. */
  readonly cacheOps: Map<string, Series>;
  /** Messages per second sent to each queue. */
  readonly queueMessages: Map<string, Series>;
  /** Origin requests per second of this stack (its share of the app's). */
  readonly originRps: Series;
  /** Log volume written to each log group, GB a month, with how it was estimated. */
  readonly logIngest: Map<string, LogVolume>;
  /** Notes on what was assumed while reading this stack. */
  readonly notes: string[];
}

/** Log bytes a month into one log group. */
export interface LogVolume {
  readonly gbPerMonth: number;
  readonly vended: boolean;
  readonly source: string;
}

const GB = 1024 ** 3;

/** Monthly total of a per-second series: mean rate × seconds in a month. */
export function monthlyTotal(series: Series, hoursPerMonth: number): number {
  return mean(series) * hoursPerMonth * 3600;
}

/** The per-task vCPU and memory of a task definition. */
function taskSize(taskDefinition: TemplateResource | undefined): {
  vcpu: number;
  memoryGb: number;
  arm: boolean;
  ephemeralGb: number;
} {
  const p = taskDefinition?.properties ?? {};
  const cpu = literalNumber(p.Cpu) ?? 256;
  const memory = literalNumber(p.Memory) ?? 512;
  const platform = isRecord(p.RuntimePlatform) ? p.RuntimePlatform : {};
  const ephemeral = isRecord(p.EphemeralStorage) ? (literalNumber(p.EphemeralStorage.SizeInGiB) ?? 20) : 20;
  return {
    vcpu: cpu / 1024,
    memoryGb: memory / 1024,
    arm: platform.CpuArchitecture === 'ARM64',
    ephemeralGb: ephemeral,
  };
}

interface AppShape {
  readonly viewer: Series;
  readonly origin: Series;
  readonly distributionCount: number;
  readonly trafficStacks: Set<string>;
  /** Distribution ids (across stacks) by alias name, for health checks through CloudFront. */
  readonly distributionAliases: Map<string, string>;
  /** Health checks through each distribution (`stack/logicalId`): path and requests per second. */
  readonly healthChecks: Map<string, HealthCheckTraffic[]>;
}

/** Requests of one Route 53 health check through a distribution. */
export interface HealthCheckTraffic {
  readonly path: string;
  readonly requestsPerSecond: number;
}

function key(stack: DiagramStack, logicalId: string): string {
  return `${stack.stackName}/${logicalId}`;
}

/** How the app's traffic splits over its stacks (shared by the stack models of one profile). */
function appShape(
  stacks: readonly DiagramStack[],
  indexes: Map<string, TemplateIndex>,
  profile: CostProfile,
): AppShape {
  const traffic = profile.traffic;
  const viewer = dailyShape(traffic, profile.assumptions.peakHoursPerDay);
  const distributions: Array<{ stack: DiagramStack; resource: TemplateResource }> = [];
  for (const stack of stacks) {
    for (const d of indexes.get(stack.stackName)!.ofType('AWS::CloudFront::Distribution'))
      distributions.push({ stack, resource: d });
  }
  const hit = traffic === null ? 0 : traffic.cdnHitRatioPercent;
  const origin = distributions.length > 0 ? scale(viewer, 1 - hit / 100) : viewer;
  const webStacks = stacks.filter((s) => loadBalancedServices(indexes.get(s.stackName)!).length > 0);
  const dataStacks = stacks.filter((s) => {
    const index = indexes.get(s.stackName)!;
    return DATA_TYPES.some((t) => index.ofType(t).length > 0);
  });
  const trafficStacks = new Set((webStacks.length > 0 ? webStacks : dataStacks).map((s) => s.stackName));

  const distributionAliases = new Map<string, string>();
  for (const { stack, resource } of distributions) {
    const config = isRecord(resource.properties.DistributionConfig)
      ? resource.properties.DistributionConfig
      : {};
    for (const alias of listOf(config.Aliases)) {
      if (typeof alias === 'string')
        distributionAliases.set(alias.toLowerCase(), key(stack, resource.logicalId));
    }
  }
  const healthChecks = new Map<string, HealthCheckTraffic[]>();
  for (const stack of stacks) {
    for (const check of indexes.get(stack.stackName)!.ofType('AWS::Route53::HealthCheck')) {
      const config = isRecord(check.properties.HealthCheckConfig) ? check.properties.HealthCheckConfig : {};
      const fqdn = literalString(config.FullyQualifiedDomainName)?.toLowerCase();
      const distribution = fqdn === undefined ? undefined : distributionAliases.get(fqdn);
      if (distribution === undefined) continue;
      const traffic = {
        path: literalString(config.ResourcePath) ?? '/',
        requestsPerSecond: healthCheckRequestsPerSecond(config),
      };
      healthChecks.set(distribution, [...(healthChecks.get(distribution) ?? []), traffic]);
    }
  }
  return {
    viewer,
    origin,
    distributionCount: distributions.length,
    trafficStacks,
    distributionAliases,
    healthChecks,
  };
}

/**
 * Requests a Route 53 health check sends: AWS documents about one every two seconds at the 30-second
 * interval (some 15 checkers), three times as many at 10 seconds.
 */
export function healthCheckRequestsPerSecond(config: Record<string, unknown>): number {
  const interval = literalNumber(config.RequestInterval) ?? 30;
  return 15 / interval;
}

const DATA_TYPES = [
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::ElastiCache::ServerlessCache',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::SQS::Queue',
];

function loadBalancedServices(index: TemplateIndex): TemplateResource[] {
  return index.ofType('AWS::ECS::Service').filter((s) => listOf(s.properties.LoadBalancers).length > 0);
}

/** Builds the workload model of every stack for one profile. */
export function buildModels(
  stacks: readonly DiagramStack[],
  profile: CostProfile,
  regionOf: (stack: DiagramStack) => string,
  hoursPerMonth: number,
): StackModel[] {
  const indexes = new Map(stacks.map((s) => [s.stackName, new TemplateIndex(s.template)]));
  const shape = appShape(stacks, indexes, profile);
  const stackShare = shape.trafficStacks.size === 0 ? 0 : 1 / shape.trafficStacks.size;
  return stacks.map((stack) =>
    stackModel(
      stack,
      regionOf(stack),
      indexes.get(stack.stackName)!,
      profile,
      shape,
      shape.trafficStacks.has(stack.stackName) ? stackShare : 0,
      hoursPerMonth,
    ),
  );
}

function stackModel(
  stack: DiagramStack,
  region: string,
  index: TemplateIndex,
  profile: CostProfile,
  shape: AppShape,
  share: number,
  hoursPerMonth: number,
): StackModel {
  const notes: string[] = [];
  const traffic = profile.traffic;
  const a = profile.assumptions;
  const originRps = scale(shape.origin, share);

  // Viewer requests per distribution: an equal share of the viewers, plus health checks through it.
  const viewerRps = new Map<string, Series>();
  const healthCheckRps = new Map<string, number>();
  const healthChecks = new Map<string, HealthCheckTraffic[]>();
  for (const d of index.ofType('AWS::CloudFront::Distribution')) {
    const through = shape.healthChecks.get(key(stack, d.logicalId)) ?? [];
    const checks = through.reduce((sum, c) => sum + c.requestsPerSecond, 0);
    healthCheckRps.set(d.logicalId, checks);
    healthChecks.set(d.logicalId, through);
    viewerRps.set(
      d.logicalId,
      scale(shape.viewer, 1 / shape.distributionCount).map((v) => v + checks),
    );
    const config = isRecord(d.properties.DistributionConfig) ? d.properties.DistributionConfig : {};
    const acl = config.WebACLId;
    if (typeof acl === 'string')
      notes.push(`the web ACL of ${d.logicalId} (${acl}) is not in these templates: not priced`);
  }

  // Load-balanced services share the stack's origin requests; the rest run at their floor.
  const webServices = loadBalancedServices(index);
  const services = new Map<string, ServiceLoad>();
  const loadBalancerRps = new Map<string, Series>();
  const queueMessages = new Map<string, Series>();
  const queues = workerQueues(index);
  const messageRate =
    traffic === null
      ? zeros()
      : scale(originRps, traffic.queueMessagesPerRequest / Math.max(1, queues.length));
  for (const q of queues) queueMessages.set(q, messageRate);

  for (const service of index.ofType('AWS::ECS::Service')) {
    const isWeb = webServices.includes(service);
    const work = isWeb ? scale(originRps, 1 / webServices.length) : zeros();
    const load = serviceLoad(
      index,
      service,
      isWeb ? work : undefined,
      queueMessages,
      traffic?.cpuMillisecondsPerRequest ?? 0,
      notes,
    );
    services.set(service.logicalId, load);
    if (isWeb) {
      for (const lb of loadBalancersOf(index, service)) {
        loadBalancerRps.set(lb, add(loadBalancerRps.get(lb) ?? zeros(), work));
      }
    }
  }
  // A stack with traffic but no load-balanced service (an existing origin): its load balancers, if
  // any, see nothing of ours.
  for (const lb of index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    if (!loadBalancerRps.has(lb.logicalId)) loadBalancerRps.set(lb.logicalId, zeros());
  }

  // Web ACLs inspect the requests of what they protect.
  const webAclRps = new Map<string, Series>();
  for (const acl of index.ofType('AWS::WAFv2::WebACL')) {
    let rps = zeros();
    for (const d of index.ofType('AWS::CloudFront::Distribution')) {
      const config = isRecord(d.properties.DistributionConfig) ? d.properties.DistributionConfig : {};
      if (referencedId(config.WebACLId) === acl.logicalId)
        rps = add(rps, viewerRps.get(d.logicalId) ?? zeros());
    }
    for (const association of index.ofType('AWS::WAFv2::WebACLAssociation')) {
      if (referencedId(association.properties.WebACLArn) !== acl.logicalId) continue;
      const target = referencedId(association.properties.ResourceArn);
      if (target !== undefined) rps = add(rps, loadBalancerRps.get(target) ?? zeros());
    }
    webAclRps.set(acl.logicalId, rps);
  }

  // Databases, caches: an equal share of the stack's queries and cache operations.
  const databases = [
    ...index.ofType('AWS::RDS::DBCluster'),
    ...index.ofType('AWS::RDS::DBInstance').filter((i) => i.properties.DBClusterIdentifier === undefined),
  ];
  const databaseQps = new Map<string, Series>();
  for (const db of databases) {
    databaseQps.set(
      db.logicalId,
      traffic === null ? zeros() : scale(originRps, traffic.databaseQueriesPerRequest / databases.length),
    );
  }
  const caches = [
    ...index.ofType('AWS::ElastiCache::ServerlessCache'),
    ...index.ofType('AWS::ElastiCache::ReplicationGroup'),
    ...index.ofType('AWS::ElastiCache::CacheCluster'),
  ];
  const cacheOps = new Map<string, Series>();
  for (const cache of caches) {
    cacheOps.set(
      cache.logicalId,
      traffic === null ? zeros() : scale(originRps, traffic.cacheOperationsPerRequest / caches.length),
    );
  }

  for (const targets of index.ofType('AWS::RDS::DBProxyTargetGroup')) {
    for (const id of listOf(targets.properties.DBInstanceIdentifiers)) {
      if (typeof id === 'string') {
        notes.push(
          `the database instance ${id} behind the proxy is not in these templates: not priced (it is on your bill already)`,
        );
      }
    }
  }
  const databaseIdle = new Map<string, DatabaseIdleState>();
  for (const cluster of index.ofType('AWS::RDS::DBCluster')) {
    databaseIdle.set(cluster.logicalId, idleState(index, cluster, services));
  }

  const model: StackModel = {
    stack,
    region,
    index,
    profile,
    viewerRps,
    healthCheckRps,
    healthChecks,
    loadBalancerRps,
    webAclRps,
    services,
    databaseQps,
    databaseIdle,
    cacheOps,
    queueMessages,
    originRps,
    logIngest: new Map(),
    notes,
  };
  estimateLogs(model, a, hoursPerMonth);
  return model;
}

/** Queues a worker drains (named by a backlog-per-task policy), else every queue that is not a DLQ. */
function workerQueues(index: TemplateIndex): string[] {
  const named = new Set<string>();
  for (const service of index.ofType('AWS::ECS::Service')) {
    const scaling = serviceScaling(index, service, []);
    if (scaling.backlogQueueId !== undefined) named.add(scaling.backlogQueueId);
  }
  if (named.size > 0) return [...named];
  const deadLetterQueues = new Set<string>();
  for (const q of index.ofType('AWS::SQS::Queue')) {
    const redrive = q.properties.RedrivePolicy;
    if (isRecord(redrive)) {
      const dlq = referencedId(redrive.deadLetterTargetArn);
      if (dlq !== undefined) deadLetterQueues.add(dlq);
    }
  }
  return index
    .ofType('AWS::SQS::Queue')
    .map((q) => q.logicalId)
    .filter((id) => !deadLetterQueues.has(id));
}

function loadBalancersOf(index: TemplateIndex, service: TemplateResource): string[] {
  const lbs = new Set<string>();
  for (const binding of listOf(service.properties.LoadBalancers)) {
    if (!isRecord(binding)) continue;
    const targetGroup = referencedId(binding.TargetGroupArn);
    if (targetGroup === undefined) continue;
    for (const listener of index.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
      if (!referencedIds(listener.properties.DefaultActions).has(targetGroup)) {
        const rules = index.referencing('AWS::ElasticLoadBalancingV2::ListenerRule', targetGroup);
        if (!rules.some((r) => referencedId(r.properties.ListenerArn) === listener.logicalId)) continue;
      }
      const lb = referencedId(listener.properties.LoadBalancerArn);
      if (lb !== undefined) lbs.add(lb);
    }
  }
  return [...lbs];
}

function serviceLoad(
  index: TemplateIndex,
  service: TemplateResource,
  webWork: Series | undefined,
  queueMessages: Map<string, Series>,
  cpuMillisecondsPerRequest: number,
  notes: string[],
): ServiceLoad {
  const taskDefinition = index.get(referencedId(service.properties.TaskDefinition));
  const size = taskSize(taskDefinition);
  const scaling = serviceScaling(index, service, notes);
  const strategy = capacityStrategy(index, service);
  const network = isRecord(service.properties.NetworkConfiguration)
    ? service.properties.NetworkConfiguration
    : {};
  const awsvpc = isRecord(network.AwsvpcConfiguration) ? network.AwsvpcConfiguration : {};
  const containers = listOf(taskDefinition?.properties.ContainerDefinitions).filter(isRecord);
  const environment: Record<string, string> = {};
  const logGroupIds: string[] = [];
  const images: string[] = [];
  for (const c of containers) {
    for (const e of listOf(c.Environment)) {
      if (isRecord(e) && typeof e.Name === 'string' && typeof e.Value === 'string')
        environment[e.Name] = e.Value;
    }
    const log =
      isRecord(c.LogConfiguration) && isRecord(c.LogConfiguration.Options) ? c.LogConfiguration.Options : {};
    const group = referencedId(log['awslogs-group']);
    if (group !== undefined) logGroupIds.push(group);
    const image = approximateString(c.Image);
    if (image !== undefined) images.push(image);
  }
  let role: ServiceLoad['role'] = 'fixed';
  let tasks: Series;
  let work = zeros();
  let messageSeconds: number | undefined;
  if (scaling.backlogQueueId !== undefined) {
    role = 'worker';
    const queue = index.get(scaling.backlogQueueId);
    const visibility = literalNumber(queue?.properties.VisibilityTimeout) ?? 30;
    messageSeconds = visibility / 6;
    work = queueMessages.get(scaling.backlogQueueId) ?? zeros();
    tasks = work.map((rate, slot) =>
      rate <= 0
        ? scaling.floor[slot]
        : clamp(
            Math.ceil(rate * messageSeconds! - 1e-9),
            Math.max(1, scaling.floor[slot]),
            Math.max(1, scaling.maxCapacity),
          ),
    );
  } else if (webWork !== undefined) {
    role = 'web';
    work = webWork;
    tasks = webWork.map((rate, slot) =>
      clamp(
        webTasksNeeded(rate, cpuMillisecondsPerRequest, size.vcpu, scaling),
        scaling.floor[slot],
        Math.max(scaling.floor[slot], scaling.maxCapacity),
      ),
    );
  } else {
    tasks = [...scaling.floor];
  }
  const split = tasks.map((t) => capacitySplit(t, strategy));
  const targetGroup = listOf(service.properties.LoadBalancers)
    .map((b) => (isRecord(b) ? index.get(referencedId(b.TargetGroupArn)) : undefined))
    .find((tg) => tg !== undefined);
  let healthChecksPerTaskPerSecond = 0;
  if (targetGroup !== undefined) {
    const interval = literalNumber(targetGroup.properties.HealthCheckIntervalSeconds) ?? 30;
    const lb = loadBalancersOf(index, service).map((id) => index.get(id))[0];
    const zones = Math.max(
      1,
      listOf(lb?.properties.Subnets).length || listOf(lb?.properties.SubnetMappings).length,
    );
    healthChecksPerTaskPerSecond = zones / interval;
  }
  let starts = 0;
  for (let slot = 0; slot < SLOTS_PER_WEEK; slot++) {
    const previous = tasks[(slot + SLOTS_PER_WEEK - 1) % SLOTS_PER_WEEK];
    starts += Math.max(0, tasks[slot] - previous);
  }
  return {
    role,
    scaling,
    strategy,
    ...size,
    publicIp: awsvpc.AssignPublicIp === 'ENABLED',
    tasks,
    onDemand: split.map((s) => s.onDemand),
    spot: split.map((s) => s.spot),
    work,
    healthChecksPerTaskPerSecond,
    taskStartsPerWeek: starts,
    messageSeconds,
    logGroupIds,
    images,
    environment,
    references: referencedIds(taskDefinition?.properties ?? {}),
  };
}

/** Variables that tell the application's pool to keep no idle connection (value `0`). */
const POOL_DRAIN = /(POOL_MIN|POOL_MIN_IDLE|POOL_MINIMUM_IDLE|POOL_MIN_SIZE)$/;

/**
 * Whether an Aurora Serverless v2 cluster pauses with no traffic. It pauses (0 ACU) only when no
 * connection is open for its auto-pause delay: a client task that always runs and keeps a pool of
 * connections keeps it at its minimum (at least 0.5 ACU) unless the pool is told to drain.
 */
function idleState(
  index: TemplateIndex,
  cluster: TemplateResource,
  services: Map<string, ServiceLoad>,
): DatabaseIdleState {
  const scalingConfig = isRecord(cluster.properties.ServerlessV2ScalingConfiguration)
    ? cluster.properties.ServerlessV2ScalingConfiguration
    : undefined;
  const min = literalNumber(scalingConfig?.MinCapacity);
  if (scalingConfig === undefined)
    return { pausable: false, reason: 'provisioned instances run whether or not anyone connects' };
  if (min !== 0)
    return { pausable: false, reason: `its minimum capacity is ${min} ACU (0 would let it pause)` };
  if (cluster.properties.GlobalClusterIdentifier !== undefined) {
    return { pausable: false, reason: 'a cluster in an Aurora global database does not auto-pause' };
  }
  const related = clusterRelatedIds(index, cluster);
  const proxy = index
    .ofType('AWS::RDS::DBProxyTargetGroup')
    .find((tg) =>
      listOf(tg.properties.DBClusterIdentifiers).some((c) => referencedId(c) === cluster.logicalId),
    );
  if (proxy !== undefined) {
    return {
      pausable: false,
      reason: 'an RDS Proxy in front of it keeps connections open (auto-pause does not work with RDS Proxy)',
    };
  }
  const holders: string[] = [];
  for (const [id, load] of services) {
    const alwaysOn = Math.min(...load.scaling.floor) > 0;
    const client = [...load.references].some((r) => related.has(r));
    if (!alwaysOn || !client) continue;
    const drains = Object.entries(load.environment).some(
      ([name, value]) => POOL_DRAIN.test(name) && value === '0',
    );
    if (!drains)
      holders.push(
        `${id} (${Math.min(...load.scaling.floor)} task${Math.min(...load.scaling.floor) === 1 ? '' : 's'} always running)`,
      );
  }
  if (holders.length > 0) {
    return {
      pausable: false,
      reason:
        `min capacity 0 would let it pause, but ${holders.join(' and ')} hold${holders.length === 1 ? 's' : ''} a connection pool to it ` +
        'and nothing in the template lets the pool drain (no *_POOL_MIN=0 in its environment): it stays awake at 0.5 ACU',
    };
  }
  return {
    pausable: true,
    reason:
      'min capacity 0 and no always-running client holds connections (pools drain or clients scale to zero): it pauses (0 ACU) after its auto-pause delay',
  };
}

/** The cluster, its instances, its secret (and attachment) and the SSM parameters that publish its endpoints. */
function clusterRelatedIds(index: TemplateIndex, cluster: TemplateResource): Set<string> {
  const related = new Set<string>([cluster.logicalId]);
  for (const i of index.ofType('AWS::RDS::DBInstance')) {
    if (referencedId(i.properties.DBClusterIdentifier) === cluster.logicalId) related.add(i.logicalId);
  }
  for (const attachment of index.ofType('AWS::SecretsManager::SecretTargetAttachment')) {
    if (referencedId(attachment.properties.TargetId) === cluster.logicalId) {
      related.add(attachment.logicalId);
      const secret = referencedId(attachment.properties.SecretId);
      if (secret !== undefined) related.add(secret);
    }
  }
  for (const parameter of index.ofType('AWS::SSM::Parameter')) {
    if ([...referencedIds(parameter.properties.Value)].some((r) => related.has(r)))
      related.add(parameter.logicalId);
  }
  return related;
}

/** Log volumes by log group, from what writes to each. */
function estimateLogs(model: StackModel, a: CostProfile['assumptions'], hoursPerMonth: number): void {
  const { index, logIngest } = model;
  const seconds = hoursPerMonth * 3600;
  const addVolume = (id: string | undefined, gb: number, vended: boolean, source: string): void => {
    if (id === undefined) return;
    const previous = logIngest.get(id);
    logIngest.set(id, {
      gbPerMonth: (previous?.gbPerMonth ?? 0) + gb,
      vended: vended || (previous?.vended ?? false),
      source: previous ? `${previous.source}; ${source}` : source,
    });
  };
  // Application logs: a line per request served, health check answered or message processed.
  for (const [serviceId, load] of model.services) {
    const healthChecks = mean(load.tasks) * load.healthChecksPerTaskPerSecond;
    const lines = mean(load.work) + healthChecks;
    const gb = (lines * seconds * a.appLogBytesPerRequest) / GB;
    for (const group of new Set(load.logGroupIds)) {
      addVolume(
        group,
        gb / new Set(load.logGroupIds).size,
        false,
        `${serviceId}: ${fmt(lines * seconds)} lines a month (${load.role === 'worker' ? 'messages processed' : healthChecks > 0 ? 'requests + load balancer health checks' : 'requests'}) × ${a.appLogBytesPerRequest} B`,
      );
    }
  }
  // VPC flow logs: records per 10-minute window: health-check connections of the load-balanced
  // tasks (recorded at both ends), a baseline of long-lived connections, and new origin connections.
  for (const flowLog of index.ofType('AWS::EC2::FlowLog')) {
    const group =
      referencedId(flowLog.properties.LogGroupName) ?? referencedId(flowLog.properties.LogDestination);
    let healthFlows = 0;
    let tasks = 0;
    for (const load of model.services.values()) {
      healthFlows += mean(load.tasks) * load.healthChecksPerTaskPerSecond * 2;
      tasks += mean(load.tasks);
    }
    const recordsPerSecond = healthFlows + (10 + 2 * tasks) / 600 + mean(model.originRps) * 0.1;
    const records = recordsPerSecond * seconds;
    addVolume(
      group,
      (records * a.flowLogRecordBytes) / GB,
      true,
      `${fmt(records)} flow records a month (health-check connections at both ends, a baseline per interface, 1 new connection per 10 origin requests) × ${a.flowLogRecordBytes} B`,
    );
  }
  // WAF logs: every inspected request, or the filtered share.
  for (const config of index.ofType('AWS::WAFv2::LoggingConfiguration')) {
    const acl = referencedId(config.properties.ResourceArn);
    const rps = acl === undefined ? 0 : mean(model.webAclRps.get(acl) ?? [0]);
    const filtered = isRecord(config.properties.LoggingFilter);
    const share = filtered ? a.wafFilteredLogPercent / 100 : 1;
    for (const destination of listOf(config.properties.LogDestinationConfigs)) {
      const group = [...referencedIds(destination)].find(
        (id) => index.get(id)?.type === 'AWS::Logs::LogGroup',
      );
      addVolume(
        group,
        (rps * seconds * share * a.wafLogBytesPerRequest) / GB,
        true,
        `${fmt(rps * seconds * share)} WAF log records a month${filtered ? ` (the logging filter keeps about ${a.wafFilteredLogPercent} %)` : ''} × ${a.wafLogBytesPerRequest} B`,
      );
    }
  }
  // Database logs: the slow queries (and errors) the engine writes.
  for (const group of index.ofType('AWS::Logs::LogGroup')) {
    const name = approximateString(group.properties.LogGroupName) ?? '';
    if (!name.startsWith('/aws/rds/')) continue;
    const db = [...referencedIds(group.properties.LogGroupName)].find((id) => model.databaseQps.has(id));
    const qps = db === undefined ? 0 : mean(model.databaseQps.get(db)!);
    const lines = qps * seconds * (a.slowQueryPercent / 100);
    addVolume(
      group.logicalId,
      (lines * a.appLogBytesPerRequest) / GB,
      false,
      `${fmt(lines)} slow-query lines a month (${a.slowQueryPercent} % of queries) × ${a.appLogBytesPerRequest} B`,
    );
  }
  // ElastiCache slow and engine logs: a few entries.
  for (const type of [
    'AWS::ElastiCache::ReplicationGroup',
    'AWS::ElastiCache::CacheCluster',
    'AWS::ElastiCache::ServerlessCache',
  ]) {
    for (const cache of index.ofType(type)) {
      for (const delivery of listOf(cache.properties.LogDeliveryConfigurations)) {
        if (!isRecord(delivery)) continue;
        const details = isRecord(delivery.DestinationDetails) ? delivery.DestinationDetails : {};
        const cw = isRecord(details.CloudWatchLogsDetails) ? details.CloudWatchLogsDetails : {};
        addVolume(
          referencedId(cw.LogGroup),
          0.01,
          true,
          `${String(delivery.LogType)} of ${cache.logicalId}: about 10 MB a month (assumed)`,
        );
      }
    }
  }
}

/** A count for people: 1,234,567. */
export function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
