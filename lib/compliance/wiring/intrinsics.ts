import { AppModel, CfnResource, field, isRecord, StackTemplate } from './template-model';

/**
 * A small resolver for the intrinsic functions CDK writes: `Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Select`, `Fn::Split` (of known strings), `Fn::Sub` (variables and pseudo parameters),
 * `Fn::FindInMap` (known keys), `Fn::ImportValue` (matched against the `Export` names of the app's
 * other templates) and `Fn::GetStackOutput` (CDK's weak cross-stack references).
 *
 * It evaluates what a template can say before deployment and nothing more: a value is either known
 * (`literal`), a resource's `Ref` or attribute (`ref`), a string built from both (`text`), a list
 * with such items (`list`), a plain object whose fields are resolved on demand (`object`), or
 * `unknown` (a template parameter, a pseudo parameter the manifest does not fix, `Fn::If`, a
 * split of a value only known at deploy time...). Callers skip what is unknown.
 */

/** A resource's `Ref` (no attribute) or `Fn::GetAtt` (attribute). */
export interface ResourceRef {
  readonly kind: 'ref';
  readonly resource: CfnResource;
  readonly attribute?: string;
}
/** A value with no intrinsic left in it. */
export interface LiteralValue {
  readonly kind: 'literal';
  readonly value: unknown;
}
/** A string made of known pieces, resource references and unknown pieces. */
export interface TextValue {
  readonly kind: 'text';
  readonly parts: readonly TextPart[];
}
/** A list with at least one item that is not a literal. */
export interface ListValue {
  readonly kind: 'list';
  readonly items: readonly Resolved[];
}
/** A plain object: resolve its fields with `template` as the context. */
export interface ObjectValue {
  readonly kind: 'object';
  readonly value: Record<string, unknown>;
  readonly template: StackTemplate;
}
/** A value only known at deploy time, with why. */
export interface UnknownValue {
  readonly kind: 'unknown';
  readonly reason: string;
}
export type TextPart = string | ResourceRef | UnknownValue;
export type Resolved = LiteralValue | ResourceRef | TextValue | ListValue | ObjectValue | UnknownValue;

const MAX_DEPTH = 24;

/** Resolves template values of one {@link AppModel}. Stateless apart from the export index. */
export class Resolver {
  private exportIndex?: Map<string, { template: StackTemplate; value: unknown }>;

  constructor(private readonly model: AppModel) {}

