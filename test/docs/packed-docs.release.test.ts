// The docs as a user of the npm package meets them: every TypeScript block of README.md and docs/
// (not the generated docs/api) type-checks against the packed package, resolved through its
// package.json `exports` as Node resolves it; the blocks that are apps synthesize; and every relative
// link of the packed Markdown resolves inside the tarball. One pack and one tsc program per run.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { PROJECT_CONTEXT } from '../support/app';
import { codeBlocks, linkTargets } from './support/markdown';
import { packPackage, PackedPackage, ROOT } from './support/packed-package';

/** The Markdown pages whose TypeScript blocks are checked. */
function documentationPages(): string[] {
  const pages: string[] = ['README.md'];
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, directory), { withFileTypes: true })) {
      const relative = path.join(directory, entry.name);
      if (entry.isDirectory() && relative !== path.join('docs', 'api')) walk(relative);
      else if (entry.name.endsWith('.md')) pages.push(relative);
    }
  };
  walk('docs');
  return pages.sort();
}

/**
 * What a fragment of the docs may use without declaring it: the things "your app" already has. A
 * block that declares one of these names itself shadows it (each block is its own module).
 * CONTRIBUTING.md lists them.
 */
const PRELUDE = `import type { App, Stack } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { CdnFront, Network, Observability, QueueWorker, WebService } from 'cdk-scaling-blueprints';

declare global {
  const app: App;
  const stack: Stack;
  const network: Network;
  const vpc: ec2.IVpc;
  const image: ecs.ContainerImage;
  const web: WebService;
  const worker: QueueWorker;
  const cdn: CdnFront;
  const obs: Observability;
  const certificateArn: string;
  const myBucket: s3.Bucket;
  const existingAlb: elbv2.IApplicationLoadBalancer;
  const existingTargetGroup: elbv2.IApplicationTargetGroup;
  const existingDb: rds.IDatabaseInstance;
  const alb: elbv2.ApplicationLoadBalancer;
  const listener: elbv2.ApplicationListener;
  const targetGroup: elbv2.ApplicationTargetGroup;
  const defaultAction: elbv2.ListenerAction;
  const originCertificate: acm.ICertificate;
  const zone: route53.IHostedZone;
  const secret: string;
  const cluster: ecs.Cluster;
  const taskDefinition: ecs.FargateTaskDefinition;
  const service: ecs.FargateService;
}
export {};
`;

/** Stand-ins for Jest in the test blocks that run: a block's assertions must hold. */
const TEST_SHIM = `const assert = require('node:assert');
globalThis.test = (_name, body) => body();
globalThis.expect = (actual) => ({
  toEqual: (expected) => assert.deepStrictEqual(actual, expected),
  toBe: (expected) => assert.strictEqual(actual, expected),
  toMatchSnapshot: () => undefined,
});
`;

interface Snippet {
  readonly name: string;
  readonly page: string;
  readonly line: number;
  readonly code: string;
}

