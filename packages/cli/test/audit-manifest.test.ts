/* eslint-disable @typescript-eslint/no-explicit-any -- the cases mutate parsed JSON freely */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AUDIT_MANIFEST_JSON_SCHEMA,
  AUDIT_MANIFEST_VERSION,
  auditManifestParameterName,
  AuditManifestError,
  compactAuditManifest,
  validateAuditManifest,
} from 'cdk-scaling-blueprints/audit-manifest';
import { SMALL_MANIFEST, SMALL_MANIFEST_JSON } from './support/manifests';

const clone = (): any => JSON.parse(SMALL_MANIFEST_JSON);

describe('validateAuditManifest', () => {
  test('reads version 2 and resolves the tier defaults back to complete signals', () => {
    expect(AUDIT_MANIFEST_VERSION).toBe(2);
    const published = clone();
    // The compact form: the web tier gives the namespace, statistic, period and kind once.
    expect(published.tiers[0]).toMatchObject({ ns: 'AWS/Test', s: 'Sum', p: 60, k: 'errors' });
    expect(published.tiers[0].signals[0]).toEqual({
      id: 'latency',
      l: 'latency',
      k: 'latency',
      m: 'latency',
      s: 'p95',
      u: 'ms',
      x: 1000,
      o: 'latencyP95Ms',
    });
    expect(published.tiers[0].signals[4]).toMatchObject({ c: 'cpu', gt: 70 });
    expect(validateAuditManifest(published)).toEqual(SMALL_MANIFEST);
  });

  test('the shipped example validates', () => {
    const example = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../../docs/examples/audit-recording.json'), 'utf8'),
    );
    const manifest = validateAuditManifest(example.manifest);
    expect(manifest.tiers.map((t) => t.tier)).toEqual(['edge', 'web', 'database', 'cache', 'queue']);
    // A us-east-1 stack: CloudFront metrics are read in the manifest's own region, no `r`.
    expect(manifest.tiers[0].signals.every((s) => s.region === undefined)).toBe(true);
    expect(manifest.tiers[1].signals[0]).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      dimensions: { LoadBalancer: expect.stringMatching(/^app\/BudgetStart/) },
    });
  });

  test('a signal overrides its tier; `d: {}` means no dimensions; the manifest region is not repeated', () => {
    const manifest = clone();
    manifest.tiers[0].d = { LoadBalancer: 'app/x/1' };
    manifest.tiers[0].r = 'us-east-1';
    manifest.tiers[0].signals[1].d = {};
    manifest.tiers[0].signals[1].r = 'eu-west-1';
    manifest.tiers[0].signals[2].ns = 'AWS/Other';
    const [latency, requests, errors] = validateAuditManifest(manifest).tiers[0].signals;
    expect(latency).toMatchObject({ dimensions: { LoadBalancer: 'app/x/1' }, region: 'us-east-1' });
    expect(requests.dimensions).toBeUndefined();
    expect(requests.region).toBeUndefined();
    expect(errors).toMatchObject({ namespace: 'AWS/Other', dimensions: { LoadBalancer: 'app/x/1' } });
  });

  test('compacting then validating gives the same manifest for varied tiers', () => {
    const varied = {
      ...SMALL_MANIFEST,
      tiers: SMALL_MANIFEST.tiers.map((tier, i) => ({
        ...tier,
        signals: tier.signals.map((s, j) =>
          s.expression
            ? s
            : {
                ...s,
                dimensions: j % 2 ? { A: `a${i}` } : { A: `a${i}`, B: 'b' },
                ...(j === 0 && { region: 'us-east-1' }),
                ...(j === 2 && { period: 300 }),
              },
        ),
      })),
    };
    expect(validateAuditManifest(JSON.parse(JSON.stringify(compactAuditManifest(varied))))).toEqual(varied);
  });

  test.each([
    [
      'version',
      (m: any) => (m.version = 1),
      '`$.version` must be 2 (this tool reads manifest version 2; redeploy the stack with this version of the library), got: 1',
    ],
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
      'tier default',
      (m: any) => (m.tiers[0].p = 90),
      '`$.tiers[0].p` must be 1, 5, 10, 30 or a multiple of 60 (seconds), got: 90',
    ],
    [
      'missing inherited value',
      (m: any) => delete m.tiers[0].ns,
      '`$.tiers[0].signals[0].ns` must be a CloudWatch namespace, got: nothing (and $.tiers[0] has no default `ns`)',
    ],
    [
      'signal id',
      (m: any) => (m.tiers[0].signals[0].id = 'P95'),
      '`$.tiers[0].signals[0].id` must be a lower-case letter',
    ],
    ['reserved id', (m: any) => (m.tiers[0].signals[0].id = 'w_latency'), 'reserved by the audit'],
    ['duplicate id', (m: any) => (m.tiers[1].signals[0].id = 'cpu'), "repeats the id 'cpu'"],
    ['period', (m: any) => (m.tiers[0].signals[0].p = 90), '1, 5, 10, 30 or a multiple of 60'],
    [
      'stat',
      (m: any) => (m.tiers[0].signals[0].s = 'Median'),
      '`$.tiers[0].signals[0].s` must be a CloudWatch statistic',
    ],
    [
      'unknown property (a version 1 key)',
      (m: any) => (m.tiers[0].signals[0].metricName = 'x'),
      '`$.tiers[0].signals[0].metricName` is not a known property',
    ],
    [
      'metric and expression',
      (m: any) => (m.tiers[0].signals[3].m = 'x'),
      'specify either `e` (an expression) or `m` (a metric name), not both',
    ],
    [
      'neither metric nor expression',
      (m: any) => delete m.tiers[0].signals[0].m,
      '`$.tiers[0].signals[0]` must have `m` (a metric name) or `e` (an expression), got neither',
    ],
    [
      'metric key on an expression',
      (m: any) => (m.tiers[0].signals[3].d = {}),
      '`$.tiers[0].signals[3].d` must not be given for an expression (`e`) signal',
    ],
    [
      'expression refs',
      (m: any) => (m.tiers[0].signals[3].e = '100 * nothing'),
      '`$.tiers[0].signals[3].e` must refer to at least one signal id',
    ],
    [
      'two thresholds',
      (m: any) => (m.tiers[0].signals[4].lt = 10),
      '`$.tiers[0].signals[4]` must have at most one of gt, gte, lt, lte, got: gt, lt',
    ],
    [
      'threshold value',
      (m: any) => (m.tiers[0].signals[4].gt = '70'),
      '`$.tiers[0].signals[4].gt` must be a number',
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
      fs.readFileSync(path.join(__dirname, '../../../docs/schemas/audit-manifest.schema.json'), 'utf8'),
    );
    expect(file).toEqual(JSON.parse(JSON.stringify(AUDIT_MANIFEST_JSON_SCHEMA)));
  });
});
