#!/usr/bin/env node
// The `scaling-blueprints` command: wiring only; the code lives in src/ (compiled to dist/src/ by
// `npm run build`). Plain JavaScript so that the bin link exists right after `npm ci`.
const { processDeps, runCli } = require('../dist/src/program');

runCli(process.argv.slice(2), processDeps()).then((code) => {
  process.exitCode = code;
});
