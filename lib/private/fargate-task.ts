import { Aspects, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { FargateTaskOptions } from '../service/fargate-task-options';
import { acknowledgeConfigurationOnlyEnvironment } from './acknowledge';
import { addAlarm } from './alarms';
import { secureLogGroup } from './log-groups';
import { checkIntegerInRange, checkNotBoth, checkPositiveDuration } from './validate';

/**
 * The task and service plumbing WebService and QueueWorker share, kept in one place so the two
 * constructs cannot drift apart: validation of {@link FargateTaskOptions}, the cluster, the task
 * definition with its hardened container, the service settings (circuit breaker, capacity
 * providers, no public IP) and the Container Insights metrics.
 */

export const DEFAULT_CPU = 512;
export const DEFAULT_MEMORY_MIB = 1024;
export const DEFAULT_USER = '1000:1000';
export const CONTAINER_NAME = 'App';
/** The init container that makes the task-local /tmp writable for the app's non-root user. */
export const TMP_INIT_CONTAINER_NAME = 'TmpInit';
/** Memory (MiB) the init container may use; the app container gets the rest of the task's. */
export const TMP_INIT_MEMORY_MIB = 32;

/** Valid Fargate memory sizes (MiB) per CPU size: [min, max, step]. */
const FARGATE_MEMORY: Record<number, [number, number, number]> = {
  256: [512, 2048, 512],
  512: [1024, 4096, 1024],
  1024: [2048, 8192, 1024],
  2048: [4096, 16384, 1024],
  4096: [8192, 30720, 1024],
  8192: [16384, 61440, 4096],
  16384: [32768, 122880, 8192],
};

/** Environment keys that look like credentials; their values belong in `secrets`. */
const SECRET_LOOKING_KEY =
  /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_KEY_ID|SECRET_ACCESS_KEY)$|^ECS_ENGINE_AUTH_DATA$/i;

const ROOT_USER = /^(0|root)(:.*)?$/;

/** Validate the shared options; call it first in the constructor, before any child exists. */
export function validateFargateTaskOptions(scope: Construct, props: FargateTaskOptions): void {
  checkNotBoth(scope, 'vpc', props.vpc, 'cluster', props.cluster);
  if (props.vpc === undefined && props.cluster === undefined) {
    throw new BlueprintValidationError(
      scope,
      'vpc',
      'specify either `vpc` (for example `new Network(this, "Network").vpc`) or an existing `cluster`',
    );
  }
  validateTaskSize(scope, props.cpu ?? DEFAULT_CPU, props.memoryLimitMiB ?? DEFAULT_MEMORY_MIB);
  validateEnvironment(scope, props.environment);
  checkIntegerInRange(scope, 'spotPercentage', props.spotPercentage, 0, 100);
  checkIntegerInRange(scope, 'onDemandBaseTasks', props.onDemandBaseTasks, 0, 100000);
  checkPositiveDuration(scope, 'healthCheckGracePeriod', props.healthCheckGracePeriod);
  if (props.user !== undefined && !Token.isUnresolved(props.user) && ROOT_USER.test(props.user)) {
    Validations.of(scope).addWarning(
      `${scope.constructor.name}:user`,
      `\`user\` is '${props.user}': the container runs as root, so a compromised process owns the container; ` +
        'prefer a non-root user (Control Tower CT.ECS.PR.3 reports it until acknowledged on the task definition)',
    );
  }
  if (props.cluster !== undefined) warnAboutGivenCluster(scope, props.cluster, props.spotPercentage ?? 0);
  if (props.readonlyRootFilesystem === false) {
    Validations.of(scope).addWarning(
      `${scope.constructor.name}:readonlyRootFilesystem`,
      '`readonlyRootFilesystem` is false: the process can modify its own image at run time; write to /tmp instead ' +
        '(Control Tower CT.ECS.PR.6 reports it until acknowledged on the task definition)',
    );
  }
}

/**
 * A cluster the caller gives may lack what this library's own cluster has: Container Insights
 * (the `RunningTaskCount` the at-maximum alarm and a worker's backlog-per-task scaling read) and
 * the FARGATE_SPOT capacity provider (a service with a Spot share fails to create without it).
 * Where the cluster is created in the app the check looks at it (at synthesis, when CDK has added
 * the capacity providers); an imported cluster cannot be inspected, so the warning asks the caller
 * to check and acknowledge.
 */
