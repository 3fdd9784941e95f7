import * as fs from 'node:fs';
import * as path from 'node:path';

// Warning ids are public API: every one the constructs raise is listed in docs/warnings.md, and
// every id follows `<Construct>:<prop>`.
const ROOT = path.join(__dirname, '..', '..');

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('every warning a construct raises is documented in docs/warnings.md', () => {
  const raised = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'lib'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [, literal, template] of text.matchAll(
      /addWarning\(\s*(?:'([^']+)'|`\$\{[^}]+\}(:[^`]+)`)/g,
    )) {
      if (literal) raised.add(literal);
      // `${scope.constructor.name}:user` is raised by both Fargate constructs.
      if (template) ['WebService', 'QueueWorker'].forEach((name) => raised.add(`${name}${template}`));
    }
  }
  expect(raised.size).toBeGreaterThan(10);
  const documented = fs.readFileSync(path.join(ROOT, 'docs', 'warnings.md'), 'utf8');
  const missing = [...raised].filter((id) => !documented.includes(`\`${id}\``));
  expect(missing).toEqual([]);
  for (const id of raised) expect(id).toMatch(/^[A-Z][A-Za-z]+:[a-zA-Z0-9]+$/);
});
