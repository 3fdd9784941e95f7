import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { ComplianceFinding } from '../compliance-gates';
import type { ComplianceReport } from '../synthesize-with-findings';

interface ReportJson {
  readonly pluginReports?: Array<{
    readonly pluginName: string;
    readonly metadata?: Record<string, string>;
    readonly violations: ViolationJson[];
    readonly suppressedViolations?: Array<ViolationJson & { acknowledgedId?: string; reason?: string }>;
  }>;
}
interface ViolationJson {
  readonly ruleName: string;
  readonly description: string;
  readonly severity?: string;
  readonly violatingConstructs: Array<{ readonly constructPath: string }>;
}

/** Synthesizes `app` and reads every gate's findings from its validation report (see `ComplianceGates`). */
export function synthesizeAndReport(app: App): ComplianceReport {
  const reportFile = path.join(app.outdir, 'validation-report.json');
  try {
    app.synth();
  } catch (error) {
    // A failed validation throws after writing its report; anything else is a real error.
    if (!fs.existsSync(reportFile)) throw error;
  }
  if (!fs.existsSync(reportFile)) {
    return { findings: [], acknowledged: [], notes: [] };
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ReportJson;
  const findings: ComplianceFinding[] = [];
  const acknowledged: ComplianceFinding[] = [];
  const notes: ComplianceFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    if (plugin.metadata?.error) {
      findings.push({
        gate: plugin.pluginName,
        ruleId: 'plugin-error',
        severity: 'error',
        constructPath: '',
        description: plugin.metadata.error,
      });
    }
    for (const violation of plugin.violations) {
      (violation.severity === 'info' ? notes : findings).push(...toFindings(plugin.pluginName, violation));
    }
    for (const violation of plugin.suppressedViolations ?? []) {
      acknowledged.push(...toFindings(plugin.pluginName, violation, violation.reason ?? ''));
    }
  }
  return { findings, acknowledged, notes };
}

function toFindings(
  gate: string,
  violation: ViolationJson,
  acknowledgedReason?: string,
): ComplianceFinding[] {
  const constructs =
    violation.violatingConstructs.length > 0 ? violation.violatingConstructs : [{ constructPath: '' }];
  return constructs.map((c) => ({
    gate,
    ruleId: violation.ruleName,
    severity: violation.severity ?? 'error',
    constructPath: c.constructPath,
    description: violation.description,
    ...(acknowledgedReason !== undefined ? { acknowledgedReason } : {}),
  }));
}