function warnAboutGivenCluster(scope: Construct, cluster: ecs.ICluster, spotPercentage: number): void {
  const name = scope.constructor.name;
  const imported = !(cluster instanceof ecs.Cluster);
  const insights = (cluster.node.defaultChild as ecs.CfnCluster | undefined)?.clusterSettings;
  const insightsOn =
    Array.isArray(insights) &&
    insights.some(
      (setting) =>
        !Token.isUnresolved(setting) &&
        (setting as ecs.CfnCluster.ClusterSettingsProperty).name === 'containerInsights' &&
        ['enabled', 'enhanced'].includes(String((setting as ecs.CfnCluster.ClusterSettingsProperty).value)),
    );
  if (!insightsOn) {
    Validations.of(scope).addWarning(
      `${name}:cluster`,
      `\`cluster\` ${imported ? 'is imported: whether it has Container Insights cannot be seen at synth' : 'does not turn on Container Insights'}; ` +
        "without it the at-maximum-capacity alarm (and a QueueWorker's backlog-per-task scaling) read a " +
        'RunningTaskCount that never arrives. Turn it on for the cluster (containerInsightsV2), then acknowledge this ' +
        'warning if the cluster is imported',
    );
  }
  if (spotPercentage <= 0) return;
  const spotWarning = (detail: string) =>
    Validations.of(scope).addWarning(
      `${name}:spotPercentage`,
      `\`spotPercentage\` is ${spotPercentage} but \`cluster\` ${detail}: a service with a FARGATE_SPOT share fails ` +
        'to create on a cluster without that capacity provider. Associate FARGATE and FARGATE_SPOT with the cluster ' +
        '(enableFargateCapacityProviders), then acknowledge this warning if the cluster is imported',
    );
  if (imported) {
    spotWarning('is imported: whether it has the FARGATE_SPOT capacity provider cannot be seen at synth');
    return;
  }
  // CDK associates the capacity providers of enableFargateCapacityProviders() during synthesis.
  Aspects.of(scope).add({
    visit(node) {
      if (node !== scope) return;
      const spot = cluster.node.children.some(
        (child) =>
          child instanceof ecs.CfnClusterCapacityProviderAssociations &&
          Array.isArray(child.capacityProviders) &&
          child.capacityProviders.includes('FARGATE_SPOT'),
      );
      if (!spot) spotWarning('has no FARGATE_SPOT capacity provider');
    },
  });
}

function validateTaskSize(scope: Construct, cpu: number, memory: number): void {
  if (Token.isUnresolved(cpu) || Token.isUnresolved(memory)) return;
  const sizes = FARGATE_MEMORY[cpu];
  if (sizes === undefined) {
    throw new BlueprintValidationError(
      scope,
      'cpu',
      `\`cpu\` must be one of ${Object.keys(FARGATE_MEMORY).join(', ')} (Fargate task sizes), got: ${cpu}`,
    );
  }
  const [min, max, step] = sizes;
  if (!Number.isInteger(memory) || memory < min || memory > max || (memory - min) % step !== 0) {
    throw new BlueprintValidationError(
      scope,
      'memoryLimitMiB',
      `\`memoryLimitMiB\` must be between ${min} and ${max} in steps of ${step} for \`cpu\` ${cpu} ` +
        `(a valid Fargate task size), got: ${memory}`,
    );
  }
}

function validateEnvironment(scope: Construct, environment: Record<string, string> | undefined): void {
  for (const key of Object.keys(environment ?? {})) {
    if (SECRET_LOOKING_KEY.test(key)) {
      throw new BlueprintValidationError(
        scope,
        'environment',
        `\`environment\` must not hold secrets, got the key '${key}': pass it in \`secrets\` ` +
          `(for example \`secrets: { ${key}: ecs.Secret.fromSecretsManager(secret) }\`) so it never appears in the ` +
          'template or the task definition',
      );
    }
  }
}

/**
 * Construct id of the cluster's `AWS::ECS::ClusterCapacityProviderAssociations`: the id CDK's own
 * `enableFargateCapacityProviders` uses, so the logical id is the same as before this library
 * created it itself.
 */
const CAPACITY_PROVIDER_ASSOCIATIONS_ID = 'Cluster';

/**
 * The cluster given in `cluster`, or a new one (id `Cluster`) in `vpc` with Container Insights and
 * the FARGATE and FARGATE_SPOT capacity providers. The capacity-provider association is created
 * here rather than by `enableFargateCapacityProviders` (which adds it during synthesis, too late for
 * a service to depend on it): a service that uses FARGATE_SPOT must not be created before it.
 */
export function clusterFor(scope: Construct, props: FargateTaskOptions): ecs.ICluster {
  if (props.cluster) return props.cluster;
  const cluster = new ecs.Cluster(scope, 'Cluster', {
    vpc: props.vpc,
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
  });
  new ecs.CfnClusterCapacityProviderAssociations(cluster, CAPACITY_PROVIDER_ASSOCIATIONS_ID, {
    cluster: cluster.clusterName,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
  });
  return cluster;
}

