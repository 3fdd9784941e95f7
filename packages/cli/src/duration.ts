// Parses `--since 7d` style durations and `--start/--end` dates into an audit window.
import { CliError, ExitCode } from './exit-codes';
import { AuditWindow } from './queries';

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };

/** `30m`, `6h`, `7d`, `2w` → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) {
    throw new CliError(ExitCode.USAGE, `--since must look like 30m, 6h, 7d or 2w, got: ${text}`);
  }
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

function parseDate(flag: string, text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new CliError(
      ExitCode.USAGE,
      `${flag} must be an ISO 8601 date such as 2025-06-01T00:00:00Z, got: ${text}`,
    );
  return date;
}

/** CloudWatch keeps metrics for 455 days. */
export const MAX_WINDOW_SECONDS = 455 * 86400;

export function resolveWindow(
  options: { since?: string; start?: string; end?: string },
  now: Date,
): AuditWindow {
  if (options.since && (options.start || options.end)) {
    throw new CliError(ExitCode.USAGE, 'specify either --since or --start/--end, not both');
  }
  // Align to the minute so periods line up with CloudWatch's.
  const minute = (d: Date): Date => new Date(Math.floor(d.getTime() / 60000) * 60000);
  if (options.start || options.end) {
    if (!options.start) throw new CliError(ExitCode.USAGE, '--end needs --start');
    const start = minute(parseDate('--start', options.start));
    const end = minute(options.end ? parseDate('--end', options.end) : now);
    if (end.getTime() - start.getTime() < 60000)
      throw new CliError(ExitCode.USAGE, `--start (${options.start}) must be at least a minute before --end`);
    if (end.getTime() - start.getTime() > MAX_WINDOW_SECONDS * 1000)
      throw new CliError(ExitCode.USAGE, 'the window must be at most 455 days (CloudWatch retention)');
    return { start, end };
  }
  const seconds = parseDuration(options.since ?? '7d');
  if (seconds > MAX_WINDOW_SECONDS)
    throw new CliError(ExitCode.USAGE, '--since must be at most 455d (CloudWatch retention)');
  const end = minute(now);
  return { start: new Date(end.getTime() - seconds * 1000), end };
}
