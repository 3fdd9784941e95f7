// Run-time checks on a synthesized AWS::ECS::TaskDefinition that no static checker makes: can the
// app's non-root user write to its task-local volumes, and do the containers fit the task's memory.

const ROOT = /^(0|root)(:.*)?$/;

interface ContainerDefinition {
  readonly Name: string;
  readonly User?: string;
  readonly ReadonlyRootFilesystem?: boolean;
  readonly Memory?: number;
  readonly MemoryReservation?: number;
  readonly EntryPoint?: string[];
  readonly Command?: string[];
  readonly MountPoints?: Array<{ ContainerPath: string; SourceVolume: string; ReadOnly?: boolean }>;
  readonly DependsOn?: Array<{ ContainerName: string; Condition: string }>;
}

interface TaskDefinitionProperties {
  readonly Memory?: string | number;
  readonly Volumes?: Array<Record<string, unknown> & { Name: string }>;
  readonly ContainerDefinitions: ContainerDefinition[];
}

/**
 * Why a non-root container cannot write where it expects to, or why the task cannot be registered.
 * An empty Fargate bind mount (a volume with no host, EFS or Docker configuration) is created owned
 * by root with mode 0755 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html):
 * a non-root writer needs a container that runs as root, mounts the same volume, runs `chmod` with
 * a mode that opens it to others, and that the writer waits for (`SUCCESS` or `COMPLETE`). The
 * containers' memory (hard limit, else reservation) must not exceed the task's.
 */
export function tmpWritableProblems(properties: TaskDefinitionProperties): string[] {
  const problems: string[] = [];
  const containers = properties.ContainerDefinitions;
  const emptyBindMounts = new Set(
    (properties.Volumes ?? [])
      .filter((v) => Object.keys(v).every((key) => key === 'Name'))
      .map((v) => v.Name),
  );
  for (const writer of containers) {
    const user = writer.User ?? '(image default)';
    if (ROOT.test(user)) continue;
    for (const mount of writer.MountPoints ?? []) {
      if (mount.ReadOnly === true || !emptyBindMounts.has(mount.SourceVolume)) continue;
      const opened = containers.some((opener) => {
        if (opener === writer || !ROOT.test(opener.User ?? '')) return false;
        const path = opener.MountPoints?.find((m) => m.SourceVolume === mount.SourceVolume)?.ContainerPath;
        if (!path) return false;
        const script = [...(opener.EntryPoint ?? []), ...(opener.Command ?? [])].join(' ');
        const opens = new RegExp(`chmod (-R )?(1777|777|a\\+rwx|o\\+w|a\\+w) ${path}(\\s|$)`).test(script);
        const waits = (writer.DependsOn ?? []).some(
          (d) => d.ContainerName === opener.Name && ['SUCCESS', 'COMPLETE'].includes(d.Condition),
        );
        return opens && waits;
      });
      if (!opened) {
        problems.push(
          `${writer.Name} (user ${user}) writes to volume '${mount.SourceVolume}' at ${mount.ContainerPath}, ` +
            'which Fargate creates root-owned 0755, and no container opens it first',
        );
      }
    }
  }
  const taskMemory = Number(properties.Memory);
  const containerMemory = containers.reduce((sum, c) => sum + (c.Memory ?? c.MemoryReservation ?? 0), 0);
  if (containerMemory > taskMemory) {
    problems.push(`the containers' memory (${containerMemory} MiB) exceeds the task's (${taskMemory} MiB)`);
  }
  return problems;
}
