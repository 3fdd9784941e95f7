import { ObjectValue, refsOfText, ResourceRef, Resolved } from './intrinsics';
import { NetworkIndex, SecurityGroupSet } from './network';
import { CfnResource, field } from './template-model';
import { WiringContext } from './wiring-context';

/** One container definition of a task definition. */
export interface ContainerInfo {
  readonly name?: string;
  readonly definition: ObjectValue;
  readonly image: Resolved;
  readonly containerPorts: readonly number[];
  readonly environment: ReadonlyArray<{ readonly name?: string; readonly value: Resolved }>;
  readonly secrets: ReadonlyArray<{ readonly name?: string; readonly valueFrom: Resolved }>;
  /** `LogConfiguration.LogDriver`, e.g. `awslogs`. */
  readonly logDriver?: string;
}

/** One `AWS::ECS::TaskDefinition`. */
export interface TaskDefinitionInfo {
  readonly resource: CfnResource;
  readonly containers: readonly ContainerInfo[];
  /** The task role (`TaskRoleArn`), when it is an `AWS::IAM::Role` of the app. */
  readonly taskRole?: CfnResource;
}

/** One `LoadBalancers` entry of a service. */
export interface ServiceLoadBalancer {
  readonly targetGroup?: CfnResource;
  readonly containerName?: string;
  readonly containerPort?: number;
}

/** One `AWS::ECS::Service`. */
export interface ServiceInfo {
  readonly resource: CfnResource;
  readonly taskDefinition?: TaskDefinitionInfo;
  /** `NetworkConfiguration.AwsvpcConfiguration.SecurityGroups`; undefined when not given. */
  readonly securityGroups?: SecurityGroupSet;
  readonly subnets: readonly Resolved[];
  readonly assignPublicIp: boolean;
  readonly loadBalancers: readonly ServiceLoadBalancer[];
}

/** ECS services and task definitions of an app, indexed once. */
export class EcsIndex {
  public static of(context: WiringContext): EcsIndex {
    return context.model.memo('ecs', () => new EcsIndex(context));
  }

  public readonly services: readonly ServiceInfo[];
  public readonly taskDefinitions: readonly TaskDefinitionInfo[];
  private readonly servicesByTaskDefinition = new Map<string, ServiceInfo[]>();

  private constructor(context: WiringContext) {
    const { model, resolver } = context;
    const network = NetworkIndex.of(context);
    const byUid = new Map<string, TaskDefinitionInfo>();
    this.taskDefinitions = model.ofType('AWS::ECS::TaskDefinition').map((resource) => {
      const containers = resolver
        .objects(resource.properties.ContainerDefinitions, resource.template)
        .map((definition): ContainerInfo => {
          const d = definition.value;
          const t = definition.template;
          return {
            name: resolver.string(d.Name, t),
            definition,
            image: resolver.resolve(d.Image, t),
            containerPorts: resolver
              .objects(d.PortMappings, t)
              .map((m) => resolver.number(m.value.ContainerPort, m.template))
              .filter((n): n is number => n !== undefined),
            environment: resolver.objects(d.Environment, t).map((e) => ({
              name: resolver.string(e.value.Name, e.template),
              value: resolver.resolve(e.value.Value, e.template),
            })),
            secrets: resolver.objects(d.Secrets, t).map((s) => ({
              name: resolver.string(s.value.Name, s.template),
              valueFrom: resolver.resolve(s.value.ValueFrom, s.template),
            })),
            logDriver: resolver.string(field(d.LogConfiguration, 'LogDriver'), t),
          };
        });
      const taskRole = resolver.resourceRef(
        resource.properties.TaskRoleArn,
        resource.template,
        'AWS::IAM::Role',
      );
      const info: TaskDefinitionInfo = { resource, containers, taskRole: taskRole?.resource };
      byUid.set(resource.uid, info);
      return info;
    });
    this.services = model.ofType('AWS::ECS::Service').map((resource) => {
      const p = resource.properties;
      const t = resource.template;
      const taskDefinitionRef = resolver.resourceRef(p.TaskDefinition, t, 'AWS::ECS::TaskDefinition');
      const awsvpc = field(p.NetworkConfiguration, 'AwsvpcConfiguration');
      const info: ServiceInfo = {
        resource,
        taskDefinition: taskDefinitionRef ? byUid.get(taskDefinitionRef.resource.uid) : undefined,
        securityGroups: network.securityGroupSet(field(awsvpc, 'SecurityGroups'), t),
        subnets: resolver.items(field(awsvpc, 'Subnets'), t) ?? [],
        assignPublicIp: resolver.string(field(awsvpc, 'AssignPublicIp'), t)?.toUpperCase() === 'ENABLED',
        loadBalancers: resolver.objects(p.LoadBalancers, t).map((lb) => ({
          targetGroup: resolver.resourceRef(
            lb.value.TargetGroupArn,
            lb.template,
            'AWS::ElasticLoadBalancingV2::TargetGroup',
          )?.resource,
          containerName: resolver.string(lb.value.ContainerName, lb.template),
          containerPort: resolver.number(lb.value.ContainerPort, lb.template),
        })),
      };
      if (info.taskDefinition) {
        const list = this.servicesByTaskDefinition.get(info.taskDefinition.resource.uid) ?? [];
        list.push(info);
        this.servicesByTaskDefinition.set(info.taskDefinition.resource.uid, list);
      }
      return info;
    });
  }

  /** The services that run a task definition. */
  public servicesRunning(taskDefinition: TaskDefinitionInfo): readonly ServiceInfo[] {
    return this.servicesByTaskDefinition.get(taskDefinition.resource.uid) ?? [];
  }
}

/** The ARN kind of an ECS secret's `valueFrom`: Secrets Manager, SSM Parameter Store, or unknown. */
export function secretSource(valueFrom: Resolved): 'secretsmanager' | 'ssm' | 'unknown' {
  for (const ref of refsOfText(valueFrom)) {
    if (ref.resource.type.startsWith('AWS::SecretsManager::')) return 'secretsmanager';
    if (ref.resource.type === 'AWS::SSM::Parameter') return 'ssm';
  }
  const text = valueFrom.kind === 'literal' ? valueFrom.value : undefined;
  const rendered =
    typeof text === 'string'
      ? text
      : valueFrom.kind === 'text'
        ? valueFrom.parts.map((p) => (typeof p === 'string' ? p : '«»')).join('')
        : undefined;
  if (rendered === undefined) return 'unknown';
  if (/^arn:[^:]*:secretsmanager:/.test(rendered)) return 'secretsmanager';
  // ECS takes an SSM parameter by ARN, or by name in the same Region.
  if (/^arn:[^:]*:ssm:/.test(rendered) || !rendered.startsWith('arn:')) return 'ssm';
  return 'unknown';
}

/** The resources a value refers to after following `AWS::SSM::Parameter` values one step. */
export function refsThroughParameters(context: WiringContext, value: Resolved): ResourceRef[] {
  const out: ResourceRef[] = [];
  for (const ref of refsOfText(value)) {
    out.push(ref);
    if (ref.resource.type === 'AWS::SSM::Parameter' && ref.attribute === undefined) {
      out.push(...context.resolver.refsIn(ref.resource.properties.Value, ref.resource.template));
    }
  }
  return out;
}
