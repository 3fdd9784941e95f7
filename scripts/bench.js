#!/usr/bin/env node
// `npm run bench`: synth wall time of each target (median of N fresh processes) for a plain
// aws-cdk-lib baseline of the same resources, the library app, and the library app with all three
// compliance gates, all in the same run; then, with --tests, the wall time of the test suite.
//   node scripts/bench.js [--runs 5] [--target name] [--tests]
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const Table = require('cli-table3');
const { targets } = require('./bench/targets');

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const only = args.includes('--target') ? args[args.indexOf('--target') + 1] : undefined;
const root = path.join(__dirname, '..');

function timeCommand(command, commandArgs, env = {}) {
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
  const measure = (mode) => {
    const samples = [];
    for (let i = 0; i < runs; i++)
      samples.push(timeCommand(process.execPath, ['scripts/bench/synth-once.js', target.name, mode]));
    return median(samples);
  };
  const baseline = measure('baseline');
  const library = measure('library');
  const gated = measure('gated');
  rows.push({ target: target.name, baseline, library, gated });
}

const table = new Table({
  head: ['target', 'aws-cdk-lib baseline', 'library', 'ratio', 'library + 3 gates', 'ratio'],
  style: { head: [], border: [] },
});
for (const r of rows) {
  table.push([
    r.target,
    seconds(r.baseline),
    seconds(r.library),
    `${(r.library / r.baseline).toFixed(2)}x`,
    seconds(r.gated),
    `${(r.gated / r.baseline).toFixed(2)}x`,
  ]);
}
console.log(table.toString());

if (args.includes('--tests')) {
  console.log('\nTest suite wall time (npm test, one run) ...');
  console.log(`npm test: ${seconds(timeCommand('npm', ['test', '--silent']))}`);
}
