// Path-walking for the blueprints' tests: the synthesized templates of an app as plain JSON, the
// wiring gate's rules run over them (or over a broken copy), and small walkers that follow a request
// from one resource to the next. A broken twin of every path must make the walk fail: that is how a
// test proves it checks something.
import { Stack, Stage } from 'aws-cdk-lib';
import { TemplateInput } from '../../../lib/compliance/wiring/template-model';
import { tmpWritableProblems } from '../../support/task-definition';
import { templateInputs, wiringFindings } from '../../support/wiring';

export { wiringFindings };

// Template JSON is untyped: a loose record type keeps the walkers readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** The templates of every stack of an app, as the wiring gate reads them (synthesized once). */
export function templatesOf(app: Stage): TemplateInput[] {
  return templateInputs(app.node.findAll().filter((c): c is Stack => Stack.isStack(c)));
}

/** A deep copy of the templates with `change` applied to it: the broken twin of a path. */
export function broken(templates: readonly TemplateInput[], change: (copy: Json[]) => void): TemplateInput[] {
  const copy = templates.map((input) => ({ ...input, template: structuredClone(input.template) as Json }));
  change(copy.map((input) => input.template as Json));
  return copy;
}

/** The rule ids the wiring gate reports over the templates, each once. */
export function wiringRules(templates: readonly TemplateInput[]): string[] {
  return [...new Set(wiringFindings(templates).map((finding) => finding.split(' ')[0]))];
}

/** The resources of a type in a template, by logical id. */
export function resources(template: Json, type: string): Array<[string, Json]> {
  return Object.entries(template.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

/** The one resource of a type whose logical id starts with `prefix` (throws when there is not exactly one). */
export function resource(template: Json, type: string, prefix = ''): [string, Json] {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type} starting with '${prefix}', found ${found.map(([id]) => id).join(', ') || 'none'}`,
    );
  }
  return found[0];
}

/** The logical id a `Ref` or `Fn::GetAtt` points at, else undefined. */
export function target(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const json = value as Json;
  if (typeof json.Ref === 'string') return json.Ref;
  if (Array.isArray(json['Fn::GetAtt'])) return json['Fn::GetAtt'][0] as string;
  return undefined;
}

/** Every logical id referenced anywhere inside a value. */
export function referencedIds(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    const id = target(v);
    if (id) found.add(id);
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found];
}

/** The IAM policy statements attached to a role, from the `AWS::IAM::Policy` resources of the template. */
export function statementsOf(template: Json, roleId: string): Json[] {
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((r) => target(r) === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[]);
}

/** Whether the role may do `action` on a resource whose text contains every one of `resourceParts`. */
export function allows(template: Json, roleId: string, action: string, ...resourceParts: string[]): boolean {
  return statementsOf(template, roleId).some((statement) => {
    if (statement.Effect !== 'Allow') return false;
    const actions = ([] as string[]).concat(statement.Action);
    if (!actions.includes(action)) return false;
    const resourcesText = JSON.stringify(statement.Resource);
    return resourceParts.every((part) => resourcesText.includes(part));
  });
}

/**
 * Security-group ingress into `toGroupId` from `fromGroupId` covering `port`, from the
 * `AWS::EC2::SecurityGroupIngress` resources and the groups' inline rules.
 */
export function admits(template: Json, toGroupId: string, fromGroupId: string, port: number): boolean {
  const rules: Json[] = [
    ...resources(template, 'AWS::EC2::SecurityGroupIngress')
      .map(([, r]) => r.Properties)
      .filter((p) => target(p.GroupId) === toGroupId),
    ...((template.Resources[toGroupId]?.Properties?.SecurityGroupIngress as Json[] | undefined) ?? []),
  ];
  return rules.some(
    (rule) =>
      target(rule.SourceSecurityGroupId) === fromGroupId &&
      (rule.IpProtocol === '-1' || (rule.FromPort <= port && port <= rule.ToPort)),
  );
}

/** The environment variables and secrets of a task definition's containers, by name. */
export function containerSettings(taskDefinition: Json): { environment: Json; secrets: Json } {
  const containers = taskDefinition.Properties.ContainerDefinitions as Json[];
  const environment: Json = {};
  const secrets: Json = {};
  for (const container of containers) {
    for (const e of (container.Environment as Json[] | undefined) ?? []) environment[e.Name] = e.Value;
    for (const s of (container.Secrets as Json[] | undefined) ?? []) secrets[s.Name] = s.ValueFrom;
  }
  return { environment, secrets };
}

/**
 * Every task definition of the templates, judged at run time: can its non-root containers write
 * their task-local volumes, and do its containers fit the task's memory (see
 * {@link tmpWritableProblems}). As `<stack>/<logical id>: <problem>`.
 */
export function taskProblems(templates: readonly TemplateInput[]): string[] {
  return templates.flatMap((input) =>
    resources(input.template as Json, 'AWS::ECS::TaskDefinition').flatMap(([id, taskDefinition]) =>
      tmpWritableProblems(taskDefinition.Properties).map((problem) => `${input.stackName}/${id}: ${problem}`),
    ),
  );
}

/** The broken twin of {@link taskProblems}: the templates with their `TmpInit` containers removed. */
export function withoutTmpInit(templates: readonly TemplateInput[]): TemplateInput[] {
  return broken(templates, (copies) => {
    for (const copy of copies) {
      for (const [, taskDefinition] of resources(copy, 'AWS::ECS::TaskDefinition')) {
        const containers = taskDefinition.Properties.ContainerDefinitions as Json[];
        taskDefinition.Properties.ContainerDefinitions = containers.filter((c) => c.Name !== 'TmpInit');
      }
    }
  });
}