  /** Resolve `value` as written in `template`. */
  public resolve(value: unknown, template: StackTemplate, depth = 0): Resolved {
    if (depth > MAX_DEPTH) return unknown('references nest too deeply (a cycle?)');
    if (Array.isArray(value)) {
      const items = value.map((item) => this.resolve(item, template, depth + 1));
      return items.every((item) => item.kind === 'literal')
        ? literal(items.map((item) => (item as LiteralValue).value))
        : { kind: 'list', items };
    }
    if (!isRecord(value)) return literal(value);
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const argument = value[key];
      if (key === 'Ref') return this.ref(argument, template);
      if (key.startsWith('Fn::')) return this.fn(key, argument, template, depth);
    }
    return { kind: 'object', value, template };
  }

  /** A known string (numbers and booleans as CloudFormation writes them), else undefined. */
  public string(value: unknown, template: StackTemplate): string | undefined {
    const resolved = this.resolve(value, template);
    if (resolved.kind !== 'literal') return undefined;
    const v = resolved.value;
    return typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : undefined;
  }

  /** A known number (CloudFormation accepts numeric strings), else undefined. */
  public number(value: unknown, template: StackTemplate): number | undefined {
    const text = this.string(value, template);
    if (text === undefined || text.trim() === '') return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }

  /** The items of a list value, each resolved; undefined when the list itself is unknown. */
  public items(value: unknown, template: StackTemplate): Resolved[] | undefined {
    const resolved = this.resolve(value, template);
    if (resolved.kind === 'list') return [...resolved.items];
    if (resolved.kind === 'literal') {
      if (resolved.value === undefined || resolved.value === null) return [];
      return Array.isArray(resolved.value) ? resolved.value.map(literal) : undefined;
    }
    return undefined;
  }

  /**
   * The plain objects of a list property (`Origins`, `ContainerDefinitions`, `Listeners`...), each
   * with the template its fields are resolved in. Items that are not objects are left out.
   */
  public objects(value: unknown, template: StackTemplate): ObjectValue[] {
    const items = this.items(value, template) ?? [];
    const out: ObjectValue[] = [];
    for (const item of items) {
      if (item.kind === 'object') out.push(item);
      else if (item.kind === 'literal' && isRecord(item.value))
        out.push({ kind: 'object', value: item.value, template });
    }
    return out;
  }

  /** The resource `value` refers to as a whole (`Ref` or `Fn::GetAtt`), optionally of given types. */
  public resourceRef(value: unknown, template: StackTemplate, ...types: string[]): ResourceRef | undefined {
    const ref = this.resolve(value, template);
    if (ref.kind !== 'ref') return undefined;
    return types.length === 0 || types.includes(ref.resource.type) ? ref : undefined;
  }

  /** Every resource reference anywhere in `value`, after resolution (text parts, list items, object fields). */
  public refsIn(value: unknown, template: StackTemplate): ResourceRef[] {
    const out: ResourceRef[] = [];
    const visit = (resolved: Resolved, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      switch (resolved.kind) {
        case 'ref':
          out.push(resolved);
          return;
        case 'text':
          for (const part of resolved.parts)
            if (typeof part !== 'string' && part.kind === 'ref') out.push(part);
          return;
        case 'list':
          for (const item of resolved.items) visit(item, depth + 1);
          return;
        case 'object':
          for (const child of Object.values(resolved.value))
            visit(this.resolve(child, resolved.template, depth + 1), depth + 1);
          return;
        default:
          return;
      }
    };
    visit(this.resolve(value, template), 0);
    return out;
  }

  private ref(argument: unknown, template: StackTemplate): Resolved {
    if (typeof argument !== 'string') return unknown('Ref of a non-string');
    const resource = template.resources.get(argument);
    if (resource) return { kind: 'ref', resource };
    switch (argument) {
      case 'AWS::Region':
        return template.region ? literal(template.region) : unknown('AWS::Region');
      case 'AWS::AccountId':
        return template.account ? literal(template.account) : unknown('AWS::AccountId');
      case 'AWS::StackName':
        return literal(template.stackName);
      case 'AWS::NoValue':
        return literal(undefined);
    }
    if (argument in template.parameters) return unknown(`parameter ${argument}`);
    // AWS::Partition, AWS::URLSuffix, AWS::StackId, AWS::NotificationARNs: deploy-time values.
    return unknown(argument);
  }

  private fn(key: string, argument: unknown, template: StackTemplate, depth: number): Resolved {
    switch (key) {
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument)
          ? [argument[0], argument[1]]
          : typeof argument === 'string'
            ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)]
            : [undefined, undefined];
        const resource = typeof logicalId === 'string' ? template.resources.get(logicalId) : undefined;
        const attr = this.resolve(attribute, template, depth + 1);
        if (!resource || attr.kind !== 'literal' || typeof attr.value !== 'string')
          return unknown(`Fn::GetAtt ${String(logicalId)}`);
        return { kind: 'ref', resource, attribute: attr.value };
      }
      case 'Fn::Join': {
        if (!Array.isArray(argument) || argument.length !== 2) return unknown('malformed Fn::Join');
        const delimiter = this.resolve(argument[0], template, depth + 1);
        const list = this.resolve(argument[1], template, depth + 1);
        if (delimiter.kind !== 'literal' || typeof delimiter.value !== 'string')
          return unknown('Fn::Join delimiter');
        const items =
          list.kind === 'list'
            ? list.items
            : list.kind === 'literal' && Array.isArray(list.value)
              ? list.value.map(literal)
              : undefined;
        if (!items) return unknown('Fn::Join of an unknown list');
        const parts: TextPart[] = [];
        items.forEach((item, i) => {
          if (i > 0 && delimiter.value) parts.push(delimiter.value as string);
          parts.push(...textParts(item));
        });
        return text(parts);
      }
      case 'Fn::Sub':
        return this.sub(argument, template, depth);
      case 'Fn::Select': {
        if (!Array.isArray(argument) || argument.length !== 2) return unknown('malformed Fn::Select');
        const index = this.number(argument[0], template);
        const items = this.items(argument[1], template);
        if (index === undefined || !items) return unknown('Fn::Select of an unknown list');
        return items[index] ?? unknown('Fn::Select index out of range');
      }
      case 'Fn::Split': {
        if (!Array.isArray(argument) || argument.length !== 2) return unknown('malformed Fn::Split');
        const delimiter = this.string(argument[0], template);
        const source = this.string(argument[1], template);
        // A reference's value may itself contain the delimiter: only known strings split exactly.
        if (delimiter === undefined || source === undefined)
          return unknown('Fn::Split of a deploy-time value');
        return literal(source.split(delimiter));
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(argument) || argument.length < 3) return unknown('malformed Fn::FindInMap');
        const [mapName, topKey, secondKey] = argument.slice(0, 3).map((a) => this.string(a, template));
        if (mapName === undefined || topKey === undefined || secondKey === undefined)
          return unknown('Fn::FindInMap with a deploy-time key');
        const found = field(field(template.mappings[mapName], topKey), secondKey);
        return found === undefined
          ? unknown('Fn::FindInMap: no such entry')
          : this.resolve(found, template, depth + 1);
      }
      case 'Fn::ImportValue': {
        const name = this.string(argument, template);
        if (name === undefined) return unknown('Fn::ImportValue of a deploy-time name');
        const exported = this.exports().get(name);
        return exported
          ? this.resolve(exported.value, exported.template, depth + 1)
          : unknown(`export ${name} (not in this app)`);
      }
      case 'Fn::GetStackOutput': {
        const stackName = this.string(field(argument, 'StackName'), template);
        const outputName = this.string(field(argument, 'OutputName'), template);
        const other = stackName === undefined ? undefined : this.model.stack(stackName);
        const output = outputName === undefined ? undefined : other?.outputs.get(outputName);
        return other && output
          ? this.resolve(output.value, other, depth + 1)
          : unknown(`output ${String(stackName)}/${String(outputName)} (not in this app)`);
      }
      default:
        // Fn::If, Fn::GetAZs, Fn::Base64, Fn::Cidr, conditions...: not evaluated.
        return unknown(key);
    }
  }

  private sub(argument: unknown, template: StackTemplate, depth: number): Resolved {
    const [pattern, variables] = Array.isArray(argument) ? [argument[0], argument[1]] : [argument, undefined];
    if (typeof pattern !== 'string') return unknown('malformed Fn::Sub');
    const parts: TextPart[] = [];
    let last = 0;
    for (const match of pattern.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(pattern.slice(last, match.index));
      last = match.index + match[0].length;
      const name = match[1];
      if (name.startsWith('!')) {
        parts.push(`\${${name.slice(1)}}`);
        continue;
      }
      const variable = field(variables, name);
      if (variable !== undefined) {
        parts.push(...textParts(this.resolve(variable, template, depth + 1)));
      } else if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        parts.push(
          ...textParts(this.fn('Fn::GetAtt', [name.slice(0, dot), name.slice(dot + 1)], template, depth)),
        );
      } else {
        parts.push(...textParts(this.ref(name, template)));
      }
    }
    parts.push(pattern.slice(last));
    return text(parts);
  }

  private exports(): Map<string, { template: StackTemplate; value: unknown }> {
    if (!this.exportIndex) {
      this.exportIndex = new Map();
      for (const template of this.model.templates) {
        for (const output of template.outputs.values()) {
          if (output.exportName === undefined) continue;
          const name = this.string(output.exportName, template);
          if (name !== undefined && !this.exportIndex.has(name))
            this.exportIndex.set(name, { template, value: output.value });
        }
      }
    }
    return this.exportIndex;
  }
}

