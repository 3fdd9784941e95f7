import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../../errors';
import { clientConnectionBudget } from '../connection-budget';
import { DatabaseClient } from '../replicated-database-props';

/** What the connection budget of a database is checked against. */
export interface ConnectionBudgetLimits {
  /** The writer's `max_connections`, when known. */
  readonly maxConnections?: number;
  /** Whether a proxy pools the clients' connections. */
  readonly proxy: boolean;
  /** The share of `max_connections` the proxy may open, in percent. */
  readonly proxyMaxConnectionsPercent: number;
}

/**
 * Checks one more client against the connection budget and returns its share. Without a proxy the
 * clients' worst case must fit in 90 % of the writer's `max_connections`, else this throws with each
 * client's share and the largest pool that fits; with a proxy, connections beyond its pool wait (an
 * info message says so).
 */
export function checkConnectionBudget(
  scope: IConstruct,
  clients: DatabaseClient[],
  name: string,
  maxCapacity: number,
  poolSize: number,
  limits: ConnectionBudgetLimits,
): DatabaseClient {
  const client: DatabaseClient = {
    name,
    maxCapacity,
    poolSize,
    worstCaseConnections: maxCapacity * poolSize,
  };
  const all = [...clients, client];
  const total = all.reduce((sum, c) => sum + c.worstCaseConnections, 0);
  const shares = all
    .map((c) => `${c.name} ${c.worstCaseConnections} (${c.maxCapacity} tasks × ${c.poolSize})`)
    .join(', ');
  const { maxConnections } = limits;
  if (maxConnections === undefined) {
    if (!limits.proxy) {
      throw new BlueprintValidationError(
        scope,
        'maxConnections',
        `cannot check the connection budget of ${name} (${shares}): the writer's \`max_connections\` is unknown for this instance class or existing instance; set \`maxConnections\``,
      );
    }
    return client;
  }
  if (limits.proxy) {
    const pool = clientConnectionBudget(maxConnections, limits.proxyMaxConnectionsPercent);
    if (total > pool) {
      Annotations.of(scope).addInfo(
        `Connection budget: clients may open ${total} connections to the proxy (${shares}); the proxy pools them onto at most ${pool} database connections, so at peak some requests wait up to the borrow timeout for a connection`,
      );
    }
    return client;
  }
  const budget = clientConnectionBudget(maxConnections);
  if (total > budget) {
    const others = total - client.worstCaseConnections;
    const fittingPool = Math.floor(Math.max(0, budget - others) / client.maxCapacity);
    throw new BlueprintValidationError(
      scope,
      'poolSize',
      `connection budget exceeded by ${name}: \`maxCapacity\` ${client.maxCapacity} × \`poolSize\` ${client.poolSize} brings the clients' worst case to ${total} connections, over the ${budget} the writer allows without a proxy (max_connections ${maxConnections}, 90 % for clients). Clients: ${shares}. Turn on \`proxy\`, use a \`poolSize\` of at most ${fittingPool} here, or a larger \`instanceType\``,
    );
  }
  return client;
}
