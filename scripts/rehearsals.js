#!/usr/bin/env node
// Regenerates the rehearsal of a 10× step each blueprint page shows: docs/rehearsals/<blueprint>-step-10x.svg
// and the figures block between `<!-- rehearsal: <blueprint> -->` and `<!-- /rehearsal -->` in
// docs/blueprints/<blueprint>.md (nothing else on the page is touched).
//
//   node scripts/rehearsals.js           compile (tsc), synthesize offline, rehearse and write
//   node scripts/rehearsals.js --check   exit 1 when a chart or a block is missing or out of date
//   --no-build                           use dist/ as it is
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const check = args.includes('--check');

if (!args.includes('--no-build')) {
  // The construct library first: the CLI package compiles against its dist/.
  for (const project of ['tsconfig.json', 'packages/cli/tsconfig.json']) {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], {
      cwd: root,
      stdio: 'inherit',
    });
    if (tsc.status !== 0)
      console.warn(`warning: tsc reported errors in ${project}; rehearsing with what it emitted`);
  }
}
const pages = require(path.join(root, 'packages', 'cli', 'dist', 'src', 'rehearse', 'blueprint-pages'));
const { context } = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'));
const files = pages.rehearsalPageFiles(root, context);

if (check) {
  const stale = pages.staleRehearsalFiles(root, files);
  if (stale.length > 0) {
    console.error(`Out-of-date rehearsals: ${stale.join(', ')}. Run: node scripts/rehearsals.js`);
    process.exit(1);
  }
  console.log(`${Object.keys(files.charts).length} rehearsals up to date`);
} else {
  const { changed, missingMarkers } = pages.writeRehearsalFiles(root, files);
  console.log(changed.length > 0 ? `wrote ${changed.join(', ')}` : 'rehearsals already up to date');
  for (const page of missingMarkers) {
    console.warn(
      `warning: ${page} has no <!-- rehearsal: ... --> markers: add them where the figures belong`,
    );
  }
}
