import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_CONTEXT } from '../../../../test/support/app';
import {
  rehearsalPageFiles,
  REHEARSED_BLUEPRINTS,
  replaceRehearsalBlock,
  staleRehearsalFiles,
  writeRehearsalFiles,
} from '../../src/rehearse/blueprint-pages';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

describe('the rehearsals on the blueprint pages', () => {
  const files = rehearsalPageFiles(ROOT, PROJECT_CONTEXT);

  test('docs/rehearsals and the marked blocks of docs/blueprints are up to date (run: node scripts/rehearsals.js)', () => {
    expect(Object.keys(files.charts).sort()).toEqual(
      REHEARSED_BLUEPRINTS.map((b) => `docs/rehearsals/${b}-step-10x.svg`).sort(),
    );
    expect(staleRehearsalFiles(ROOT, files)).toEqual([]);
  });

  test('only the marked block of a page is rewritten', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-pages-'));
    fs.mkdirSync(path.join(directory, 'docs', 'blueprints'), { recursive: true });
    const page = (b: string) => path.join(directory, 'docs', 'blueprints', `${b}.md`);
    fs.writeFileSync(
      page('budget-startup'),
      '# Budget\n\nintro\n\n<!-- rehearsal: budget-startup -->\nold\n<!-- /rehearsal -->\n\nmore\n',
    );
    fs.writeFileSync(page('multi-region-saas'), '# No markers here\n');
    const result = writeRehearsalFiles(directory, files);
    expect(result.missingMarkers).toEqual(['docs/blueprints/multi-region-saas.md']);
    const written = fs.readFileSync(page('budget-startup'), 'utf8');
    expect(written.startsWith('# Budget\n\nintro\n\n<!-- rehearsal: budget-startup -->\n')).toBe(true);
    expect(written.endsWith('<!-- /rehearsal -->\n\nmore\n')).toBe(true);
    expect(written).not.toContain('\nold\n');
    expect(fs.readFileSync(page('multi-region-saas'), 'utf8')).toBe('# No markers here\n');
    expect(replaceRehearsalBlock('no markers', 'budget-startup', 'x')).toBeUndefined();
  });
});
