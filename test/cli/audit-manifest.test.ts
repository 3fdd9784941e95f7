/* eslint-disable @typescript-eslint/no-explicit-any -- the cases mutate parsed JSON freely */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AUDIT_MANIFEST_JSON_SCHEMA,
  auditManifestParameterName,
  AuditManifestError,
  validateAuditManifest,
} from '../../lib/observability/audit-manifest';
import { SMALL_MANIFEST } from './support/manifests';

const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(SMALL_MANIFEST));

describe('validateAuditManifest', () => {
  test('accepts a valid manifest and the shipped example', () => {
    expect(validateAuditManifest(clone())).toEqual(SMALL_MANIFEST);
    const example = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../docs/examples/audit-recording.json'), 'utf8'),
    );
    expect(validateAuditManifest(example.manifest).tiers).toHaveLength(5);
  });

  test.each([
    ['version', (m: any) => (m.version = 2), '`$.version` must be 1'],
    [
      'slo target',
      (m: any) => delete m.slo.latencyP95Ms,
      '`$.slo.latencyP95Ms` must be a number, got: nothing',
    ],
    [
      'tier kind',
      (m: any) => (m.tiers[0].tier = 'lambda'),
      '`$.tiers[0].tier` must be one of edge, web, database, cache, queue',
    ],
    [
      'signal id',
      (m: any) => (m.tiers[0].signals[0].id = 'P95'),
      '`$.tiers[0].signals[0].id` must be a lower-case letter',
    ],
    ['reserved id', (m: any) => (m.tiers[0].signals[0].id = 'w_latency'), 'reserved by the audit'],
    ['duplicate id', (m: any) => (m.tiers[1].signals[0].id = 'cpu'), "repeats the id 'cpu'"],
    ['period', (m: any) => (m.tiers[0].signals[0].period = 90), '1, 5, 10, 30 or a multiple of 60'],
    ['stat', (m: any) => (m.tiers[0].signals[0].stat = 'Median'), 'must be a CloudWatch statistic'],
    [
      'unknown property',
      (m: any) => (m.tiers[0].signals[0].colour = 'red'),
      '`$.tiers[0].signals[0].colour` is not a known property',
    ],
    [
      'expression refs',
      (m: any) => (m.tiers[0].signals[3].expression = '100 * nothing'),
      'must refer to at least one signal id',
    ],
    [
      'threshold',
      (m: any) => (m.tiers[0].signals[4].threshold = { comparison: 'above', value: 1 }),
      'must be one of gt, gte, lt, lte',
    ],
    ['alarms', (m: any) => (m.alarms = ['']), '`$.alarms` must be an array of alarm names'],
  ])('rejects a bad %s with a message naming the path', (_name, mutate, message) => {
    const manifest = clone();
    mutate(manifest);
    expect(() => validateAuditManifest(manifest)).toThrow(AuditManifestError);
    expect(() => validateAuditManifest(manifest)).toThrow(message);
  });

  test('the parameter name and the published JSON Schema file', () => {
    expect(auditManifestParameterName('Shop')).toBe('/scaling-blueprints/Shop/audit-manifest');
    const file = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../docs/schemas/audit-manifest.schema.json'), 'utf8'),
    );
    expect(file).toEqual(JSON.parse(JSON.stringify(AUDIT_MANIFEST_JSON_SCHEMA)));
  });
});
