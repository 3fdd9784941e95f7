import { App } from 'aws-cdk-lib';
import { BlueprintEntry, BLUEPRINTS, selectBlueprints, UnknownBlueprintError } from '../../blueprints';

const noop = (_app: App) => undefined;
const registry: BlueprintEntry[] = [
  { name: 'budget-startup', description: 'a', addTo: noop },
  { name: 'legacy-monolith-uplift', description: 'b', addTo: noop },
];

describe('selectBlueprints', () => {
  test.each([undefined, null, '', ' , '])('selects every blueprint when the context is %p', (requested) => {
    expect(selectBlueprints(registry, requested).map((b) => b.name)).toEqual([
      'budget-startup',
      'legacy-monolith-uplift',
    ]);
  });

  test('selects one by name', () => {
    expect(selectBlueprints(registry, 'legacy-monolith-uplift').map((b) => b.name)).toEqual([
      'legacy-monolith-uplift',
    ]);
  });

  test('selects several, comma-separated', () => {
    expect(selectBlueprints(registry, 'legacy-monolith-uplift, budget-startup').map((b) => b.name)).toEqual([
      'legacy-monolith-uplift',
      'budget-startup',
    ]);
  });

  test('an unknown name is an error listing the valid ones', () => {
    expect(() => selectBlueprints(registry, 'nope')).toThrow(UnknownBlueprintError);
    expect(() => selectBlueprints(registry, 'nope')).toThrow(
      "Unknown blueprint 'nope'. Valid blueprints: budget-startup, legacy-monolith-uplift.",
    );
  });

  test('registered blueprint names are unique kebab-case', () => {
    const names = BLUEPRINTS.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
