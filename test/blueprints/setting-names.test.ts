import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { addBudgetStartup, budgetStartupSettings } from '../../blueprints/budget-startup';
import {
  addLegacyMonolithUplift,
  legacyMonolithUpliftSettings,
} from '../../blueprints/legacy-monolith-uplift';
import { addMultiRegionSaas, multiRegionSaasSettings } from '../../blueprints/multi-region-saas';
import { SettingNames, settingValue } from '../../blueprints/setting-names';
import { BlueprintSettingsError } from '../../blueprints/settings';
import { BlueprintValidationError } from '../../lib';
import { testApp } from '../support/app';
import { mutationOf, propertyApp, runMutations } from '../support/property';

const PARTITION = 'aws';

/** The one problem line of the error `build` throws (it must be a BlueprintSettingsError). */
function problem(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(BlueprintSettingsError);
    const problems = (error as BlueprintSettingsError).problems;
    expect(problems).toHaveLength(1);
    return problems[0];
  }
  throw new Error('expected a BlueprintSettingsError, nothing was thrown');
}

describe('SettingNames', () => {
  const stack = new Stack(testApp(), 'Shop');
  const web = new Construct(stack, 'Web');
  const deep = new Construct(web, 'Inner');
  const names = new SettingNames(
    stack,
    'demo',
    { web: { memoryLimitMiB: 700, cpu: 256 }, regions: [{ maxCapacity: 3 }] },
    { Web: { memoryLimitMiB: 'web.memoryLimitMiB', cpu: 'web.cpu' } },
  );

  test('names the setting and its value, and the settings in place of the props the message quotes', () => {
    const error = new BlueprintValidationError(
      web,
      'memoryLimitMiB',
      '`memoryLimitMiB` must be between 512 and 2048 for `cpu` 256, got: 700',
    );
    const translated = names.translate(error) as BlueprintSettingsError;
    expect(translated.problems).toEqual([
      '`demo.web.memoryLimitMiB` is 700, `demo.web.cpu` is 256: `web.memoryLimitMiB` must be between 512 and 2048 for `web.cpu` 256, got: 700',
    ]);
  });

  test('an error of a child construct uses the nearest mapped ancestor', () => {
    const error = new BlueprintValidationError(deep, 'cpu', '`cpu` must be one of 256, 512, got: 300');
    expect((names.translate(error) as BlueprintSettingsError).problems[0]).toMatch(
      /^`demo\.web\.cpu` is 256: `web\.cpu`/,
    );
  });

  test('run() maps one call differently (the same prop, another setting) and passes other errors through', () => {
    const error = new BlueprintValidationError(web, 'poolSize', '`poolSize` too large');
    expect(() =>
      names.run(
        () => {
          throw error;
        },
        { Web: { poolSize: 'regions[0].maxCapacity' } },
      ),
    ).toThrow('`demo.regions[0].maxCapacity` is 3: `regions[0].maxCapacity` too large');
    const other = new Error('not ours');
    expect(names.translate(other)).toBe(other);
  });

  test('an unmapped prop still says where it comes from', () => {
    const error = new BlueprintValidationError(web, 'port', '`port` is wrong');
    expect((names.translate(error) as BlueprintSettingsError).problems[0]).toBe(
      'the settings led to an error of the construct Shop/Web (prop `port`, which no setting of demo sets directly): `port` is wrong',
    );
  });

  test('settingValue reads dotted paths and list indexes', () => {
    const settings = { web: { dbPoolSize: 10 }, regions: [{ region: 'a' }, { region: 'b' }] };
    expect(settingValue(settings, 'web.dbPoolSize')).toBe(10);
    expect(settingValue(settings, 'regions[1].region')).toBe('b');
    expect(settingValue(settings, 'cdn.webAclArn')).toBeUndefined();
  });
});

