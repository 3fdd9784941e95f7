#!/usr/bin/env node
// Regenerates, for every blueprint registered in blueprints/index.ts, from the cost command:
//   - the cost section of docs/blueprints/<name>.md (between `<!-- cost: <name> -->` and `<!-- /cost -->`);
//   - blueprints/<name>/cost-estimate.json (the totals per profile and the budget default they give).
//
//   node scripts/cost-tables.js           compile (tsc), synthesize offline, price, write
//   node scripts/cost-tables.js --check   exit 1 when a section or an estimate is out of date
//   --no-build                            use dist/ as it is
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const check = args.includes('--check');

async function main() {
  if (!args.includes('--no-build')) {
    for (const project of ['tsconfig.json', 'packages/cli/tsconfig.json']) {
      const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], {
        cwd: root,
        stdio: 'inherit',
      });
      if (tsc.status !== 0) {
        console.error(`tsc failed for ${project}: fix the build first`);
        process.exit(1);
      }
    }
  }
  const { BLUEPRINTS } = require(path.join(root, 'dist', 'blueprints'));
  const cost = require(path.join(root, 'packages', 'cli', 'dist', 'src', 'cost'));
  const { sections, estimates } = cost.blueprintCostArtifacts(BLUEPRINTS, root, cost.bundledPriceTable());

  if (check) {
    const stale = [...cost.costSections(root, sections), ...cost.staleCostEstimates(root, estimates)];
    if (stale.length > 0) {
      console.error(`Out-of-date cost tables: ${stale.join(', ')}. Run: node scripts/cost-tables.js`);
      process.exit(1);
    }
    console.log(`${Object.keys(sections).length} cost sections and estimates up to date`);
    return;
  }
  const prettier = require('prettier');
  const written = [];
  for (const [name, estimate] of Object.entries(estimates)) {
    const file = cost.costEstimatePath(root, name);
    const options = (await prettier.resolveConfig(file)) ?? {};
    const text = await prettier.format(JSON.stringify(estimate), { ...options, parser: 'json' });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
      fs.writeFileSync(file, text);
      written.push(path.relative(root, file));
    }
  }
  const pages = cost.costSections(root, sections, { write: true });
  const changed = [...written, ...pages];
  console.log(changed.length > 0 ? `wrote ${changed.join(', ')}` : 'cost tables already up to date');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
