import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IServiceClient } from '../service/service-client';
import { acknowledgeConfigurationOnlyEnvironment } from './acknowledge';

/**
 * What a store or a queue hands a client's container: configuration as plain environment
 * variables (endpoints, ports, flags, never a secret) and credentials as ECS secrets, read from
 * Secrets Manager when the task starts.
 */
export interface ClientSettings {
  /** Plain environment variables, by full name. */
  readonly environment: Record<string, string>;
  /** Secrets, by full name. */
  readonly secrets?: Record<string, ecs.Secret>;
}

/** The container a call names, else the client's own. */
export function clientContainer(
  client: IServiceClient,
  container: ecs.ContainerDefinition | undefined,
): ecs.ContainerDefinition {
  return container ?? client.container;
}

/**
 * The one way ReplicatedDatabase, CacheCluster and QueueWorker inject their settings into a
 * client: environment in the order given, then the secrets; cdk-nag's ECS2 (plain environment) is
 * acknowledged on the task definition, whose environment holds configuration only.
 */
export function injectClientSettings(container: ecs.ContainerDefinition, settings: ClientSettings): void {
  for (const [name, value] of Object.entries(settings.environment)) {
    container.addEnvironment(name, value);
  }
  acknowledgeConfigurationOnlyEnvironment(container.taskDefinition);
  for (const [name, secret] of Object.entries(settings.secrets ?? {})) {
    container.addSecret(name, secret);
  }
}
