// The `scaling-blueprints` command line (commander). bin/scaling-blueprints.js only calls `runCli`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { AuditDeps, ON_NO_DATA, runAudit, sdkClients } from './audit-command';
import { runCost } from './cost-command';
import { runDiagram } from './diagram-command';
import { toCliError } from './aws-errors';
import { EXIT_CODE_HELP, ExitCode } from './exit-codes';
import { OUTPUT_FORMATS } from './format';

/** The package version, read from the nearest package.json (works from lib/ and from dist/lib/). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file))
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

/** The exit codes, as `--help` lists them. */
export function exitCodesHelp(): string {
  const lines = Object.entries(EXIT_CODE_HELP).map(([code, text]) => `  ${code.padStart(2)}  ${text}`);
  return `\nExit codes:\n${lines.join('\n')}\n`;
}

/**
 * Commander's message for a parse error, as the CLI's one line: `<what went wrong>: <what to do>`.
 * `command` is the subcommand the user typed, for the pointer to its help.
 */
export function usageLine(message: string, command: string | undefined): string {
  const text = message.replace(/^error: /, '').trim();
  const choice =
    /^option '(--[\w-]+)[^']*' argument '([^']*)' is invalid\. Allowed choices are (.*?)\.?$/.exec(text);
  if (choice) return `${choice[1]} ${choice[2]} is not one of its choices: use one of ${choice[3]}`;
  const help = command ? `scaling-blueprints ${command} --help` : 'scaling-blueprints --help';
  return `${text.replace(/\.$/, '')}: see \`${help}\``;
}

function buildProgram(deps: AuditDeps, setExit: (code: ExitCode) => void): Command {
  const program = new Command('scaling-blueprints')
    .description(
      'Audit deployed cdk-scaling-blueprints stacks against their SLO targets, draw their architecture, estimate what they cost and rehearse traffic spikes.',
    )
    .version(packageVersion())
    .exitOverride()
    // Parse errors are printed by runCli as one line of our own; help and version go to stdout.
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
      outputError: () => undefined,
    })
    .addHelpText('after', exitCodesHelp());

  program
    .command('audit')
    .description('Measure a deployed stack (or a recording) against its SLOs and rank the top bottlenecks.')
    .option('--stack <name>', 'CloudFormation stack name of the deployed blueprint')
    .option('--region <region>', 'AWS region of the stack (default: AWS_REGION or the profile)')
    .option('--profile <profile>', 'named AWS profile to use')
    .option('--since <duration>', 'window ending now: 30m, 6h, 7d, 2w (default: 7d)')
    .option('--start <iso-date>', 'window start (instead of --since)')
    .option('--end <iso-date>', 'window end (default: now)')
    .addOption(
      new Option(
        '--format <format>',
        'table (a terminal), compact (an incident channel), markdown (a ticket or PR), json',
      )
        .choices(OUTPUT_FORMATS)
        .default('table'),
    )
    .option('--save <file>', 'save the JSON report as a baseline')
    .option('--compare <file>', 'compare with a baseline saved by --save')
    .option(
      '--fail-on-breach',
      `exit ${ExitCode.SLO_BREACH} when an SLO is breached, ${ExitCode.INSUFFICIENT_DATA} when one had no data (CI gate)`,
    )
    .addOption(
      new Option(
        '--on-no-data <action>',
        `with --fail-on-breach: exit ${ExitCode.INSUFFICIENT_DATA} (fail) or 0 (pass) when an SLO had no data`,
      )
        .choices(ON_NO_DATA)
        .default('fail'),
    )
    .option('--from-file <file>', 'audit a recording offline instead of CloudWatch')
    .option('--example', 'audit the example recording shipped with the library (offline)')
    .option('--record <file>', 'record the fetched data for --from-file')
    .option('--manifest <file>', 'use this audit manifest instead of discovering it from the stack')
    .option('--no-color', 'no colours in the table (also: NO_COLOR)')
    .addHelpText('after', exitCodesHelp())
    .action(async (options) => setExit(await runAudit(options, deps)));

  program
    .command('diagram')
    .description(
      'Draw the architecture of the blueprints (or of a synthesized cdk.out) from their templates.',
    )
    .option('--blueprint <name>', 'blueprint to draw; comma-separated for several (default: all)')
    .option('--app <dir>', 'draw an already synthesized cloud assembly (cdk.out) instead')
    .addOption(
      new Option('--format <format>', 'output format').choices(['mermaid', 'svg', 'dot']).default('mermaid'),
    )
    .option('--output <file>', 'write to a file instead of standard output')
    .option(
      '--no-support-edges',
      'leave out the dotted edges of the network and observability tiers (what they host and watch)',
    )
    .addHelpText('after', exitCodesHelp())
    .action(async (options) =>
      setExit(await runDiagram(options, { stdout: deps.stdout, cwd: process.cwd() })),
    );

  const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
  program
    .command('rehearse')
    .description(
      'Replay a traffic profile against the synthesized scaling policies: recovery, SLO minutes at risk, connections, queue drain, usage.',
    )
    .option('--blueprint <name>', 'blueprint to rehearse (synthesized offline)')
    .option(
      '--app <dir-or-command>',
      'a synthesized cloud assembly (cdk.out) or a command that runs a CDK app',
    )
    .option('-c, --context <key=value>', 'app context over cdk.json, as cdk synth -c (repeatable)', collect)
    .addOption(
      new Option('--profile <name>', 'built-in traffic profile (default: step-10x)').choices([
        'step-10x',
        'ramp',
        'daily',
        'spike',
      ]),
    )
    .option('--profile-file <file>', 'requests (and queue messages) per second over time, as JSON')
    .option('--traffic <file>', 'traffic model (traffic.* fields) as JSON: required with --app')
    .option(
      '--start <iso-date>',
      'wall-clock time of t = 0, for scheduled actions (default: none; daily: a Wednesday)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'markdown'])
        .default('table'),
    )
    .option('--chart <file.svg>', 'write the chart (demand vs capacity, latency vs SLO, backlog)')
    .option(
      '--fail-if <condition>',
      `exit ${ExitCode.REHEARSAL_GATE} when '<metric> <op> <value>' holds (repeatable)`,
      collect,
    )
    .option(
      '--latency <name=value>',
      'override a platform constant, e.g. imageSizeMb=350 (repeatable)',
      collect,
    )
    .action(async (options) => {
      // Loaded on use: it pulls in the CDK and the blueprints.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runRehearse } = require('./rehearse-command') as typeof import('./rehearse-command');
      setExit(await runRehearse(options, { stdout: deps.stdout, cwd: process.cwd() }));
    });
  program
    .command('cost')
    .description(
      'Monthly cost of a blueprint (or of any synthesized CDK app) at idle, 1x and 10x its traffic model, from its templates and a dated price table.',
    )
    .option('--blueprint <name>', 'blueprint to price (synthesized in-process)')
    .option(
      '--app <dir-or-command>',
      'price a cloud assembly (cdk.out) or the app a command synthesizes instead',
    )
    .option(
      '--profile <name>',
      'traffic profile: idle, 1x or 10x; repeat or comma-separate for several (default: all three)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--profile-file <file>', 'traffic profiles and assumptions from a JSON file instead')
    .option(
      '--region <region>',
      'price every stack in this region instead of its own (environment-agnostic stacks: us-east-1)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--prices <file>', 'use this price table instead of the one shipped with the command')
    .action(async (options) => setExit(await runCost(options, { stdout: deps.stdout, cwd: process.cwd() })));
  return program;
}

