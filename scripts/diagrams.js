#!/usr/bin/env node
// Regenerates the architecture diagram of every blueprint registered in blueprints/index.ts:
// docs/diagrams/<blueprint>.mmd (Mermaid) and docs/diagrams/<blueprint>.svg (WebAssembly Graphviz),
// and the copies embedded in the docs pages (see scripts/embedded-diagrams.js).
//
//   node scripts/diagrams.js           compile (tsc), synthesize offline and write the diagrams
//   node scripts/diagrams.js --check   exit 1 when a committed diagram is missing or out of date
//   --no-build                         use dist/ as it is
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { embeddedDiagrams } = require('./embedded-diagrams');

const root = path.join(__dirname, '..');
const outputDirectory = path.join(root, 'docs', 'diagrams');
const args = process.argv.slice(2);
const check = args.includes('--check');

async function main() {
  if (!args.includes('--no-build')) {
    // The construct library first: the CLI package (which draws) compiles against its dist/.
    for (const project of ['tsconfig.json', 'packages/cli/tsconfig.json']) {
      const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], {
        cwd: root,
        stdio: 'inherit',
      });
      // tsc still emits when some file has a type error; go on with what was compiled.
      if (tsc.status !== 0)
        console.warn(`warning: tsc reported errors in ${project}; drawing from what it emitted`);
    }
  }
  const { BLUEPRINTS } = require(path.join(root, 'dist', 'blueprints'));
  const { blueprintDiagramFiles, staleDiagramFiles, writeDiagramFiles } = require(
    path.join(root, 'packages', 'cli', 'dist', 'src', 'diagram'),
  );
  const { context } = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'));
  const files = await blueprintDiagramFiles(BLUEPRINTS, { context });

  if (check) {
    const stale = [
      ...staleDiagramFiles(outputDirectory, files),
      ...embeddedDiagrams(root).map((e) => `${e.diagram} in ${e.page}`),
    ];
    if (stale.length > 0) {
      console.error(
        `Out-of-date diagrams in docs/diagrams: ${stale.join(', ')}. Run: node scripts/diagrams.js`,
      );
      process.exit(1);
    }
    console.log(`${Object.keys(files).length} diagrams up to date`);
    return;
  }
  const changed = writeDiagramFiles(outputDirectory, files);
  const pages = [...new Set(embeddedDiagrams(root, { write: true }).map((e) => e.page))];
  console.log(changed.length > 0 ? `wrote ${changed.join(', ')}` : 'diagrams already up to date');
  if (pages.length > 0) console.log(`updated the diagrams embedded in ${pages.join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