/**
 * A service with a capacity-provider strategy fails to create ("capacity provider not associated
 * with the cluster") when CloudFormation creates it before the cluster's capacity-provider
 * association; nothing in the template orders them unless the service depends on it. The
 * association of a cluster made by {@link clusterFor} exists already; for a CDK cluster of the same
 * stack with `enableFargateCapacityProviders`, CDK creates it during synthesis, so it is looked up
 * then (WiringChecks' `Wiring-CapacityProviderOrder` reports the cases this cannot see).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-clustercapacityproviderassociations.html
 */
export function dependOnCapacityProviders(service: ecs.FargateService, cluster: ecs.ICluster): void {
  const associations = (): ecs.CfnClusterCapacityProviderAssociations | undefined =>
    cluster.node.children.find(
      (child): child is ecs.CfnClusterCapacityProviderAssociations =>
        child instanceof ecs.CfnClusterCapacityProviderAssociations && Stack.of(child) === Stack.of(service),
    );
  // On the service resource itself, not the construct: its security group, scaling target and
  // alarms need not wait for the association.
  const resource = service.node.defaultChild as ecs.CfnService;
  const existing = associations();
  if (existing) {
    resource.node.addDependency(existing);
    return;
  }
  Aspects.of(service).add({
    visit(node) {
      if (node !== service) return;
      const late = associations();
      if (late) resource.node.addDependency(late);
    },
  });
}

/** Extra settings of one construct's task. */
export interface FargateTaskSettings {
  /** Port the container listens on, if any. */
  readonly containerPort?: number;
  /** Environment variables the construct adds (never secrets). */
  readonly environment?: Record<string, string>;
  /** Time the container gets between SIGTERM and SIGKILL (Fargate: at most 120 s). */
  readonly stopTimeout?: Duration;
}

/** What {@link createFargateTask} creates. */
export interface FargateTask {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly logGroup: logs.LogGroup;
}

/**
 * The task definition (id `TaskDefinition`) with one hardened container (`App`): non-root user,
 * read-only root filesystem with a writable task-local /tmp, memory limit, logs to an encrypted
 * log group (id `Logs`), secrets from Secrets Manager/SSM.
 */
export function createFargateTask(
  scope: Construct,
  props: FargateTaskOptions,
  settings: FargateTaskSettings = {},
): FargateTask {
  const memoryLimitMiB = props.memoryLimitMiB ?? DEFAULT_MEMORY_MIB;
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: props.cpu ?? DEFAULT_CPU,
    memoryLimitMiB,
    runtimePlatform: {
      cpuArchitecture: props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64,
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
    },
  });
  const logGroup = secureLogGroup(scope, 'Logs', {
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  const environment = { ...props.environment, ...settings.environment };
  const user = props.user ?? DEFAULT_USER;
  const readonlyRootFilesystem = props.readonlyRootFilesystem ?? true;
  const tmpInit =
    (props.tmpInitContainer ?? true) &&
    readonlyRootFilesystem &&
    (Token.isUnresolved(user) || !ROOT_USER.test(user));
  const container = taskDefinition.addContainer(CONTAINER_NAME, {
    image: props.image,
    command: props.command,
    essential: true,
    // The containers' memory together must not exceed the task's (ContainerDefinition `memory`:
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html).
    memoryLimitMiB: tmpInit ? memoryLimitMiB - TMP_INIT_MEMORY_MIB : memoryLimitMiB,
    user,
    readonlyRootFilesystem,
    privileged: false,
    environment: Object.keys(environment).length > 0 ? environment : undefined,
    secrets: props.secrets,
    healthCheck: props.containerHealthCheck,
    stopTimeout: settings.stopTimeout,
    logging: ecs.LogDrivers.awsLogs({
      logGroup,
      streamPrefix: 'app',
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    }),
    portMappings:
      settings.containerPort !== undefined
        ? [{ containerPort: settings.containerPort, protocol: ecs.Protocol.TCP }]
        : undefined,
  });
  // A read-only root filesystem still needs somewhere to write temporary files.
  taskDefinition.addVolume({ name: 'tmp' });
  container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });
  if (tmpInit) addTmpInitContainer(taskDefinition, container, props.image, logGroup);
  if (Object.keys(environment).length > 0) {
    acknowledgeConfigurationOnlyEnvironment(taskDefinition);
  }
  return { taskDefinition, container, logGroup };
}

