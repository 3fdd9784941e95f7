// Builds the command (packages/cli/src and the construct library's audit-manifest modules it imports)
// with SWC into a temp dir, so the end-to-end tests run the current sources as a child process
// without a whole-project `tsc`. The temp dir gets its own `node_modules/cdk-scaling-blueprints`
// laid out as the installed library is (its package.json, the compiled module, docs/examples);
// everything else resolves through NODE_PATH.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transformFileSync } from '@swc/core';

const CLI_ROOT = path.join(__dirname, '..', '..');
const ROOT = path.join(CLI_ROOT, '..', '..');

function compile(source: string, target: string): void {
  const { code } = transformFileSync(source, {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, code);
}

function typescriptFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return typescriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

export const EXAMPLE_RECORDING = path.join(ROOT, 'docs', 'examples', 'audit-recording.json');

/** Compiles the command into a temp dir and returns the path of its entry point. */
export function buildCli(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-blueprints-cli-'));
  for (const file of typescriptFiles(path.join(CLI_ROOT, 'src'))) {
    compile(file, path.join(out, 'cli', path.relative(CLI_ROOT, file).replace(/\.ts$/, '.js')));
  }
  const library = path.join(out, 'node_modules', 'cdk-scaling-blueprints');
  // The audit-manifest entry point and the dependency-free modules it re-exports.
  const observability = path.join(ROOT, 'lib', 'observability');
  for (const module of [
    'audit-manifest',
    'audit-manifest-format',
    'audit-manifest-validate',
    'audit-manifest-compact',
    'private/manifest-json',
  ]) {
    compile(path.join(observability, `${module}.ts`), path.join(library, `${module}.js`));
  }
  fs.writeFileSync(
    path.join(library, 'package.json'),
    JSON.stringify({
      name: 'cdk-scaling-blueprints',
      exports: { './audit-manifest': './audit-manifest.js', './package.json': './package.json' },
    }),
  );
  // The library package ships docs/ (its package.json "files"), the example recording included.
  fs.mkdirSync(path.join(library, 'docs', 'examples'), { recursive: true });
  fs.copyFileSync(EXAMPLE_RECORDING, path.join(library, 'docs', 'examples', 'audit-recording.json'));
  const entry = path.join(out, 'cli', 'bin', 'scaling-blueprints.js');
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.writeFileSync(
    entry,
    fs
      .readFileSync(path.join(CLI_ROOT, 'bin', 'scaling-blueprints.js'), 'utf8')
      .replace("'../dist/src/program'", "'../src/program'"),
  );
  return entry;
}

/** Lets the built files in the temp dir resolve the project's node_modules. */
export const NODE_PATH = path.join(ROOT, 'node_modules');
