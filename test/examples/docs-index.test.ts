// docs/index.md and the blueprint pages embed copies of the committed Mermaid diagrams: they must
// stay identical to docs/diagrams/*.mmd (scripts/diagrams.js regenerates both). Relative links of the chooser and the
// pitfall guides must point at files that exist.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLUEPRINTS } from '../../blueprints';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { embeddedDiagrams } = require('../../scripts/embedded-diagrams') as {
  embeddedDiagrams: (root: string) => Array<{ page: string; diagram: string }>;
};

const DOCS = path.join(__dirname, '..', '..', 'docs');
const read = (file: string) => fs.readFileSync(file, 'utf8');

test('docs/index.md and every blueprint page embed their generated diagrams', () => {
  const embeddedIn = (page: string) =>
    [...read(path.join(DOCS, page)).matchAll(/<!-- diagram: (docs\/diagrams\/[\w-]+\.mmd) -->/g)].map(
      ([, f]) => f,
    );
  expect(embeddedIn('index.md')).toEqual([
    'docs/diagrams/budget-startup.mmd',
    'docs/diagrams/legacy-monolith-uplift.mmd',
    'docs/diagrams/multi-region-saas.mmd',
  ]);
  for (const blueprint of BLUEPRINTS.map((b) => b.name)) {
    expect(embeddedIn(`blueprints/${blueprint}.md`)).toEqual([`docs/diagrams/${blueprint}.mmd`]);
  }
});

test('every embedded diagram is the committed one (run: node scripts/diagrams.js)', () => {
  expect(embeddedDiagrams(path.join(DOCS, '..'))).toEqual([]);
});

test('relative links in docs/index.md and docs/guides/*.md resolve', () => {
  const pages = [
    path.join(DOCS, 'index.md'),
    ...fs.readdirSync(path.join(DOCS, 'guides')).map((f) => path.join(DOCS, 'guides', f)),
  ];
  const broken: string[] = [];
  for (const page of pages) {
    for (const [, target] of read(page).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      if (!fs.existsSync(path.resolve(path.dirname(page), target))) {
        broken.push(`${path.relative(DOCS, page)} → ${target}`);
      }
    }
  }
  expect(broken).toEqual([]);
});
