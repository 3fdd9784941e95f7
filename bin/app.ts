#!/usr/bin/env node
// The CDK app: synthesizes the blueprints registered in blueprints/index.ts, all of them or the one
// picked with `-c blueprint=<name>`, through the four compliance gates.
import { App } from 'aws-cdk-lib';
import { BLUEPRINTS, selectBlueprints, UnknownBlueprintError } from '../blueprints';
import { BlueprintSettingsError } from '../blueprints/settings';
import { BlueprintValidationError, ComplianceGates } from '../lib';
import { formatFindings } from './findings';

// No AWS::CDK::Metadata resource: the built-in validation (cfn-lint) skips some rules, W3010
// hard-coded Availability Zones among them, in a template that has one, and the CDK CLI's version
// reporting adds it where tests do not. Without it `cdk synth` checks what the tests check.
const app = new App({ analyticsReporting: false });
ComplianceGates.apply(app);
try {
  for (const blueprint of selectBlueprints(BLUEPRINTS, app.node.tryGetContext('blueprint'))) {
    blueprint.addTo(app);
  }
} catch (error) {
  // Expected input errors get one clear line, not a stack trace.
  if (
    error instanceof UnknownBlueprintError ||
    error instanceof BlueprintSettingsError ||
    error instanceof BlueprintValidationError
  ) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
// The CDK CLI fails a synth on an error finding but only prints a warning one, even with the strict
// flag of cdk.json: the app reads the same validation report as `synthesizeWithFindings` in the
// tests and fails on any unacknowledged finding, warnings included.
const { findings } = ComplianceGates.synthesizeWithFindings(app);
if (findings.length > 0) {
  console.error(formatFindings(findings));
  process.exitCode = 1;
}
