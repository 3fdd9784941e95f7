// The dated price table the cost command reads (prices/aws-prices.json, shipped with the package),
// and the one way pricers look a price up: by key and region, failing loudly when it is missing.
import * as fs from 'node:fs';
import bundledTable from './prices/aws-prices.json';
import { isRecord } from './template';

/** One volume tier of a tiered price (CloudFront data transfer). */
export interface PriceTier {
  /** Upper bound of the tier in GB a month; null for the last tier. */
  readonly upToGb: number | null;
  readonly price: number;
}

/** One priced dimension: a value per region (or one global value), its unit, where it comes from. */
export interface PriceEntry {
  readonly unit: string;
  readonly description: string;
  /** The AWS page the value was read from. */
  readonly source: string;
  /** The date the value was taken (ISO `YYYY-MM-DD`). */
  readonly taken: string;
  /** Whether, and against what, the value was checked offline. */
  readonly verification: string;
  /** A free tier or allowance, stated; the cost command applies only CloudFront's. */
  readonly freeTier?: string;
  readonly global?: number;
  readonly regions?: Readonly<Record<string, number>>;
  readonly tiers?: readonly PriceTier[];
}

/** The whole table. */
export interface PriceTable {
  readonly tableVersion: number;
  /** The date of the table: the oldest `taken` of its entries. */
  readonly date: string;
  readonly currency: string;
  /** Hours in a month for hourly prices (AWS's calculator uses 730). */
  readonly hoursPerMonth: number;
  readonly method: string;
  readonly regions: { readonly complete: readonly string[]; readonly partial: readonly string[] };
  readonly specs: { readonly dbInstanceVcpus: Readonly<Record<string, number>> };
  readonly prices: Readonly<Record<string, PriceEntry>>;
}

/** A price as found for one region. */
export interface Price {
  readonly key: string;
  readonly value: number;
  readonly entry: PriceEntry;
}

/** Thrown by {@link PriceLookup.get} when the table has no such price for the region. */
export class MissingPriceError extends Error {
  constructor(
    public readonly key: string,
    public readonly region: string,
    tableDate: string,
  ) {
    super(`no '${key}' price for ${region} in the price table dated ${tableDate}`);
    this.name = 'MissingPriceError';
  }
}

/** Thrown when a price table file is not in the expected shape. */
export class InvalidPriceTableError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'InvalidPriceTableError';
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the shape of a parsed price table; throws {@link InvalidPriceTableError} naming the first problem. */
export function validatePriceTable(raw: unknown): PriceTable {
  const fail = (path: string, what: string): never => {
    throw new InvalidPriceTableError(`price table: \`${path}\` ${what}`);
  };
  if (!isRecord(raw)) return fail('$', 'must be an object');
  if (raw.tableVersion !== 1) fail('$.tableVersion', `must be 1, got: ${JSON.stringify(raw.tableVersion)}`);
  if (typeof raw.date !== 'string' || !ISO_DATE.test(raw.date)) fail('$.date', 'must be a YYYY-MM-DD date');
  if (typeof raw.hoursPerMonth !== 'number' || raw.hoursPerMonth <= 0)
    fail('$.hoursPerMonth', 'must be positive');
  if (!isRecord(raw.prices)) return fail('$.prices', 'must be an object');
  for (const [key, entry] of Object.entries(raw.prices)) {
    const at = `$.prices["${key}"]`;
    if (!isRecord(entry)) return fail(at, 'must be an object');
    for (const field of ['unit', 'description', 'source', 'verification'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '')
        fail(`${at}.${field}`, 'must be a non-empty string');
    }
    if (!String(entry.source).startsWith('https://')) fail(`${at}.source`, 'must be an https:// URL');
    if (typeof entry.taken !== 'string' || !ISO_DATE.test(entry.taken))
      fail(`${at}.taken`, 'must be a YYYY-MM-DD date');
    const hasGlobal = typeof entry.global === 'number';
    if (hasGlobal === isRecord(entry.regions)) fail(at, 'must have either `global` or `regions`');
    if (isRecord(entry.regions)) {
      for (const [region, value] of Object.entries(entry.regions)) {
        if (typeof value !== 'number' || value < 0) fail(`${at}.regions.${region}`, 'must be a number ≥ 0');
      }
    }
  }
  return raw as unknown as PriceTable;
}

/** The price table shipped with the command. */
export function bundledPriceTable(): PriceTable {
  return validatePriceTable(bundledTable);
}

/** A price table read from a file (`--prices`). */
export function readPriceTable(file: string): PriceTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidPriceTableError(`cannot read the price table ${file}: ${(error as Error).message}`);
  }
  return validatePriceTable(parsed);
}

/** Price lookups for one region. */
export class PriceLookup {
  constructor(
    public readonly table: PriceTable,
    public readonly region: string,
  ) {}

  /** The price of `key` in this region (or its global price); throws {@link MissingPriceError}. */
  get(key: string): Price {
    const entry = this.table.prices[key];
    const value = entry?.global ?? entry?.regions?.[this.region];
    if (entry === undefined || value === undefined) {
      throw new MissingPriceError(key, this.region, this.table.date);
    }
    return { key, value, entry };
  }

  /** Whether the table has `key` for this region. */
  has(key: string): boolean {
    const entry = this.table.prices[key];
    return entry !== undefined && (entry.global ?? entry.regions?.[this.region]) !== undefined;
  }

  get hoursPerMonth(): number {
    return this.table.hoursPerMonth;
  }
}

/** The cost of `gb` in a tiered price (each GB at its tier's price). */
export function tieredCost(tiers: readonly PriceTier[], gb: number): number {
  let remaining = gb;
  let lower = 0;
  let cost = 0;
  for (const tier of tiers) {
    const size = tier.upToGb === null ? Infinity : tier.upToGb - lower;
    const inTier = Math.min(remaining, size);
    cost += inTier * tier.price;
    remaining -= inTier;
    if (remaining <= 0 || tier.upToGb === null) break;
    lower = tier.upToGb;
  }
  return cost;
}
