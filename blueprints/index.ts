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
];
