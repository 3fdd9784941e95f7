// Baseline deltas and the formats, on hand-made reports: percentages compare in points, every
// format writes the same verdict and figures.
import { compareReports, delta } from '../src/baseline';
import { formatReport } from '../src/format';
import { formatMarkdown } from '../src/format-markdown';
import { formatTable } from '../src/format-table';
import { judge } from '../src/judge';
import { formatValue } from '../src/units';
import { flat, HEALTHY, input, series } from './support/series';

const before = judge(input({ ...HEALTHY, w_latency: series([0.72]), dbConnections: series(flat(90)) }));
const after = judge(input({ ...HEALTHY, w_latency: series([0.41]) }));

test('deltas say better or worse according to the direction of each target', () => {
  const cmp = compareReports(before, after);
  expect(cmp.slos.find((d) => d.id === 'latencyP95Ms')).toMatchObject({
    before: 720,
    after: 410,
    delta: -310,
    change: 'better',
  });
  expect(cmp.signals.find((d) => d.id === 'dbConnections')).toMatchObject({
    before: 90,
    after: 30,
    change: 'better',
  });
  expect(cmp.signals.find((d) => d.id === 'hitRate')).toMatchObject({ change: 'same' });
  expect(compareReports(after, before).slos[0].change).toBe('worse');
});

test('percentages move in points: a drop near 100 % is not "same"', () => {
  // Relative change: 0.16 %; in points: 0.16, four times the errors.
  expect(delta('a', 'availability', '%', 99.96, 99.8, 1)).toMatchObject({
    delta: -0.16,
    relativePercent: null,
    change: 'worse',
  });
  expect(delta('e', 'error rate', '%', 0.04, 0.2, -1)).toMatchObject({ delta: 0.16, change: 'worse' });
  expect(delta('a', 'availability', '%', 99.96, 99.955, 1).change).toBe('same');
  expect(delta('l', 'latency', 'ms', 500, 503, -1)).toMatchObject({ relativePercent: 0.6, change: 'same' });
});

test('the table has every section, no colour codes unless asked', () => {
  const text = formatTable({ ...after, comparison: compareReports(before, after) }, false);
  expect(text).toContain(
    'PASS: all 2 SLOs met over the window (not measured by this stack: p99 latency, availability, oldest message age)',
  );
  expect(text).toContain('vs baseline');
  expect(text).toContain('-310 ms (-43%), better');
  expect(text).not.toContain('\u001b[');
  expect(formatTable(before, true)).toContain('\u001b[');
});

test('markdown is a ticket: verdict, SLO table, bottlenecks, tiers folded', () => {
  const md = formatMarkdown(before);
  expect(md).toMatch(/^## scaling-blueprints audit: Shop/);
  expect(md).toContain('**BREACH: 1 of 2 SLOs breached over the window (p95 latency)');
  expect(md).toContain('| p95 latency | ≤ 500 ms | 720 ms | — | max 200 ms (1-min) | ❌ **fail** |');
  expect(md).toContain('Database connection pool exhaustion');
  expect(md).toContain('<details><summary>Saturation and health by tier</summary>');
});

test('JSON is the report itself; compact is plain text', () => {
  expect(JSON.parse(formatReport(before, 'json', false))).toEqual(JSON.parse(JSON.stringify(before)));
  expect(formatReport(before, 'compact', false)).toMatch(
    /^Shop \(budget-startup\) eu-west-1 · 2026-03-09 00:00Z → 01:00Z \(1h, recorded\)\n/,
  );
});

test('numbers for people: no data is never 0, availability keeps its decimals, bytes in units', () => {
  expect(formatValue(null, 'ms')).toBe('no data');
  expect(formatValue(99.92, '%')).toBe('99.92%');
  expect(formatValue(209_834_463, 'bytes')).toBe('210 MB');
});
