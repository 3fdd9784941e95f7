import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { loadAppStacks, selectBlueprints, SynthesizableBlueprint } from '../src/app-stacks';
import { CliError, ExitCode } from '../src/exit-codes';

const env = { account: '123456789012', region: 'eu-west-1' };
const registry: SynthesizableBlueprint[] = [
  { name: 'one', addTo: (app: App) => void new sqs.Queue(new Stack(app, 'One', { env }), 'Queue') },
  { name: 'two', addTo: (app: App) => void new sqs.Queue(new Stack(app, 'Two', { env }), 'Queue') },
];

describe('loadAppStacks', () => {
  test('synthesizes the named blueprints in-process, with the cdk.json context of cwd', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'app-stacks-'));
    const stacks = loadAppStacks({ blueprint: 'two', registry, cwd });
    expect(stacks.map((s) => [s.stackName, s.region])).toEqual([['Two', 'eu-west-1']]);
    expect(Object.values(stacks[0].template.Resources ?? {}).map((r) => r.Type)).toEqual(['AWS::SQS::Queue']);
  });

  test('reads an already synthesized cloud assembly directory', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-stacks-out-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    registry[0].addTo(app);
    app.synth();
    const stacks = loadAppStacks({ app: outdir, registry, cwd: os.tmpdir() });
    expect(stacks.map((s) => s.stackName)).toEqual(['One']);
  });

  test.each([
    [{ app: os.tmpdir() }, /not a cloud assembly/],
    [{ app: 'false' }, /did not synthesize a cloud assembly/],
    [{ blueprint: 'three' }, /unknown blueprint 'three': valid blueprints are one, two/],
    [{ blueprint: 'one', app: 'cdk.out' }, /either --blueprint or --app/],
  ])('%j is a usage error naming the fix', (options, message) => {
    let error: unknown;
    try {
      loadAppStacks({ ...options, registry, cwd: os.tmpdir() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.USAGE);
    expect((error as CliError).message).toMatch(message);
  });

  test('selectBlueprints: no name selects all', () => {
    expect(selectBlueprints(registry, ' , ').map((b) => b.name)).toEqual(['one', 'two']);
  });
});
