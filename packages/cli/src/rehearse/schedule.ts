// Application Auto Scaling schedule expressions (`cron(...)`, `at(...)`) evaluated minute by minute
// in the scheduled action's IANA time zone.

/** The local calendar fields of an instant in a time zone. */
interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 1 = Sunday … 7 = Saturday (cron's numbering). */
  readonly weekDay: number;
}

const WEEK_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(epochMs: number, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekDay: WEEK_DAYS.indexOf(parts.weekday.toUpperCase().slice(0, 3)) + 1,
  };
}

type FieldMatcher = (value: number) => boolean;

/** One cron field (`*`, `?`, `5`, `1-5`, `MON-FRI`, `0/15`, `*\/5`, lists of these); `lowest` is the field's first value. */
function fieldMatcher(field: string, lowest: number, names: readonly string[] = []): FieldMatcher {
  if (field === '*' || field === '?') return () => true;
  const toNumber = (text: string): number => {
    const index = names.indexOf(text.toUpperCase());
    if (index >= 0) return index + 1;
    const value = Number(text);
    if (!Number.isInteger(value)) throw new Error(`unsupported cron field '${field}'`);
    return value;
  };
  const items = field.split(',').map((item) => {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (range === '*') return { from: lowest, to: Infinity, step };
    if (range.includes('-')) {
      const [from, to] = range.split('-').map(toNumber);
      return { from, to, step };
    }
    const from = toNumber(range);
    return { from, to: stepText === undefined ? from : Infinity, step };
  });
  return (value) =>
    items.some(({ from, to, step }) => value >= from && value <= to && (value - from) % step === 0);
}

/** A schedule compiled to "does it fire at this minute?". */
export interface CompiledSchedule {
  firesAt(epochMs: number): boolean;
}

/**
 * Compiles `cron(min hour day-of-month month day-of-week year)` or `at(yyyy-mm-ddThh:mm:ss)` in a
 * time zone. `rate(...)` and the `L`, `W`, `#` cron forms are not supported: they throw.
 */
export function compileSchedule(expression: string, timeZone: string): CompiledSchedule {
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6 || /[LW#]/.test(cron[1]))
      throw new Error(`unsupported cron expression ${expression}`);
    const [minute, hour, dayOfMonth, month, dayOfWeek, year] = [
      fieldMatcher(fields[0], 0),
      fieldMatcher(fields[1], 0),
      fieldMatcher(fields[2], 1),
      fieldMatcher(fields[3], 1, MONTHS),
      fieldMatcher(fields[4], 1, WEEK_DAYS),
      fieldMatcher(fields[5], 1970),
    ];
    return {
      firesAt(epochMs) {
        const t = localTime(epochMs, timeZone);
        return (
          minute(t.minute) &&
          hour(t.hour) &&
          dayOfMonth(t.day) &&
          month(t.month) &&
          dayOfWeek(t.weekDay) &&
          year(t.year)
        );
      },
    };
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?\)$/.exec(expression.trim());
  if (at) {
    const [, y, mo, d, h, mi] = at.map(Number);
    return {
      firesAt(epochMs) {
        const t = localTime(epochMs, timeZone);
        return t.year === y && t.month === mo && t.day === d && t.hour === h && t.minute === mi;
      },
    };
  }
  throw new Error(`unsupported schedule expression ${expression}`);
}

/** The minute starts (epoch ms) in `[fromMs, toMs)` at which a schedule fires. */
export function firingsBetween(schedule: CompiledSchedule, fromMs: number, toMs: number): number[] {
  const firings: number[] = [];
  const start = Math.ceil(fromMs / 60_000) * 60_000;
  for (let t = start; t < toMs; t += 60_000) if (schedule.firesAt(t)) firings.push(t);
  return firings;
}
