// `npx cdk synth` without `-c blueprint=` builds every blueprint in one app: the wiring gate reads the
// whole app, so the example names of one blueprint must not lead into another's records (the legacy
// origin's example name once resolved to multi-region-saas's latency record).
import { BLUEPRINTS } from '../../../blueprints';
import { testApp } from '../../support/app';
import { templatesOf, wiringFindings } from './support';

test('every blueprint in one app: the wiring gate finds nothing across them', () => {
  const app = testApp();
  for (const blueprint of BLUEPRINTS) blueprint.addTo(app);
  const templates = templatesOf(app);
  expect(templates.length).toBeGreaterThanOrEqual(BLUEPRINTS.length);
  expect(wiringFindings(templates)).toEqual([]);
});
