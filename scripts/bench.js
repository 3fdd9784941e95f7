#!/usr/bin/env node
// `npm run bench`: synth wall time of each target (median of N fresh processes) for a plain
// aws-cdk-lib baseline of the same tiers, the library app, and the library app with all the
// compliance gates, all in the same run and with the same feature flags; the resources each
// synthesizes and the time per resource against the baseline's; then, with --tests, the wall time
// of the test suite (`npm test`, median of --test-runs runs, default 3: a shared machine's speed varies
// by a third from one minute to the next) and of the release checks (`npm run test:release`, once).
//   node scripts/bench.js [--runs 5] [--target name] [--tests] [--test-runs 3]
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const Table = require('cli-table3');
const { targets } = require('./bench/targets');

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const testRuns = args.includes('--test-runs') ? Number(args[args.indexOf('--test-runs') + 1]) || 3 : 3;
const only = args.includes('--target') ? args[args.indexOf('--target') + 1] : undefined;
const root = path.join(__dirname, '..');

function timeCommand(command, commandArgs, env = {}, output = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(' ')} failed:\n${result.stderr || result.stdout}`);
  }
  output.stdout = result.stdout;
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log('Building dist/ ...');
timeCommand('npx', ['tsc', '-p', 'tsconfig.json']);
console.log(
  `Synth wall time, median of ${runs} fresh processes (${require('node:os').cpus().length} cores)\n`,
);

const rows = [];
for (const target of targets.filter((t) => !only || t.name === only)) {
  // The three modes interleaved, so that a slower moment of the machine is shared by all three.
  const samples = { baseline: [], library: [], gated: [] };
  const resources = {};
  for (let i = 0; i < runs; i++) {
    for (const mode of Object.keys(samples)) {
      const output = {};
      samples[mode].push(
        timeCommand(process.execPath, ['scripts/bench/synth-once.js', target.name, mode], {}, output),
      );
      resources[mode] = JSON.parse(output.stdout).resources;
    }
  }
  const row = { target: target.name, resources };
  for (const mode of Object.keys(samples)) row[mode] = median(samples[mode]);
  rows.push(row);
}

const table = new Table({
  head: [
    'target',
    'plain aws-cdk-lib',
    'library, no gates',
    'library + gates',
    'per resource vs plain (no gates)',
    'per resource vs plain (gates)',
  ],
  style: { head: [], border: [] },
});
const perResource = (r, mode) => r[mode] / r.resources[mode] / (r.baseline / r.resources.baseline);
for (const r of rows) {
  table.push([
    r.target,
    `${seconds(r.baseline)}, ${r.resources.baseline} resources`,
    `${seconds(r.library)}, ${r.resources.library} resources`,
    seconds(r.gated),
    `${perResource(r, 'library').toFixed(2)}x`,
    `${perResource(r, 'gated').toFixed(2)}x`,
  ]);
}
console.log(table.toString());
console.log(
  'Per resource: (seconds / resources) of the mode divided by that of the plain app. Each synth is a fresh\n' +
    'process (Node start, loading aws-cdk-lib, the built-in validation, the gates), as `cdk synth` runs an app.',
);

if (args.includes('--tests')) {
  console.log(
    `\nTest suite wall time (npm test: median of ${testRuns} runs; the release checks: one run) ...`,
  );
  const suite = Array.from({ length: testRuns }, () => timeCommand('npm', ['test', '--silent']));
  console.log(`npm test: ${seconds(median(suite))} (runs: ${suite.map((ms) => seconds(ms)).join(', ')})`);
  console.log(`npm run test:release: ${seconds(timeCommand('npm', ['run', 'test:release', '--silent']))}`);
}