/** The TypeScript files under a directory. */
function typescriptFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? typescriptFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the docs against the packed package', () => {
  let packed: PackedPackage;
  let snippets: Snippet[];
  let directory: string;
  /** The examples as packed, copied into the project (as a user copies one into theirs). */
  let examples: string[];

  beforeAll(() => {
    packed = packPackage();
    directory = path.join(packed.project, 'snippets');
    fs.mkdirSync(directory);
    snippets = documentationPages().flatMap((page) =>
      codeBlocks(fs.readFileSync(path.join(ROOT, page), 'utf8'))
        .filter((block) => block.lang === 'ts' || block.lang === 'typescript')
        .map((block) => ({
          name: `${page.replace(/[/.]/g, '_')}_L${block.line}`,
          page,
          line: block.line,
          code: block.code,
        })),
    );
    fs.cpSync(path.join(packed.packageDirectory, 'examples'), path.join(packed.project, 'examples'), {
      recursive: true,
    });
    examples = typescriptFiles(path.join(packed.project, 'examples'));
    fs.writeFileSync(path.join(directory, 'prelude.d.ts'), PRELUDE);
    for (const snippet of snippets) {
      // Each block is a module of its own (`export {}`), so its names never clash with another's.
      fs.writeFileSync(path.join(directory, `${snippet.name}.ts`), `${snippet.code}\nexport {};\n`);
    }
  }, 180_000);

  test('README.md and the docs pages have TypeScript blocks to check, and the examples are packed', () => {
    expect(snippets.length).toBeGreaterThan(30);
    expect(snippets.filter((s) => s.page === 'README.md').length).toBeGreaterThanOrEqual(3);
    expect(examples.map((e) => path.relative(packed.project, e)).sort()).toEqual([
      'examples/architecture-snapshot-test/architecture.test.ts',
      'examples/architecture-snapshot-test/architecture.ts',
      'examples/existing-vpc-and-alb/app.ts',
    ]);
  });

  test('every TypeScript block type-checks against the package (one program)', () => {
    const program = ts.createProgram(
      [
        path.join(directory, 'prelude.d.ts'),
        ...snippets.map((s) => path.join(directory, `${s.name}.ts`)),
        ...examples,
      ],
      {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        // Node's own resolution: `cdk-scaling-blueprints/blueprints` through the package's `exports`.
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ['node', 'jest'],
        typeRoots: [path.join(packed.project, 'node_modules', '@types')],
      },
    );
    const byName = new Map(snippets.map((s) => [`${s.name}.ts`, s]));
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const snippet = d.file ? byName.get(path.basename(d.file.fileName)) : undefined;
      const where = d.file
        ? snippet
          ? `${snippet.page}:${snippet.line + d.file.getLineAndCharacterOfPosition(d.start ?? 0).line}`
          : path.relative(packed.project, d.file.fileName)
        : '';
      return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  }, 180_000);

  test('the imports of the docs resolve under the older `node` resolution too (typesVersions)', () => {
    const importer = path.join(directory, 'prelude.d.ts');
    const unresolved = [
      'cdk-scaling-blueprints',
      'cdk-scaling-blueprints/blueprints',
      'cdk-scaling-blueprints/audit-manifest',
    ].filter(
      (name) =>
        ts.resolveModuleName(
          name,
          importer,
          { moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS },
          ts.sys,
        ).resolvedModule === undefined,
    );
    expect(unresolved).toEqual([]);
  });

  test('the blocks that are apps synthesize (the test blocks run, their assertions hold)', async () => {
    const example = path.join(packed.project, 'examples', 'existing-vpc-and-alb', 'app.ts');
    const apps: Snippet[] = [
      ...snippets.filter((s) => /\bnew App\(/.test(s.code)),
      {
        name: 'example_existing-vpc-and-alb',
        page: 'examples/existing-vpc-and-alb/app.ts',
        line: 1,
        code: fs.readFileSync(example, 'utf8'),
      },
    ];
    expect(apps.length).toBeGreaterThanOrEqual(10);
    fs.writeFileSync(path.join(directory, 'test-shim.js'), TEST_SHIM);
    const failures: string[] = [];
    const queue = [...apps];
    // Two at a time: each is a Node process synthesizing through the gates.
    await Promise.all(
      [0, 1].map(async () => {
        for (let snippet = queue.shift(); snippet; snippet = queue.shift()) {
          const failure = await synthesize(directory, snippet);
          if (failure) failures.push(failure);
        }
      }),
    );
    expect(failures).toEqual([]);
  }, 600_000);

  test('every relative link of the packed Markdown resolves inside the tarball', () => {
    const files = new Set(packed.files);
    const broken: string[] = [];
    for (const page of packed.files.filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(packed.packageDirectory, page), 'utf8');
      for (const target of linkTargets(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target === '') continue;
        const file = decodeURIComponent(target.split('#')[0]);
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
        const isDirectory = [...files].some((f) => f.startsWith(`${resolved.replace(/\/$/, '')}/`));
        if (!files.has(resolved) && !isDirectory) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the package holds its licence and what the docs point at', () => {
    for (const file of [
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'dist/lib/index.d.ts',
      'dist/blueprints/index.d.ts',
    ]) {
      expect(packed.files).toContain(file);
    }
    expect(fs.readFileSync(path.join(packed.packageDirectory, 'LICENSE'), 'utf8')).toMatch(
      /Apache License\s+Version 2\.0/,
    );
  });
});

/** Runs one app block (compiled to CommonJS) like `cdk synth` runs an app; a message when it fails. */
function synthesize(directory: string, snippet: Snippet): Promise<string | undefined> {
  const { outputText } = ts.transpileModule(snippet.code, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  const script = path.join(directory, `${snippet.name}.js`);
  fs.writeFileSync(script, outputText);
  // Where the examples run: a project with a built static site (CdnFront's StaticAssetsDeployment).
  const cwd = path.join(directory, `${snippet.name}.run`);
  fs.mkdirSync(path.join(cwd, 'web', 'dist'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'web', 'dist', 'index.html'), '<!doctype html><title>shop</title>\n');
  const outdir = path.join(cwd, 'cdk.out');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', path.join(directory, 'test-shim.js'), script], {
      cwd,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        // The project's cdk.json context: feature flags, strict validation, the dummy account's AZs.
        CDK_CONTEXT_JSON: JSON.stringify(PROJECT_CONTEXT),
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.on('close', (code) => {
      const synthesized = fs.existsSync(path.join(outdir, 'manifest.json'));
      resolve(
        code === 0 && synthesized
          ? undefined
          : `${snippet.page}:${snippet.line} (exit ${code}${synthesized ? '' : ', no cloud assembly'}):\n${output.slice(-3000)}`,
      );
    });
  });
}
