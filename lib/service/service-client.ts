import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct, IMixin, Node } from 'constructs';
import { BlueprintValidationError } from '../errors';

/**
 * A compute tier that connects to the stores and queues of this library: the tasks of an ECS
 * service. `WebService` and `QueueWorker` implement it; any other ECS service becomes one with
 * {@link ServiceClient.fromEcsService}.
 *
 * `ReplicatedDatabase.connectFrom`, `CacheCluster.connectFrom` and `QueueWorker.addProducer` take
 * it: they open their security groups to `connections`, grant `grantPrincipal` (the task role)
 * what the tasks need, inject the connection settings into `container`, and plan with
 * `maxCapacity` (the database's connection budget is `maxCapacity` × pool size per client).
 */
export interface IServiceClient extends IConstruct, ec2.IConnectable, iam.IGrantable {
  /**
   * The most tasks the service runs (its auto scaling maximum): what a store must be ready to
   * serve at peak.
   */
  readonly maxCapacity: number;

  /**
   * The container that receives connection settings (plain environment for configuration,
   * `secrets` for credentials) unless a call names another one.
   */
  readonly container: ecs.ContainerDefinition;
}

/** Options of {@link ServiceClient.fromEcsService}. */
export interface ServiceClientOptions {
  /**
   * The most tasks the service runs: its auto scaling `maxCapacity` (or its fixed desired count).
   * An ECS service does not know its own scaling bounds, so it is stated here.
   */
  readonly maxCapacity: number;

  /**
   * The container that receives connection settings.
   *
   * @default - the task definition's default (first essential) container
   */
  readonly container?: ecs.ContainerDefinition;
}

/**
 * Makes any ECS service a client of the stores and queues of this library.
 *
 * @example
 * const api = new ecs.FargateService(stack, 'Api', { cluster, taskDefinition });
 * db.connectFrom(ServiceClient.fromEcsService(api, { maxCapacity: 8 }), { poolSize: 10 });
 */
export class ServiceClient {
  /**
   * A client made of an ECS service (Fargate or EC2): its security groups, its task role and its
   * default container (or `options.container`), with the `maxCapacity` you state.
   */
  public static fromEcsService(service: ecs.BaseService, options: ServiceClientOptions): IServiceClient {
    const maxCapacity = options.maxCapacity;
    if (!Token.isUnresolved(maxCapacity) && !(Number.isInteger(maxCapacity) && maxCapacity >= 1)) {
      throw new BlueprintValidationError(
        service,
        'maxCapacity',
        `\`maxCapacity\` must be a positive integer (the most tasks the service runs), got: ${maxCapacity}`,
      );
    }
    const container = options.container ?? service.taskDefinition.defaultContainer;
    if (!container) {
      throw new BlueprintValidationError(
        service,
        'container',
        `\`container\` is required: the task definition of ${service.node.path} has no default container`,
      );
    }
    return new EcsServiceClient(service, maxCapacity, container);
  }

  private constructor() {}
}

/** An ECS service seen as a {@link IServiceClient}: the service's node, security groups and task role. */
class EcsServiceClient implements IServiceClient {
  public readonly node: Node;
  public readonly connections: ec2.Connections;
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(
    private readonly service: ecs.BaseService,
    public readonly maxCapacity: number,
    public readonly container: ecs.ContainerDefinition,
  ) {
    this.node = service.node;
    this.connections = service.connections;
    this.grantPrincipal = service.taskDefinition.taskRole;
  }

  /** Mixins apply to the service this client stands for. */
  public with(...mixins: IMixin[]): IConstruct {
    this.service.with(...mixins);
    return this;
  }
}

/** How a store hands its connection settings to a client (`connectFrom`). */
export interface ConnectOptions {
  /**
   * The container that receives the settings.
   *
   * @default - the client's `container`
   */
  readonly container?: ecs.ContainerDefinition;

  /**
   * Prefix of the environment variable and secret names injected into the container.
   *
   * @default - the store's own: 'DATABASE_' for a ReplicatedDatabase, 'CACHE_' for a CacheCluster
   */
  readonly environmentPrefix?: string;
}
