// The construct library as a user gets it: packed once (`npm pack` of this package, freshly compiled),
// installed offline from npm's cache into an empty project beside aws-cdk-lib and constructs. The
// install brings none of the CLI's dependencies, and a small app written against the installed types
// (one client interface, one observe) type-checks and synthesizes through the compliance gates.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_CONTEXT } from '../support/app';

const ROOT = path.join(__dirname, '..', '..');
const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  files: string[];
};
/** What packages/cli depends on and the construct library must not bring along. */
const CLI_ONLY = ['@aws-sdk', 'commander', 'cli-table3', 'picocolors', '@viz-js'];
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });

/** Runs a command; a failure says what it printed (tsc writes its errors to stdout). */
function run(command: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The versions this repository is built with (as installed), for the consumer's own install. */
function installedVersion(name: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/**
 * `npm pack` of the package as published: package.json and its "files", with dist/ compiled from the
 * current sources into a staging copy (the repository's own dist/ is left alone).
 */
function packLibrary(work: string): string {
  const stage = path.join(work, 'stage');
  execFileSync(process.execPath, [
    TSC,
    '-p',
    path.join(ROOT, 'tsconfig.json'),
    '--outDir',
    path.join(stage, 'dist'),
  ]);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(stage, 'package.json'));
  for (const entry of rootPackage.files.filter((f) => !f.startsWith('dist'))) {
    const from = path.join(ROOT, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, entry), { recursive: true });
  }
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: stage,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  return path.join(work, tarball);
}

/** An empty project with the tarball, aws-cdk-lib and constructs installed from npm's cache. */
function installInto(project: string, tarball: string): void {
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const packages = [
    tarball,
    `aws-cdk-lib@${installedVersion('aws-cdk-lib')}`,
    `constructs@${installedVersion('constructs')}`,
  ];
  const install = (mode: string) =>
    run('npm', ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', ...packages], project);
  try {
    install('--offline');
  } catch {
    // npm ci leaves tarballs in the cache but not always the registry documents naming them.
    install('--prefer-offline');
  }
}

/** Every package name installed in a project (nested ones included). */
function installedPackages(project: string): string[] {
  const names: string[] = [];
  const walk = (modules: string): void => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const scoped = entry.startsWith('@');
      for (const name of scoped
        ? fs.readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`)
        : [entry]) {
        names.push(name);
        walk(path.join(modules, name, 'node_modules'));
      }
    }
  };
  walk(path.join(project, 'node_modules'));
  return names;
}

/** A user's app: the README's wiring, every store connected through the one client interface. */
const CONSUMER_APP = `
import * as fs from 'node:fs';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  CacheCluster,
  CdnFront,
  ComplianceGates,
  Network,
  Observability,
  QueueWorker,
  ReplicatedDatabase,
  WebService,
} from 'cdk-scaling-blueprints';

const app = new App({ outdir: 'cdk.out', context: JSON.parse(fs.readFileSync('cdk.json', 'utf8')).context });
ComplianceGates.apply(app);
const stack = new Stack(app, 'Shop', { env: { account: '123456789012', region: 'us-east-1' } });
const network = new Network(stack, 'Network');
const web = new WebService(stack, 'Web', {
  vpc: network.vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
});
const worker = new QueueWorker(stack, 'Worker', {
  vpc: network.vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
  command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 5 & wait $!; done'],
});
const db = new ReplicatedDatabase(stack, 'Db', { vpc: network.vpc });
const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc });
const cdn = new CdnFront(stack, 'Cdn', { loadBalancerOrigin: web });

db.connectFrom(web, { poolSize: 10 });
cache.connectFrom(web);
cache.connectFrom(worker);
worker.addProducer(web);

const obs = new Observability(stack, 'Observability', { slo: { latencyP95: Duration.millis(300) } });
obs.observe(web, db, cache, worker, cdn);

const report = ComplianceGates.synthesizeWithFindings(app);
const template = JSON.parse(fs.readFileSync('cdk.out/Shop.template.json', 'utf8'));
console.log(
  JSON.stringify({
    findings: report.findings.map((f) => \`\${f.gate} \${f.ruleId} \${f.constructPath}\`),
    budget: db.clientConnections.map((c) => \`\${c.name} \${c.maxCapacity} × \${c.poolSize}\`),
    resourceTypes: [...new Set(Object.values(template.Resources).map((r: any) => r.Type))],
  }),
);
`;

describe('the packed construct library, installed in an empty project', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaling-blueprints-pack-'));
  const project = path.join(work, 'consumer');

  beforeAll(() => {
    installInto(project, packLibrary(work));
  }, 300_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('brings the CDK and the gates, none of the CLI’s dependencies', () => {
    const installed = installedPackages(project);
    expect(installed).toEqual(
      expect.arrayContaining(['cdk-scaling-blueprints', 'aws-cdk-lib', 'constructs', 'cdk-nag']),
    );
    expect(
      installed.filter((name) => CLI_ONLY.some((cli) => name === cli || name.startsWith(`${cli}/`))),
    ).toEqual([]);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(project, 'node_modules', 'cdk-scaling-blueprints', 'package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@cdklabs/cdk-validator-cfnguard',
      'cdk-nag',
      'zod',
    ]);
  });

  test('a consumer app type-checks against the installed types and synthesizes through the gates', () => {
    fs.writeFileSync(path.join(project, 'app.ts'), CONSUMER_APP);
    fs.writeFileSync(path.join(project, 'cdk.json'), JSON.stringify({ context: PROJECT_CONTEXT }));
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          strict: true,
          noImplicitAny: false,
          skipLibCheck: true,
          outDir: 'out',
          // Node's own types for the app's `node:fs` (a consumer has @types/node; it is not ours to install).
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        },
        files: ['app.ts'],
      }),
    );
    // The type check: strict, against node_modules/cdk-scaling-blueprints/dist/lib/*.d.ts.
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    const output = run(process.execPath, [path.join('out', 'app.js')], project, {
      ...process.env,
      CDK_DISABLE_VERSION_CHECK: '1',
    });
    const result = JSON.parse(output.trim().split('\n').pop()!) as {
      findings: string[];
      budget: string[];
      resourceTypes: string[];
    };
    expect(result.findings).toEqual([]);
    expect(result.budget).toEqual(['Shop/Web 10 × 10']);
    expect(result.resourceTypes).toEqual(
      expect.arrayContaining([
        'AWS::ECS::Service',
        'AWS::RDS::DBCluster',
        'AWS::ElastiCache::ReplicationGroup',
        'AWS::CloudFront::Distribution',
        'AWS::CloudWatch::CompositeAlarm',
      ]),
    );
  }, 180_000);
});