// Errors the constructs raise inside a blueprint name the settings, not the construct props.
describe('construct errors inside a blueprint name the settings and their values', () => {
  test.each<[string, () => unknown, RegExp[], RegExp[]]>([
    [
      'budget-startup: too many web tasks for the database (the connection budget)',
      () => addBudgetStartup(testApp(), budgetStartupSettings({ web: { maxCapacity: 100 } })),
      [
        /`budget-startup\.web\.dbPoolSize` is 10/,
        /`budget-startup\.web\.maxCapacity` is 100/,
        /Turn on `database\.proxy`, use a `web\.dbPoolSize` of at most \d+ here, or a larger `database\.maxCapacityAcu`/,
      ],
      [/`poolSize`/, /`maxTasks`/, /`proxy`/, /`instanceType`/],
    ],
    [
      'budget-startup: the worker pools (the same prop of the database, other settings)',
      () =>
        addBudgetStartup(testApp(), budgetStartupSettings({ worker: { maxCapacity: 100, dbPoolSize: 10 } })),
      [/`budget-startup\.worker\.dbPoolSize` is 10/, /`budget-startup\.worker\.maxCapacity` is 100/],
      [/`poolSize`/, /`web\.dbPoolSize`/],
    ],
    [
      'budget-startup: a memory size Fargate does not offer',
      () => addBudgetStartup(testApp(), budgetStartupSettings({ web: { memoryLimitMiB: 700 } })),
      [
        /^`budget-startup\.web\.memoryLimitMiB` is 700, `budget-startup\.web\.cpu` is 256: `web\.memoryLimitMiB` must be between 512 and 2048/,
      ],
      [/`memoryLimitMiB`/, /`cpu`/],
    ],
    [
      'budget-startup: a budget limit under 1 USD',
      () => addBudgetStartup(testApp(), budgetStartupSettings({ budget: { monthlyLimitUsd: 0.5 } })),
      [/^`budget-startup\.budget\.monthlyLimitUsd` is 0\.5: `budget\.monthlyLimitUsd` must be between 1/],
      [/`limitUsd`/],
    ],
    [
      'budget-startup: messages that take longer than the SLO lets them wait',
      () =>
        addBudgetStartup(testApp(), budgetStartupSettings({ worker: { messageProcessingTimeSeconds: 400 } })),
      [
        /`budget-startup\.slo\.maxMessageAgeSeconds` is 300/,
        /`budget-startup\.worker\.messageProcessingTimeSeconds` is 400/,
      ],
      [/`targetLatency`/, /`messageProcessingTime`/],
    ],
    [
      'legacy-monolith-uplift: the strangler service over the existing instance’s connections',
      () =>
        addLegacyMonolithUplift(
          testApp(),
          legacyMonolithUpliftSettings({
            database: { maxConnections: 100, secretArn: null },
            strangler: {
              enabled: true,
              maxCapacity: 50,
              image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.0.0',
              originDomainName: 'orders-origin.example.com',
              certificateArn: `arn:${PARTITION}:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
            },
          }),
        ),
      [
        /`legacy-monolith-uplift\.strangler\.databasePoolSize` is 5/,
        /`legacy-monolith-uplift\.strangler\.maxCapacity` is 50/,
        /`legacy-monolith-uplift\.database\.maxConnections` is 100/,
      ],
      [/`poolSize`/, /`maxTasks`/],
    ],
    [
      'multi-region-saas: a pool too large for the writer',
      () => addMultiRegionSaas(testApp(), multiRegionSaasSettings({ web: { dbPoolSize: 200 } })),
      [
        /`multi-region-saas\.web\.dbPoolSize` is 200/,
        /`multi-region-saas\.regions\[\d\]\.maxCapacity` is 60/,
        /or a larger `database\.instanceType`/,
      ],
      [/`poolSize`/, /`maxTasks`/, /`instanceType`/],
    ],
    [
      'multi-region-saas: a task size Fargate does not offer',
      () => addMultiRegionSaas(testApp(), multiRegionSaasSettings({ web: { cpu: 300 } })),
      [/^`multi-region-saas\.web\.cpu` is 300: `web\.cpu` must be one of 256, 512/],
      [/`cpu`/],
    ],
  ])('%s', (_name, build, present, absent) => {
    const line = problem(build);
    for (const pattern of present) expect(line).toMatch(pattern);
    for (const pattern of absent) expect(line).not.toMatch(pattern);
  });
});

// House style: a blueprint builds, or throws a settings error naming the setting and its value.
test('budget-startup over mutated settings: builds, or a BlueprintSettingsError naming the invalid setting', () => {
  // Flat setting paths; every combination of the valid values fits the database's connections.
  const mutations = [
    mutationOf('web.memoryLimitMiB', [512, 1024, 2048], [{ value: 700 }], 6),
    mutationOf('web.maxCapacity', [3, 5, 10], []),
    mutationOf('web.dbPoolSize', [1, 2, 5], [{ value: 5000 }], 6),
    mutationOf('worker.maxCapacity', [1, 5, 10], []),
    mutationOf('database.maxCapacityAcu', [1, 4, 16], []),
    mutationOf('database.proxy', [true, false], []),
    mutationOf('budget.monthlyLimitUsd', [50, 300], [{ value: 0.5 }], 6),
  ];
  const nested = (flat: Record<string, unknown>): Record<string, Record<string, unknown>> => {
    const settings: Record<string, Record<string, unknown>> = {};
    for (const [path, value] of Object.entries(flat)) {
      const [section, key] = path.split('.');
      settings[section] = { ...settings[section], [key]: value };
    }
    return settings;
  };
  // Blueprint builds cost ~50 ms: fewer cases, invalid values drawn as often as valid ones.
  const numRuns = 40;
  runMutations<Record<string, unknown>, unknown>({
    base: { 'web.cpu': 256, 'web.memoryLimitMiB': 512 },
    mutations,
    numRuns,
    build: (flat) => addBudgetStartup(propertyApp(), budgetStartupSettings(nested(flat))),
    rejection: (error) => {
      if (!(error instanceof BlueprintSettingsError)) return undefined;
      const [first] = error.problems;
      const setting = /^`budget-startup\.([\w.]+)`/.exec(first);
      return setting ? { prop: setting[1], message: first } : undefined;
    },
  });
});
