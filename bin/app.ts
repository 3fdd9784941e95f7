#!/usr/bin/env node
// The CDK app: synthesizes the blueprints registered in blueprints/index.ts, all of them or the one
// picked with `-c blueprint=<name>`, with the three compliance gates on.
import { App } from 'aws-cdk-lib';
import { BLUEPRINTS, selectBlueprints, UnknownBlueprintError } from '../blueprints';
import { BlueprintSettingsError } from '../blueprints/settings';
import { applyComplianceGates, BlueprintValidationError } from '../lib';

const app = new App();
applyComplianceGates(app);
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
app.synth();
