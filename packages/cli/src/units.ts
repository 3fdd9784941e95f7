// How numbers are written for people, in every format.

/** A number for people: `no data` for null (never 0), at most 3 decimals, the unit appended. */
export function formatValue(value: number | null, unit = ''): string {
  if (value === null) return 'no data';
  if (unit === 'bytes') return formatBytes(value);
  const abs = Math.abs(value);
  // Percentages near 100 keep two decimals: 99.92 % availability must not print as 100 %.
  const digits = unit === '%' && abs >= 10 ? 2 : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
  if (!unit) return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

/** `1d`, `6h`, `5m`, `30s`. */
export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** `1-minute`, `5-minute`, `1-hour`: the length of a period, as an adjective. */
export function periodName(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}-hour`;
  if (seconds % 60 === 0) return `${seconds / 60}-minute`;
  return `${seconds}-second`;
}

/** Bytes in decimal units, as ElastiCache states its limits (GB): `210 MB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return formatValue(value, units[unit]);
}
