import {
  clientConnectionBudget,
  ConnectionFormula,
  instanceClassMemoryBytes,
  maxConnectionsForInstanceClass,
  maxConnectionsForServerless,
} from '../../lib/data/connection-budget';

const GIB = 1024 ** 3;

describe('connection budget', () => {
  test.each([
    ['t4g.micro', 1],
    ['t4g.medium', 4],
    ['m7g.large', 8],
    ['r7g.large', 16],
    ['r7g.2xlarge', 64],
    ['r6gd.xlarge', 32],
    ['x2g.large', 32],
    ['db.r7g.large', 16],
  ])('%s has %p GiB', (instanceClass, gib) => {
    expect(instanceClassMemoryBytes(instanceClass)).toBe(gib * GIB);
  });

  test.each(['c7g.large', 'r7g.metal', 'not-a-class', 't4g.huge'])('%s is unknown', (instanceClass) => {
    expect(instanceClassMemoryBytes(instanceClass)).toBeUndefined();
    expect(maxConnectionsForInstanceClass(ConnectionFormula.POSTGRESQL, instanceClass)).toBeUndefined();
  });

  test.each([
    // LEAST({DBInstanceClassMemory/9531392}, 5000)
    [ConnectionFormula.POSTGRESQL, 't4g.medium', 450],
    [ConnectionFormula.POSTGRESQL, 'r7g.large', 1802],
    [ConnectionFormula.POSTGRESQL, 'r7g.4xlarge', 5000],
    // {DBInstanceClassMemory/12582880}
    [ConnectionFormula.MYSQL, 't4g.medium', 341],
    [ConnectionFormula.MYSQL, 'm7g.large', 682],
    // Aurora MySQL's documented table
    [ConnectionFormula.AURORA_MYSQL, 't4g.medium', 90],
    [ConnectionFormula.AURORA_MYSQL, 'r7g.large', 1000],
    [ConnectionFormula.AURORA_MYSQL, 'r6g.2xlarge', 3000],
  ])('%s %s allows %p connections', (formula, instanceClass, expected) => {
    expect(maxConnectionsForInstanceClass(formula, instanceClass)).toBe(expected);
  });

  test('Aurora MySQL classes outside the table fall back to the formula', () => {
    // m7g.large: 8 GiB, GREATEST(log2(8 GiB / 768 MiB) * 45, log2(8 GiB / 7.6 GiB) * 1000) = 153
    expect(maxConnectionsForInstanceClass(ConnectionFormula.AURORA_MYSQL, 'm7g.large')).toBe(153);
  });

  test('serverless v2 uses 2 GiB per ACU of the maximum capacity', () => {
    expect(maxConnectionsForServerless(ConnectionFormula.POSTGRESQL, 1)).toBe(225);
    expect(maxConnectionsForServerless(ConnectionFormula.POSTGRESQL, 16)).toBe(3604);
  });

  test('clients may plan for 90 % of max_connections, times the proxy share', () => {
    expect(clientConnectionBudget(450)).toBe(405);
    expect(clientConnectionBudget(1802, 90)).toBe(1459);
  });
});
