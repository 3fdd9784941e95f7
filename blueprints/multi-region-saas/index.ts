import { App } from 'aws-cdk-lib';
import { readSettings } from '../settings';
import { MultiRegionSaasGlobalStack } from './global-stack';
import { MultiRegionNames } from './names';
import { MultiRegionSaasRegionalStack } from './regional-stack';
import {
  GLOBAL_REGION,
  MULTI_REGION_SAAS,
  MultiRegionSaasSettings,
  multiRegionSaasSettingsSchema,
} from './settings';

export * from './global-stack';
export * from './names';
export * from './regional-stack';
export * from './settings';

/** The stacks of one MultiRegionSaas deployment. */
export interface MultiRegionSaasStacks {
  /** The global stack (us-east-1): global cluster, CloudFront + WAF, Route 53 routing and health checks. */
  readonly global: MultiRegionSaasGlobalStack;
  /** One stack per region, the home region first. */
  readonly regions: MultiRegionSaasRegionalStack[];
}

/**
 * Adds the MultiRegionSaas blueprint to an app: the global stack and one stack per region, with
 * `settings` (`multiRegionSaasSettings({ ... })`) or the settings found in the app's context.
 * Deploy order (dependencies, not exports): the global stack, then the home region, then the
 * other regions (in any order, or one at a time).
 */
export function addMultiRegionSaas(
  app: App,
  settings: MultiRegionSaasSettings = readSettings(app, MULTI_REGION_SAAS, multiRegionSaasSettingsSchema),
): MultiRegionSaasStacks {
  const names = new MultiRegionNames(settings);
  const global = new MultiRegionSaasGlobalStack(app, names.globalStackName, {
    stackName: names.globalStackName,
    env: { account: settings.account, region: GLOBAL_REGION },
    description:
      'cdk-scaling-blueprints: multi-region-saas global part (CloudFront + WAF, Route 53 routing, Aurora global cluster)',
    settings,
  });
  const ordered = [
    ...settings.regions.filter((r) => r.region === settings.homeRegion),
    ...settings.regions.filter((r) => r.region !== settings.homeRegion),
  ];
  const regions: MultiRegionSaasRegionalStack[] = [];
  for (const regionSettings of ordered) {
    const name = names.regionalStackName(regionSettings.region);
    const stack = new MultiRegionSaasRegionalStack(app, name, {
      stackName: name,
      env: { account: settings.account, region: regionSettings.region },
      description: `cdk-scaling-blueprints: multi-region-saas in ${regionSettings.region} (${regionSettings.region === settings.homeRegion ? 'home: database writer' : 'secondary: read-only database with write forwarding'})`,
      settings,
      regionSettings,
    });
    // Deploy order only (no exports): the global cluster exists before the writer joins it, and the
    // writer before a secondary joins.
    stack.addStackDependency(
      global,
      'the Aurora global cluster must exist before a regional cluster joins it',
    );
    if (regions.length > 0) {
      stack.addStackDependency(
        regions[0],
        'the primary (home) cluster must exist before a secondary joins the global database',
      );
    }
    regions.push(stack);
  }
  return { global, regions };
}
