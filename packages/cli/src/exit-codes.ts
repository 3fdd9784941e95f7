/** The exit codes of `scaling-blueprints`; documented in docs/cli.md. */
export enum ExitCode {
  /** The audit ran (and, with `--fail-on-breach`, no SLO was breached). */
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
   * (audit) or `--app`, `--output` (diagram) cannot be read or written, or has the wrong format.
   */
  BAD_INPUT_FILE = 8,
  /**
   * `--fail-on-breach` was given, no SLO is breached, but at least one had no data over the window
   * (`--on-no-data pass` turns this into 0).
   */
  INSUFFICIENT_DATA = 9,
}

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
