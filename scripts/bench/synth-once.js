// One measured synth in a fresh process: `node synth-once.js <target> <baseline|library|gated>`.
// The parent times the whole process (Node start, loading aws-cdk-lib, construction, synth and
// validation), which is what a user's `cdk synth` pays; this prints the number of resources synthesized.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { App } = require('aws-cdk-lib');
const { dist, targets } = require('./targets');

const [targetName, mode] = process.argv.slice(2);
const target = targets.find((t) => t.name === targetName);
if (!target) throw new Error(`unknown bench target ${targetName}`);

const { context } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
// The same feature flags for all three modes: cdk.json's context without the two keys that make the
// built-in validation strict (those belong to the gates). The baseline and the library app run the
// built-in CloudFormation validation as CDK does by default; `gated` adds strictness and the three
// plugins, as `npx cdk synth` of this project runs them.
const { ComplianceGates } = require(path.join(dist, 'lib'));
const flags = Object.fromEntries(
  Object.entries(context).filter(
    ([key]) =>
      key !== ComplianceGates.VALIDATE_AGAINST_DEFAULT_RULES_CONTEXT &&
      key !== ComplianceGates.STRICT_VALIDATION_CONTEXT,
  ),
);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
const app = new App({ outdir, context: flags, analyticsReporting: false });
if (mode === 'gated') ComplianceGates.apply(app);
(mode === 'baseline' ? target.baseline : target.library)(app);
const assembly = app.synth();
const resources = assembly.stacks.reduce(
  (sum, stack) => sum + Object.keys(stack.template.Resources ?? {}).length,
  0,
);
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ resources }));
