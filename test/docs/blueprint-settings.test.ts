// The settings tables of the blueprint pages give the defaults the schemas apply: a row whose
// default cell is a plain value (settings are lower camel case: environment-variable tables are not
// settings) (a number, `true`/`false`, a backticked string or `[]`, several joined
// with " / ") is compared with the default of each setting it names. Prose cells are not read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { budgetStartupSettings } from '../../blueprints/budget-startup';
import { legacyMonolithUpliftSettings } from '../../blueprints/legacy-monolith-uplift';
import { multiRegionSaasSettings } from '../../blueprints/multi-region-saas';
import { settingValue } from '../../blueprints/setting-names';

const DOCS = path.join(__dirname, '..', '..', 'docs', 'blueprints');

/** The plain value of a default cell, or `unreadable` for prose. */
function plainValue(cell: string): unknown {
  const text = cell.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === '`true`' || text === 'true') return true;
  if (text === '`false`' || text === 'false') return false;
  if (text === '`[]`') return [];
  if (text === '`null`' || text === 'null') return null;
  const quoted = /^`([^`]*)`$/.exec(text);
  return quoted ? quoted[1] : UNREADABLE;
}
const UNREADABLE = Symbol('unreadable');

/** `(setting, documented default)` for each readable row of the page's settings table. */
function documentedDefaults(page: string): Array<[string, unknown]> {
  const text = fs.readFileSync(path.join(DOCS, page), 'utf8');
  const out: Array<[string, unknown]> = [];
  for (const line of text.split('\n')) {
    const cells = /^\| (`[a-z][\w.[\]]*`(?:(?: \/|,) `\.?[a-zA-Z][\w.[\]]*`)*) \| ([^|]+) \|/.exec(line);
    if (!cells) continue;
    // `a.b` / `.c`, or `a.b`, `a.c`; a list's first item stands for `list[]`.
    const names = cells[1].split(/ \/ |, /).map((n) => n.replace(/`/g, '').replace(/\[\]/g, '[0]'));
    const values = cells[2].split(/ \/ |, /).map(plainValue);
    if (values.length !== names.length || values.some((v) => v === UNREADABLE)) continue;
    const parent = names[0].includes('.') ? names[0].slice(0, names[0].lastIndexOf('.') + 1) : '';
    names.forEach((name, i) => {
      // `.c` and `c` are siblings of the first; `a.c` is a full path.
      const relative = i > 0 && (name.startsWith('.') || !name.includes('.'));
      const setting = relative ? `${parent}${name.replace(/^\./, '')}` : name;
      out.push([setting, values[i]]);
    });
  }
  return out;
}

test.each([
  ['budget-startup.md', budgetStartupSettings()],
  ['legacy-monolith-uplift.md', legacyMonolithUpliftSettings()],
  ['multi-region-saas.md', multiRegionSaasSettings()],
])('%s: the defaults of the settings table are the schema defaults', (page, defaults) => {
  const rows = documentedDefaults(page);
  expect(rows.length).toBeGreaterThan(8);
  const wrong = rows
    .filter(
      ([setting, documented]) =>
        JSON.stringify(settingValue(defaults, setting)) !== JSON.stringify(documented),
    )
    .map(
      ([setting, documented]) =>
        `${setting}: documented ${JSON.stringify(documented)}, default ${JSON.stringify(settingValue(defaults, setting))}`,
    );
  expect(wrong).toEqual([]);
});