function literal(value: unknown): LiteralValue {
  return { kind: 'literal', value };
}

function unknown(reason: string): UnknownValue {
  return { kind: 'unknown', reason };
}

/** A text value, collapsed to a literal string when every part is known. */
function text(parts: TextPart[]): Resolved {
  const merged: TextPart[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      if (part === '') continue;
      const previous = merged[merged.length - 1];
      if (typeof previous === 'string') merged[merged.length - 1] = previous + part;
      else merged.push(part);
    } else merged.push(part);
  }
  if (merged.length === 0) return literal('');
  if (merged.length === 1 && typeof merged[0] === 'string') return literal(merged[0]);
  if (merged.length === 1 && typeof merged[0] !== 'string' && merged[0].kind === 'ref') return merged[0];
  return { kind: 'text', parts: merged };
}

function textParts(value: Resolved): TextPart[] {
  switch (value.kind) {
    case 'literal':
      return value.value === undefined || value.value === null ? [] : [String(value.value)];
    case 'ref':
    case 'unknown':
      return [value];
    case 'text':
      return [...value.parts];
    default:
      return [{ kind: 'unknown', reason: `a ${value.kind} inside a string` }];
  }
}

/**
 * A text value written out with a placeholder for each piece that is not a known string, so
 * callers can match patterns (`arn:«?»:secretsmanager:...`). Literal strings come back as they are;
 * anything else is undefined.
 */
export function renderText(
  value: Resolved,
  placeholder: (part: ResourceRef | UnknownValue) => string = (part) =>
    part.kind === 'ref' ? `«${part.resource.logicalId}${part.attribute ? `.${part.attribute}` : ''}»` : '«?»',
): string | undefined {
  if (value.kind === 'literal') return typeof value.value === 'string' ? value.value : undefined;
  if (value.kind === 'ref' || value.kind === 'unknown') return placeholder(value);
  if (value.kind !== 'text') return undefined;
  return value.parts.map((part) => (typeof part === 'string' ? part : placeholder(part))).join('');
}

/** The resource references in a resolved value's text parts (or the value itself). */
export function refsOfText(value: Resolved): ResourceRef[] {
  if (value.kind === 'ref') return [value];
  if (value.kind !== 'text') return [];
  return value.parts.filter((p): p is ResourceRef => typeof p !== 'string' && p.kind === 'ref');
}
