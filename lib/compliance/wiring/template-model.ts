import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The synthesized templates of one app, read once and indexed: resources by logical id and by
 * type, outputs and export names, and each resource's construct path. Rules and path-walking tests
 * read templates through this model, never the files themselves.
 */

/** One resource of one template. */
export interface CfnResource {
  /** `<template index>/<logical id>`: unique in the app. */
  readonly uid: string;
  readonly logicalId: string;
  readonly type: string;
  /** The resource's `Properties` (an empty object when it has none). */
  readonly properties: Record<string, unknown>;
  /** Logical ids from `DependsOn`. */
  readonly dependsOn: readonly string[];
  /**
   * The construct path: `Metadata['aws:cdk:path']`, else from the construct tree the model was given
   * (see {@link ConstructPathLookup}), else `<stack name>/<logical id>`.
   */
  readonly constructPath: string;
  readonly template: StackTemplate;
}

/** One output of a template. */
export interface CfnOutput {
  readonly name: string;
  readonly value: unknown;
  /** `Export.Name`, unresolved. */
  readonly exportName?: unknown;
}

/** One template and what CDK's manifest says about its stack. */
export class StackTemplate {
  /** Resources by logical id. */
  public readonly resources = new Map<string, CfnResource>();
  /** Outputs by name. */
  public readonly outputs = new Map<string, CfnOutput>();
  /** Template parameters by name (their definitions). */
  public readonly parameters: Record<string, unknown>;
  /** Template mappings. */
  public readonly mappings: Record<string, unknown>;
  private readonly byType = new Map<string, CfnResource[]>();

  constructor(
    /** Position in the app's list of templates. */
    public readonly index: number,
    /** Absolute path of the template file (or a made-up name for in-memory templates). */
    public readonly templatePath: string,
    /** The CloudFormation stack name. */
    public readonly stackName: string,
    /** The stack's region, when the stack has a concrete environment. */
    public readonly region: string | undefined,
    /** The stack's account, when the stack has a concrete environment. */
    public readonly account: string | undefined,
    template: unknown,
    private readonly lookupPath?: ConstructPathLookup,
  ) {
    const body = isRecord(template) ? template : {};
    this.parameters = isRecord(body.Parameters) ? body.Parameters : {};
    this.mappings = isRecord(body.Mappings) ? body.Mappings : {};
    const resources = isRecord(body.Resources) ? body.Resources : {};
    for (const [logicalId, definition] of Object.entries(resources)) {
      if (!isRecord(definition) || typeof definition.Type !== 'string') continue;
      const metadata = isRecord(definition.Metadata) ? definition.Metadata : {};
      const cdkPath = metadata['aws:cdk:path'];
      const dependsOn = definition.DependsOn;
      const lookup = this.lookupPath;
      const resource: CfnResource = {
        uid: `${index}/${logicalId}`,
        logicalId,
        type: definition.Type,
        properties: isRecord(definition.Properties) ? definition.Properties : {},
        dependsOn:
          typeof dependsOn === 'string'
            ? [dependsOn]
            : Array.isArray(dependsOn)
              ? dependsOn.filter((d): d is string => typeof d === 'string')
              : [],
        get constructPath(): string {
          // Apps synthesized outside the CLI carry no path metadata: ask the construct tree, lazily.
          if (typeof cdkPath === 'string') return cdkPath;
          return lookup?.(templatePath, logicalId) ?? `${stackName}/${logicalId}`;
        },
        template: this,
      };
      this.resources.set(logicalId, resource);
      const list = this.byType.get(resource.type);
      if (list) list.push(resource);
      else this.byType.set(resource.type, [resource]);
    }
    const outputs = isRecord(body.Outputs) ? body.Outputs : {};
    for (const [name, output] of Object.entries(outputs)) {
      if (!isRecord(output)) continue;
      const exported = isRecord(output.Export) ? output.Export.Name : undefined;
      this.outputs.set(name, { name, value: output.Value, exportName: exported });
    }
  }

  /** The resources of one CloudFormation type, in template order. */
  public ofType(type: string): readonly CfnResource[] {
    return this.byType.get(type) ?? [];
  }
}

/** Finds a resource's construct path by template path and logical id (from the app's construct tree). */
export type ConstructPathLookup = (templatePath: string, logicalId: string) => string | undefined;

