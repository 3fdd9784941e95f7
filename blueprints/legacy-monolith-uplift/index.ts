import { App } from 'aws-cdk-lib';
import { readSettings } from '../settings';
import {
  LEGACY_MONOLITH_UPLIFT,
  LegacyMonolithUpliftSettings,
  legacyMonolithUpliftSettingsSchema,
} from './settings';
import { LegacyMonolithUpliftStack } from './stack';

export * from './settings';
export * from './stack';

/**
 * Adds the LegacyMonolithUplift blueprint to an app: one stack named by `stackName`, with
 * `settings` (`legacyMonolithUpliftSettings({ ... })`) or the settings found in the app's context
 * (the key `legacy-monolith-uplift`, or `-c config=file.json`).
 */
export function addLegacyMonolithUplift(
  app: App,
  settings: LegacyMonolithUpliftSettings = readSettings(
    app,
    LEGACY_MONOLITH_UPLIFT,
    legacyMonolithUpliftSettingsSchema,
  ),
): LegacyMonolithUpliftStack {
  return new LegacyMonolithUpliftStack(app, settings.stackName, { settings });
}
