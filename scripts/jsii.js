#!/usr/bin/env node
// Compiles the construct library (lib/) with the jsii compiler, the way it would be published to
// Python, Java, .NET and Go, and fails on any jsii error (unsupported types, reserved names, ...).
//
// jsii owns the tsconfig.json of the project it compiles and rewrites it, so it runs in a temporary
// copy: lib/ plus a generated package.json, with this repository's node_modules linked in (the jsii
// assemblies of aws-cdk-lib, constructs, cdk-nag and the guard validator come from there). The
// blueprints (`cdk-scaling-blueprints/blueprints`, zod settings) are TypeScript-only and stay out.
//
//   node scripts/jsii.js            compile, print jsii's diagnostics, exit 1 on an error
//   node scripts/jsii.js --keep     keep the temporary project (its path is printed)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');

/**
 * Exports that are TypeScript-only on purpose: the deprecated free-function and constant aliases of
 * static members (`ComplianceGates.apply`, `ArchitectureSummary.of`, ...), and the `Error` subclass
 * jsii cannot carry (other languages use `BlueprintErrors.isBlueprintValidationError`).
 */
const TYPESCRIPT_ONLY = new Set([
  'BlueprintValidationError',
  'applyComplianceGates',
  'nagFindings',
  'synthesizeWithFindings',
  'listAcknowledgements',
  'architectureSummary',
  'guardRulesNotApplied',
  'VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT',
  'STRICT_VALIDATION_CONTEXT',
]);
const rootPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const keep = process.argv.includes('--keep');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaling-blueprints-jsii-'));
fs.cpSync(path.join(root, 'lib'), path.join(work, 'lib'), { recursive: true });
fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
for (const file of ['README.md', 'LICENSE']) {
  if (fs.existsSync(path.join(root, file))) fs.copyFileSync(path.join(root, file), path.join(work, file));
}

// The construct library's own dependencies only (zod is the blueprints'): every one a jsii module.
const jsiiDependencies = Object.fromEntries(
  Object.entries(rootPackage.dependencies ?? {}).filter(([name]) => name !== 'zod'),
);
const packageJson = {
  name: rootPackage.name,
  version: rootPackage.version,
  description: rootPackage.description,
  license: rootPackage.license,
  author: { name: 'cdk-scaling-blueprints contributors', url: 'https://github.com/cdk-scaling-blueprints' },
  repository: { type: 'git', url: 'https://github.com/cdk-scaling-blueprints/cdk-scaling-blueprints.git' },
  main: 'lib/index.js',
  types: 'lib/index.d.ts',
  dependencies: jsiiDependencies,
  peerDependencies: rootPackage.peerDependencies,
  // jsii wants the lowest version a peer range accepts as a development dependency.
  devDependencies: Object.fromEntries(
    Object.entries(rootPackage.peerDependencies ?? {}).map(([name, range]) => [
      name,
      range.replace(/^[\^~]/, ''),
    ]),
  ),
  bundledDependencies: [],
  jsii: {
    outdir: 'dist',
    // No targets: this step proves the API compiles with jsii; publishing bindings comes later.
    targets: {},
    tsc: { outDir: 'lib', rootDir: 'lib' },
    excludeTypescript: [],
  },
};
fs.writeFileSync(path.join(work, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);

const jsiiBin = require.resolve('jsii/bin/jsii', { paths: [root] });
const run = spawnSync(process.execPath, [jsiiBin, work], {
  cwd: work,
  encoding: 'utf8',
  env: {
    ...process.env,
    // Node 20 is what CI runs; the notice is not a compile diagnostic.
    JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
    JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1',
  },
});
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.replaceAll(work + path.sep, '');
process.stdout.write(output);

const errors = (output.match(/ - error JSII\d+/g) ?? []).length;
const warnings = (output.match(/ - warning JSII\d+/g) ?? []).length;
const assembly = path.join(work, '.jsii');
let ok = run.status === 0 && errors === 0 && warnings === 0 && fs.existsSync(assembly);
if (ok) {
  const types = JSON.parse(fs.readFileSync(assembly, 'utf8')).types ?? {};
  // jsii drops exported free functions and constants without a word: every runtime export of the
  // package must be a type of the assembly, or one of the TypeScript-only exports below.
  const exported = Object.keys(require(path.join(work, 'lib', 'index.js')));
  const missing = exported.filter(
    (name) => !types[`${packageJson.name}.${name}`] && !TYPESCRIPT_ONLY.has(name),
  );
  if (missing.length > 0) {
    console.log(
      `jsii: exported but not in the assembly (other languages would not see them): ${missing.join(', ')}`,
    );
    ok = false;
  } else {
    console.log(`jsii: the construct library compiles (${Object.keys(types).length} types in the assembly)`);
  }
} else {
  console.log(`jsii: ${errors} error(s), ${warnings} warning(s) (exit code ${run.status})`);
}
if (keep) console.log(`jsii: project kept in ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
