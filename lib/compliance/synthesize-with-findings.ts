import { App } from 'aws-cdk-lib';
import { ComplianceFinding, ComplianceGates } from './compliance-gates';

/** What one synthesis through the compliance gates found. */
export interface ComplianceReport {
  /** Findings that are not acknowledged: a compliant app has none. */
  readonly findings: ComplianceFinding[];
  /** Findings acknowledged next to their resource, with the reason given. */
  readonly acknowledged: ComplianceFinding[];
  /** Information-level notes (for example construct info annotations): never a failure. */
  readonly notes: ComplianceFinding[];
}

/**
 * Synthesize an app through its compliance gates and return their findings (TypeScript only).
 *
 * @deprecated use `ComplianceGates.synthesizeWithFindings(app)`
 */
export function synthesizeWithFindings(app: App): ComplianceReport {
  return ComplianceGates.synthesizeWithFindings(app);
}
