/**
 * Control Tower proactive-control (cfn-guard) rules that this library disables, by rule file id,
 * with the reason each one does not apply. Everything else in the Control Tower pack runs.
 *
 * Acknowledging a single resource's finding is done next to that resource with
 * `Validations.of(resource).acknowledge(...)`; this list is only for rules that can never apply to
 * the architectures this library builds. Keep it short: every entry is reviewed.
 */
export const GUARD_RULES_NOT_APPLIED: Record<string, string> = {
  'ct-s3-pr-4':
    'S3 event notifications: the buckets this library creates hold access logs and static assets, which no ' +
    'consumer processes on arrival; a notification target would be configuration without a receiver.',
  'ct-s3-pr-9':
    'S3 Object Lock (WORM): meant for compliance archives. Access logs here expire through a lifecycle rule and ' +
    'static assets are overwritten and removed by deploys, both of which Object Lock would block.',
};
