import { App } from 'aws-cdk-lib';
import { readSettings } from '../settings';
import { LEGACY_MONOLITH_UPLIFT, legacyMonolithUpliftSettingsSchema } from './settings';
import { LegacyMonolithUpliftStack } from './stack';

export * from './settings';
export * from './stack';

/**
 * Adds the LegacyMonolithUplift blueprint to an app: settings from the context key
 * `legacy-monolith-uplift` (or `-c config=file.json`), one stack named by `stackName`.
 */
export function addLegacyMonolithUplift(app: App): LegacyMonolithUpliftStack {
  const settings = readSettings(app, LEGACY_MONOLITH_UPLIFT, legacyMonolithUpliftSettingsSchema);
  return new LegacyMonolithUpliftStack(app, settings.stackName, { settings });
}