/** A template given in memory (tests), with what the manifest would say about it. */
export interface TemplateInput {
  readonly template: unknown;
  /** @default `Stack<n>` */
  readonly stackName?: string;
  readonly region?: string;
  readonly account?: string;
  /** @default `<stackName>.template.json` */
  readonly templatePath?: string;
}

/** Every template of an app, indexed once. */
export class AppModel {
  /**
   * Read the templates a validation plugin is given. Stack names and environments come from the
   * cloud assembly's `manifest.json` next to the templates when it is there (it is, at the time
   * CDK runs validation plugins); otherwise the file name stands in for the stack name.
   */
  public static fromTemplateFiles(
    templatePaths: readonly string[],
    lookupPath?: ConstructPathLookup,
  ): AppModel {
    const manifests = new Map<string, Map<string, ManifestStack>>();
    const inputs: TemplateInput[] = templatePaths.map((templatePath) => {
      const directory = path.dirname(templatePath);
      let stacks = manifests.get(directory);
      if (!stacks) {
        stacks = readManifestStacks(directory);
        manifests.set(directory, stacks);
      }
      const fileName = path.basename(templatePath);
      const stack = stacks.get(fileName);
      return {
        template: JSON.parse(fs.readFileSync(templatePath, 'utf8')) as unknown,
        templatePath,
        stackName: stack?.stackName ?? fileName.replace(/\.template\.json$/, ''),
        region: stack?.region,
        account: stack?.account,
      };
    });
    return new AppModel(inputs, lookupPath);
  }

  /** Build a model from templates held in memory (tests, or `Template.fromStack(...).toJSON()`). */
  public static fromTemplates(inputs: readonly TemplateInput[]): AppModel {
    return new AppModel(inputs);
  }

  public readonly templates: readonly StackTemplate[];
  private readonly byType = new Map<string, CfnResource[]>();
  private readonly byStackName = new Map<string, StackTemplate>();
  private readonly cache = new Map<string, unknown>();

  private constructor(inputs: readonly TemplateInput[], lookupPath?: ConstructPathLookup) {
    this.templates = inputs.map((input, index) => {
      const stackName = input.stackName ?? `Stack${index}`;
      return new StackTemplate(
        index,
        input.templatePath ?? `${stackName}.template.json`,
        stackName,
        input.region,
        input.account,
        input.template,
        lookupPath,
      );
    });
    for (const template of this.templates) {
      if (!this.byStackName.has(template.stackName)) this.byStackName.set(template.stackName, template);
      for (const resource of template.resources.values()) {
        const list = this.byType.get(resource.type);
        if (list) list.push(resource);
        else this.byType.set(resource.type, [resource]);
      }
    }
  }

  /** The resources of one CloudFormation type across the app. */
  public ofType(...types: string[]): readonly CfnResource[] {
    if (types.length === 1) return this.byType.get(types[0]) ?? [];
    return types.flatMap((type) => this.byType.get(type) ?? []);
  }

  /** The template of a stack by its CloudFormation stack name. */
  public stack(stackName: string): StackTemplate | undefined {
    return this.byStackName.get(stackName);
  }

  /**
   * A value computed once per model (an index a rule builds lazily): the first caller builds it,
   * later callers get the same object. Keys are module-private strings.
   */
  public memo<T>(key: string, build: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = build();
    this.cache.set(key, value);
    return value;
  }
}

interface ManifestStack {
  readonly stackName: string;
  readonly region?: string;
  readonly account?: string;
}

function readManifestStacks(directory: string): Map<string, ManifestStack> {
  const stacks = new Map<string, ManifestStack>();
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf8'));
  } catch {
    return stacks;
  }
  const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact) || artifact.type !== 'aws:cloudformation:stack') continue;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (typeof properties.templateFile !== 'string') continue;
    const environment = /^aws:\/\/([^/]*)\/(.*)$/.exec(
      typeof artifact.environment === 'string' ? artifact.environment : '',
    );
    const known = (value: string | undefined): string | undefined =>
      value && !value.startsWith('unknown-') ? value : undefined;
    stacks.set(properties.templateFile, {
      stackName: typeof properties.stackName === 'string' ? properties.stackName : id,
      account: known(environment?.[1]),
      region: known(environment?.[2]),
    });
  }
  return stacks;
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value[key]` when `value` is a JSON object, else undefined. */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** An HTTP header name as compared: trimmed, lower case. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase();
}
