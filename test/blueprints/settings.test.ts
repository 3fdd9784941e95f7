import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import {
  BlueprintSettingsError,
  closestKey,
  parseSettings,
  projectSettings,
  readSettings,
  serviceLevelObjectives,
  sharedSchemas,
} from '../../blueprints/settings';
import { testApp } from '../support/app';

const schema = z
  .object({
    environment: sharedSchemas.environment,
    slo: sharedSchemas.slo,
    web: z
      .object({
        minCapacity: z.number().int().min(1).default(1),
        maxCapacity: z.number().int().min(1).default(6),
      })
      .strict()
      .prefault({}),
  })
  .strict();

describe('blueprint settings', () => {
  test('defaults synthesize offline: dummy account, fixed region, SLOs as numbers', () => {
    const settings = readSettings(testApp(), 'demo', schema);
    expect(settings.environment).toEqual({ account: '123456789012', region: 'eu-west-1' });
    expect(settings.slo).toEqual({
      latencyP95Ms: 500,
      latencyP99Ms: 1500,
      errorRatePercent: 1,
      availabilityPercent: 99.9,
      maxMessageAgeSeconds: 300,
    });
    expect(settings.web).toEqual({ minCapacity: 1, maxCapacity: 6 });
  });

  test('the context key named after the blueprint overrides defaults, deeply', () => {
    const app = testApp({ context: { demo: { web: { maxCapacity: 8 } } } });
    expect(readSettings(app, 'demo', schema).web).toEqual({ minCapacity: 1, maxCapacity: 8 });
  });

  test('a JSON string on the command line works too', () => {
    const app = testApp({ context: { demo: '{"environment":{"region":"us-east-1"}}' } });
    expect(readSettings(app, 'demo', schema).environment.region).toBe('us-east-1');
  });

  // The CDK CLI replaces the whole context key with a -c value: the project's cdk.json block is read
  // again and the command line merged over it (test/bin/app.release.test.ts runs the real CLI).
  describe('the project cdk.json block and a -c value on the command line', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-project-'));
    fs.writeFileSync(
      path.join(project, 'cdk.json'),
      JSON.stringify({ app: 'node app.js', context: { demo: { web: { minCapacity: 2, maxCapacity: 4 } } } }),
    );
    const read = (context: Record<string, unknown>) =>
      readSettings(testApp({ context }), 'demo', schema, { projectDirectory: project });

    test('without -c: the cdk.json block (which the CLI passes as the context value)', () => {
      expect(read({ demo: { web: { minCapacity: 2, maxCapacity: 4 } } }).web).toEqual({
        minCapacity: 2,
        maxCapacity: 4,
      });
    });

    test('-c <blueprint>=<json> is merged over the cdk.json block, not instead of it', () => {
      expect(read({ demo: '{"web":{"maxCapacity":10}}' }).web).toEqual({ minCapacity: 2, maxCapacity: 10 });
    });

    test('-c config=file wins over both', () => {
      const file = path.join(project, 'settings.json');
      fs.writeFileSync(file, JSON.stringify({ demo: { web: { maxCapacity: 12 } } }));
      expect(read({ demo: '{"web":{"maxCapacity":10}}', config: file }).web).toEqual({
        minCapacity: 2,
        maxCapacity: 12,
      });
    });

    test('no cdk.json: nothing to merge', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-empty-'));
      expect(projectSettings('demo', empty)).toEqual({});
      expect(projectSettings('demo', project)).toEqual({ web: { minCapacity: 2, maxCapacity: 4 } });
    });
  });

  test('-c config=file overrides the context', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'settings-')), 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ demo: { web: { minCapacity: 2 } } }));
    const app = testApp({ context: { config: file, demo: { web: { minCapacity: 3, maxCapacity: 9 } } } });
    expect(readSettings(app, 'demo', schema).web).toEqual({ minCapacity: 2, maxCapacity: 9 });
  });

  test('a negative capacity is one line, not one per broken check', () => {
    const capacity = z.object({ n: z.number().int().min(0).max(1000).min(1) });
    let error: unknown;
    try {
      parseSettings('demo', capacity, { n: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BlueprintSettingsError);
    expect((error as BlueprintSettingsError).problems).toEqual([
      '`demo.n`: Too small: expected number to be >=0, got: -1',
    ]);
  });

  test('list items are named with their index', () => {
    const list = z.object({ regions: z.array(z.object({ region: z.string() }).strict()) });
    expect(() => parseSettings('demo', list, { regions: [{ region: 'a' }, { regon: 'b' }] })).toThrow(
      /`demo\.regions\[1\]\.regon`: unknown setting: did you mean `region`\?/,
    );
  });

  test('closestKey: one edit per three letters, case ignored, the closest wins', () => {
    expect(closestKey('maxCapacty', ['minCapacity', 'maxCapacity'])).toBe('maxCapacity');
    expect(closestKey('mnCapacity', ['minCapacity', 'maxCapacity'])).toBe('minCapacity');
    expect(closestKey('imgae', ['image', 'command'])).toBe('image');
    expect(closestKey('region', ['account'])).toBeUndefined();
  });

  test('a missing config file is a clear error', () => {
    const app = testApp({ context: { config: '/nonexistent/settings.json' } });
    expect(() => readSettings(app, 'demo', schema)).toThrow(
      /`config`: settings file not found: \/nonexistent\/settings.json/,
    );
  });

  test("serviceLevelObjectives gives Observability's slo prop, units applied", () => {
    const slo = serviceLevelObjectives(readSettings(testApp(), 'demo', schema).slo);
    expect(slo.latencyP95?.toMilliseconds()).toBe(500);
    expect(slo.latencyP99?.toMilliseconds()).toBe(1500);
    expect(slo.maxMessageAge?.toSeconds()).toBe(300);
    expect(slo).toMatchObject({ errorRatePercent: 1, availabilityPercent: 99.9 });
  });

  test.each([
    [{ web: { maxCapacity: 0 } }, /`demo\.web\.maxCapacity`: Too small: expected number to be >=1, got: 0/],
    [
      { slo: { latencyP95Ms: 900, latencyP99Ms: 600 } },
      /`demo\.slo\.latencyP99Ms`: latencyP99Ms must be at least latencyP95Ms, got: 600/,
    ],
    [
      { environment: { account: '42' } },
      /`demo\.environment\.account`: must be a 12-digit AWS account id, got: "42"/,
    ],
    [{ environment: { region: 'mars-1' } }, /`demo\.environment\.region`: must be an AWS region name/],
    [{ wbe: {} }, /`demo\.wbe`: unknown setting: did you mean `web`\?/],
    [{ web: { maxCapacty: 10 } }, /`demo\.web\.maxCapacty`: unknown setting: did you mean `maxCapacity`\?/],
    [{ web: { maxcapacity: 10 } }, /`demo\.web\.maxcapacity`: unknown setting: did you mean `maxCapacity`\?/],
    [
      { web: { size: 10 } },
      /`demo\.web\.size`: unknown setting; valid settings here: minCapacity, maxCapacity$/,
    ],
  ])('invalid settings %j name the setting', (raw, message) => {
    expect(() => parseSettings('demo', schema, raw)).toThrow(BlueprintSettingsError);
    expect(() => parseSettings('demo', schema, raw)).toThrow(message);
  });
});
