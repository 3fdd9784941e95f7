// Renders a report in the format asked for.
import { formatCompact } from './format-compact';
import { formatMarkdown } from './format-markdown';
import { formatTable } from './format-table';
import { AuditReport } from './report';

/** table: the terminal; compact: an incident channel; markdown: tickets and PRs; json: machines. */
export type OutputFormat = 'table' | 'compact' | 'markdown' | 'json';
export const OUTPUT_FORMATS: OutputFormat[] = ['table', 'compact', 'markdown', 'json'];

export function formatReport(report: AuditReport, format: OutputFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'markdown':
      return formatMarkdown(report);
    case 'compact':
      return formatCompact(report);
    default:
      return formatTable(report, color);
  }
}
