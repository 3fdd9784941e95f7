// Builds the command (bin/cli.ts and the lib/ files it imports) with SWC into a temp dir, so the
// end-to-end tests run the current sources as a child process without a whole-project `tsc`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transformFileSync } from '@swc/core';

const ROOT = path.join(__dirname, '..', '..', '..');

export function buildCli(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-blueprints-cli-'));
  const files = [
    'bin/cli.ts',
    'lib/observability/audit-manifest.ts',
    ...fs.readdirSync(path.join(ROOT, 'lib/cli')).map((f) => `lib/cli/${f}`),
  ].filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const { code } = transformFileSync(path.join(ROOT, file), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    const target = path.join(out, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code);
  }
  return path.join(out, 'bin', 'cli.js');
}

/** Lets the built files in the temp dir resolve the project's node_modules. */
export const NODE_PATH = path.join(ROOT, 'node_modules');
export const EXAMPLE_RECORDING = path.join(ROOT, 'docs', 'examples', 'audit-recording.json');
