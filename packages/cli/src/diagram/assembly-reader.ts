import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One CloudFormation template, as synthesized. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResourceDefinition>;
  readonly Outputs?: Record<string, CfnOutputDefinition>;
}

/** One resource of a template. */
export interface CfnResourceDefinition {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** One output of a template. */
export interface CfnOutputDefinition {
  readonly Value?: unknown;
  readonly Export?: { readonly Name?: unknown };
}

/** A stack to draw: its template, where it deploys, and the construct path of each resource. */
export interface DiagramStack {
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The construct path of the stack (`Stage/Stack`), used to make resource paths relative. */
  readonly constructPath: string;
  /** The region from the stack's environment, undefined for an environment-agnostic stack. */
  readonly region?: string;
  /** The synthesized template. */
  readonly template: CfnTemplate;
  /**
   * Construct path of each resource by logical id, from `tree.json`, for templates synthesized
   * without `aws:cdk:path` metadata. The metadata wins when both are present.
   */
  readonly pathsByLogicalId?: Record<string, string>;
}

/**
 * A cloud assembly held in memory, shaped like the files of a `cdk.out` directory: the manifest
 * (`manifest.json`, cloud_assembly_schema), and the other files it names by file name (templates,
 * `tree.json`, nested assemblies as `<directoryName>/<file>`).
 */
export interface InMemoryCloudAssembly {
  /** The contents of `manifest.json`. */
  readonly manifest: AssemblyManifestLike;
  /** Every other JSON file of the assembly by its relative path (`Shop.template.json`, `tree.json`). */
  readonly files: Record<string, unknown>;
}

/** The parts of a cloud assembly manifest the diagram reads. */
export interface AssemblyManifestLike {
  readonly artifacts?: Record<string, AssemblyArtifactLike>;
}

/** The parts of a manifest artifact the diagram reads. */
export interface AssemblyArtifactLike {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly directoryName?: string;
    readonly file?: string;
  };
}

/**
 * What the diagram can read: a cloud assembly directory (`cdk.out`), the `CloudAssembly` returned
 * by `app.synth()` (anything with a `directory`), or an {@link InMemoryCloudAssembly}.
 */
export type AssemblySource = string | { readonly directory: string } | InMemoryCloudAssembly;

type ReadJson = (relativePath: string) => unknown;

/** Reads every CloudFormation stack of a cloud assembly, nested assemblies (stages) included. */
export function readAssemblyStacks(source: AssemblySource): DiagramStack[] {
  let readJson: ReadJson;
  if (typeof source === 'string' || 'directory' in source) {
    const directory = typeof source === 'string' ? source : source.directory;
    readJson = (file) => JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as unknown;
  } else {
    const files: Record<string, unknown> = { ...source.files, 'manifest.json': source.manifest };
    readJson = (file) => {
      const content = files[file.split(path.sep).join('/')];
      if (content === undefined) throw new Error(`the in-memory cloud assembly has no file ${file}`);
      return typeof content === 'string' ? (JSON.parse(content) as unknown) : content;
    };
  }
  const stacks: DiagramStack[] = [];
  collectStacks(readJson, '', undefined, stacks);
  return stacks.sort((a, b) => compareStrings(a.constructPath, b.constructPath));
}

