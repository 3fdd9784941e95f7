/**
 * The connection budget of a database: how many connections the engine accepts
 * (`max_connections`, from the engine's default parameter formula and the instance class memory),
 * and how many of them the library lets clients plan for.
 *
 * Internal helper of ReplicatedDatabase; not exported from the package.
 */

/** Engine families with their own `max_connections` default formula. */
export enum ConnectionFormula {
  /** Aurora PostgreSQL and RDS for PostgreSQL: `LEAST({DBInstanceClassMemory/9531392}, 5000)`. */
  POSTGRESQL = 'postgresql',
  /** Aurora MySQL: AWS's per-class table, else `GREATEST(log2(mem/805306368)*45, log2(mem/8187281408)*1000)`. */
  AURORA_MYSQL = 'aurora-mysql',
  /** RDS for MySQL: `{DBInstanceClassMemory/12582880}`. */
  MYSQL = 'mysql',
}

const GIB = 1024 * 1024 * 1024;

/** vCPUs by instance size, for the families RDS offers (m, r, x). */
const VCPUS_BY_SIZE: Record<string, number> = {
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  '32xlarge': 128,
  '48xlarge': 192,
};

/** GiB of memory per vCPU of the general-purpose (m) and memory-optimised (r, x) families. */
const GIB_PER_VCPU: Record<string, number> = { m: 4, r: 8, x: 16 };

/** Memory of the burstable (t) classes by size. */
const BURSTABLE_GIB: Record<string, number> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};

/** Aurora MySQL's documented default `max_connections` per instance size (t and r classes). */
const AURORA_MYSQL_BY_CLASS: Record<string, number> = {
  't.medium': 90,
  't.large': 135,
  'r.large': 1000,
  'r.xlarge': 2000,
  'r.2xlarge': 3000,
  'r.4xlarge': 4000,
  'r.8xlarge': 5000,
  'r.12xlarge': 6000,
  'r.16xlarge': 6000,
  'r.24xlarge': 7000,
};

/** Aurora Serverless v2: one ACU is about 2 GiB of memory. */
export const GIB_PER_ACU = 2;

/** The share of `max_connections` clients may plan for; the rest is headroom (see docs). */
export const CLIENT_SHARE_OF_MAX_CONNECTIONS = 0.9;

/** Parses `r7g.large` into its family letter(s) and size, or undefined when it is not recognised. */
function parseInstanceClass(instanceClass: string): { series: string; size: string } | undefined {
  const match = /^(?:db\.)?([a-z]+)\d+[a-z0-9-]*\.([a-z0-9]+)$/.exec(instanceClass);
  if (!match) return undefined;
  return { series: match[1], size: match[2] };
}

/**
 * Nominal memory of an instance class in bytes (`r7g.large` is 16 GiB), or undefined for classes
 * the table does not know. RDS reserves part of it for the OS, so `DBInstanceClassMemory` is a few
 * percent lower: the client share (90 %) absorbs that.
 */
export function instanceClassMemoryBytes(instanceClass: string): number | undefined {
  const parsed = parseInstanceClass(instanceClass);
  if (!parsed) return undefined;
  if (parsed.series === 't') {
    const gib = BURSTABLE_GIB[parsed.size];
    return gib === undefined ? undefined : gib * GIB;
  }
  const perVcpu = GIB_PER_VCPU[parsed.series.charAt(0)];
  const vcpus = VCPUS_BY_SIZE[parsed.size];
  if (perVcpu === undefined || vcpus === undefined) return undefined;
  return perVcpu * vcpus * GIB;
}

/** The engine's default `max_connections` for a given amount of instance memory. */
export function maxConnectionsForMemory(formula: ConnectionFormula, memoryBytes: number): number {
  switch (formula) {
    case ConnectionFormula.POSTGRESQL:
      return Math.min(Math.floor(memoryBytes / 9531392), 5000);
    case ConnectionFormula.MYSQL:
      return Math.floor(memoryBytes / 12582880);
    case ConnectionFormula.AURORA_MYSQL:
      return Math.max(
        1,
        Math.floor(
          Math.max(Math.log2(memoryBytes / 805306368) * 45, Math.log2(memoryBytes / 8187281408) * 1000),
        ),
      );
  }
}

/** The engine's default `max_connections` for an instance class, or undefined when unknown. */
export function maxConnectionsForInstanceClass(
  formula: ConnectionFormula,
  instanceClass: string,
): number | undefined {
  if (formula === ConnectionFormula.AURORA_MYSQL) {
    const parsed = parseInstanceClass(instanceClass);
    const documented = parsed && AURORA_MYSQL_BY_CLASS[`${parsed.series.charAt(0)}.${parsed.size}`];
    if (documented !== undefined) return documented;
  }
  const memory = instanceClassMemoryBytes(instanceClass);
  return memory === undefined ? undefined : maxConnectionsForMemory(formula, memory);
}

/** The engine's default `max_connections` for Aurora Serverless v2 at its maximum capacity. */
export function maxConnectionsForServerless(formula: ConnectionFormula, maxCapacityAcu: number): number {
  return maxConnectionsForMemory(formula, maxCapacityAcu * GIB_PER_ACU * GIB);
}

/** How many connections clients may plan for, out of `max_connections`. */
export function clientConnectionBudget(maxConnections: number, percent = 100): number {
  return Math.floor(maxConnections * CLIENT_SHARE_OF_MAX_CONNECTIONS * (percent / 100));
}
