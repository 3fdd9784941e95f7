// `scaling-blueprints audit`: discovery → batched fetch → judgement → output. Clients are injected.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AuditManifest } from 'cdk-scaling-blueprints/audit-manifest';
import { toCliError } from './aws-errors';
import { compareReports, readBaseline, saveBaseline, writeFileOrFail } from './baseline';
import { discoverManifest, parseManifest } from './discover';
import { resolveWindow } from './duration';
import { CliError, ExitCode } from './exit-codes';
import { fetchAlarms, fetchMetricData } from './fetch';
import { formatReport, OUTPUT_FORMATS, OutputFormat } from './format';
import { AuditInput, judge } from './judge';
import { planQueries } from './queries';
import { readRecording, toRecording } from './recording';
import { AuditReport } from './report';

export interface AuditOptions {
  readonly stack?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly since?: string;
  readonly start?: string;
  readonly end?: string;
  readonly format?: string;
  readonly save?: string;
  readonly compare?: string;
  readonly failOnBreach?: boolean;
  /** With --fail-on-breach: what insufficient data exits with (`fail`: 9, `pass`: 0). */
  readonly onNoData?: string;
  readonly fromFile?: string;
  /** Audit the example recording shipped with the library (docs/examples/audit-recording.json). */
  readonly example?: boolean;
  readonly record?: string;
  readonly manifest?: string;
  /** `false` with --no-color. */
  readonly color?: boolean;
}

/** The AWS clients an audit uses. */
export interface AuditClients {
  readonly cloudFormation: CloudFormationClient;
  readonly ssm: SSMClient;
  /** A CloudWatch client for a region (CloudFront metrics live in us-east-1). */
  readonly cloudWatchFor: (region: string) => CloudWatchClient;
}

export type AuditClientFactory = (region: string | undefined, profile: string | undefined) => AuditClients;

