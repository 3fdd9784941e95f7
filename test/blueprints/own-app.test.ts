import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  addMultiRegionSaas,
  BudgetStartupStack,
  budgetStartupSettings,
  LegacyMonolithUpliftStack,
  legacyMonolithUpliftSettings,
  multiRegionSaasSettings,
} from '../../blueprints';
import { BlueprintSettingsError } from '../../blueprints/settings';
import { testApp } from '../support/app';

// A blueprint in one's own app (as `cdk-scaling-blueprints/blueprints` exports it): typed, partial
// settings, the defaults applied and validated by `<blueprint>Settings({ ... })`.
describe('blueprints in your own app', () => {
  test('BudgetStartupStack: your id, the defaults for what you leave out, the environment of the settings', () => {
    const app: App = testApp();
    const stack = new BudgetStartupStack(app, 'Shop', {
      settings: budgetStartupSettings({ web: { maxCapacity: 10 } }),
    });
    expect(stack.stackName).toBe('Shop');
    expect(stack.region).toBe('us-east-1');
    expect(stack.account).toBe('123456789012');
    expect(stack.web.maxCapacity).toBe(10);
    expect(stack.web.minCapacity).toBe(2); // the default
    Template.fromStack(stack).resourceCountIs('AWS::Budgets::Budget', 1);
  });

  test('LegacyMonolithUpliftStack: the example defaults, one setting changed', () => {
    const stack = new LegacyMonolithUpliftStack(testApp(), 'Uplift', {
      settings: legacyMonolithUpliftSettings({ database: { readReplicas: 2 } }),
    });
    expect(stack.region).toBe('eu-west-1');
    expect(stack.database.readReplicaInstances).toHaveLength(2);
  });

  test('addMultiRegionSaas(app, settings): the global stack and one per region', () => {
    const { global, regions } = addMultiRegionSaas(
      testApp(),
      multiRegionSaasSettings({
        stackPrefix: 'Saas',
        regions: [{ region: 'us-east-1' }, { region: 'eu-west-2' }],
      }),
    );
    expect(global.stackName).toBe('Saas-Global');
    expect(regions.map((r) => r.stackName)).toEqual(['Saas-us-east-1', 'Saas-eu-west-2']);
  });

  test('invalid settings fail where they are written, naming the setting', () => {
    expect(() => budgetStartupSettings({ web: { minCapacity: -1 } })).toThrow(BlueprintSettingsError);
    expect(() => budgetStartupSettings({ web: { minCapacity: -1 } })).toThrow(
      /^Invalid settings for blueprint 'budget-startup':\n {2}- `budget-startup\.web\.minCapacity`: Too small: expected number to be >=1, got: -1$/,
    );
  });

  test('replicas of the existing instance get its class unless told otherwise', () => {
    const same = new LegacyMonolithUpliftStack(testApp(), 'Same', {
      settings: legacyMonolithUpliftSettings({ database: { instanceType: 'r6g.xlarge' } }),
    });
    Template.fromStack(same).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r6g.xlarge',
    });
    const smaller = new LegacyMonolithUpliftStack(testApp(), 'Smaller', {
      settings: legacyMonolithUpliftSettings({
        database: { instanceType: 'r6g.xlarge', replicaInstanceType: 'r6g.large' },
      }),
    });
    Template.fromStack(smaller).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.r6g.large',
    });
  });
});
