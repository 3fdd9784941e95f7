import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLUEPRINTS } from 'cdk-scaling-blueprints/blueprints';
import { blueprintDiagramFiles, renderDiagramCommand, staleDiagramFiles } from '../../src/diagram';
import { PROJECT_CONTEXT } from '../../../../test/support/app';

const DIAGRAMS = path.join(__dirname, '..', '..', '..', '..', 'docs', 'diagrams');

describe('committed diagrams', () => {
  test('docs/diagrams is up to date with every registered blueprint (run: node scripts/diagrams.js)', async () => {
    const files = await blueprintDiagramFiles(BLUEPRINTS, { context: PROJECT_CONTEXT });
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(BLUEPRINTS.flatMap((b) => [`${b.name}.mmd`, `${b.name}.svg`])),
    );
    expect(staleDiagramFiles(DIAGRAMS, files)).toEqual([]);
  });
});

describe('renderDiagramCommand', () => {
  test('prints the Mermaid diagram of one blueprint', async () => {
    const text = await renderDiagramCommand({
      blueprints: BLUEPRINTS,
      blueprint: 'budget-startup',
      context: PROJECT_CONTEXT,
    });
    expect(text).toEqual(fs.readFileSync(path.join(DIAGRAMS, 'budget-startup.mmd'), 'utf8'));
  });

  test('an unknown blueprint or format names the valid ones', async () => {
    await expect(renderDiagramCommand({ blueprints: BLUEPRINTS, blueprint: 'nope' })).rejects.toThrow(
      /Unknown blueprint 'nope'. Valid blueprints: .*budget-startup/,
    );
    await expect(renderDiagramCommand({ blueprints: BLUEPRINTS, format: 'png' })).rejects.toThrow(
      "Unknown format 'png'. Valid formats: mermaid, svg, dot.",
    );
  });
});
