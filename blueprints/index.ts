import { addLegacyMonolithUplift } from './legacy-monolith-uplift';
import { addNetworkExample } from './network-example';
import { BlueprintEntry } from './registry';

export * from './registry';

/** Every blueprint `bin/app.ts` can synthesize, by context name. */
export const BLUEPRINTS: readonly BlueprintEntry[] = [
  {
    name: 'network-example',
    description: 'One stack with the Network construct (a placeholder until the blueprints land)',
    addTo: addNetworkExample,
  },
  {
    name: 'legacy-monolith-uplift',
    description:
      'An existing app given by attributes: CloudFront, a session store, read replicas + RDS Proxy, alarms, an optional strangler route',
    addTo: (app) => void addLegacyMonolithUplift(app),
  },
];