function collectStacks(
  readJson: ReadJson,
  prefix: string,
  inheritedTree: ConstructTreeIndex | undefined,
  out: DiagramStack[],
): void {
  const manifest = readJson(join(prefix, 'manifest.json')) as AssemblyManifestLike;
  const artifacts = manifest.artifacts ?? {};
  let tree = inheritedTree;
  for (const artifact of Object.values(artifacts)) {
    if (artifact.type === 'cdk:tree' && artifact.properties?.file) {
      tree = readConstructTree(readJson, prefix, artifact.properties.file);
    }
  }
  for (const id of Object.keys(artifacts).sort(compareStrings)) {
    const artifact = artifacts[id];
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const constructPath = artifact.displayName ?? id;
      out.push({
        stackName: artifact.properties.stackName ?? id,
        constructPath,
        region: regionOf(artifact.environment),
        template: readJson(join(prefix, artifact.properties.templateFile)) as CfnTemplate,
        pathsByLogicalId: tree?.logicalIdsUnder(constructPath),
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      collectStacks(readJson, join(prefix, artifact.properties.directoryName), tree, out);
    }
  }
}

function regionOf(environment: string | undefined): string | undefined {
  const match = /^aws:\/\/[^/]*\/(.+)$/.exec(environment ?? '');
  if (!match || match[1] === 'unknown-region') return undefined;
  return match[1];
}

interface TreeNode {
  readonly id?: string;
  readonly path?: string;
  readonly children?: Record<string, TreeNode>;
  readonly attributes?: Record<string, unknown>;
  /** Set on a reference to a subtree that CDK wrote to another file (`trees-N.json`). */
  readonly fileName?: string;
  readonly treeId?: string;
}

/** Construct paths by logical id, from `tree.json` (and the `trees-N.json` files it refers to). */
interface ConstructTreeIndex {
  logicalIdsUnder(stackPath: string): Record<string, string>;
}

function readConstructTree(readJson: ReadJson, prefix: string, file: string): ConstructTreeIndex {
  const resources: Array<{ path: string; logicalId: string }> = [];
  const unlabelled: string[] = [];
  const visit = (node: TreeNode): void => {
    let resolved = node;
    if (node.fileName && node.treeId) {
      const forest = readJson(join(prefix, node.fileName)) as { forest?: Record<string, TreeNode> };
      resolved = forest.forest?.[node.treeId] ?? node;
    }
    const logicalId = resolved.attributes?.['aws:cdk:cloudformation:logicalId'];
    if (typeof logicalId === 'string' && resolved.path) resources.push({ path: resolved.path, logicalId });
    else if (resolved.path) unlabelled.push(resolved.path);
    for (const child of Object.values(resolved.children ?? {})) visit(child);
  };
  visit((readJson(join(prefix, file)) as { tree: TreeNode }).tree);
  return {
    logicalIdsUnder(stackPath) {
      const result: Record<string, string> = {};
      for (const { path: resourcePath, logicalId } of resources) {
        if (resourcePath.startsWith(`${stackPath}/`) && !(logicalId in result))
          result[logicalId] = resourcePath;
      }
      // Plain CfnResources (custom resources, CDKMetadata) carry no logical id in the tree: compute
      // the id CDK allocates from their path. Unused candidates are harmless.
      for (const nodePath of unlabelled) {
        if (!nodePath.startsWith(`${stackPath}/`)) continue;
        const logicalId = cdkLogicalId(nodePath.slice(stackPath.length + 1).split('/'));
        if (logicalId && !(logicalId in result)) result[logicalId] = nodePath;
      }
      return result;
    },
  };
}

/** The logical id CDK's default `allocateLogicalId` gives a stack-relative path (core/lib/private/uniqueid). */
function cdkLogicalId(pathComponents: string[]): string | undefined {
  const components = pathComponents.filter((c) => c !== 'Default');
  if (components.length === 0) return undefined;
  const alphanumeric = (c: string): string => c.replace(/[^A-Za-z0-9]/g, '');
  if (components.length === 1 && alphanumeric(components[0]).length <= 255)
    return alphanumeric(components[0]);
  const hash = crypto.createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const c of components) if (human.length === 0 || !human[human.length - 1].endsWith(c)) human.push(c);
  return (
    human
      .filter((c) => c !== 'Resource')
      .map(alphanumeric)
      .join('')
      .slice(0, 240) + hash
  );
}

function join(prefix: string, file: string): string {
  return prefix ? `${prefix}/${file}` : file;
}

/** Locale-independent string order, so output does not depend on the machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
