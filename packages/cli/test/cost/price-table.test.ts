// The price table shipped with the command: every entry has a unit, a source page and a date, the
// complete regions have every regional price, and the table's date is its entries' oldest.
import { bundledPriceTable, PriceLookup, tieredCost, validatePriceTable } from '../../src/cost/price-table';

describe('the bundled price table', () => {
  const table = bundledPriceTable();

  test('is dated, and every entry names its unit, its AWS source page, the date it was taken and how it was checked', () => {
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, entry] of Object.entries(table.prices)) {
      expect({ key, unit: entry.unit }).toEqual({ key, unit: expect.stringMatching(/\S/) });
      expect({ key, source: entry.source }).toEqual({
        key,
        source: expect.stringMatching(/^https:\/\/(aws\.amazon\.com|docs\.aws\.amazon\.com)\//),
      });
      expect({ key, taken: entry.taken >= table.date }).toEqual({ key, taken: true });
      expect(entry.verification.length).toBeGreaterThan(3);
    }
  });

  test('the complete regions (us-east-1 and the blueprints’ defaults) have every regional price', () => {
    expect(table.regions.complete).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'us-west-2']));
    for (const region of table.regions.complete) {
      const lookup = new PriceLookup(table, region);
      const missing = Object.keys(table.prices).filter((key) => !lookup.has(key));
      expect({ region, missing }).toEqual({ region, missing: [] });
    }
  });

  test('says which free tiers exist without applying them (CloudFront excepted)', () => {
    expect(table.prices['cloudfront.httpsRequests10k'].freeTier).toMatch(/10,000,000/);
    expect(table.prices['budgets.budgetDay'].freeTier).toMatch(/first two budgets/);
  });

  test('a missing price names the key, the region and the table date', () => {
    expect(() => new PriceLookup(table, 'ap-south-2').get('nat.hour')).toThrow(
      `no 'nat.hour' price for ap-south-2 in the price table dated ${table.date}`,
    );
  });
});

describe('validatePriceTable', () => {
  const valid = {
    tableVersion: 1,
    date: '2026-12-01',
    currency: 'USD',
    hoursPerMonth: 730,
    method: 'm',
    regions: { complete: [], partial: [] },
    specs: { dbInstanceVcpus: {} },
    prices: {
      a: {
        unit: 'USD per hour',
        description: 'd',
        source: 'https://aws.amazon.com/x/',
        taken: '2026-12-01',
        verification: 'v',
        global: 1,
      },
    },
  };

  test('accepts a well-formed table', () => {
    expect(validatePriceTable(valid).prices.a.global).toBe(1);
  });

  test.each([
    [{ ...valid, tableVersion: 2 }, '`$.tableVersion` must be 1, got: 2'],
    [{ ...valid, date: 'yesterday' }, '`$.date` must be a YYYY-MM-DD date'],
    [
      { ...valid, prices: { a: { ...valid.prices.a, source: 'http://example.com' } } },
      '`$.prices["a"].source` must be an https:// URL',
    ],
    [
      { ...valid, prices: { a: { ...valid.prices.a, global: undefined } } },
      '`$.prices["a"]` must have either `global` or `regions`',
    ],
    [
      { ...valid, prices: { a: { ...valid.prices.a, taken: undefined } } },
      '`$.prices["a"].taken` must be a YYYY-MM-DD date',
    ],
  ])('rejects %#: %s', (raw, message) => {
    expect(() => validatePriceTable(raw)).toThrow(`price table: ${message}`);
  });
});

const CLOUDFRONT_TIERS = [
  { upToGb: 10240, price: 0.085 },
  { upToGb: 51200, price: 0.08 },
  { upToGb: null, price: 0.06 },
];

test('tiered prices: each GB at its tier', () => {
  // 12,000 GB: 10,240 × 0.085 + 1,760 × 0.08 = 870.40 + 140.80 = 1,011.20
  expect(tieredCost(CLOUDFRONT_TIERS, 12_000)).toBeCloseTo(1011.2, 6);
  expect(tieredCost(CLOUDFRONT_TIERS, 0)).toBe(0);
});