/** Parses `argv` (without node and script), runs the command, prints errors as one line; returns the exit code. */
export async function runCli(argv: string[], deps: AuditDeps): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.OK;
  const program = buildProgram(deps, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too (exit code 0), and a bare `scaling-blueprints` (its help,
      // exit code 1): commander has printed them.
      if (
        e.code === 'commander.help' ||
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version'
      ) {
        return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
      }
      const command = program.commands.find((c) => c.name() === argv[0])?.name();
      deps.stderr.write(`scaling-blueprints: ${usageLine(e.message, command)}\n`);
      return ExitCode.USAGE;
    }
    const error = toCliError(e, undefined);
    deps.stderr.write(`scaling-blueprints: ${error.message}\n`);
    // Expected failures are one line; the stack trace is for bug reports only.
    if (deps.env.DEBUG?.includes('scaling-blueprints')) deps.stderr.write(`${(e as Error).stack}\n`);
    return error.exitCode;
  }
}

/** The production dependencies: real SDK clients, the process streams, the clock. */
export function processDeps(): AuditDeps {
  // The CLI's output is only its own: the AWS SDK warns on Node.js 20 (supported by this package
  // until its end of life) with nine lines before any message. This is the SDK's documented switch
  // for that one warning (aws/aws-sdk-js-v3#7983); other warnings still print. A value the user set
  // wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    clients: sdkClients,
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
    env: process.env,
  };
}