export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface AuditDeps {
  readonly clients: AuditClientFactory;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly now: () => Date;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Standard retry mode with backoff; throttling is retried up to this many attempts in total. */
export const MAX_ATTEMPTS = 5;

/** The real clients: region/profile from flags, else the SDK's usual chain (env, config files). */
export const sdkClients: AuditClientFactory = (region, profile) => {
  const config = { region, profile, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard' };
  const cloudWatch = new Map<string, CloudWatchClient>();
  return {
    cloudFormation: new CloudFormationClient(config),
    ssm: new SSMClient(config),
    cloudWatchFor: (r) => {
      if (!cloudWatch.has(r)) cloudWatch.set(r, new CloudWatchClient({ ...config, region: r }));
      return cloudWatch.get(r)!;
    },
  };
};

/** What `--on-no-data` accepts. */
export const ON_NO_DATA = ['fail', 'pass'] as const;

/** The example recording the library ships (its package includes docs/), wherever it is installed. */
export function exampleRecording(): string {
  const library = path.dirname(require.resolve('cdk-scaling-blueprints/package.json'));
  return path.join(library, 'docs', 'examples', 'audit-recording.json');
}

function checkFlags(options: AuditOptions): OutputFormat {
  const format = (options.format ?? 'table') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new CliError(
      ExitCode.USAGE,
      `--format must be one of ${OUTPUT_FORMATS.join(', ')}, got: ${options.format}`,
    );
  }
  if (options.onNoData !== undefined && !(ON_NO_DATA as readonly string[]).includes(options.onNoData)) {
    throw new CliError(ExitCode.USAGE, `--on-no-data must be fail or pass, got: ${options.onNoData}`);
  }
  if (options.example && options.fromFile) {
    throw new CliError(ExitCode.USAGE, '--example audits the shipped recording: drop --from-file');
  }
  const offline = options.fromFile ? '--from-file' : options.example ? '--example' : undefined;
  if (offline) {
    const live = (
      ['stack', 'region', 'profile', 'since', 'start', 'end', 'record', 'manifest'] as const
    ).filter((k) => options[k] !== undefined);
    if (live.length > 0) {
      throw new CliError(
        ExitCode.USAGE,
        `${offline} audits a recording: drop ${live.map((k) => '--' + k).join(', ')}`,
      );
    }
  } else if (!options.stack) {
    throw new CliError(
      ExitCode.USAGE,
      'specify --stack <name> (or --from-file <recording.json>, or --example, to audit offline)',
    );
  }
  return format;
}

function readManifestFile(file: string): AuditManifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(
      ExitCode.BAD_INPUT_FILE,
      `cannot read manifest ${file}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  try {
    return parseManifest(text, file);
  } catch (e) {
    throw new CliError(ExitCode.BAD_INPUT_FILE, (e as Error).message);
  }
}

/** A one-line progress indicator on stderr, only when stderr is a terminal. */
function progress(stderr: TextSink): { update: (done: number, total: number) => void; clear: () => void } {
  if (!stderr.isTTY) return { update: () => undefined, clear: () => undefined };
  return {
    update: (done, total) =>
      stderr.write(`\r\x1b[2KFetching metrics: ${done}/${total} GetMetricData batches`),
    clear: () => stderr.write('\r\x1b[2K'),
  };
}

async function liveInput(
  options: AuditOptions,
  deps: AuditDeps,
  onProgress: (d: number, t: number) => void,
): Promise<AuditInput> {
  const window = resolveWindow(options, deps.now());
  const clients = deps.clients(options.region, options.profile);
  let region = options.region;
  try {
    region ??= await clients.cloudFormation.config.region();
  } catch (e) {
    throw toCliError(e, undefined);
  }
  try {
    const manifest = options.manifest
      ? readManifestFile(options.manifest)
      : await discoverManifest(clients, options.stack!, region);
    if (manifest.region !== region) {
      deps.stderr.write(`note: the manifest says region ${manifest.region}; reading its metrics there\n`);
    }
    const plan = planQueries(manifest, window, deps.now());
    const metricData = await fetchMetricData(clients.cloudWatchFor, plan, window, onProgress);
    const alarms = await fetchAlarms(clients.cloudWatchFor(manifest.region), manifest.alarms);
    return { manifest, window, metricData, alarms, source: 'cloudwatch', generatedAt: deps.now() };
  } catch (e) {
    throw toCliError(e, region);
  }
}

/** Runs one audit and returns the exit code. Expected failures are CliErrors (see `runCli`). */
export async function runAudit(options: AuditOptions, deps: AuditDeps): Promise<ExitCode> {
  const format = checkFlags(options);
  const baseline = options.compare ? readBaseline(options.compare) : undefined;
  const indicator = progress(deps.stderr);
  let input: AuditInput;
  try {
    const recording = options.fromFile ?? (options.example ? exampleRecording() : undefined);
    input = recording ? readRecording(recording) : await liveInput(options, deps, indicator.update);
  } finally {
    indicator.clear();
  }
  let report: AuditReport = judge(input);
  if (baseline) report = { ...report, comparison: compareReports(baseline, report) };
  if (options.record) writeFileOrFail(options.record, JSON.stringify(toRecording(input)) + '\n');
  if (options.save) saveBaseline(options.save, report);
  const color = options.color !== false && !!deps.stdout.isTTY && !deps.env.NO_COLOR;
  deps.stdout.write(formatReport(report, format, color));
  return exitCodeOf(report.verdict, options);
}

/** The exit code of an audit that ran: the verdict decides only with --fail-on-breach. */
export function exitCodeOf(verdict: AuditReport['verdict'], options: AuditOptions): ExitCode {
  if (!options.failOnBreach) return ExitCode.OK;
  if (verdict === 'breach') return ExitCode.SLO_BREACH;
  if (verdict === 'insufficient-data' && options.onNoData !== 'pass') return ExitCode.INSUFFICIENT_DATA;
  return ExitCode.OK;
}
