import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../src/program';
import { ExitCode } from '../src/exit-codes';

function capture() {
  let out = '';
  let err = '';
  const deps = {
    clients: () => {
      throw new Error('the diagram command must not create AWS clients');
    },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    now: () => new Date('2026-11-29T00:00:00Z'),
    env: {},
  };
  return { deps, out: () => out, err: () => err };
}

describe('scaling-blueprints diagram', () => {
  test('an unknown blueprint is a usage error listing the valid names, on one line', async () => {
    const io = capture();
    const code = await runCli(['diagram', '--blueprint', 'nope'], io.deps as never);
    expect(code).toBe(ExitCode.USAGE);
    expect(io.err()).toMatch(/^scaling-blueprints: .*nope.*budget-startup/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  test.each([
    ['/nonexistent', /--app \/nonexistent: no such directory/],
    [os.tmpdir(), /not a cloud assembly \(no manifest\.json\)/],
  ])('--app %s is an input error (exit 8), on one line', async (app, message) => {
    const io = capture();
    expect(await runCli(['diagram', '--app', app], io.deps as never)).toBe(ExitCode.BAD_INPUT_FILE);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  test('an unknown format is rejected by the parser', async () => {
    const io = capture();
    expect(await runCli(['diagram', '--format', 'png'], io.deps as never)).toBe(ExitCode.USAGE);
  });

  test('draws a synthesized cloud assembly as Mermaid, to stdout or a file', async () => {
    // A tiny assembly of our own, so the test does not depend on a blueprint.
    const { App, Stack } = await import('aws-cdk-lib');
    const { Network } = await import('cdk-scaling-blueprints');
    const app = new App({
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-')),
      builtinCloudFormationValidation: false,
    });
    new Network(new Stack(app, 'Net', { env: { account: '123456789012', region: 'eu-west-1' } }), 'Network');
    const outdir = app.synth().directory;

    const io = capture();
    expect(await runCli(['diagram', '--app', outdir], io.deps as never)).toBe(ExitCode.OK);
    expect(io.out()).toMatch(/^flowchart/);
    expect(io.out()).toContain('Net · eu-west-1');

    const file = path.join(outdir, 'diagram.mmd');
    expect(await runCli(['diagram', '--app', outdir, '--output', file], capture().deps as never)).toBe(
      ExitCode.OK,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(io.out());
  });
});
