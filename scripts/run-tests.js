#!/usr/bin/env node
// Runs Jest and ends with one countable line: `tests: N passed, N failed`.
// Jest's own summary is not one CI counts, so we read its JSON result file.
//   node scripts/run-tests.js [--release] [jest args]   (--release: the release checks' config)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const release = process.argv.includes('--release');
const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--release');
const resultsFile = path.join(__dirname, '..', release ? '.jest-release-results.json' : '.jest-results.json');
fs.rmSync(resultsFile, { force: true });

const jestBin = require.resolve('jest/bin/jest');
const run = spawnSync(
  process.execPath,
  [
    jestBin,
    ...(release ? ['--config', path.join(__dirname, '..', 'jest.release.config.js')] : []),
    '--json',
    `--outputFile=${resultsFile}`,
    ...jestArgs,
  ],
  { stdio: 'inherit', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } },
);

let passed = 0;
let failed = 0;
let suitesFailed = 0;
if (fs.existsSync(resultsFile)) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  // A suite that fails to load has no test results: count it as a failure.
  suitesFailed = results.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
} else {
  failed = 1;
}
console.log(`${release ? 'release checks' : 'tests'}: ${passed} passed, ${failed + suitesFailed} failed`);
process.exit(run.status === 0 && failed + suitesFailed === 0 ? 0 : 1);
