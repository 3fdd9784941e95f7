// The package as npm would publish it: the sources compiled into a staging copy of the package
// (so a stale dist/ cannot hide a broken export), packed with `npm pack`, and unpacked into a project
// whose other dependencies are the repository's node_modules. Nothing is fetched.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..', '..');

/** A packed package and a project that has it installed. */
export interface PackedPackage {
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** The paths of the packed files, relative to the package root (`README.md`, `dist/lib/index.js`). */
  readonly files: readonly string[];
  /** The unpacked package: `<project>/node_modules/cdk-scaling-blueprints`. */
  readonly packageDirectory: string;
  /** A project directory: its node_modules holds the package and links to the repository's dependencies. */
  readonly project: string;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Compiles, packs and installs the package once; a few seconds of tsc and npm. */
export function packPackage(): PackedPackage {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-scaling-blueprints-pack-'));
  const stage = path.join(work, 'stage');
  fs.mkdirSync(stage);
  run(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      path.join(ROOT, 'tsconfig.json'),
      '--outDir',
      path.join(stage, 'dist'),
    ],
    ROOT,
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    files: string[];
  };
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(stage, 'package.json'));
  // Each entry's directory as a whole (`examples/**/*.ts` copies examples/): npm pack applies the globs.
  for (const entry of manifest.files.filter((f) => !f.startsWith('dist'))) {
    const copied = entry.replace(/\/[^/]*\*.*$/, '');
    const source = path.join(ROOT, copied);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(stage, copied), { recursive: true });
  }
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], stage)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const tarball = path.join(work, packed[0].filename);

  const project = path.join(work, 'project');
  const modules = path.join(project, 'node_modules');
  const packageDirectory = path.join(modules, 'cdk-scaling-blueprints');
  fs.mkdirSync(packageDirectory, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', packageDirectory, '--strip-components=1'], work);
  // Its dependencies and peers (aws-cdk-lib, constructs, cdk-nag, zod, ...) and the type packages.
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || entry.startsWith('cdk-scaling-blueprints')) continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  return { tarball, files: packed[0].files.map((f) => f.path), packageDirectory, project };
}
