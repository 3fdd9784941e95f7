// Markdown pages embed the committed Mermaid diagrams between a marker and a ```mermaid fence:
//
//   <!-- diagram: docs/diagrams/budget-startup.mmd -->
//   ```mermaid
//   ...
//   ```
//
// `embeddedDiagrams(root, { write })` finds every such block under docs/, and either rewrites the
// block with the current .mmd file (write) or returns the blocks that differ from it (check).
const fs = require('node:fs');
const path = require('node:path');

const BLOCK = /<!-- diagram: (docs\/diagrams\/[\w-]+\.mmd) -->\n```mermaid\n([\s\S]*?)```/g;

function markdownFiles(directory) {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'api' ? [] : markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** @returns {{ page: string, diagram: string }[]} the embedded blocks that are (or were) stale */
function embeddedDiagrams(root, { write = false } = {}) {
  const stale = [];
  for (const page of markdownFiles(path.join(root, 'docs'))) {
    const text = fs.readFileSync(page, 'utf8');
    const updated = text.replace(BLOCK, (block, diagram, body) => {
      const file = path.join(root, diagram);
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd() : undefined;
      if (current === undefined || current !== body.trimEnd()) {
        stale.push({ page: path.relative(root, page), diagram });
      }
      return current === undefined
        ? block
        : `<!-- diagram: ${diagram} -->\n\`\`\`mermaid\n${current}\n\`\`\``;
    });
    if (write && updated !== text) fs.writeFileSync(page, updated);
  }
  return stale;
}

module.exports = { embeddedDiagrams };
