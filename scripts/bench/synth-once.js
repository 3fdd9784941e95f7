// One measured synth in a fresh process: `node synth-once.js <target> <baseline|library|gated>`.
// The parent times the whole process (Node start, loading aws-cdk-lib, construction, synth and
// validation), which is what a user's `cdk synth` pays.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { App } = require('aws-cdk-lib');
const { targets } = require('./targets');

const [targetName, mode] = process.argv.slice(2);
const target = targets.find((t) => t.name === targetName);
if (!target) throw new Error(`unknown bench target ${targetName}`);

const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
// The baseline runs with CDK's defaults (built-in validation on, not strict); the library app as
// `npx cdk synth` runs it: project context, strict, and in `gated` mode all three gates.
const app = new App({ outdir, context: mode === 'baseline' ? {} : cdkJson.context });
if (mode === 'gated') require('../../dist/lib').ComplianceGates.apply(app);
(mode === 'baseline' ? target.baseline : target.library)(app);
app.synth();
fs.rmSync(outdir, { recursive: true, force: true });
