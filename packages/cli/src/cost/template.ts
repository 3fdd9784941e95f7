// Reading synthesized CloudFormation: the few intrinsic functions a pricer needs to follow
// (Ref, Fn::GetAtt, Fn::Join), without resolving anything that needs a deployment.
import { CfnResourceDefinition, CfnTemplate } from '../diagram/assembly-reader';

/** A JSON value as it appears in a template. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One resource of a template, with its logical id. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/** The resources of a template as a list, in template order. */
export function resourcesOf(template: CfnTemplate): TemplateResource[] {
  return Object.entries(template.Resources ?? {}).map(([logicalId, r]: [string, CfnResourceDefinition]) => ({
    logicalId,
    type: r.Type,
    properties: r.Properties ?? {},
  }));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, or undefined for anything else. */
export function referencedId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every logical id referenced anywhere inside a value (Ref, Fn::GetAtt, Fn::Sub `${Id}`). */
export function referencedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, out);
    return out;
  }
  if (!isRecord(value)) return out;
  const id = referencedId(value);
  if (id !== undefined && !id.startsWith('AWS::')) out.add(id);
  const sub = value['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
  if (typeof subText === 'string') {
    for (const match of subText.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z.]+)?\}/g)) out.add(match[1]);
  }
  for (const [key, child] of Object.entries(value)) if (key !== 'Ref') referencedIds(child, out);
  return out;
}

/** A string property, when it is a literal. */
export function literalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A number property, when it is a literal (CloudFormation also accepts numeric strings). */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** A boolean property, when it is a literal (`true` or `"true"`). */
export function literalBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The list a property holds, or an empty list. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The text of a string built with Fn::Join, the unresolvable parts replaced by `placeholder`:
 * enough to measure a value's length or match a name pattern.
 */
export function approximateString(value: unknown, placeholder = '<token>'): string | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((part) => approximateString(part, placeholder) ?? placeholder).join(join[0]);
  }
  return placeholder;
}

/** Index of a template's resources by logical id and type. */
export class TemplateIndex {
  public readonly resources: TemplateResource[];
  private readonly byId: Map<string, TemplateResource>;

  constructor(template: CfnTemplate) {
    this.resources = resourcesOf(template);
    this.byId = new Map(this.resources.map((r) => [r.logicalId, r]));
  }

  get(logicalId: string | undefined): TemplateResource | undefined {
    return logicalId === undefined ? undefined : this.byId.get(logicalId);
  }

  ofType(type: string): TemplateResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The resources of `type` whose properties reference `logicalId` anywhere. */
  referencing(type: string, logicalId: string): TemplateResource[] {
    return this.ofType(type).filter((r) => referencedIds(r.properties).has(logicalId));
  }
}
