import { addBudgetStartup, BUDGET_STARTUP, budgetStartupSettingsSchema } from './budget-startup';
import {
  addLegacyMonolithUplift,
  LEGACY_MONOLITH_UPLIFT,
  legacyMonolithUpliftSettingsSchema,
} from './legacy-monolith-uplift';
import { addMultiRegionSaas, MULTI_REGION_SAAS, multiRegionSaasSettingsSchema } from './multi-region-saas';
import { BlueprintEntry } from './registry';
import { readSettings } from './settings';

export * from './registry';
// The blueprints for one's own app: each one's stacks, its `add...(app, settings?)` function, and its
// settings (schema, `...Settings({ ... })` applying the defaults, types).
export * from './budget-startup';
export * from './legacy-monolith-uplift';
export * from './multi-region-saas';
// The settings reader: the CLI's `rehearse` (and `cost`) commands read the traffic model and the
// pool sizes the templates do not carry.
export { readSettings, parseSettings, projectSettings, BlueprintSettingsError } from './settings';
export type { ReadSettingsOptions, SloSettings, TrafficSettings, EnvironmentSettings } from './settings';
export { KNOWN_REGIONS, isKnownRegion } from './regions';

/** Every blueprint `bin/app.ts` can synthesize, by context name. */
export const BLUEPRINTS: readonly BlueprintEntry[] = [
  {
    name: 'budget-startup',
    description:
      'One region, 2 AZs, the cheapest sound choice per tier: CloudFront + WAF, Fargate with Spot, Aurora Serverless v2, serverless Valkey, a queue worker that scales to zero, a monthly budget',
    addTo: (app) => void addBudgetStartup(app),
    trafficModel: (app) => readSettings(app, BUDGET_STARTUP, budgetStartupSettingsSchema).traffic,
  },
  {
    name: 'legacy-monolith-uplift',
    description:
      'An existing app given by attributes: CloudFront, a session store, read replicas + RDS Proxy, alarms, an optional strangler route',
    addTo: (app) => void addLegacyMonolithUplift(app),
    trafficModel: (app) =>
      readSettings(app, LEGACY_MONOLITH_UPLIFT, legacyMonolithUpliftSettingsSchema).traffic,
  },
  {
    name: 'multi-region-saas',
    description:
      'Active-active regions: CloudFront + WAF, Route 53 latency routing with health checks and failover, an Aurora global database with write forwarding, per-region Fargate, Valkey, queue worker and alarms',
    addTo: (app) => void addMultiRegionSaas(app),
    trafficModel: (app) => readSettings(app, MULTI_REGION_SAAS, multiRegionSaasSettingsSchema).traffic,
  },
];
