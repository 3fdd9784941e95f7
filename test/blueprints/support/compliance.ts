// Helpers of the blueprint compliance suites, which share one gated app (blueprints.compliance.test.ts).
import { App, Stack } from 'aws-cdk-lib';

/** The stacks `add` puts into the app. */
export function stacksAddedBy(app: App, add: () => void): Stack[] {
  const before = new Set(app.node.children);
  add();
  return app.node.children.filter((c): c is Stack => c instanceof Stack && !before.has(c));
}

/** Whether a finding (by its construct path) is in one of these stacks. */
export function inStacks(stacks: readonly Stack[]): (f: { constructPath: string }) => boolean {
  const ids = new Set(stacks.map((s) => s.node.id));
  return (f) => ids.has(f.constructPath.split('/')[0]);
}
