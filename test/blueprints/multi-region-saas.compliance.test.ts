import * as fs from 'node:fs';
import * as path from 'node:path';
import { listAcknowledgements, synthesizeWithFindings } from '../../lib';
import { addMultiRegionSaas } from '../../blueprints/multi-region-saas';
import { gatedApp } from '../support/app';

/**
 * The reviewed acknowledgements of the default blueprint (stack name, construct path below it,
 * finding id, reason), made by the constructs it composes and by the blueprint. A new or changed
 * acknowledgement fails this test until it is reviewed and the file is updated
 * (`REVIEW_ACKNOWLEDGEMENTS=1 npx jest test/blueprints/multi-region-saas.compliance` rewrites it for
 * the reviewer to read in the diff).
 */
const REVIEWED_FILE = path.join(__dirname, 'multi-region-saas.acknowledgements.json');

interface Reviewed {
  readonly stack: string;
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

// One synth of the three stacks through the three gates (built-in CloudFormation validation,
// cdk-nag AwsSolutions, Control Tower guard rules): it costs several seconds, so it runs once.
test('MultiRegionSaas (default settings) passes the three compliance gates; its acknowledgements are the reviewed list', () => {
  const app = gatedApp();
  const { global, regions } = addMultiRegionSaas(app);
  const report = synthesizeWithFindings(app);
  expect(report.findings).toEqual([]);

  const actual: Reviewed[] = [global, ...regions].flatMap((stack) => {
    const prefix = `${stack.node.path}/`;
    return listAcknowledgements(stack).map((a) => ({
      stack: stack.stackName,
      path: a.constructPath.startsWith(prefix) ? a.constructPath.slice(prefix.length) : a.constructPath,
      id: a.id,
      reason: a.reason,
    }));
  });
  if (process.env.REVIEW_ACKNOWLEDGEMENTS === '1') {
    fs.writeFileSync(REVIEWED_FILE, `${JSON.stringify(actual, null, 2)}\n`);
  }
  const reviewed = JSON.parse(fs.readFileSync(REVIEWED_FILE, 'utf8')) as Reviewed[];
  expect(actual).toEqual(reviewed);
});
