import { App } from 'aws-cdk-lib';
import { readSettings } from '../settings';
import { BudgetStartupStack } from './budget-startup-stack';
import { BUDGET_STARTUP, BudgetStartupSettings, budgetStartupSettingsSchema } from './settings';

export * from './budget-startup-stack';
export * from './settings';

/**
 * Adds the BudgetStartup blueprint to an app: one stack named by `stackName`, with `settings`, or
 * with the settings found in the app's context (cdk.json, `-c budget-startup=...`, `-c config=...`).
 */
export function addBudgetStartup(
  app: App,
  settings: BudgetStartupSettings = readSettings(app, BUDGET_STARTUP, budgetStartupSettingsSchema),
): BudgetStartupStack {
  return new BudgetStartupStack(app, settings.stackName, { stackName: settings.stackName, settings });
}
