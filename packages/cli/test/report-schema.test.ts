// docs/schemas/audit-report.schema.json describes every report the audit writes: each field present,
// of its type, with its values, and no field left undocumented. Checked with the subset of JSON
// Schema the file uses (type, const, enum, required, properties, additionalProperties, items,
// maxItems, $ref), on reports of every verdict, with and without a comparison.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareReports } from '../src/baseline';
import { judge } from '../src/judge';
import { readRecording } from '../src/recording';
import { EXAMPLE_RECORDING } from './support/build-cli';
import { HEALTHY, input } from './support/series';

interface Schema {
  readonly type?: string | string[];
  readonly const?: unknown;
  readonly enum?: unknown[];
  readonly required?: string[];
  readonly properties?: Record<string, Schema>;
  readonly additionalProperties?: Schema;
  readonly items?: Schema;
  readonly maxItems?: number;
  readonly $ref?: string;
}

const schema = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', '..', 'docs', 'schemas', 'audit-report.schema.json'),
    'utf8',
  ),
) as Schema & { $defs: Record<string, Schema> };

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

function check(value: unknown, s: Schema, at: string, errors: string[]): void {
  if (s.$ref) return check(value, schema.$defs[s.$ref.replace('#/$defs/', '')], at, errors);
  const types = s.type === undefined ? undefined : ([] as string[]).concat(s.type);
  if (types && !typeOf(value).some((t) => types.includes(t)))
    errors.push(`${at}: ${typeOf(value)[0]}, not ${types}`);
  if (value === null) return;
  if ('const' in s && value !== s.const) errors.push(`${at}: ${JSON.stringify(value)}, not ${s.const}`);
  if (s.enum && !s.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in ${s.enum}`);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in obj)) errors.push(`${at}.${key}: missing`);
    for (const [key, v] of Object.entries(obj)) {
      const property = s.properties?.[key] ?? s.additionalProperties;
      if (property) check(v, property, `${at}.${key}`, errors);
      else if (s.properties && v !== undefined) errors.push(`${at}.${key}: not in the schema`);
    }
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems)
      errors.push(`${at}: more than ${s.maxItems} items`);
    value.forEach((item, i) => s.items && check(item, s.items, `${at}[${i}]`, errors));
  }
}

const example = judge(readRecording(EXAMPLE_RECORDING));
test.each([
  ['a breach (the example)', example],
  ['a pass', judge(input(HEALTHY))],
  ['insufficient data', judge(input({}))],
  ['a comparison', { ...example, comparison: compareReports(judge(input(HEALTHY)), example) }],
])('%s follows the report schema', (_name, report) => {
  const errors: string[] = [];
  check(JSON.parse(JSON.stringify(report)), schema, '$', errors);
  expect(errors).toEqual([]);
});
