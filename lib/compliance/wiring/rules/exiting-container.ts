import { EcsIndex } from '../ecs';
import { renderText } from '../intrinsics';
import { WiringFinding, WiringRule } from '../wiring-context';
import { listOf, pathOf } from './describe';

export const EXITING_CONTAINER = 'Wiring-ExitingContainer';

/**
 * Base OS images whose default command is a shell (or nothing) and which exit at once when started
 * without a terminal. An essential container that exits stops its task, so a service never reaches
 * its desired count and the deployment circuit breaker (or CloudFormation's wait) fails the deploy
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_essential).
 */
const SHELL_IMAGES = new Set([
  'busybox',
  'alpine',
  'ubuntu',
  'debian',
  'amazonlinux',
  'centos',
  'fedora',
  'rockylinux',
  'almalinux',
  'bash',
]);

/**
 * An essential container of a task definition that an ECS service runs does not use a bare base OS
 * image (busybox, alpine, ubuntu, ...) without a `Command` or `EntryPoint`: it would exit at once.
 * Only images named literally are judged.
 */
export const exitingContainer: WiringRule = {
  id: EXITING_CONTAINER,
  summary: "a service's essential container does not run a base OS image without a command",
  check(context) {
    const { resolver } = context;
    const ecs = EcsIndex.of(context);
    const findings: WiringFinding[] = [];
    for (const taskDefinition of ecs.taskDefinitions) {
      if (ecs.servicesRunning(taskDefinition).length === 0) continue;
      const exiting: string[] = [];
      for (const container of taskDefinition.containers) {
        const d = container.definition;
        if (resolver.string(d.value.Essential, d.template) === 'false') continue;
        if (d.value.Command !== undefined || d.value.EntryPoint !== undefined) continue;
        const image = container.image.kind === 'literal' ? renderText(container.image) : undefined;
        if (image === undefined) continue;
        const repository = image.split('@')[0].split('/').pop()?.split(':')[0] ?? '';
        if (SHELL_IMAGES.has(repository)) exiting.push(`${container.name ?? '?'} (${image})`);
      }
      if (exiting.length > 0) {
        findings.push({
          resource: taskDefinition.resource,
          locations: ['Properties/ContainerDefinitions'],
          message:
            `Task definition ${pathOf(taskDefinition.resource)}, run by ${listOf(ecs.servicesRunning(taskDefinition).map((s) => pathOf(s.resource)))}, ` +
            `starts ${listOf(exiting)}: a base OS image whose default command is a shell exits at once without a ` +
            'terminal, the essential container stops the task, and the service never becomes stable. Fix: use ' +
            'the application image, or give a command that keeps running.',
        });
      }
    }
    return findings;
  },
};
