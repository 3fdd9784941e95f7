import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import {
  BlueprintSettingsError,
  parseSettings,
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

  test('-c config=file overrides the context', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'settings-')), 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ demo: { web: { minCapacity: 2 } } }));
    const app = testApp({ context: { config: file, demo: { web: { minCapacity: 3, maxCapacity: 9 } } } });
    expect(readSettings(app, 'demo', schema).web).toEqual({ minCapacity: 2, maxCapacity: 9 });
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
    [{ wbe: {} }, /`demo`: Unrecognized key: "wbe"/],
  ])('invalid settings %j name the setting', (raw, message) => {
    expect(() => parseSettings('demo', schema, raw)).toThrow(BlueprintSettingsError);
    expect(() => parseSettings('demo', schema, raw)).toThrow(message);
  });
});