/**
 * Fargate creates an empty bind-mount volume owned by root, mode 0755
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html; tmpfs mounts are
 * not offered on Fargate), so the app's non-root user could not write to /tmp. A non-essential init
 * container of the same image (no other registry to reach, with or without a NAT) runs as root,
 * opens /tmp to every user with the sticky bit, as /tmp is on any Linux system, and exits; the app
 * container starts only when it has succeeded.
 */
function addTmpInitContainer(
  taskDefinition: ecs.FargateTaskDefinition,
  app: ecs.ContainerDefinition,
  image: ecs.ContainerImage,
  logGroup: logs.ILogGroup,
): void {
  const init = taskDefinition.addContainer(TMP_INIT_CONTAINER_NAME, {
    image,
    essential: false,
    entryPoint: ['/bin/sh', '-c'],
    command: ['chmod 1777 /tmp'],
    user: '0',
    readonlyRootFilesystem: true,
    privileged: false,
    memoryLimitMiB: TMP_INIT_MEMORY_MIB,
    logging: ecs.LogDrivers.awsLogs({
      logGroup,
      streamPrefix: 'tmp-init',
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    }),
  });
  init.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });
  app.addContainerDependencies({ container: init, condition: ecs.ContainerDependencyCondition.SUCCESS });
  Validations.of(taskDefinition).acknowledge({
    id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check',
    reason:
      `Only the non-essential \`${TMP_INIT_CONTAINER_NAME}\` init container runs as root, to chmod the task-local /tmp ` +
      'volume (Fargate creates it root-owned, 0755) and exit before the app starts; it has a read-only root ' +
      'filesystem, no ports and no privileges. The app container runs as a non-root user (a root `user` is ' +
      'reported by the construct itself, and then no init container is added).',
  });
}

/** Throws when an environment variable name a construct adds looks like a secret (see `environment`). */
export function checkEnvironmentKey(scope: Construct, prop: string, key: string): void {
  if (!Token.isUnresolved(key) && SECRET_LOOKING_KEY.test(key)) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` must not name a secret, got: '${key}'; secrets go in \`secrets\``,
    );
  }
}

/**
 * Settings every service of this library gets: no public IP, the circuit breaker with rollback, a
 * deployment that never drops below the running capacity, and the Fargate / Fargate Spot split.
 */
export function baseServiceProps(
  cluster: ecs.ICluster,
  taskDefinition: ecs.FargateTaskDefinition,
  props: FargateTaskOptions,
): ecs.FargateServiceProps {
  return {
    cluster,
    taskDefinition,
    assignPublicIp: false,
    vpcSubnets: props.taskSubnets,
    circuitBreaker: { enable: true, rollback: true },
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    enableECSManagedTags: true,
    propagateTags: ecs.PropagatedTagSource.SERVICE,
    capacityProviderStrategies: capacityProviderStrategies(props),
  };
}

/**
 * Without a Spot share the service uses the FARGATE launch type (works in any cluster); with one,
 * an on-demand base and the rest split by weight between FARGATE and FARGATE_SPOT.
 */
function capacityProviderStrategies(props: FargateTaskOptions): ecs.CapacityProviderStrategy[] | undefined {
  const spot = props.spotPercentage ?? 0;
  if (spot === 0) return undefined;
  return [
    { capacityProvider: 'FARGATE', base: props.onDemandBaseTasks ?? 1, weight: 100 - spot },
    { capacityProvider: 'FARGATE_SPOT', weight: spot },
  ];
}

/** `RunningTaskCount` of a service from Container Insights (namespace `ECS/ContainerInsights`). */
export function runningTaskCountMetric(
  cluster: ecs.ICluster,
  service: ecs.IBaseService,
  props?: cloudwatch.MetricOptions,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensionsMap: { ClusterName: cluster.clusterName, ServiceName: service.serviceName },
    statistic: cloudwatch.Stats.AVERAGE,
    period: Duration.minutes(1),
    ...props,
  });
}

/** The "scaling ceiling reached" alarm both services create. */
export function addAtMaxCapacityAlarm(
  scope: Construct,
  alarms: cloudwatch.Alarm[],
  runningTasks: cloudwatch.IMetric,
  maxCapacity: number,
  consequence: string,
): cloudwatch.Alarm {
  return addAlarm(scope, alarms, 'AtMaxCapacityAlarm', {
    metric: runningTasks,
    threshold: maxCapacity,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    description:
      `running tasks have been at \`maxCapacity\` (${maxCapacity}) for 15 minutes: the service cannot scale out ` +
      `any further, so ${consequence}. Raise \`maxCapacity\` (check the downstream connection budget) or make ` +
      'each task do more.',
  });
}
