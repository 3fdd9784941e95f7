#!/usr/bin/env node
// The `scaling-blueprints` command: wiring only; the code lives in lib/cli/.
import { processDeps, runCli } from '../lib/cli/program';

runCli(process.argv.slice(2), processDeps()).then((code) => {
  process.exitCode = code;
});
