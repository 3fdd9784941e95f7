// What a pricer gets (the stack's workload model, prices for its region, app-wide facts) and what
// it returns (charges with their basis, or a reason the resource is free).
import { StackModel } from './model';
import { Price, PriceLookup } from './price-table';
import { CostAssumptions } from './profiles';
import { TemplateResource } from './template';

/** One charge of a resource: what it is for, how much a month, and the arithmetic behind it. */
export interface Charge {
  /** What is charged, e.g. `NAT gateway hours`. */
  readonly component: string;
  readonly monthlyUsd: number;
  /** The quantity × unit price it came from, in words and numbers. */
  readonly basis: string;
  /** The price table keys used. */
  readonly priceKeys: readonly string[];
}

/** What a pricer says about a resource. */
export type PricerOutcome = { readonly charges: readonly Charge[] } | { readonly free: string };

/** Facts that span stacks (one CloudFront free tier per account, DNS names across stacks). */
export interface AppFacts {
  /** `stackName/logicalId` of the distribution CloudFront's always-free allowance is applied to. */
  readonly freeTierDistribution?: string;
  /** Lower-case DNS names (no trailing dot) that are aliases of AWS resources in these templates. */
  readonly awsAliasNames: ReadonlySet<string>;
  /** Writes per second (per slot) of each Aurora global database, summed over its clusters. */
  readonly globalDatabaseWrites: ReadonlyMap<string, number[]>;
}

/** Everything a pricer may read. */
export interface PricingContext {
  readonly model: StackModel;
  readonly prices: PriceLookup;
  readonly app: AppFacts;
  readonly assumptions: CostAssumptions;
  readonly hoursPerMonth: number;
  /** Looks a price up (throws MissingPriceError, which makes the resource "not priced"). */
  price(key: string): Price;
}

/** A pricer for one resource type. */
export type Pricer = (resource: TemplateResource, ctx: PricingContext) => PricerOutcome;

/** A number for a basis: up to 4 significant decimals, thousands separated. */
export function num(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 3 : abs >= 0.01 ? 4 : 6;
  return Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** `1 task`, `2.5 tasks`. */
export function plural(value: number, word: string): string {
  return `${num(value)} ${word}${value === 1 ? '' : 's'}`;
}

/** A price for a basis, at full precision. */
export function usd(value: number): string {
  return `${Number(value.toPrecision(6))} USD`;
}

/** A monthly amount in USD, to the cent. */
export function cents(value: number): string {
  return value.toFixed(2);
}

/**
 * A charge of `quantity` units at the price `key`: `quantity` × price. `what` names the quantity
 * (e.g. `730 h`); the basis reads `730 h × 0.045 USD/h`.
 */
export function charge(
  ctx: PricingContext,
  component: string,
  quantity: number,
  what: string,
  key: string,
  options: { divisor?: number; per?: string; note?: string } = {},
): Charge {
  const price = ctx.price(key);
  const divisor = options.divisor ?? 1;
  const monthlyUsd = (quantity / divisor) * price.value;
  const per = options.per ?? price.entry.unit.replace(/^USD per /, '');
  const basis = `${what} × ${usd(price.value)} per ${per}${options.note ? ` (${options.note})` : ''}`;
  return { component, monthlyUsd, basis, priceKeys: [key] };
}

/** A charge of 0 with the reason it costs nothing here (not a free resource type: a resource of a priced type that incurs nothing). */
export function nothing(component: string, basis: string): Charge {
  return { component, monthlyUsd: 0, basis, priceKeys: [] };
}

/** Thrown by a pricer for a resource it recognises but cannot price; the engine lists it as "not priced". */
export class NotPricedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotPricedError';
  }
}
