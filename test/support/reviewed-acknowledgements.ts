import * as fs from 'node:fs';
import * as path from 'node:path';
import { IConstruct } from 'constructs';
import { ComplianceGates } from '../../lib';

/** One reviewed acknowledgement: where (path below the app), which finding, and why. */
export interface ReviewedAcknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

const REVIEWED_DIR = path.join(__dirname, '..', 'blueprints', 'reviewed');

/**
 * The acknowledgements recorded in an app (or in some of its stacks), in a stable order, as the
 * reviewed files list them.
 */
export function acknowledgementsOf(...scopes: IConstruct[]): ReviewedAcknowledgement[] {
  return scopes
    .flatMap((scope) => ComplianceGates.listAcknowledgements(scope))
    .map((a) => ({ path: a.constructPath, id: a.id, reason: a.reason }))
    .sort((a, b) => `${a.path} ${a.id}`.localeCompare(`${b.path} ${b.id}`));
}

/**
 * The checked-in, reviewed list for a blueprint: test/blueprints/reviewed/<name>.json. A new or
 * changed acknowledgement fails the comparison until someone reviews it and edits the file
 * (`REVIEW_ACKNOWLEDGEMENTS=1 npx jest <test>` rewrites it, for the reviewer to read in the diff).
 */
export function reviewedAcknowledgements(
  blueprint: string,
  actual: ReviewedAcknowledgement[],
): ReviewedAcknowledgement[] {
  const file = path.join(REVIEWED_DIR, `${blueprint}.json`);
  if (process.env.REVIEW_ACKNOWLEDGEMENTS === '1') {
    fs.writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  }
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ReviewedAcknowledgement[]) : [];
}
