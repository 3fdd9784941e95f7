// Reads what decides a rehearsal's outcome from one synthesized template: the ECS services, their
// task size and capacity providers, their load balancer health checks, and the Application Auto
// Scaling targets, schedules and policies (with the alarms behind step policies) mapped to their
// service through the scalable target's ResourceId. Pure functions over template JSON.
import { CfnTemplate } from '../diagram/assembly-reader';
import {
  alarmMetricSource,
  describeMetric,
  idsOfType,
  isRecord,
  mathSource,
  metricStatOf,
  MetricSource,
  numberValue,
  prop,
  referencedId,
  referencedIds,
  Resources,
  resourcesOf,
  stringValue,
} from './template-refs';

/** `>`, `>=`, `<`, `<=` as CloudWatch spells them. */
export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';

/** An alarm that invokes a step policy. */
export interface AlarmModel {
  readonly logicalId: string;
  readonly source: MetricSource;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** One step of a step scaling policy: bounds relative to the alarm threshold, lower inclusive. */
export interface StepAdjustment {
  readonly lower?: number;
  readonly upper?: number;
  readonly adjustment: number;
}

export type AdjustmentType = 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity';

export interface StepPolicyModel {
  readonly kind: 'step';
  readonly logicalId: string;
  readonly adjustmentType: AdjustmentType;
  readonly steps: readonly StepAdjustment[];
  readonly minAdjustmentMagnitude?: number;
  readonly cooldownSeconds: number;
  readonly aggregation: 'Average' | 'Minimum' | 'Maximum';
  readonly alarms: readonly AlarmModel[];
}

/** What a target-tracking policy tracks. */
export type TrackedMetric =
  | { readonly kind: 'cpu'; readonly serviceId: string }
  | { readonly kind: 'memory'; readonly serviceId: string }
  | { readonly kind: 'requestsPerTarget'; readonly targetGroupId: string }
  | { readonly kind: 'custom'; readonly source: MetricSource };

export interface TargetTrackingPolicyModel {
  readonly kind: 'targetTracking';
  readonly logicalId: string;
  readonly metric: TrackedMetric;
  readonly target: number;
  readonly scaleOutCooldownSeconds: number;
  readonly scaleInCooldownSeconds: number;
  readonly disableScaleIn: boolean;
}

export interface PredictivePolicyModel {
  readonly kind: 'predictive';
  readonly logicalId: string;
  readonly mode: 'ForecastOnly' | 'ForecastAndScale';
  /** Requests per task per minute (`ALBRequestCount`) or CPU percent (`ECSServiceCPUUtilization`). */
  readonly metric: 'requests' | 'cpu';
  readonly target: number;
  readonly schedulingBufferSeconds: number;
}

export type PolicyModel = StepPolicyModel | TargetTrackingPolicyModel | PredictivePolicyModel;

/** A scheduled action of a scalable target. */
export interface ScheduledActionModel {
  readonly name: string;
  /** `cron(...)`, `at(...)` or `rate(...)`. */
  readonly schedule: string;
  /** IANA time zone of the schedule; UTC when the template gives none. */
  readonly timeZone: string;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

export interface ScalableTargetModel {
  readonly logicalId: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly scheduledActions: readonly ScheduledActionModel[];
  readonly policies: readonly PolicyModel[];
}

/** The load balancer side of a web service. */
export interface TargetGroupModel {
  readonly logicalId: string;
  readonly healthCheckIntervalSeconds: number;
  readonly healthyThresholdCount: number;
  readonly deregistrationDelaySeconds: number;
  /** The ALB idle timeout: a request queued longer than this fails. */
  readonly idleTimeoutSeconds: number;
  readonly loadBalancerId?: string;
}

/** One ECS service as the rehearsal sees it. */
export interface ServiceModel {
  readonly logicalId: string;
  /** The construct path below the stack, without the L2's own ids (`Web`, `Worker`). */
  readonly name: string;
  /** With a load balancer: serves requests. Without: a worker (it consumes a queue when one is found). */
  readonly role: 'web' | 'worker';
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  readonly architecture: string;
  readonly image: string;
  /** Fargate / Fargate Spot split: `base` tasks on demand, then the weights. */
  readonly capacityProviders: {
    readonly base: number;
    readonly onDemandWeight: number;
    readonly spotWeight: number;
  };
  readonly healthCheckGracePeriodSeconds?: number;
  readonly targetGroup?: TargetGroupModel;
  readonly scaling?: ScalableTargetModel;
  /** A pool size the template gives its container (`*POOL_SIZE` environment variable). */
  readonly poolSizeFromTemplate?: number;
  /** Databases (cluster or instance logical ids) the service's container is wired to. */
  readonly databaseIds: readonly string[];
  /** The queue a worker consumes. */
  readonly queueId?: string;
  /** Latency SLO thresholds of the service's load balancer alarms (TargetResponseTime p95/p99), in ms. */
  readonly latencySloMs: { readonly p95?: number; readonly p99?: number };
}

const DEFAULT_HEALTH_CHECK_INTERVAL = 30;
const DEFAULT_HEALTHY_THRESHOLD = 5;
const DEFAULT_DEREGISTRATION_DELAY = 300;
const DEFAULT_IDLE_TIMEOUT = 60;
/** Application Auto Scaling's default cooldown for ECS targets. */
const DEFAULT_COOLDOWN = 300;

/** The ECS services of a template with their scaling configuration. */
export function readServices(
  template: CfnTemplate,
  paths: Readonly<Record<string, string>> = {},
): ServiceModel[] {
  const resources = resourcesOf(template);
  const targets = readScalableTargets(resources);
  return idsOfType(resources, 'AWS::ECS::Service').map((serviceId) =>
    readService(resources, serviceId, targets.get(serviceId), paths),
  );
}

function readService(
  resources: Resources,
  serviceId: string,
  scaling: ScalableTargetModel | undefined,
  paths: Readonly<Record<string, string>>,
): ServiceModel {
  const service = resources[serviceId];
  const taskDefinition = resources[referencedId(prop(service, 'TaskDefinition')) ?? ''];
  const containers = arrayOf(prop(taskDefinition, 'ContainerDefinitions')).filter(isRecord);
  const main = containers.find((c) => c.Essential !== false) ?? containers[0];
  const loadBalancers = arrayOf(prop(service, 'LoadBalancers')).filter(isRecord);
  const targetGroupId = loadBalancers.map((lb) => referencedId(lb.TargetGroupArn)).find((id) => id);
  const targetGroup = targetGroupId ? readTargetGroup(resources, targetGroupId) : undefined;
  const runtime = prop(taskDefinition, 'RuntimePlatform');
  const wired = containerReferences(resources, containers);
  const queueFromScaling = scaling ? queueOfPolicies(scaling.policies) : undefined;
  return {
    logicalId: serviceId,
    name: constructName(service?.Metadata?.['aws:cdk:path'] ?? paths[serviceId], serviceId),
    role: targetGroup ? 'web' : 'worker',
    cpuUnits: numberValue(prop(taskDefinition, 'Cpu')) ?? 256,
    memoryMiB: numberValue(prop(taskDefinition, 'Memory')) ?? 512,
    architecture: (isRecord(runtime) && stringValue(runtime.CpuArchitecture)) || 'X86_64',
    image: stringValue(main?.Image) ?? '(image from a reference)',
    capacityProviders: capacityProvidersOf(prop(service, 'CapacityProviderStrategy')),
    healthCheckGracePeriodSeconds: numberValue(prop(service, 'HealthCheckGracePeriodSeconds')),
    targetGroup,
    scaling,
    poolSizeFromTemplate: poolSizeOf(containers),
    databaseIds: [...wired].filter((id) =>
      ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'].includes(resources[id]?.Type ?? ''),
    ),
    queueId:
      targetGroup === undefined
        ? (queueFromScaling ?? [...wired].find((id) => resources[id]?.Type === 'AWS::SQS::Queue'))
        : undefined,
    latencySloMs: targetGroup ? latencySlo(resources, targetGroup) : {},
  };
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `BudgetStartup/Web/Service/Service` → `Web`: the path below the stack without the L2's own ids. */
export function constructName(path: unknown, fallback: string): string {
  if (typeof path !== 'string') return fallback;
  const segments = path.split('/').slice(1);
  while (segments.length > 1 && ['Resource', 'Service', 'Default'].includes(segments[segments.length - 1])) {
    segments.pop();
  }
  return segments.join('/') || fallback;
}

function capacityProvidersOf(value: unknown): ServiceModel['capacityProviders'] {
  const strategy = arrayOf(value).filter(isRecord);
  if (strategy.length === 0) return { base: 0, onDemandWeight: 1, spotWeight: 0 };
  let base = 0;
  let onDemandWeight = 0;
  let spotWeight = 0;
  for (const entry of strategy) {
    const weight = numberValue(entry.Weight) ?? 0;
    if (entry.CapacityProvider === 'FARGATE_SPOT') spotWeight += weight;
    else {
      onDemandWeight += weight;
      base += numberValue(entry.Base) ?? 0;
    }
  }
  return { base, onDemandWeight, spotWeight };
}

/** Logical ids the containers' environment and secrets refer to, one level through SSM parameters and secret attachments. */
function containerReferences(resources: Resources, containers: Record<string, unknown>[]): Set<string> {
  const direct = new Set<string>();
  for (const container of containers) {
    referencedIds(container.Environment, direct);
    referencedIds(container.Secrets, direct);
  }
  const all = new Set(direct);
  for (const id of direct) {
    const type = resources[id]?.Type;
    if (type === 'AWS::SSM::Parameter' || type === 'AWS::SecretsManager::SecretTargetAttachment') {
      referencedIds(resources[id].Properties, all);
    }
  }
  return all;
}

function poolSizeOf(containers: Record<string, unknown>[]): number | undefined {
  for (const container of containers) {
    for (const variable of arrayOf(container.Environment).filter(isRecord)) {
      if (typeof variable.Name === 'string' && /POOL_SIZE$/i.test(variable.Name)) {
        const value = numberValue(variable.Value);
        if (value !== undefined) return value;
      }
    }
  }
  return undefined;
}

function readTargetGroup(resources: Resources, id: string): TargetGroupModel {
  const group = resources[id];
  const attributes = arrayOf(prop(group, 'TargetGroupAttributes')).filter(isRecord);
  const deregistration = attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds');
  const loadBalancerId = loadBalancerOfTargetGroup(resources, id);
  const lbAttributes = arrayOf(prop(resources[loadBalancerId ?? ''], 'LoadBalancerAttributes')).filter(
    isRecord,
  );
  const idle = lbAttributes.find((a) => a.Key === 'idle_timeout.timeout_seconds');
  return {
    logicalId: id,
    healthCheckIntervalSeconds:
      numberValue(prop(group, 'HealthCheckIntervalSeconds')) ?? DEFAULT_HEALTH_CHECK_INTERVAL,
    healthyThresholdCount: numberValue(prop(group, 'HealthyThresholdCount')) ?? DEFAULT_HEALTHY_THRESHOLD,
    deregistrationDelaySeconds: numberValue(deregistration?.Value) ?? DEFAULT_DEREGISTRATION_DELAY,
    idleTimeoutSeconds: numberValue(idle?.Value) ?? DEFAULT_IDLE_TIMEOUT,
    loadBalancerId,
  };
}

function loadBalancerOfTargetGroup(resources: Resources, targetGroupId: string): string | undefined {
  for (const listenerId of idsOfType(resources, 'AWS::ElasticLoadBalancingV2::Listener')) {
    const listener = resources[listenerId];
    if (referencedIds(prop(listener, 'DefaultActions')).has(targetGroupId)) {
      return referencedId(prop(listener, 'LoadBalancerArn'));
    }
  }
  for (const ruleId of idsOfType(resources, 'AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const rule = resources[ruleId];
    if (referencedIds(prop(rule, 'Actions')).has(targetGroupId)) {
      const listener = resources[referencedId(prop(rule, 'ListenerArn')) ?? ''];
      return referencedId(prop(listener, 'LoadBalancerArn'));
    }
  }
  return undefined;
}

/**
 * The p95/p99 TargetResponseTime alarm thresholds of a target group (or of its whole load balancer,
 * named directly or through one of its listeners), in milliseconds.
 */
function latencySlo(resources: Resources, targetGroup: TargetGroupModel): ServiceModel['latencySloMs'] {
  const slo: { p95?: number; p99?: number } = {};
  const ofThisLoadBalancer = (id: string | undefined): boolean =>
    id !== undefined &&
    targetGroup.loadBalancerId !== undefined &&
    (id === targetGroup.loadBalancerId ||
      referencedId(prop(resources[id], 'LoadBalancerArn')) === targetGroup.loadBalancerId);
  for (const id of idsOfType(resources, 'AWS::CloudWatch::Alarm')) {
    const properties = resources[id].Properties ?? {};
    const source = alarmMetricSource(properties);
    if (source?.kind !== 'stat' || source.stat.metricName !== 'TargetResponseTime') continue;
    const dimensions = source.stat.dimensions;
    const matches =
      dimensions.TargetGroup !== undefined
        ? dimensions.TargetGroup === targetGroup.logicalId
        : ofThisLoadBalancer(dimensions.LoadBalancer);
    const threshold = numberValue(properties.Threshold);
    if (!matches || threshold === undefined) continue;
    if (source.stat.statistic === 'p95') slo.p95 = threshold * 1000;
    if (source.stat.statistic === 'p99') slo.p99 = threshold * 1000;
  }
  return slo;
}

/** Scalable targets of ECS services, by service logical id. */
function readScalableTargets(resources: Resources): Map<string, ScalableTargetModel> {
  const byService = new Map<string, ScalableTargetModel>();
  for (const targetId of idsOfType(resources, 'AWS::ApplicationAutoScaling::ScalableTarget')) {
    const target = resources[targetId];
    if (prop(target, 'ServiceNamespace') !== 'ecs') continue;
    const serviceId = serviceOfResourceId(resources, prop(target, 'ResourceId'));
    if (serviceId === undefined) continue;
    byService.set(serviceId, {
      logicalId: targetId,
      minCapacity: numberValue(prop(target, 'MinCapacity')) ?? 1,
      maxCapacity: numberValue(prop(target, 'MaxCapacity')) ?? 1,
      scheduledActions: arrayOf(prop(target, 'ScheduledActions'))
        .filter(isRecord)
        .map(scheduledAction)
        .filter((a): a is ScheduledActionModel => a !== undefined),
      policies: policiesOf(resources, targetId, serviceId),
    });
  }
  return byService;
}

/** `service/<cluster>/<service>` as a Join of Ref/GetAtt (or a literal): the ECS service it names. */
export function serviceOfResourceId(resources: Resources, resourceId: unknown): string | undefined {
  const ids = [...referencedIds(resourceId)];
  const service = ids.find((id) => resources[id]?.Type === 'AWS::ECS::Service');
  if (service) return service;
  const literal = stringValue(resourceId);
  const name = literal?.split('/')[2];
  if (name === undefined) return undefined;
  return idsOfType(resources, 'AWS::ECS::Service').find((id) => prop(resources[id], 'ServiceName') === name);
}

function scheduledAction(action: Record<string, unknown>): ScheduledActionModel | undefined {
  const schedule = stringValue(action.Schedule);
  if (schedule === undefined) return undefined;
  const targetAction = isRecord(action.ScalableTargetAction) ? action.ScalableTargetAction : {};
  return {
    name: stringValue(action.ScheduledActionName) ?? schedule,
    schedule,
    timeZone: stringValue(action.Timezone) ?? 'UTC',
    minCapacity: numberValue(targetAction.MinCapacity),
    maxCapacity: numberValue(targetAction.MaxCapacity),
  };
}

function policiesOf(resources: Resources, targetId: string, serviceId: string): PolicyModel[] {
  const policies: PolicyModel[] = [];
  for (const policyId of idsOfType(resources, 'AWS::ApplicationAutoScaling::ScalingPolicy')) {
    const policy = resources[policyId];
    if (referencedId(prop(policy, 'ScalingTargetId')) !== targetId) continue;
    const type = prop(policy, 'PolicyType');
    if (type === 'StepScaling') policies.push(stepPolicy(resources, policyId));
    else if (type === 'TargetTrackingScaling') {
      const tracking = targetTrackingPolicy(resources, policyId, serviceId);
      if (tracking) policies.push(tracking);
    } else if (type === 'PredictiveScaling') {
      const predictive = predictivePolicy(policyId, prop(policy, 'PredictiveScalingPolicyConfiguration'));
      if (predictive) policies.push(predictive);
    }
  }
  return policies;
}

function stepPolicy(resources: Resources, policyId: string): StepPolicyModel {
  const config = prop(resources[policyId], 'StepScalingPolicyConfiguration');
  const c = isRecord(config) ? config : {};
  return {
    kind: 'step',
    logicalId: policyId,
    adjustmentType: (stringValue(c.AdjustmentType) as AdjustmentType | undefined) ?? 'ChangeInCapacity',
    steps: arrayOf(c.StepAdjustments)
      .filter(isRecord)
      .map((step) => ({
        lower: numberValue(step.MetricIntervalLowerBound),
        upper: numberValue(step.MetricIntervalUpperBound),
        adjustment: numberValue(step.ScalingAdjustment) ?? 0,
      })),
    minAdjustmentMagnitude: numberValue(c.MinAdjustmentMagnitude),
    cooldownSeconds: numberValue(c.Cooldown) ?? DEFAULT_COOLDOWN,
    aggregation:
      (stringValue(c.MetricAggregationType) as StepPolicyModel['aggregation'] | undefined) ?? 'Average',
    alarms: alarmsInvoking(resources, policyId),
  };
}

const COMPARISONS: Record<string, Comparison> = {
  GreaterThanThreshold: 'gt',
  GreaterThanOrEqualToThreshold: 'gte',
  LessThanThreshold: 'lt',
  LessThanOrEqualToThreshold: 'lte',
};

/** The alarms whose actions invoke a policy. */
function alarmsInvoking(resources: Resources, policyId: string): AlarmModel[] {
  const alarms: AlarmModel[] = [];
  for (const alarmId of idsOfType(resources, 'AWS::CloudWatch::Alarm')) {
    const properties = resources[alarmId].Properties ?? {};
    if (!arrayOf(properties.AlarmActions).some((action) => referencedId(action) === policyId)) continue;
    const source = alarmMetricSource(properties);
    const comparison = COMPARISONS[stringValue(properties.ComparisonOperator) ?? ''];
    const threshold = numberValue(properties.Threshold);
    if (!source || !comparison || threshold === undefined) continue;
    const evaluationPeriods = numberValue(properties.EvaluationPeriods) ?? 1;
    alarms.push({
      logicalId: alarmId,
      source,
      comparison,
      threshold,
      periodSeconds: source.kind === 'stat' ? source.stat.periodSeconds : source.periodSeconds,
      evaluationPeriods,
      datapointsToAlarm: numberValue(properties.DatapointsToAlarm) ?? evaluationPeriods,
    });
  }
  return alarms;
}

function targetTrackingPolicy(
  resources: Resources,
  policyId: string,
  serviceId: string,
): TargetTrackingPolicyModel | undefined {
  const config = prop(resources[policyId], 'TargetTrackingScalingPolicyConfiguration');
  if (!isRecord(config)) return undefined;
  const target = numberValue(config.TargetValue);
  if (target === undefined) return undefined;
  let metric: TrackedMetric | undefined;
  const predefined = config.PredefinedMetricSpecification;
  if (isRecord(predefined)) {
    const type = predefined.PredefinedMetricType;
    if (type === 'ECSServiceAverageCPUUtilization') metric = { kind: 'cpu', serviceId };
    else if (type === 'ECSServiceAverageMemoryUtilization') metric = { kind: 'memory', serviceId };
    else if (type === 'ALBRequestCountPerTarget') {
      const targetGroupId = [...referencedIds(predefined.ResourceLabel)].find(
        (id) => resources[id]?.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup',
      );
      if (targetGroupId) metric = { kind: 'requestsPerTarget', targetGroupId };
    }
  }
  const customized = config.CustomizedMetricSpecification;
  if (isRecord(customized)) {
    const source =
      mathSource(customized.Metrics, 60) ??
      (typeof customized.MetricName === 'string'
        ? {
            kind: 'stat' as const,
            stat: metricStatOf(
              {
                Metric: {
                  Namespace: customized.Namespace,
                  MetricName: customized.MetricName,
                  Dimensions: customized.Dimensions,
                },
                Stat: customized.Statistic,
              },
              60,
            )!,
          }
        : undefined);
    if (source) metric = { kind: 'custom', source };
  }
  if (!metric) return undefined;
  return {
    kind: 'targetTracking',
    logicalId: policyId,
    metric,
    target,
    scaleOutCooldownSeconds: numberValue(config.ScaleOutCooldown) ?? DEFAULT_COOLDOWN,
    scaleInCooldownSeconds: numberValue(config.ScaleInCooldown) ?? DEFAULT_COOLDOWN,
    disableScaleIn: config.DisableScaleIn === true,
  };
}

function predictivePolicy(policyId: string, config: unknown): PredictivePolicyModel | undefined {
  if (!isRecord(config)) return undefined;
  const specification = arrayOf(config.MetricSpecifications).filter(isRecord)[0];
  if (!specification) return undefined;
  const pair = isRecord(specification.PredefinedMetricPairSpecification)
    ? specification.PredefinedMetricPairSpecification.PredefinedMetricType
    : undefined;
  const target = numberValue(specification.TargetValue);
  if (target === undefined) return undefined;
  return {
    kind: 'predictive',
    logicalId: policyId,
    mode: config.Mode === 'ForecastOnly' ? 'ForecastOnly' : 'ForecastAndScale',
    metric: pair === 'ALBRequestCount' ? 'requests' : 'cpu',
    target,
    schedulingBufferSeconds: numberValue(config.SchedulingBufferTime) ?? 300,
  };
}

/** The queue a worker's scaling policies watch (backlog per task, wake from zero). */
function queueOfPolicies(policies: readonly PolicyModel[]): string | undefined {
  const sources: MetricSource[] = [];
  for (const policy of policies) {
    if (policy.kind === 'step') sources.push(...policy.alarms.map((a) => a.source));
    if (policy.kind === 'targetTracking' && policy.metric.kind === 'custom')
      sources.push(policy.metric.source);
  }
  for (const source of sources) {
    const stats = source.kind === 'stat' ? [source.stat] : Object.values(source.metrics);
    const queue = stats.find((s) => s.namespace === 'AWS/SQS')?.dimensions.QueueName;
    if (queue) return queue;
  }
  return undefined;
}

const SIGNS: Record<Comparison, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

function describeTracked(metric: TrackedMetric): string {
  switch (metric.kind) {
    case 'cpu':
      return 'ECSServiceAverageCPUUtilization';
    case 'memory':
      return 'ECSServiceAverageMemoryUtilization';
    case 'requestsPerTarget':
      return 'ALBRequestCountPerTarget';
    default:
      return describeMetric(metric.source);
  }
}

function bound(value: number | undefined, infinite: string): string {
  return value === undefined ? infinite : `${value}`;
}

/** One line per policy, for the report: what the rehearsal read from the template. */
export function describePolicy(policy: PolicyModel): string {
  if (policy.kind === 'targetTracking') {
    return (
      `target tracking ${describeTracked(policy.metric)} at ${policy.target} ` +
      `(scale-out cooldown ${policy.scaleOutCooldownSeconds} s, scale-in ${policy.disableScaleIn ? 'disabled' : `cooldown ${policy.scaleInCooldownSeconds} s`})`
    );
  }
  if (policy.kind === 'predictive') {
    return `predictive ${policy.mode} on ${policy.metric === 'requests' ? 'ALBRequestCount' : 'ECSServiceCPUUtilization'} at ${policy.target} (buffer ${policy.schedulingBufferSeconds} s)`;
  }
  const unit =
    policy.adjustmentType === 'PercentChangeInCapacity'
      ? ' %'
      : policy.adjustmentType === 'ExactCapacity'
        ? ' tasks (exact)'
        : '';
  const steps = policy.steps
    .map(
      (s) =>
        `[${bound(s.lower, '-∞')}, ${bound(s.upper, '∞')}) ${s.adjustment >= 0 && policy.adjustmentType !== 'ExactCapacity' ? '+' : ''}${s.adjustment}${unit}`,
    )
    .join(', ');
  const alarms = policy.alarms
    .map(
      (a) =>
        `${describeMetric(a.source)} ${SIGNS[a.comparison]} ${a.threshold} (${a.datapointsToAlarm} of ${a.evaluationPeriods} × ${a.periodSeconds} s)`,
    )
    .join('; ');
  const magnitude =
    policy.minAdjustmentMagnitude !== undefined ? `, at least ${policy.minAdjustmentMagnitude}` : '';
  return `step ${policy.adjustmentType} on ${alarms || '(no alarm invokes it)'}: ${steps}${magnitude}; cooldown ${policy.cooldownSeconds} s, ${policy.aggregation}`;
}
