import { App } from 'aws-cdk-lib';
import { readSettings } from '../settings';
import { BudgetStartupStack } from './budget-startup-stack';
import { BUDGET_STARTUP, budgetStartupSettingsSchema } from './settings';

export * from './budget-startup-stack';
export * from './settings';

/** Adds the BudgetStartup blueprint to an app, with the settings found in its context. */
export function addBudgetStartup(app: App): BudgetStartupStack {
  const settings = readSettings(app, BUDGET_STARTUP, budgetStartupSettingsSchema);
  return new BudgetStartupStack(app, settings.stackName, {
    stackName: settings.stackName,
    env: settings.environment,
    description: 'cdk-scaling-blueprints: budget-startup (one region, cheapest sound choice at each tier)',
    settings,
  });
}
