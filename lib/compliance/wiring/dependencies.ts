import { isRecord, StackTemplate } from './template-model';
import { WiringContext } from './wiring-context';

/**
 * The order CloudFormation creates a template's resources in: a resource waits for those it names
 * in `DependsOn` and for those its properties reference (`Ref`, `Fn::GetAtt`, `Fn::Sub`).
 */
export class DependencyGraph {
  public static of(context: WiringContext, template: StackTemplate): DependencyGraph {
    return context.model.memo(`dependencies:${template.index}`, () => new DependencyGraph(template));
  }

  private readonly direct = new Map<string, Set<string>>();

  private constructor(template: StackTemplate) {
    for (const resource of template.resources.values()) {
      const deps = new Set<string>(resource.dependsOn);
      collectReferences(resource.properties, (id) => {
        if (template.resources.has(id)) deps.add(id);
      });
      this.direct.set(resource.logicalId, deps);
    }
  }

  /** Whether `from` is created after `to` (directly or through other resources). */
  public waitsFor(from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      for (const next of this.direct.get(current) ?? []) {
        if (next === to) return true;
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return false;
  }
}

function collectReferences(value: unknown, found: (logicalId: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, found);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, argument] of Object.entries(value)) {
    if (key === 'Ref' && typeof argument === 'string') found(argument);
    else if (key === 'Fn::GetAtt') {
      if (Array.isArray(argument) && typeof argument[0] === 'string') found(argument[0]);
      else if (typeof argument === 'string') found(argument.split('.')[0]);
    } else if (key === 'Fn::Sub') {
      const pattern = Array.isArray(argument) ? argument[0] : argument;
      if (typeof pattern === 'string') {
        for (const match of pattern.matchAll(/\$\{([^}!.]+)(?:\.[^}]*)?\}/g)) found(match[1]);
      }
      if (Array.isArray(argument)) collectReferences(argument[1], found);
    } else collectReferences(argument, found);
  }
}
