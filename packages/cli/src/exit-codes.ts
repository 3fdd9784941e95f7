/** The exit codes of `scaling-blueprints`; documented in docs/cli.md. */
export enum ExitCode {
  /** The command ran (an audit: and, with `--fail-on-breach`, no SLO was breached). */
  OK = 0,
  /** An unexpected error: a bug, please report it. */
  INTERNAL = 1,
  /** Wrong or conflicting flags. */
  USAGE = 2,
  /** `--fail-on-breach` was given and at least one SLO is breached. */
  SLO_BREACH = 3,
  /** The stack does not exist in that account and region. */
  STACK_NOT_FOUND = 4,
  /** The stack exists but publishes no (valid) audit manifest: not a blueprint. */
  NOT_A_BLUEPRINT = 5,
  /** Missing, expired or insufficient credentials. */
  CREDENTIALS = 6,
  /** AWS could not be reached or kept failing (network, endpoint, region, throttling after retries). */
  AWS_UNAVAILABLE = 7,
  /**
   * A file or directory given to `--from-file`, `--compare`, `--manifest`, `--save`, `--record`
   * (audit), `--app`, `--output` (diagram), `--profile-file`, `--prices` (cost), `--profile-file`,
   * `--traffic`, `--chart` (rehearse) cannot be read or written, or has the wrong format.
   */
  BAD_INPUT_FILE = 8,
  /**
   * `--fail-on-breach` was given, no SLO is breached, but at least one had no data over the window
   * (`--on-no-data pass` turns this into 0).
   */
  INSUFFICIENT_DATA = 9,
  /** `rehearse --fail-if` was given and at least one condition holds. */
  REHEARSAL_GATE = 10,
}

/** One line per exit code, for `--help` and docs/cli.md. */
export const EXIT_CODE_HELP: Record<ExitCode, string> = {
  [ExitCode.OK]: 'the command ran (audit with --fail-on-breach: and every SLO is met)',
  [ExitCode.INTERNAL]: 'unexpected error (a bug: report it with DEBUG=scaling-blueprints)',
  [ExitCode.USAGE]: 'wrong or conflicting flags, an unknown blueprint or profile, or no region configured',
  [ExitCode.SLO_BREACH]: '--fail-on-breach and at least one SLO breached over the window',
  [ExitCode.STACK_NOT_FOUND]: 'the stack does not exist in that account and region',
  [ExitCode.NOT_A_BLUEPRINT]: 'the stack publishes no valid audit manifest',
  [ExitCode.CREDENTIALS]: 'AWS credentials missing, expired or not allowed',
  [ExitCode.AWS_UNAVAILABLE]: 'AWS unreachable or still failing after retries',
  [ExitCode.BAD_INPUT_FILE]: 'a file or directory given cannot be read or written, or has the wrong format',
  [ExitCode.INSUFFICIENT_DATA]:
    '--fail-on-breach, no SLO breached, but an SLO had no data over the window (unless --on-no-data pass)',
  [ExitCode.REHEARSAL_GATE]: 'rehearse --fail-if and at least one of its conditions holds',
};

/** An expected failure: printed as one line (no stack trace) and mapped to an exit code. */
export class CliError extends Error {
  public readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    Object.setPrototypeOf(this, CliError.prototype);
  }
}
