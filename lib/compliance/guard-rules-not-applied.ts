/**
 * Control Tower proactive-control (cfn-guard) rules that this library disables, by rule file id,
 * with the reason each one does not apply. Everything else in the Control Tower pack runs.
 *
 * Acknowledging a single resource's finding is done next to that resource with
 * `Validations.of(resource).acknowledge(...)`; this list is only for rules that can never apply to
 * the architectures this library builds. Keep it short: every entry is reviewed.
 */
export const guardRulesNotApplied: Record<string, string> = {};
